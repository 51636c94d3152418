import csv
import datetime as dt
import io

from django.test import override_settings
from django.utils import timezone
from openpyxl import load_workbook

from belronde.accounts.models import Membership
from belronde.accounts.roles import Role
from belronde.audit.actions import audit_maintenance
from belronde.audit.models import AuditEvent
from belronde.members import actions
from belronde.members.tests.fixtures import make_org, make_person
from belronde.testing import BelrondeTestCase, make_user

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


@override_settings(BELRONDE_EXPORTS_PER_HOUR=2)
class ExportLimitTests(BelrondeTestCase):
    """SEC-BL-02: member exports per person per hour are capped; the list itself is not."""

    def setUp(self):
        make_org(self.mechelen, "0403170701", "Mechelen BV")
        self.client.force_login(self.coordinator)

    def export(self, chapter="mechelen", format="csv"):
        return self.client.get(f"/c/{chapter}/members/export.{format}", {"q": "BV"})

    def test_SEC_BL_02_the_export_past_the_limit_is_refused_in_dutch_and_audited(self):
        self.assertEqual(self.export().status_code, 200)
        self.assertEqual(self.export(format="xlsx").status_code, 200)
        response = self.export()
        self.assertEqual(response.status_code, 429)
        self.assertFalse(response.has_header("Content-Disposition"))
        text = response.content.decode()
        self.assertIn("Je maakte het voorbije uur 2 ledenexports", text)
        self.assertIn('href="/c/mechelen/members/?q=BV"', text)
        self.assertTrue(0 < int(response["Retry-After"]) <= 3600)
        self.assertEqual(AuditEvent.objects.filter(verb="members.exported").count(), 2)
        refused = AuditEvent.objects.get(verb="members.export_refused")
        self.assertEqual((refused.actor, refused.chapter), (self.coordinator, self.mechelen))
        self.assertEqual(refused.payload, {"limit": 2, "format": "csv"})
        self.assertEqual(self.client.get("/c/mechelen/members/").status_code, 200)

    def test_SEC_BL_02_the_window_slides_an_export_older_than_an_hour_no_longer_counts(self):
        self.export()
        self.export()
        self.assertEqual(self.export().status_code, 429)
        first = AuditEvent.objects.filter(verb="members.exported").earliest("at")
        with audit_maintenance():
            AuditEvent.objects.filter(pk=first.pk).update(
                at=timezone.now() - dt.timedelta(minutes=61)
            )
        self.assertEqual(self.export().status_code, 200)
        self.assertEqual(self.export().status_code, 429)

    def test_SEC_BL_02_the_limit_counts_all_chapters_of_the_person(self):
        Membership.objects.create(user=self.coordinator, role=Role.COORDINATOR, chapter=self.lier)
        self.assertEqual(self.export("lier").status_code, 200)
        self.assertEqual(self.export("lier").status_code, 200)
        self.assertEqual(self.export("mechelen").status_code, 429)

    def test_SEC_BL_02_others_and_the_cli_do_not_use_up_a_persons_exports(self):
        other = make_user("ada.coordinator")
        Membership.objects.create(user=other, role=Role.COORDINATOR, chapter=self.mechelen)
        for _ in range(3):
            actions.record_export(actor=None, chapter=self.mechelen, count=1, format="csv")
            actions.record_export(actor=other, chapter=self.mechelen, count=1, format="csv")
        self.assertEqual(self.export().status_code, 200)

    def test_SEC_BL_02_the_refusal_speaks_english_to_an_english_user(self):
        self.coordinator.language = "en"
        self.coordinator.save()
        self.export()
        self.export()
        response = self.export()
        self.assertEqual(response.status_code, 429)
        self.assertIn("You made 2 member exports in the last hour", response.content.decode())


@override_settings(BELRONDE_EXPORTS_PER_HOUR=1)
class ExportLimitOfOneTests(BelrondeTestCase):
    def test_SEC_BL_02_a_limit_of_one_speaks_in_the_singular(self):
        self.client.force_login(self.coordinator)
        self.client.get("/c/mechelen/members/export.csv")
        response = self.client.get("/c/mechelen/members/export.csv")
        self.assertEqual(response.status_code, 429)
        self.assertIn("het voorbije uur 1 ledenexport, het maximum", response.content.decode())
