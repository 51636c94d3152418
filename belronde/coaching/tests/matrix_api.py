"""Permission-matrix rows of the coaching API (see matrix.py): coaches and coordinators only.

The caller, the partner, the funder and the regional get 403; the Lier outsider 404. That another
coach gets 404 on a trajectory that is not theirs is tested in test_api_*.py.
"""

from belronde.accounts.models import Membership
from belronde.coaching.tests.fixtures import matrix_accepted_coaching_referral
from belronde.coaching.tests.fixtures_api import SESSION_DATE, api_trajectory
from belronde.conversations.tests.fixtures import api
from tests.permission_matrix import Row

Role = Membership.Role
COACHING = frozenset({Role.COORDINATOR, Role.COACH})
T = "/api/v1/chapters/{slug}/trajectories"

ROWS = [
    Row(T, roles=COACHING, kwargs={"slug": "mechelen"}),
    Row(
        "/api/v1/chapters/{slug}/referrals/{code}/trajectory",
        method="POST",
        roles=COACHING,
        kwargs=api(matrix_accepted_coaching_referral),
        data={},
    ),
    Row(T + "/{code}", roles=COACHING, kwargs=api_trajectory),
    Row(
        T + "/{code}/transition",
        method="POST",
        roles=COACHING,
        kwargs=api_trajectory,
        data={"to": "analysis"},
    ),
    Row(
        T + "/{code}/sessions",
        method="POST",
        roles=COACHING,
        kwargs=api_trajectory,
        data={"date": SESSION_DATE, "minutes": 45, "mode": "visit", "notes": "Cijfers overlopen."},
    ),
    Row(
        T + "/{code}/close",
        method="POST",
        roles=COACHING,
        kwargs=api_trajectory,
        data={"outcome": "recovered", "conclusion": "Plan loopt, cash op orde."},
    ),
]
