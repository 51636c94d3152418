"""The programme page's enrolment row invoices the participant (and then links to invoices)."""

from __future__ import annotations

from django.urls import reverse

from belronde.funding.models import ParticipantInvoice
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.testing import BelrondeTestCase


class IssueButtonTests(BelrondeTestCase):
    def test_it_invoices_from_the_enrolment_row_and_then_links_to_the_invoices(self) -> None:
        programme = make_programme(self)
        enrolment = enrolled(self)
        self.client.force_login(self.coordinator)
        url = reverse("funding:programme_detail", args=["mechelen", programme.code])
        page = self.client.get(url)
        self.assertContains(page, 'data-testid="issue-invoice"')
        issue = reverse("funding:invoice_issue", args=["mechelen", enrolment.public_code])
        self.assertContains(page, issue)
        response = self.client.post(issue)
        invoice = ParticipantInvoice.objects.get(enrolment=enrolment)
        self.assertRedirects(
            response, reverse("funding:invoice_detail", args=["mechelen", invoice.public_code])
        )
        page = self.client.get(url)
        self.assertNotContains(page, 'data-testid="issue-invoice"')
        self.assertContains(page, 'data-testid="invoices-link"')
