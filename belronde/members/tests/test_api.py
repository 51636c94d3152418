"""The members API: organisations, persons and imports over a Bearer token."""

from django.core.files.uploadedfile import SimpleUploadedFile

from belronde.accounts.actions import create_api_token
from belronde.audit.models import AuditEvent
from belronde.members.models import ImportBatch, Organisation, Person
from belronde.members.tests.fixtures import csv_text, make_org, make_person, member_row, members_csv
from belronde.members.tests.scope import coaching_referral
from belronde.testing import BelrondeTestCase

BASE = "/api/v1/chapters/mechelen"


class MembersApiTests(BelrondeTestCase):
    def auth(self, user):
        _token, key = create_api_token(actor=user, name="t")
        return {"Authorization": f"Bearer {key}"}

    def test_it_lists_searches_and_paginates_organisations(self):
        make_org(self.mechelen, "0403170701", "Bakkerij Geëlen", postal_code="2800")
        make_org(self.mechelen, "0200000043", "Garage Peeters", postal_code="2801")
        make_org(self.lier, "0200000736", "Lier BV")
        data = self.client.get(
            f"{BASE}/organisations", {"q": "geelen"}, headers=self.auth(self.coordinator)
        ).json()
        self.assertEqual(data["count"], 1)
        self.assertEqual(data["items"][0]["enterprise_number_display"], "0403.170.701")
        page = self.client.get(
            f"{BASE}/organisations",
            {"page_size": 1, "page": 2},
            headers=self.auth(self.coordinator),
        ).json()
        self.assertEqual([o["name"] for o in page["items"]], ["Garage Peeters"])

    def test_detail_includes_persons(self):
        org = make_org(self.mechelen)
        make_person(org, is_primary=True, phone="+32471234567")
        coaching_referral(self, org)  # a coach reads only the firms they work on
        data = self.client.get(
            f"{BASE}/organisations/{org.public_code}", headers=self.auth(self.coach)
        ).json()
        self.assertEqual(data["persons"][0]["phone"], "+32471234567")
        event = AuditEvent.objects.get(verb="organisation.viewed")
        self.assertEqual((event.actor, event.object_code), (self.coach, org.public_code))
        self.assertEqual(event.payload, {"page": "api"})

    def test_create_validates_like_the_import_and_refuses_duplicates(self):
        headers = self.auth(self.coordinator)
        bad = self.client.post(
            f"{BASE}/organisations",
            {"enterprise_number": "0403170702", "name": ""},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(bad.status_code, 422)
        self.assertEqual({e["field"] for e in bad.json()["errors"]}, {"enterprise_number", "name"})
        good = self.client.post(
            f"{BASE}/organisations",
            {
                "enterprise_number": "BE0403.170.701",
                "name": "Bakkerij",
                "postal_code": "2812",
                "phone": "015 20 30 40",
            },
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(good.status_code, 201)
        self.assertEqual(
            (good.json()["municipality"], good.json()["phone"]),
            ("Muizen (Mechelen)", "+3215203040"),
        )
        again = self.client.post(
            f"{BASE}/organisations",
            {"enterprise_number": "0403170701", "name": "X"},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(again.status_code, 409)

    def test_update_refuses_a_stale_version_with_409_CONC_EDIT_02(self):
        org = make_org(self.mechelen)
        headers = self.auth(self.coordinator)
        ok = self.client.patch(
            f"{BASE}/organisations/{org.public_code}",
            {"name": "Nieuw", "version": 1},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual((ok.status_code, ok.json()["version"]), (200, 2))
        stale = self.client.patch(
            f"{BASE}/organisations/{org.public_code}",
            {"name": "Oud", "version": 1},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(stale.status_code, 409)
        self.assertEqual(Organisation.objects.get().name, "Nieuw")

    def test_persons_are_created_and_updated(self):
        org = make_org(self.mechelen)
        headers = self.auth(self.coordinator)
        created = self.client.post(
            f"{BASE}/organisations/{org.public_code}/persons",
            {"name": "Els", "mobile": "0475 12 34 56"},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(created.status_code, 201)
        code = created.json()["code"]
        updated = self.client.patch(
            f"{BASE}/organisations/{org.public_code}/persons/{code}",
            {"language": "fr", "phone": "nope"},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(updated.status_code, 422)
        updated = self.client.patch(
            f"{BASE}/organisations/{org.public_code}/persons/{code}",
            {"language": "fr"},
            content_type="application/json",
            headers=headers,
        )
        self.assertEqual(updated.json()["language"], "fr")
        self.assertEqual(Person.objects.get().mobile, "+32475123456")

    def test_a_multipart_import_returns_the_report(self):
        headers = self.auth(self.coordinator)
        upload = SimpleUploadedFile("leden.csv", members_csv(3).encode("cp1252"))
        response = self.client.post(f"{BASE}/imports", {"file": upload}, headers=headers)
        self.assertEqual(response.status_code, 200, response.content)
        data = response.json()
        self.assertEqual(
            (data["status"], data["created"], data["encoding"]), ("committed", 3, "cp1252")
        )
        report = self.client.get(f"{BASE}/imports/{data['batch']}", headers=headers).json()
        self.assertEqual(report["created"], 3)

    def test_a_rejected_import_lists_every_error_and_an_unusable_file_is_422(self):
        headers = self.auth(self.coordinator)
        content = csv_text([member_row(0), member_row(1, Postcode="9999")]).encode()
        data = self.client.post(
            f"{BASE}/imports", {"file": SimpleUploadedFile("a.csv", content)}, headers=headers
        ).json()
        self.assertEqual(data["status"], "rejected")
        self.assertEqual([(e["row"], e["column"]) for e in data["errors"]], [(3, "Postcode")])
        self.assertFalse(Organisation.objects.exists())
        png = self.client.post(
            f"{BASE}/imports",
            {"file": SimpleUploadedFile("a.csv", b"\x89PNG\r\n\x1a\nxxxx")},
            headers=headers,
        )
        self.assertEqual(png.status_code, 422)
        self.assertIn("detail", png.json())
        self.assertEqual(ImportBatch.objects.filter(status="failed").count(), 1)

    def test_another_chapter_is_404_and_a_caller_may_not_write(self):
        org = make_org(self.mechelen)
        self.assertEqual(
            self.client.get(f"{BASE}/organisations", headers=self.auth(self.outsider)).status_code,
            404,
        )
        self.assertEqual(
            self.client.get(
                f"{BASE}/organisations/{org.public_code}", headers=self.auth(self.outsider)
            ).status_code,
            404,
        )
        self.assertEqual(
            self.client.patch(
                f"{BASE}/organisations/{org.public_code}",
                {"name": "x"},
                content_type="application/json",
                headers=self.auth(self.caller),
            ).status_code,
            403,
        )
        self.assertEqual(
            self.client.get(f"{BASE}/organisations", headers=self.auth(self.funder)).status_code,
            403,
        )
