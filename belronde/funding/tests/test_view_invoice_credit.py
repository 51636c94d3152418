"""funding:invoice_credit: cancel an invoice by a credit note, with the reason."""

from __future__ import annotations

from django.urls import reverse

from belronde.funding import actions
from belronde.funding.models import ParticipantInvoice
from belronde.funding.tests.fixtures_invoices import issued
from belronde.testing import BelrondeTestCase

Kind = ParticipantInvoice.Kind


class InvoiceCreditViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)
        self.url = reverse("funding:invoice_credit", args=["mechelen", self.invoice.public_code])

    def notes(self) -> int:
        return ParticipantInvoice.objects.filter(kind=Kind.CREDIT_NOTE).count()

    def test_it_shows_the_form(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.invoice.number)
        self.assertIn("reason", response.context["form"].fields)

    def test_it_issues_the_credit_note_and_opens_it(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {"reason": "Traject geannuleerd"})
        note = ParticipantInvoice.objects.get(kind=Kind.CREDIT_NOTE)
        self.assertRedirects(
            response,
            reverse("funding:invoice_detail", args=["mechelen", note.public_code]),
            fetch_redirect_response=False,
        )
        self.assertEqual((note.credits_id, note.reason), (self.invoice.pk, "Traject geannuleerd"))

    def test_it_needs_a_reason(self) -> None:
        self.client.force_login(self.coordinator)
        for reason in ("", "   "):
            with self.subTest(reason=reason):
                response = self.client.post(self.url, {"reason": reason})
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors["reason"])
        self.assertEqual(self.notes(), 0)

    def test_a_too_long_reason_is_refused(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {"reason": "x" * 501})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self.notes(), 0)

    def test_it_warns_when_the_participant_has_paid(self) -> None:
        actions.record_payment(
            actor=self.coordinator,
            invoice=self.invoice,
            amount="242.00",  # type: ignore[arg-type]
            paid_on=self.invoice.issued_on,
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "alert-warning")
        self.assertContains(response, "242,00 EUR")

    def test_a_credited_invoice_goes_back_to_its_page(self) -> None:
        actions.issue_credit_note(actor=self.coordinator, invoice=self.invoice, reason="Fout")
        self.client.force_login(self.coordinator)
        detail = reverse("funding:invoice_detail", args=["mechelen", self.invoice.public_code])
        for response in (self.client.get(self.url), self.client.post(self.url, {"reason": "x"})):
            self.assertRedirects(response, detail, fetch_redirect_response=False)
        self.assertEqual(self.notes(), 1)

    def test_a_credit_note_is_not_credited(self) -> None:
        note = actions.issue_credit_note(
            actor=self.coordinator, invoice=self.invoice, reason="Fout"
        )
        self.client.force_login(self.coordinator)
        url = reverse("funding:invoice_credit", args=["mechelen", note.public_code])
        response = self.client.post(url, {"reason": "Terug"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.notes(), 1)

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.post(self.url, {"reason": "x"}).status_code, 403)
        self.assertEqual(self.notes(), 0)

    def test_the_outsider_gets_404(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"reason": "x"}).status_code, 404)
        lier = reverse("funding:invoice_credit", args=["lier", self.invoice.public_code])
        self.assertEqual(self.client.post(lier, {"reason": "x"}).status_code, 404)
        self.assertEqual(self.notes(), 0)

    def test_an_empty_post_shows_the_reason_as_required(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.context["form"].errors)
        self.assertEqual(self.notes(), 0)
