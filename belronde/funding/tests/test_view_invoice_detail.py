"""funding:invoice_detail: one invoice, its payments and its credit note."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from belronde.funding import actions
from belronde.funding.tests.fixtures_invoices import issued
from belronde.testing import BelrondeTestCase


class InvoiceDetailViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)

    def get(self, invoice=None, user=None, chapter: str = "mechelen"):
        self.client.force_login(user or self.coordinator)
        code = (invoice or self.invoice).public_code
        return self.client.get(reverse("funding:invoice_detail", args=[chapter, code]))

    def test_it_shows_the_invoice(self) -> None:
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.invoice.number)
        self.assertContains(response, "Bakkerij Peeters BV")
        self.assertContains(response, actions.format_ogm(self.invoice.ogm))
        self.assertContains(response, "242,00 EUR")
        self.assertContains(response, "TRAJECT-2026-0001")
        self.assertContains(response, 'data-testid="no-payments"')
        self.assertContains(response, 'data-testid="payment-form"')
        self.assertContains(
            response, reverse("funding:invoice_pdf", args=["mechelen", self.invoice.public_code])
        )
        self.assertContains(
            response,
            reverse("funding:invoice_credit", args=["mechelen", self.invoice.public_code]),
        )
        self.assertEqual(response.context["state"], "open")

    def test_it_lists_the_payments_and_what_is_still_open(self) -> None:
        actions.record_payment(
            actor=self.coordinator,
            invoice=self.invoice,
            amount=Decimal("100.00"),
            paid_on=dt.date(2026, 6, 15),
        )
        response = self.get()
        self.assertContains(response, "15/06/2026")
        self.assertContains(response, "100,00 EUR")
        self.assertEqual(response.context["open_amount"], Decimal("142.00"))
        self.assertEqual(response.context["state"], "partly_paid")

    def test_a_credited_invoice_links_its_credit_note_and_takes_nothing_more(self) -> None:
        note = actions.issue_credit_note(
            actor=self.coordinator, invoice=self.invoice, reason="Geannuleerd"
        )
        response = self.get()
        self.assertEqual(response.context["state"], "credited")
        self.assertContains(response, 'data-testid="credited-by"')
        self.assertContains(
            response, reverse("funding:invoice_detail", args=["mechelen", note.public_code])
        )
        self.assertNotContains(response, 'data-testid="payment-form"')
        self.assertNotContains(response, 'data-testid="credit-link"')

    def test_a_credit_note_links_the_invoice(self) -> None:
        note = actions.issue_credit_note(
            actor=self.coordinator, invoice=self.invoice, reason="Geannuleerd"
        )
        response = self.get(note)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="credits"')
        self.assertContains(response, "Geannuleerd")
        self.assertContains(
            response,
            reverse("funding:invoice_detail", args=["mechelen", self.invoice.public_code]),
        )
        self.assertNotContains(response, 'data-testid="payment-form"')

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.get(user=user).status_code, 403)

    def test_the_outsider_gets_404_in_either_chapter(self) -> None:
        self.assertEqual(self.get(user=self.outsider).status_code, 404)
        self.assertEqual(self.get(user=self.outsider, chapter="lier").status_code, 404)

    def test_an_unknown_code_is_404(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("funding:invoice_detail", args=["mechelen", "nosuchcode"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_paid_invoice_takes_no_more_payments_by_hand(self) -> None:
        actions.record_payment(
            actor=self.coordinator,
            invoice=self.invoice,
            amount=Decimal("242.00"),
            paid_on=dt.date(2026, 6, 15),
        )
        response = self.get()
        self.assertEqual(response.context["state"], "paid")
        self.assertNotContains(response, 'data-testid="payment-form"')
        self.assertContains(response, 'data-testid="credit-link"')  # a refund goes by credit note
