"""Permission-matrix rows for the funding API (see tests/permission_matrix.py).

Programmes and their claims: the coordinator and the funder persona (a user of the programme's
funder, Stad Mechelen); an invoice: the coordinator only. The caller, the coach, the partner and
the regional get 403; the Lier outsider 404. That another funder's programme is 404 is tested
in test_api_*.py."""

from __future__ import annotations

from typing import Any

from belronde.accounts.models import Membership
from belronde.funding import actions
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.funding.tests.fixtures_claims import submitted_claim
from tests.permission_matrix import Row

Role = Membership.Role
COORD = frozenset({Role.COORDINATOR})
READERS = frozenset({Role.COORDINATOR, Role.FUNDER})
C = "/api/v1/chapters/{slug}"


def api_programme(p: Any) -> dict[str, Any]:
    return {"slug": "mechelen", "code": submitted_claim(p).programme.code}


def api_invoice(p: Any) -> dict[str, Any]:
    make_programme(p)
    invoice = actions.issue_invoice(actor=p.coordinator, enrolment=enrolled(p))
    return {"slug": "mechelen", "code": invoice.public_code}


ROWS = [
    Row(C + "/programmes", roles=READERS, kwargs=api_programme),
    Row(C + "/programmes/{code}/claims", roles=READERS, kwargs=api_programme),
    Row(C + "/invoices/{code}", roles=COORD, kwargs=api_invoice),
]
