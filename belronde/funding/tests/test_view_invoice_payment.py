"""funding:invoice_payment: a payment recorded by hand from the invoice's page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from belronde.funding import actions
from belronde.funding.models import Payment
from belronde.funding.tests.fixtures_invoices import issued
from belronde.testing import BelrondeTestCase


class InvoicePaymentViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)
        self.url = reverse("funding:invoice_payment", args=["mechelen", self.invoice.public_code])
        self.detail = reverse("funding:invoice_detail", args=["mechelen", self.invoice.public_code])

    def post(self, user=None, **data: str):
        self.client.force_login(user or self.coordinator)
        return self.client.post(self.url, data)

    def test_it_records_a_part_then_the_rest(self) -> None:
        response = self.post(amount="100,00", paid_on="2026-06-15")
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        payment = Payment.objects.get()
        self.assertEqual(
            (payment.amount, payment.paid_on), (Decimal("100.00"), dt.date(2026, 6, 15))
        )
        self.assertEqual(self.client.get(self.detail).context["state"], "partly_paid")
        self.post(amount="142", paid_on="2026-06-16")
        self.assertEqual(self.client.get(self.detail).context["state"], "paid")

    def test_it_reads_amounts_as_belgians_write_them(self) -> None:
        self.post(amount="1.242,50", paid_on="2026-06-15")
        self.assertEqual(Payment.objects.get().amount, Decimal("1242.50"))

    def test_a_wrong_amount_or_date_shows_the_page_again(self) -> None:
        tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        cases = [
            ({"amount": "abc", "paid_on": "2026-06-15"}, "amount"),
            ({"amount": "0", "paid_on": "2026-06-15"}, "amount"),
            ({"amount": "-5", "paid_on": "2026-06-15"}, "amount"),
            ({"amount": "1,234", "paid_on": "2026-06-15"}, "amount"),
            ({"amount": "9" * 30, "paid_on": "2026-06-15"}, "amount"),
            ({"amount": "10", "paid_on": tomorrow}, "paid_on"),
            ({"amount": "10", "paid_on": "15/06"}, "paid_on"),
            ({"amount": "10"}, "paid_on"),
        ]
        for data, field in cases:
            with self.subTest(data=data):
                response = self.post(**data)
                self.assertEqual(response.status_code, 400)
                self.assertIn(field, response.context["payment_form"].errors)
                self.assertContains(response, self.invoice.number, status_code=400)
        self.assertFalse(Payment.objects.exists())

    def test_a_credited_invoice_takes_no_payment(self) -> None:
        actions.issue_credit_note(actor=self.coordinator, invoice=self.invoice, reason="Fout")
        response = self.post(amount="242,00", paid_on="2026-06-15")
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        self.assertFalse(Payment.objects.exists())

    def test_get_is_not_allowed(self) -> None:
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                response = self.post(user=user, amount="10", paid_on="2026-06-15")
                self.assertEqual(response.status_code, 403)
        self.assertFalse(Payment.objects.exists())

    def test_the_outsider_gets_404(self) -> None:
        response = self.post(user=self.outsider, amount="10", paid_on="2026-06-15")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(Payment.objects.exists())
