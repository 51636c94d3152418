"""GET /api/v1/chapters/{slug}/invoices/{code}: one invoice or credit note with its payments'
state, for the coordinator only (the funder too gets 403)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from belronde.coaching.tests.fixtures_api import CoachingApiTestCase
from belronde.funding import actions
from belronde.funding.tests.fixtures import enrolled, make_programme


class InvoiceApiTest(CoachingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        make_programme(self)
        self.invoice = actions.issue_invoice(actor=self.coordinator, enrolment=enrolled(self))

    def get(self, user, code: str | None = None):
        return self.call(user, "get", f"/invoices/{code or self.invoice.public_code}")

    def test_it_gives_the_invoice_with_its_amounts_and_state(self) -> None:
        response = self.get(self.coordinator)
        self.assertEqual(response.status_code, 200)
        invoice = self.invoice
        self.assertEqual(
            response.json(),
            {
                "code": invoice.public_code,
                "number": invoice.number,
                "kind": "invoice",
                "programme": "traject-2026",
                "trajectory": "TRAJECT-2026-0001",
                "buyer_name": invoice.buyer_name,
                "issued_on": invoice.issued_on.isoformat(),
                "due_on": invoice.due_on.isoformat(),
                "net": "200.00",
                "vat_rate": "21.00",
                "vat": "42.00",
                "total": "242.00",
                "ogm": actions.format_ogm(invoice.ogm),
                "state": "open",
                "paid": "0.00",
                "credits": None,
                "credit_note": None,
            },
        )
        self.assertRegex(response.json()["ogm"], r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")

    def test_it_follows_payments_and_credit_notes(self) -> None:
        actions.record_payment(
            actor=self.coordinator,
            invoice=self.invoice,
            amount=Decimal("100"),
            paid_on=timezone.localdate(),
        )
        partly = self.get(self.coordinator).json()
        self.assertEqual((partly["state"], partly["paid"]), ("partly_paid", "100.00"))
        note = actions.issue_credit_note(
            actor=self.coordinator, invoice=self.invoice, reason="Verkeerd bedrag."
        )
        credited = self.get(self.coordinator).json()
        self.assertEqual((credited["state"], credited["credit_note"]), ("credited", note.number))
        body = self.get(self.coordinator, note.public_code).json()
        self.assertEqual(
            (body["kind"], body["credits"], body["total"], body["state"]),
            ("credit", self.invoice.number, "-242.00", "credited"),
        )

    def test_only_the_coordinator_reads_invoices(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user).status_code, 403)
        self.assertEqual(self.get(self.outsider).status_code, 404)
        self.assertEqual(self.get(self.coordinator, "NOPE").status_code, 404)
