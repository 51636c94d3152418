"""funding:bank_import: the report of one upload: what matched, what did not and why, and what
had been imported before."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from belronde.funding import actions
from belronde.funding.tests.fixtures_invoices import issued, kbc_file, kbc_row, paying
from belronde.testing import BelrondeTestCase

STRANGER = "090933755493"


class BankImportViewTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)
        self.credited = issued(self, "Slagerij Claes")
        actions.issue_credit_note(actor=self.coordinator, invoice=self.credited, reason="Fout")
        self.data = kbc_file(
            paying(self.invoice),
            kbc_row(amount="25,00", free="lidgeld", name="KAPSALON NORA"),
            kbc_row(structured=STRANGER, name="ONBEKEND"),
            paying(self.credited, name="CLAES"),
            kbc_row(booked="31/02/2026", amount="10,00"),
        )
        self.first = self.run_import("CSV_export_2026-12-03.csv")

    def run_import(self, filename: str):
        return actions.import_bank_csv(
            actor=self.coordinator, chapter=self.mechelen, filename=filename, data=self.data
        ).bank_import

    def get(self, batch=None, user=None, chapter: str = "mechelen"):
        self.client.force_login(user or self.coordinator)
        code = (batch or self.first).public_code
        return self.client.get(reverse("funding:bank_import", args=[chapter, code]))

    def test_it_shows_the_matched_lines_with_their_invoice(self) -> None:
        response = self.get()
        self.assertEqual(response.status_code, 200)
        [payment] = response.context["payments"]
        self.assertEqual(payment.invoice, self.invoice)
        self.assertContains(response, 'data-testid="matched-row"', count=1)
        self.assertContains(
            response,
            reverse("funding:invoice_detail", args=["mechelen", self.invoice.public_code]),
        )
        self.assertContains(response, self.invoice.number)
        self.assertContains(response, "CSV_export_2026-12-03.csv")

    def test_it_shows_each_line_that_did_not_match_with_the_reason(self) -> None:
        response = self.get()
        report = response.context["report"]
        self.assertEqual([line.row for line in report], [3, 4, 5, 6])
        with translation.override("nl"):
            reasons = {
                3: actions.not_matched_message("no_ogm"),
                4: actions.not_matched_message("unknown_ogm"),
                5: actions.not_matched_message("credited"),
                6: actions.not_matched_message("problem"),
            }
        for line in report:
            self.assertTrue(line.reason.startswith(reasons[line.row]), line.reason)
        self.assertContains(response, 'data-testid="not-matched-row"', count=4)
        self.assertContains(response, "+++090/9337/55493+++")
        self.assertContains(response, "KAPSALON NORA")
        self.assertContains(response, self.credited.number)
        self.assertContains(response, "Datum")  # the column that could not be read
        self.assertContains(response, "15/06/2026")

    def test_it_reads_the_reasons_in_english_too(self) -> None:
        self.coordinator.language = "en"
        self.coordinator.save(update_fields=["language"])
        response = self.get()
        self.assertContains(response, "no invoice with this structured communication")
        self.assertContains(response, "the invoice has been credited")

    def test_a_second_upload_says_what_was_imported_before(self) -> None:
        second = self.run_import("Afschriften KBC.csv")
        response = self.get(second)
        self.assertEqual(response.context["payments"].count(), 0)
        self.assertEqual(response.context["batch"].already_known, 1)
        self.assertContains(response, 'data-testid="none-matched"')
        self.assertContains(response, 'data-testid="known-count"')

    def test_the_funder_and_other_roles_are_refused(self) -> None:
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.get(user=user).status_code, 403)

    def test_the_outsider_gets_404_in_either_chapter(self) -> None:
        self.assertEqual(self.get(user=self.outsider).status_code, 404)
        self.assertEqual(self.get(user=self.outsider, chapter="lier").status_code, 404)
