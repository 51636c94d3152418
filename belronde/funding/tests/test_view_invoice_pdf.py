"""funding:invoice_pdf: the invoice's PDF, downloaded by the coordinator, audited."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.finance.epc import parse_epc_payload
from belronde.funding import actions
from belronde.funding.tests.fixtures_invoices import issued
from belronde.funding.tests.qrread import qr_codes_in_pdf
from belronde.funding.tests.test_invoice_pdf import pdf_text
from belronde.testing import BelrondeTestCase


class InvoicePdfViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)
        self.url = reverse("funding:invoice_pdf", args=["mechelen", self.invoice.public_code])

    def test_it_downloads_the_pdf_with_a_payable_qr_code(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn(f"-{self.invoice.number}.pdf", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "no-store")
        pdf = response.content
        self.assertIn(self.invoice.number, pdf_text(pdf))
        self.assertIn(actions.format_ogm(self.invoice.ogm), pdf_text(pdf))
        [payload] = qr_codes_in_pdf(pdf)
        fields = parse_epc_payload(payload)
        self.assertEqual((fields["amount"], fields["ogm"]), (Decimal("242.00"), self.invoice.ogm))

    def test_each_download_is_audited(self) -> None:
        self.client.force_login(self.coordinator)
        self.client.get(self.url)
        self.client.get(self.url)
        events = AuditEvent.objects.filter(verb="invoice.downloaded")
        self.assertEqual(events.count(), 2)
        event = events.first()
        assert event is not None
        self.assertEqual(event.object_code, self.invoice.public_code)
        self.assertEqual(event.payload, {"number": self.invoice.number, "kind": "invoice"})

    def test_a_credit_note_downloads_too(self) -> None:
        note = actions.issue_credit_note(actor=self.coordinator, invoice=self.invoice, reason="X")
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("funding:invoice_pdf", args=["mechelen", note.public_code])
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.invoice.number, pdf_text(response.content))

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertFalse(AuditEvent.objects.filter(verb="invoice.downloaded").exists())

    def test_the_outsider_gets_404(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        lier = reverse("funding:invoice_pdf", args=["lier", self.invoice.public_code])
        self.assertEqual(self.client.get(lier).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(verb="invoice.downloaded").exists())
