"""Permission-matrix rows for funding: the participant invoices and the bank import.

Only the coordinator reaches them (``access.can_manage_funding``); the funder persona, like
every other role of the chapter, is 403; another chapter's coordinator and a user without a
chapter 404."""

from __future__ import annotations

from belronde.accounts.models import Membership
from belronde.funding.tests.fixtures_invoices import (
    matrix_bank_import,
    matrix_enrolment,
    matrix_invoice,
)
from tests.permission_matrix import Row

Role = Membership.Role
COORD = frozenset({Role.COORDINATOR})

ROWS = [
    Row("funding:invoice_list", roles=COORD),
    Row("funding:invoice_issue", method="POST", roles=COORD, kwargs=matrix_enrolment),
    Row("funding:invoice_detail", roles=COORD, kwargs=matrix_invoice),
    Row("funding:invoice_pdf", roles=COORD, kwargs=matrix_invoice),
    Row("funding:invoice_credit", roles=COORD, kwargs=matrix_invoice),
    Row(
        "funding:invoice_credit",
        method="POST",
        roles=COORD,
        kwargs=matrix_invoice,
        data={"reason": "Traject geannuleerd"},
    ),
    Row(
        "funding:invoice_payment",
        method="POST",
        roles=COORD,
        kwargs=matrix_invoice,
        data={"amount": "100,00", "paid_on": "2026-01-05"},
    ),
    Row("funding:bank_upload", roles=COORD),
    # without a file: the form refuses it (400) once the role has been let in
    Row("funding:bank_upload", method="POST", roles=COORD, data={}),
    Row("funding:bank_import", roles=COORD, kwargs=matrix_bank_import),
]
