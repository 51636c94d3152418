"""funding:invoice_list: the chapter's invoices and credit notes, by payment status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from belronde.funding import actions
from belronde.funding.tests.fixtures_invoices import enrolment, issued
from belronde.testing import BelrondeTestCase


class InvoiceListViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.url = reverse("funding:invoice_list", kwargs={"chapter": "mechelen"})
        self.open = issued(self, "Bakkerij Open")
        self.partly = issued(self, "Bakkerij Deels")
        self.paid = issued(self, "Bakkerij Betaald")
        self.credited = issued(self, "Bakkerij Gecrediteerd")
        day = timezone.localdate()
        actions.record_payment(
            actor=self.coordinator, invoice=self.partly, amount=Decimal("100"), paid_on=day
        )
        actions.record_payment(
            actor=self.coordinator, invoice=self.paid, amount=Decimal("242"), paid_on=day
        )
        self.note = actions.issue_credit_note(
            actor=self.coordinator, invoice=self.credited, reason="Geannuleerd"
        )

    def numbers(self, status: str = "") -> list[str]:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"status": status} if status else {})
        self.assertEqual(response.status_code, 200)
        return [invoice.number for invoice, *_rest in response.context["rows"]]

    def test_it_lists_every_invoice_and_credit_note_newest_first(self) -> None:
        self.assertEqual(
            self.numbers(),
            [i.number for i in (self.note, self.credited, self.paid, self.partly, self.open)],
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "Bakkerij Deels BV")
        self.assertContains(response, "242,00 EUR")
        self.assertContains(response, "-242,00 EUR")
        self.assertContains(
            response,
            reverse("funding:invoice_detail", args=["mechelen", self.open.public_code]),
        )

    def test_it_filters_by_payment_status(self) -> None:
        self.assertEqual(self.numbers("open"), [self.open.number])
        self.assertEqual(self.numbers("partly_paid"), [self.partly.number])
        self.assertEqual(self.numbers("paid"), [self.paid.number])
        self.assertEqual(self.numbers("credited"), [self.note.number, self.credited.number])

    def test_it_counts_each_status(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        counts = {value: n for value, _label, n in response.context["filters"]}
        self.assertEqual(counts, {"open": 1, "partly_paid": 1, "paid": 1, "credited": 2, "all": 5})

    def test_an_unknown_status_shows_all(self) -> None:
        self.assertEqual(len(self.numbers("nonsense")), 5)

    def test_it_marks_an_open_invoice_past_its_due_date(self) -> None:
        late = actions.issue_invoice(
            actor=self.coordinator,
            enrolment=enrolment(self, "Bakkerij Laat"),
            issued_on=timezone.localdate() - dt.timedelta(days=60),
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"status": "open"})
        flags = {invoice.number: is_late for invoice, _s, _l, is_late in response.context["rows"]}
        self.assertEqual(flags, {late.number: True, self.open.number: False})
        self.assertContains(response, 'data-testid="overdue"', count=1)

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_the_outsider_gets_404(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        lier = reverse("funding:invoice_list", kwargs={"chapter": "lier"})
        response = self.client.get(lier)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["rows"], [])
