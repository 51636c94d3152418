"""Permission-matrix rows for funding: the programme pages (see tests/permission_matrix.py).

The coordinator manages programmes; the funder persona (fien.funder, a user of Stad Mechelen)
reads the dashboard of Stad Mechelen's programme and changes nothing; every other role is 403,
another chapter 404."""

from __future__ import annotations

from typing import Any

from belronde.accounts.models import Membership
from belronde.funding.models import Programme
from belronde.funding.tests.fixtures import IBAN, enrolled, make_programme
from tests.permission_matrix import Row

Role = Membership.Role
COORD = frozenset({Role.COORDINATOR})
READERS = frozenset({Role.COORDINATOR, Role.FUNDER})


def matrix_programme(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": make_programme(p).code}


def matrix_refused(p: Any) -> dict[str, Any]:
    """A trajectory refused by a rule that may be waived (outside the postal codes)."""
    programme = make_programme(p)
    enrolment = enrolled(p, postal_code="2000")
    return {"chapter": "mechelen", "code": programme.code, "enrolment": enrolment.public_code}


def matrix_enrolled(p: Any) -> dict[str, Any]:
    programme = make_programme(p)
    enrolment = enrolled(p)
    return {"chapter": "mechelen", "code": programme.code, "enrolment": enrolment.public_code}


#: a complete new programme, as the form posts it
NEW_PROGRAMME = {
    "code": "matrix-2026",
    "name": "Begeleidingstrajecten",
    "new_funder": "Stad Mechelen",
    "status": Programme.Status.DRAFT,
    "window_start": "2026-01-01",
    "window_end": "2026-12-31",
    "require_postal_code": "on",
    "require_member": "on",
    "one_per_organisation": "on",
    "claim_period_months": "3",
    "creditor_name": "Ondernemersfederatie Mechelen vzw",
    "iban": IBAN,
    "bic": "GKCCBEBB",
    "payment_days": "30",
    "price": "900",
    "hourly_rate": "90",
    "contribution": "350",
    "participant_cap": "200",
    "vat_funder": "0",
    "vat_participant": "21",
    "vat_federation": "0",
}
COST_FIELDS = (
    "price",
    "hourly_rate",
    "contribution",
    "participant_cap",
    "vat_funder",
    "vat_participant",
    "vat_federation",
)
#: the programme's settings (the edit form) and a cost model (the terms form)
SETTINGS = {k: v for k, v in NEW_PROGRAMME.items() if k not in {"code", "new_funder", *COST_FIELDS}}
COST = {k: NEW_PROGRAMME[k] for k in COST_FIELDS}

ROWS = [
    Row("funding:programme_list", roles=READERS),
    Row("funding:programme_create", roles=COORD),
    Row("funding:programme_create", method="POST", roles=COORD, data=NEW_PROGRAMME),
    Row("funding:programme_detail", roles=READERS, kwargs=matrix_programme),
    Row("funding:programme_edit", roles=COORD, kwargs=matrix_programme),
    Row(
        "funding:programme_edit",
        method="POST",
        roles=COORD,
        kwargs=matrix_programme,
        data={**SETTINGS, "status": "active", "version": "1"},
    ),
    Row("funding:programme_terms", roles=COORD, kwargs=matrix_programme),
    Row(
        "funding:programme_terms",
        method="POST",
        roles=COORD,
        kwargs=matrix_programme,
        data={**COST, "valid_from": "2030-01-01"},
    ),
    Row(
        "funding:programme_enrol",
        method="POST",
        roles=COORD,
        kwargs=matrix_programme,
        data={"trajectory": "unknown"},
    ),
    Row("funding:enrolment_exception", roles=COORD, kwargs=matrix_refused),
    Row(
        "funding:enrolment_exception",
        method="POST",
        roles=COORD,
        kwargs=matrix_refused,
        data={"reason": "Vestiging in Mechelen, zetel in Antwerpen."},
    ),
    Row("funding:enrolment_hours", roles=COORD, kwargs=matrix_enrolled),
    Row(
        "funding:enrolment_hours",
        method="POST",
        roles=COORD,
        kwargs=matrix_enrolled,
        data={"hours": "12", "version": "1"},
    ),
]
