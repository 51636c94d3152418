from belronde.audit.models import AuditEvent
from belronde.members.models import Organisation
from belronde.members.tests.fixtures import make_org
from belronde.testing import BelrondeTestCase

URL = "/c/mechelen/members/new/"


def form(**extra):
    data = {
        "enterprise_number": "BE 0403.170.701",
        "name": "  Bakkerij\u00a0Geëlen ",
        "legal_form": "bv",
        "nace_code": "47.241",
        "employees": "6",
        "street": "Bruul",
        "house_number": "12",
        "postal_code": "2800",
        "municipality": "",
        "phone": "015 20 30 40",
        "email": "",
        "membership_status": "member",
        "member_since": "",
    }
    data.update(extra)
    return data


class OrganisationCreateTests(BelrondeTestCase):
    def test_it_creates_a_normalised_organisation_and_audits_it(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(URL, form())
        org = Organisation.objects.get()
        self.assertRedirects(response, f"/c/mechelen/members/{org.public_code}/")
        self.assertEqual(
            (
                org.enterprise_number,
                org.name,
                org.legal_form,
                org.size_band,
                org.municipality,
                org.phone,
                org.nace_section,
            ),
            ("0403170701", "Bakkerij Geëlen", "BV", "5-9", "Mechelen", "+3215203040", "G"),
        )
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="organisation.created", object_code=org.public_code
            ).exists()
        )

    def test_bad_input_gives_field_errors_in_dutch_not_a_500(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            URL, form(enterprise_number="0403170702", postal_code="9999", phone="12")
        )
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertEqual(set(errors), {"enterprise_number", "postal_code", "phone"})
        self.assertFalse(Organisation.objects.exists())

    def test_a_number_already_in_the_chapter_is_refused(self):
        make_org(self.mechelen)
        self.client.force_login(self.coordinator)
        response = self.client.post(URL, form())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Organisation.objects.count(), 1)

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(URL, form()).status_code, 404)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(URL, form()).status_code, 403)
        self.assertFalse(Organisation.objects.exists())
