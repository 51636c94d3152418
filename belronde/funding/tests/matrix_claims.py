"""Permission-matrix rows for funding: the claim pages (see tests/permission_matrix.py).

The coordinator prepares, rebuilds, submits and marks paid; the funder persona (a user of Stad
Mechelen, the programme's funder) reads the submitted claims and downloads them, and changes
nothing (403); every other role is 403, another chapter 404."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from belronde.accounts.models import Membership
from belronde.funding.tests.fixtures import make_programme
from belronde.funding.tests.fixtures_claims import (
    claim_kwargs,
    draft_claim,
    past_day,
    submitted_claim,
)
from tests.permission_matrix import Row

Role = Membership.Role
COORD = frozenset({Role.COORDINATOR})
READERS = frozenset({Role.COORDINATOR, Role.FUNDER})


#: the quarter of a trajectory started PAST days ago: a period the coordinator may prepare
PAST_QUARTER = f"{past_day().year}Q{(past_day().month - 1) // 3 + 1}"


def matrix_programme(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": make_programme(p).code}


def matrix_draft(p: Any) -> dict[str, Any]:
    return claim_kwargs(draft_claim(p))


def matrix_submitted(p: Any) -> dict[str, Any]:
    return claim_kwargs(submitted_claim(p))


def matrix_download(fmt: str) -> Any:
    def kwargs(p: Any) -> dict[str, Any]:
        return {**matrix_submitted(p), "format": fmt}

    return kwargs


ROWS = [
    Row("funding:claim_list", roles=READERS, kwargs=matrix_programme),
    Row(
        "funding:claim_prepare",
        method="POST",
        roles=COORD,
        kwargs=matrix_programme,
        data={"period": PAST_QUARTER},
    ),
    Row("funding:claim_detail", roles=READERS, kwargs=matrix_submitted),
    Row("funding:claim_refresh", method="POST", roles=COORD, kwargs=matrix_draft),
    Row("funding:claim_submit", roles=COORD, kwargs=matrix_draft),
    Row(
        "funding:claim_submit",
        method="POST",
        roles=COORD,
        kwargs=matrix_draft,
        data={"version": "2", "confirm": "on"},
    ),
    Row("funding:claim_paid", roles=COORD, kwargs=matrix_submitted),
    Row(
        "funding:claim_paid",
        method="POST",
        roles=COORD,
        kwargs=matrix_submitted,
        data={"paid_on": timezone.localdate().isoformat(), "amount": "350,00"},
    ),
    *(
        Row("funding:claim_download", roles=READERS, kwargs=matrix_download(fmt))
        for fmt in ("pdf", "csv", "xlsx")
    ),
]
