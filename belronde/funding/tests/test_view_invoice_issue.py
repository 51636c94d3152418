"""funding:invoice_issue: the enrolment row's button invoices the participant's part."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from belronde.funding.models import ParticipantInvoice
from belronde.funding.tests.fixtures import enrolled
from belronde.funding.tests.fixtures_invoices import enrolment, programme
from belronde.testing import BelrondeTestCase


class InvoiceIssueViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.enrolment = enrolment(self)

    def url(self, code: str | None = None) -> str:
        return reverse(
            "funding:invoice_issue",
            kwargs={"chapter": "mechelen", "enrolment": code or self.enrolment.public_code},
        )

    def post(self, code: str | None = None, user=None, **data: str):
        self.client.force_login(user or self.coordinator)
        return self.client.post(self.url(code), data)

    def detail(self, invoice: ParticipantInvoice) -> str:
        return reverse("funding:invoice_detail", args=["mechelen", invoice.public_code])

    def messages_of(self, response) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_it_issues_the_invoice_and_opens_it(self) -> None:
        response = self.post()
        invoice = ParticipantInvoice.objects.get()
        self.assertRedirects(response, self.detail(invoice), fetch_redirect_response=False)
        self.assertEqual(invoice.enrolment_id, self.enrolment.pk)
        self.assertIn(invoice.number, self.messages_of(response)[0])

    def test_a_second_press_opens_the_invoice_already_issued(self) -> None:
        self.post()
        response = self.post()
        invoice = ParticipantInvoice.objects.get()
        self.assertRedirects(response, self.detail(invoice), fetch_redirect_response=False)
        self.assertEqual(ParticipantInvoice.objects.count(), 1)

    def test_a_refused_enrolment_is_not_invoiced_and_says_why(self) -> None:
        programme(self)
        refused = enrolled(self, name="Buiten Stad", postal_code="2000")
        response = self.post(refused.public_code)
        with translation.override("nl"):  # the coordinator reads the site in Dutch
            expected = _("Only an enrolled trajectory is invoiced.")
        self.assertEqual(self.messages_of(response), [expected])
        self.assertRedirects(
            response,
            reverse("funding:invoice_list", args=["mechelen"]),
            fetch_redirect_response=False,
        )
        self.assertFalse(ParticipantInvoice.objects.exists())

    def test_it_goes_back_to_a_page_of_the_site_but_not_elsewhere(self) -> None:
        programme_page = reverse(
            "funding:programme_detail", args=["mechelen", self.enrolment.programme.code]
        )
        programme(self)
        refused = enrolled(self, name="Buiten Stad", postal_code="2000")
        response = self.post(refused.public_code, next=programme_page)
        self.assertRedirects(response, programme_page, fetch_redirect_response=False)
        response = self.post(refused.public_code, next="https://evil.example/")
        self.assertEqual(response["Location"], reverse("funding:invoice_list", args=["mechelen"]))

    def test_get_is_not_allowed(self) -> None:
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url()).status_code, 405)
        self.assertFalse(ParticipantInvoice.objects.exists())

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.post(user=user).status_code, 403)
        self.assertFalse(ParticipantInvoice.objects.exists())

    def test_the_outsider_gets_404(self) -> None:
        self.assertEqual(self.post(user=self.outsider).status_code, 404)
        self.client.force_login(self.outsider)
        lier = reverse("funding:invoice_issue", args=["lier", self.enrolment.public_code])
        self.assertEqual(self.client.post(lier).status_code, 404)
        self.assertFalse(ParticipantInvoice.objects.exists())
