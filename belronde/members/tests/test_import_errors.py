import csv
import io

from openpyxl import load_workbook

from belronde.members.models import ImportBatch
from belronde.members.tests.fixtures import csv_text, member_row, run_import, write
from belronde.testing import BelrondeTestCase


class ImportErrorReportTests(BelrondeTestCase):
    def setUp(self):
        import tempfile
        from pathlib import Path

        directory = Path(tempfile.mkdtemp())
        rows = [
            member_row(0),
            member_row(1, Naam='=HYPERLINK("http://x","klik")', Postcode="1"),
            member_row(2),
        ]
        self.batch = run_import(
            self.mechelen, write(directory, "a.csv", csv_text(rows)), partial=True
        )
        self.base = f"/c/mechelen/members/imports/{self.batch.public_code}/errors"

    def test_the_csv_holds_exactly_the_rejected_rows_escaped_with_reasons_SEC_VAL_08c(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.base + ".csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body), delimiter=";"))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0][-1], "foutmelding")
        self.assertEqual(rows[1][1], '\'=HYPERLINK("http://x","klik")')
        self.assertIn("Postcode", rows[1][-1])

    def test_the_xlsx_has_string_cells_never_formulas(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.base + ".xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        cell = sheet.cell(row=2, column=2)
        self.assertEqual(cell.data_type, "s")
        self.assertEqual(cell.value, '=HYPERLINK("http://x","klik")')

    def test_an_import_without_rejected_rows_has_no_report(self):
        batch = ImportBatch.objects.create(
            chapter=self.mechelen, source="cli", original_filename="x", format="csv"
        )
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.client.get(
                f"/c/mechelen/members/imports/{batch.public_code}/errors.csv"
            ).status_code,
            404,
        )
        self.assertEqual(self.client.get(self.base + ".pdf").status_code, 404)

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.base + ".csv").status_code, 404)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.base + ".csv").status_code, 403)
