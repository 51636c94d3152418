"""actions.record_payment: money received by hand; the invoice's status follows its payments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from belronde.audit.models import AuditEvent
from belronde.funding import access, actions
from belronde.funding.models import ParticipantInvoice, Payment
from belronde.funding.tests.fixtures_invoices import issued, with_status
from belronde.testing import BelrondeTestCase

State = ParticipantInvoice.State
DAY = dt.date(2026, 6, 15)


class RecordPaymentTests(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)

    def pay(self, amount: str, invoice: ParticipantInvoice | None = None) -> Payment:
        return actions.record_payment(
            actor=self.coordinator,
            invoice=invoice or self.invoice,
            amount=Decimal(amount),
            paid_on=DAY,
        )

    def state(self) -> str:
        return access.invoice_state(with_status(self.invoice))

    def test_an_invoice_without_payments_is_open(self) -> None:
        self.assertEqual(self.state(), State.OPEN)

    def test_a_part_makes_it_partly_paid_and_the_rest_paid(self) -> None:
        payment = self.pay("100.00")
        self.assertEqual((payment.amount, payment.paid_on), (Decimal("100.00"), DAY))
        self.assertEqual((payment.created_by, payment.bank_import), (self.coordinator, None))
        self.assertEqual(self.state(), State.PARTLY_PAID)
        self.pay("142.00")
        self.assertEqual(self.state(), State.PAID)
        self.assertEqual(with_status(self.invoice).paid, Decimal("242.00"))

    def test_more_than_the_total_is_recorded_and_paid(self) -> None:
        self.pay("250.00")
        self.assertEqual(self.state(), State.PAID)

    def test_it_is_audited(self) -> None:
        self.pay("242.00")
        event = AuditEvent.objects.get(verb="invoice.payment")
        self.assertEqual(event.object_code, self.invoice.public_code)
        self.assertEqual(event.payload, {"amount": "242.00"})

    def test_it_refuses_zero_a_negative_amount_and_no_amount(self) -> None:
        for amount in ("0", "-5.00", "abc", "1.234"):
            with self.subTest(amount=amount), self.assertRaises(actions.FundingError):
                actions.record_payment(
                    actor=self.coordinator,
                    invoice=self.invoice,
                    amount=amount,  # type: ignore[arg-type]  # text, as a form might pass it
                    paid_on=DAY,
                )
        self.assertFalse(Payment.objects.exists())

    def test_it_refuses_a_payment_on_a_credit_note(self) -> None:
        note = actions.issue_credit_note(actor=self.coordinator, invoice=self.invoice, reason="X")
        with self.assertRaises(actions.FundingError):
            self.pay("242.00", invoice=note)
        self.assertFalse(Payment.objects.exists())

    def test_a_payment_cannot_be_changed_or_deleted(self) -> None:
        payment = self.pay("242.00")
        payment.amount = Decimal("1.00")
        with self.assertRaises(ValueError):
            payment.save()
        with self.assertRaises(ValueError):
            payment.delete()
        self.assertEqual(Payment.objects.get().amount, Decimal("242.00"))
