import csv
import io

from openpyxl import load_workbook

from belronde.audit.models import AuditEvent
from belronde.members.tests.fixtures import make_org, make_person
from belronde.testing import BelrondeTestCase

PAYLOADS = ["=cmd|' /C calc'!A0", "+SUM(1)", "-2+3", "@SUM(A1)", "\t=1", "|pipe", "\rcr"]


class OrganisationExportTests(BelrondeTestCase):
    def setUp(self):
        for i, payload in enumerate(PAYLOADS):
            org = make_org(
                self.mechelen, f"02000{i:03d}", name=payload, employees=12, member_since=None
            )
            org.enterprise_number = __import__(
                "belronde.members.tests.fixtures", fromlist=["x"]
            ).enterprise_number(i)
            org.save()
        make_person(org, "Els Peeters", phone="+32471234567")
        make_org(self.lier, "0403170701", "Lier BV")

    def rows(self, response):
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(body), delimiter=";"))

    def test_csv_text_cells_are_neutralised_and_numbers_stay_numbers_SEC_VAL_08a(self):
        self.client.force_login(self.coordinator)
        response = self.client.get("/c/mechelen/members/export.csv")
        rows = self.rows(response)
        header, data = rows[0], rows[1:]
        self.assertEqual(header[0], "ondernemingsnummer")
        self.assertEqual(len(data), len(PAYLOADS))
        self.assertIn("'=cmd|' /C calc'!A0", {r[1] for r in data})
        for row in data:
            self.assertIn(row[1][0], "'")
            self.assertEqual(row[header.index("werknemers")], "12")
        self.assertNotIn("Lier BV", str(rows))
        self.assertTrue(
            AuditEvent.objects.filter(verb="members.exported", payload__rows=7).exists()
        )

    def test_xlsx_cells_are_strings_never_formulas_SEC_VAL_08b(self):
        self.client.force_login(self.coordinator)
        response = self.client.get("/c/mechelen/members/export.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        for row in sheet.iter_rows(min_row=2):
            self.assertEqual(row[1].data_type, "s")
            self.assertEqual(row[9].value, 12)  # employees: a real number
            self.assertEqual(row[9].data_type, "n")

    def test_downloads_are_attachments_with_a_safe_name_SEC_FILE_01_02(self):
        self.mechelen.name = 'Mech"elen;\r\nX-Evil: 1 ë'
        self.mechelen.save()
        self.client.force_login(self.coordinator)
        response = self.client.get("/c/mechelen/members/export.xlsx")
        disposition = response["Content-Disposition"]
        self.assertEqual(
            disposition,
            "attachment; filename=\"leden-mechelen.xlsx\"; filename*=UTF-8''leden-mechelen.xlsx",
        )
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    def test_filters_apply_to_the_export(self):
        self.client.force_login(self.coordinator)
        rows = self.rows(self.client.get("/c/mechelen/members/export.csv", {"q": "pipe"}))
        self.assertEqual(len(rows), 2)

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get("/c/mechelen/members/export.csv").status_code, 404)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get("/c/mechelen/members/export.csv").status_code, 403)
