"""Permission-matrix rows for every URL of the campaigns app (see tests/permission_matrix.py)."""

from belronde.accounts.models import Membership
from belronde.campaigns.tests.fixtures import (
    matrix_assignment,
    matrix_callback,
    matrix_campaign,
    matrix_feed,
    matrix_script,
)
from tests.permission_matrix import PERSONAS, PUBLIC, Row

Role = Membership.Role
COORD = frozenset({Role.COORDINATOR})
CALLERS = frozenset({Role.COORDINATOR, Role.CALLER})

ROWS = [
    Row("campaigns:list", roles=CALLERS),
    Row("campaigns:create", roles=COORD),
    Row("campaigns:segment_preview", roles=COORD),
    Row("campaigns:detail", roles=COORD, kwargs=matrix_campaign),
    Row("campaigns:edit", roles=COORD, kwargs=matrix_campaign),
    Row("campaigns:progress", roles=COORD, kwargs=matrix_campaign),
    Row(
        "campaigns:status",
        method="POST",
        roles=COORD,
        kwargs=matrix_campaign,
        data={"status": "paused"},
    ),
    Row("campaigns:distribution", roles=COORD, kwargs=matrix_campaign),
    Row("campaigns:next", method="POST", roles=CALLERS, kwargs=matrix_campaign),
    Row("campaigns:script_list", roles=COORD),
    Row("campaigns:script_edit", roles=COORD, kwargs=matrix_script),
    Row("campaigns:my_calls", roles=CALLERS),
    Row("campaigns:caller_settings", roles=CALLERS),
    Row("campaigns:call", roles=CALLERS, kwargs=matrix_assignment),
    Row("campaigns:claim", method="POST", roles=CALLERS, kwargs=matrix_assignment),
    Row(
        "campaigns:attempt",
        method="POST",
        roles=CALLERS,
        kwargs=matrix_assignment,
        data={"outcome": "busy"},
    ),
    Row("campaigns:conversation", method="POST", roles=CALLERS, kwargs=matrix_assignment),
    Row("campaigns:draft", method="POST", roles=CALLERS, kwargs=matrix_assignment),
    Row("campaigns:release", method="POST", roles=CALLERS, kwargs=matrix_assignment),
    Row("campaigns:move", method="POST", roles=COORD, kwargs=matrix_assignment),
    Row(
        "campaigns:callback_ics",
        roles=CALLERS,
        kwargs=matrix_callback,
        overrides={"coordinator": 404},  # a call-back belongs to the caller who agreed it
    ),
    Row("campaigns:calendar_feed", scope=PUBLIC, kwargs=matrix_feed),
]


def _api(kwargs_for):
    def kwargs(p):
        found = kwargs_for(p)
        return {"slug": found.pop("chapter"), **found}

    return kwargs


ROWS += [
    Row("/api/v1/chapters/{slug}/campaigns", roles=CALLERS, kwargs={"slug": "mechelen"}),
    Row("/api/v1/chapters/{slug}/campaigns/{code}", roles=CALLERS, kwargs=_api(matrix_campaign)),
    Row(
        "/api/v1/chapters/{slug}/campaigns/{code}/claim",
        method="POST",
        roles=CALLERS,
        kwargs=_api(matrix_campaign),
        # the coordinator is not a caller of this campaign: a clear 403
        overrides={"coordinator": 403},
    ),
    Row(
        "/api/v1/chapters/{slug}/assignments/{code}/attempts",
        method="POST",
        roles=CALLERS,
        kwargs=_api(matrix_assignment),
        data={"outcome": "busy"},
    ),
    Row(
        "/api/v1/chapters/{slug}/assignments/{code}/release",
        method="POST",
        roles=CALLERS,
        kwargs=_api(matrix_assignment),
    ),
]

assert PERSONAS  # the personas the rows are checked against
