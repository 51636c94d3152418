import io
import tempfile
from pathlib import Path

from openpyxl import load_workbook

from belronde.members.models import Organisation
from belronde.members.tests.fixtures import run_import
from belronde.testing import BelrondeTestCase


class ImportTemplateTests(BelrondeTestCase):
    def test_the_dutch_template_imports_as_it_is(self):
        self.client.force_login(self.coordinator)
        response = self.client.get("/c/mechelen/members/imports/template.xlsx")
        self.assertIn("sjabloon-leden.xlsx", response["Content-Disposition"])
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[1]]
        self.assertEqual(header[:3], ["ondernemingsnummer", "naam", "rechtsvorm"])
        path = Path(tempfile.mkdtemp()) / "sjabloon.xlsx"
        path.write_bytes(response.content)
        batch = run_import(self.mechelen, path)
        self.assertEqual(batch.status, "committed", batch.errors)
        self.assertEqual(Organisation.objects.get().name, "Bakkerij Peeters")

    def test_the_csv_template_and_english_headers(self):
        self.client.force_login(self.coordinator)
        self.coordinator.language = "en"
        self.coordinator.save(update_fields=["language"])
        body = b"".join(
            self.client.get("/c/mechelen/members/imports/template.csv").streaming_content
        )
        self.assertTrue(body.decode("utf-8-sig").startswith("enterprise_number;name;legal_form"))

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get("/c/mechelen/members/imports/template.csv").status_code, 404
        )
        self.client.force_login(self.caller)
        self.assertEqual(
            self.client.get("/c/mechelen/members/imports/template.csv").status_code, 403
        )
