"""Permission-matrix rows of the coordinator's coaching pages, the follow-ups and the hand-off
(see matrix.py)."""

from belronde.accounts.models import Membership
from belronde.coaching.tests.fixtures import matrix_trajectory
from belronde.coaching.tests.fixtures_manage import matrix_follow_up
from tests.permission_matrix import Row

Role = Membership.Role
COORD = frozenset({Role.COORDINATOR})
COACHES = frozenset({Role.COORDINATOR, Role.COACH})

#: the chapter's default timeline, as the formset posts it
TIMELINE = {
    "steps-TOTAL_FORMS": "3",
    "steps-INITIAL_FORMS": "0",
    "steps-0-label": "Analyse",
    "steps-0-kind": "analysis",
    "steps-0-offset_days": "7",
    "steps-1-label": "Plan",
    "steps-1-kind": "plan",
    "steps-1-offset_days": "21",
    "steps-2-label": "Afsluiting",
    "steps-2-kind": "closure",
    "steps-2-offset_days": "120",
}

ROWS = [
    Row("coaching:workload", roles=COORD),
    Row("coaching:reassign", roles=COORD, kwargs=matrix_trajectory),
    Row(
        "coaching:reassign",
        method="POST",
        roles=COORD,
        kwargs=matrix_trajectory,
        data={"coach": "alice.coordinator", "reason": "Cora is met verlof."},
    ),
    Row("coaching:timeline", roles=COACHES),
    Row("coaching:timeline", method="POST", roles=COORD, data=TIMELINE),
    Row("coaching:follow_up", roles=COACHES, kwargs=matrix_follow_up),
    Row(
        "coaching:follow_up",
        method="POST",
        roles=COACHES,
        kwargs=matrix_follow_up,
        data={"state": "better", "answer": "De omzet is terug op peil."},
    ),
    Row("coaching:hand_off", roles=COACHES, kwargs=matrix_trajectory),
    Row(
        "coaching:hand_off",
        method="POST",
        roles=COACHES,
        kwargs=matrix_trajectory,
        data={"answer": "refused", "method": "phone"},
    ),
]
