"""invoice_pdf.render_invoice: the PDF read back (text with pypdf, the QR code with zbar)."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from belronde.finance.epc import parse_epc_payload
from belronde.funding import actions
from belronde.funding.invoice_pdf import filename, invoice_html, render_invoice
from belronde.funding.models import ParticipantInvoice
from belronde.funding.tests.fixtures import BIC, IBAN, enrolled, make_programme
from belronde.funding.tests.qrread import qr_codes_in_pdf
from belronde.members.models import Person
from belronde.testing import BelrondeTestCase


def dutch(msgid: str) -> str:
    """The Dutch of ``msgid`` as the catalogue gives it (an invoice in Dutch says this)."""
    with translation.override("nl"):
        return _(msgid)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"[ \t]+", " ", text)


class InvoicePdfTests(BelrondeTestCase):
    def setUp(self) -> None:
        self.programme = make_programme(self)

    def invoice(self, language: str = "", **kw: object) -> ParticipantInvoice:
        enrolment = enrolled(self, **kw)
        assert enrolment.organisation is not None
        if language:
            Person.objects.filter(organisation=enrolment.organisation).update(is_primary=False)
            Person.objects.create(
                chapter=self.mechelen,
                organisation=enrolment.organisation,
                name="Jeanne Dupont",
                language=language,
                is_primary=True,
            )
        return actions.issue_invoice(actor=self.coordinator, enrolment=enrolment)

    def test_it_writes_the_number_amount_and_structured_communication(self) -> None:
        invoice = self.invoice()
        self.assertEqual(invoice.total, Decimal("242.00"))
        pdf = render_invoice(invoice)
        self.assertTrue(pdf.startswith(b"%PDF-"))
        text = pdf_text(pdf)
        self.assertIn(invoice.number, text)
        self.assertIn("242,00 EUR", text)
        self.assertIn("200,00 EUR", text)  # net
        self.assertIn("42,00 EUR", text)  # VAT 21 %
        self.assertIn(actions.format_ogm(invoice.ogm), text)
        self.assertIn(IBAN, text)
        self.assertIn(BIC, text)
        self.assertIn("Ondernemersfederatie Mechelen vzw", text)
        self.assertIn("Bakkerij Peeters", text)
        # Dutch: the buyer has no contact with another language
        self.assertEqual(invoice.language, "nl")
        self.assertIn(dutch("Invoice"), text)
        self.assertIn(dutch("Scan to pay"), text)

    def test_its_qr_code_pays_the_total_with_the_structured_communication(self) -> None:
        invoice = self.invoice()
        codes = qr_codes_in_pdf(render_invoice(invoice))
        self.assertEqual(len(codes), 1)
        fields = parse_epc_payload(codes[0])
        self.assertEqual(fields["amount"], Decimal("242.00"))
        self.assertEqual(fields["ogm"], invoice.ogm)
        self.assertEqual(fields["iban"], IBAN)
        self.assertEqual(fields["bic"], BIC)
        self.assertEqual(fields["name"], "Ondernemersfederatie Mechelen vzw")
        self.assertIn(invoice.number, fields["text"])

    def test_it_is_written_in_english_for_an_english_speaking_participant(self) -> None:
        invoice = self.invoice(language="en")
        self.assertEqual(invoice.language, "en")
        text = pdf_text(render_invoice(invoice))
        self.assertIn("Invoice", text)
        self.assertIn("Scan to pay", text)
        self.assertNotIn("Factuur", text)
        self.assertNotIn("Scan om te betalen", text)
        self.assertEqual(filename(invoice), f"invoice-{invoice.number}.pdf")

    def test_it_renders_in_french_for_a_french_speaking_participant(self) -> None:
        invoice = self.invoice(language="fr")
        self.assertEqual(invoice.language, "fr")
        self.assertIn('<html lang="fr">', invoice_html(invoice))
        pdf = render_invoice(invoice)
        self.assertIn(invoice.number, pdf_text(pdf))
        self.assertEqual(len(qr_codes_in_pdf(pdf)), 1)

    def test_a_credit_note_refers_to_the_invoice_and_has_no_qr_code(self) -> None:
        invoice = self.invoice()
        note = actions.issue_credit_note(
            actor=self.coordinator, invoice=invoice, reason="Traject geannuleerd"
        )
        pdf = render_invoice(note)
        text = pdf_text(pdf)
        self.assertIn(dutch("Credit note"), text)
        self.assertIn(note.number, text)
        self.assertIn(invoice.number, text)
        self.assertIn("-242,00 EUR", text)
        self.assertIn("Traject geannuleerd", text)
        self.assertNotIn(dutch("Scan to pay"), text)
        self.assertEqual(qr_codes_in_pdf(pdf), [])
        self.assertEqual(filename(note), f"{dutch('credit-note')}-{note.number}.pdf")

    def test_an_english_credit_note_says_so(self) -> None:
        invoice = self.invoice(language="en")
        note = actions.issue_credit_note(actor=self.coordinator, invoice=invoice, reason="Error")
        text = pdf_text(render_invoice(note))
        self.assertIn("Credit note", text)
        self.assertIn(f"This credit note cancels invoice {invoice.number} in full.", text)
        self.assertNotIn("Scan to pay", text)

    def test_it_still_renders_without_a_qr_code_when_the_iban_is_wrong(self) -> None:
        invoice = self.invoice()
        invoice.programme.iban = "BE00000000000000"  # not saved: only what the PDF reads
        with self.assertLogs("belronde.funding.invoice_pdf", "WARNING"):
            pdf = render_invoice(invoice)
        self.assertIn(invoice.number, pdf_text(pdf))
        self.assertEqual(qr_codes_in_pdf(pdf), [])
