"""Permission-matrix rows of the coach's pages (see matrix.py): the chapter's coaches and
coordinators; callers, partners, funders and the region 403; another chapter 404 (a coach who
is not the trajectory's coach gets 404 too: see test_view_detail)."""

import uuid

from django.utils import timezone

from belronde.accounts.models import Membership
from belronde.coaching.tests.fixtures import (
    matrix_accepted_coaching_referral,
    matrix_closed_trajectory,
    matrix_coaching_trajectory,
    matrix_trajectory,
)
from belronde.coaching.tests.fixtures_pages import (
    matrix_document,
    matrix_plan_item,
    matrix_session,
)
from tests.permission_matrix import Row

Role = Membership.Role
COACHES = frozenset({Role.COORDINATOR, Role.COACH})
ITEM = {"module": "liquidity-plan", "description": "Kasplan voor 13 weken", "owner": "coach"}
SESSION = {"held_on": timezone.localdate().isoformat(), "minutes": "45", "mode": "phone"}

ROWS = [
    Row("coaching:list", roles=COACHES),
    Row("coaching:start", method="POST", roles=COACHES, kwargs=matrix_accepted_coaching_referral),
    Row("coaching:detail", roles=COACHES, kwargs=matrix_trajectory),
    Row("coaching:detail", roles=COACHES, kwargs=matrix_coaching_trajectory),
    Row("coaching:detail", roles=COACHES, kwargs=matrix_closed_trajectory),
    Row(
        "coaching:transition",
        method="POST",
        roles=COACHES,
        kwargs=matrix_trajectory,
        data={"to": "analysis", "version": "1"},
    ),
    Row(
        "coaching:waive_analysis",
        method="POST",
        roles=COACHES,
        kwargs=matrix_trajectory,
        data={"reason": "Enkel een afbetalingsplan; de cijfers zijn gekend."},
    ),
    Row(
        "coaching:link_analysis",
        method="POST",
        roles=COACHES,
        kwargs=matrix_trajectory,
        data={"analysis": "onbekend"},
    ),
    Row("coaching:start_analysis", method="POST", roles=COACHES, kwargs=matrix_trajectory),
    Row(
        "coaching:plan",
        method="POST",
        roles=COACHES,
        kwargs=matrix_trajectory,
        data={"plan_summary": "Kasplan en afbetalingsplan.", "version": "1"},
    ),
    Row("coaching:add_item", method="POST", roles=COACHES, kwargs=matrix_trajectory, data=ITEM),
    Row("coaching:edit_item", roles=COACHES, kwargs=matrix_plan_item),
    Row(
        "coaching:edit_item",
        method="POST",
        roles=COACHES,
        kwargs=matrix_plan_item,
        data={**ITEM, "version": "1"},
    ),
    Row(
        "coaching:log_session",
        method="POST",
        roles=COACHES,
        kwargs=matrix_trajectory,
        data={**SESSION, "idempotency_key": str(uuid.uuid4())},
    ),
    Row("coaching:correct_session", roles=COACHES, kwargs=matrix_session),
    Row(
        "coaching:correct_session",
        method="POST",
        roles=COACHES,
        kwargs=matrix_session,
        data={**SESSION, "notes": "Gecorrigeerd: het was een telefoongesprek."},
    ),
    Row("coaching:upload", method="POST", roles=COACHES, kwargs=matrix_trajectory),
    Row("coaching:document", roles=COACHES, kwargs=matrix_document),
    Row("coaching:close", roles=COACHES, kwargs=matrix_trajectory),
    Row(
        "coaching:close",
        method="POST",
        roles=COACHES,
        kwargs=matrix_trajectory,
        data={"outcome": "recovered", "conclusion": "Kasplan loopt.", "version": "1"},
    ),
]
