"""funding:bank_upload: the bank's CSV export through the multipart form, at most 5 MB; a file
that is not a bank export is refused with a clear message, never a server error."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from belronde.funding.models import BankImport, ParticipantInvoice, Payment
from belronde.funding.tests.fixtures_invoices import issued, kbc_file, kbc_row, paying
from belronde.testing import BelrondeTestCase


class BankUploadViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)
        self.url = reverse("funding:bank_upload", args=["mechelen"])
        self.data = kbc_file(paying(self.invoice), kbc_row(amount="25,00", free="lidgeld"))

    def upload(self, name: str, content: bytes, user=None, content_type: str = "text/csv"):
        self.client.force_login(user or self.coordinator)
        return self.client.post(
            self.url, {"file": SimpleUploadedFile(name, content, content_type=content_type)}
        )

    def in_english(self) -> None:
        """The coordinator reads the site in English (the messages are checked in English)."""
        self.coordinator.language = "en"
        self.coordinator.save(update_fields=["language"])

    def test_it_shows_the_form_and_earlier_imports(self) -> None:
        self.upload("CSV_export_2026-12-03.csv", self.data)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'enctype="multipart/form-data"')
        self.assertContains(response, "CSV_export_2026-12-03.csv")

    def test_it_imports_the_file_and_opens_the_report(self) -> None:
        response = self.upload("CSV_export_2026-12-03.csv", self.data)
        batch = BankImport.objects.get()
        self.assertRedirects(
            response,
            reverse("funding:bank_import", args=["mechelen", batch.public_code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(batch.filename, "CSV_export_2026-12-03.csv")
        self.assertEqual((batch.lines, batch.matched, len(batch.report)), (2, 1, 1))
        self.assertEqual(Payment.objects.get().invoice_id, self.invoice.pk)
        self.assertEqual(batch.uploaded_by, self.coordinator)

    def test_the_same_export_under_another_name_pays_nothing_twice(self) -> None:
        self.upload("CSV_export_2026-12-03.csv", self.data)
        self.upload("Afschriften KBC.csv", self.data)
        second = BankImport.objects.get(filename="Afschriften KBC.csv")
        self.assertEqual((second.matched, second.already_known), (0, 1))
        self.assertEqual(Payment.objects.count(), 1)

    def test_a_windows_export_in_cp1252_with_a_txt_name_is_read(self) -> None:
        row = paying(self.invoice, name="CAFÉ ÉÉN")
        data = "\r\n".join([kbc_file().decode(), row]).encode("cp1252")
        self.upload("export.TXT", data)
        self.assertEqual(Payment.objects.get().counterparty, "CAFÉ ÉÉN")

    def test_a_file_that_is_not_a_bank_export_is_refused_on_the_form(self) -> None:
        cases = {
            b"": "The submitted file is empty.",
            b"naam;adres\r\nPeeters;Markt 1\r\n": "No bank export header found",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR": "NUL bytes",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00": "NUL bytes",  # an .xlsx
            b"Datum;Bedrag\r\n01/02/2026;12,00\r\n": "No bank export header found",
        }
        self.in_english()
        for content, message in cases.items():
            with self.subTest(content=content[:12]):
                response = self.upload("Afschriften KBC.csv", content)
                self.assertIn(response.status_code, {400, 422})
                self.assertTrue(response.context["form"].errors["file"])
                # the page as rendered for the coordinator, in English
                self.assertContains(response, message, status_code=response.status_code)
        self.assertFalse(BankImport.objects.exists())
        self.assertFalse(Payment.objects.exists())

    def test_only_csv_files_up_to_5_mb(self) -> None:
        self.in_english()
        big = self.upload("CSV_export_2026-12-03.csv", self.data + b" " * (5 * 1024 * 1024))
        self.assertEqual(big.status_code, 400)
        self.assertContains(big, "The file is larger than 5 MB.", status_code=400)
        pdf = self.upload("afschrift.pdf", b"%PDF-1.7", content_type="application/pdf")
        self.assertEqual(pdf.status_code, 400)
        self.assertContains(pdf, "Upload the bank&#x27;s CSV export", status_code=400)
        self.assertFalse(BankImport.objects.exists())

    def test_no_file_shows_the_form_again(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, {})
        self.assertEqual(response.status_code, 400)
        self.assertIn("file", response.context["form"].errors)

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.upload("a.csv", self.data, user=user).status_code, 403)
        self.assertFalse(BankImport.objects.exists())

    def test_the_outsider_gets_404_and_cannot_pay_mechelens_invoice_from_lier(self) -> None:
        self.assertEqual(self.upload("a.csv", self.data, user=self.outsider).status_code, 404)
        self.client.force_login(self.outsider)
        lier = reverse("funding:bank_upload", args=["lier"])
        response = self.client.post(
            lier, {"file": SimpleUploadedFile("a.csv", self.data, content_type="text/csv")}
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Payment.objects.exists())
        self.assertEqual(BankImport.objects.get().report[0]["reason"], "unknown_ogm")
        self.assertFalse(ParticipantInvoice.objects.filter(chapter=self.lier).exists())
