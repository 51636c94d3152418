"""actions.issue_credit_note: a credit note for the full amount that refers to the invoice."""

from __future__ import annotations

from decimal import Decimal

from django.utils import translation

from belronde.audit.models import AuditEvent
from belronde.funding import access, actions
from belronde.funding.models import ParticipantInvoice
from belronde.funding.tests.fixtures_invoices import issued, with_status
from belronde.testing import BelrondeTestCase

Kind = ParticipantInvoice.Kind
State = ParticipantInvoice.State


class CreditNoteTests(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)

    def credit(self, reason: str = "Traject geannuleerd") -> ParticipantInvoice:
        return actions.issue_credit_note(
            actor=self.coordinator, invoice=self.invoice, reason=reason
        )

    def test_it_cancels_the_full_amount_and_refers_to_the_invoice(self) -> None:
        note = self.credit()
        self.assertEqual(note.kind, Kind.CREDIT_NOTE)
        self.assertEqual(note.credits_id, self.invoice.pk)
        self.assertEqual(
            (note.net, note.vat, note.total),
            (Decimal("-200.00"), Decimal("-42.00"), Decimal("-242.00")),
        )
        self.assertEqual(note.vat_rate, self.invoice.vat_rate)
        self.assertEqual(note.reason, "Traject geannuleerd")
        self.assertIn(self.invoice.number, note.description)
        self.assertEqual(
            (note.buyer_name, note.language, note.enrolment_id),
            (self.invoice.buyer_name, self.invoice.language, self.invoice.enrolment_id),
        )

    def test_it_takes_the_next_number_of_the_chapter(self) -> None:
        note = self.credit()
        self.assertEqual(note.sequence, self.invoice.sequence + 1)
        self.assertNotEqual(note.ogm, self.invoice.ogm)

    def test_the_invoice_is_credited_and_unchanged(self) -> None:
        self.credit()
        invoice = with_status(self.invoice)
        self.assertEqual(access.invoice_state(invoice), State.CREDITED)
        self.assertEqual((invoice.total, invoice.number), (Decimal("242.00"), self.invoice.number))
        self.assertIsNone(access.open_invoice_of(invoice.enrolment))

    def test_it_is_audited_on_the_invoice(self) -> None:
        note = self.credit()
        event = AuditEvent.objects.get(verb="invoice.credited")
        self.assertEqual(event.object_code, self.invoice.public_code)
        self.assertEqual(event.payload, {"credit_note": note.number})

    def test_it_needs_a_reason(self) -> None:
        for reason in ("", "   "):
            with (
                self.subTest(reason=reason),
                translation.override("en"),
                self.assertRaisesMessage(
                    actions.FundingError, "Give the reason for the credit note."
                ),
            ):
                self.credit(reason)
        self.assertEqual(ParticipantInvoice.objects.count(), 1)

    def test_it_refuses_to_credit_an_invoice_twice(self) -> None:
        self.credit()
        with self.assertRaises(actions.AlreadyInvoiced):
            self.credit("Nog eens")
        self.assertEqual(ParticipantInvoice.objects.filter(kind=Kind.CREDIT_NOTE).count(), 1)

    def test_it_refuses_to_credit_a_credit_note(self) -> None:
        note = self.credit()
        with self.assertRaises(actions.FundingError):
            actions.issue_credit_note(actor=self.coordinator, invoice=note, reason="Terug")
        self.assertEqual(ParticipantInvoice.objects.count(), 2)
