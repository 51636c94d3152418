from belronde.members.models import Organisation
from belronde.members.tests.fixtures import make_org
from belronde.testing import BelrondeTestCase


class OrganisationEditTests(BelrondeTestCase):
    def setUp(self):
        self.org = make_org(
            self.mechelen, postal_code="2800", municipality="Mechelen", import_digest="abc"
        )
        self.url = f"/c/mechelen/members/{self.org.public_code}/edit/"

    def data(self, **extra):
        data = {
            "version": self.org.version,
            "enterprise_number": "0403.170.701",
            "name": "Bakkerij Peeters",
            "legal_form": "",
            "nace_code": "",
            "employees": "",
            "street": "Bruul",
            "house_number": "1",
            "postal_code": "2800",
            "municipality": "Mechelen",
            "phone": "",
            "email": "",
            "membership_status": "member",
            "member_since": "",
        }
        data.update(extra)
        return data

    def test_it_saves_changed_fields_and_clears_the_import_digest(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.data(name="Bakkerij Peeters & Zonen"))
        self.assertEqual(response.status_code, 302)
        self.org.refresh_from_db()
        self.assertEqual(
            (self.org.name, self.org.version, self.org.import_digest),
            ("Bakkerij Peeters & Zonen", 2, ""),
        )
        self.assertIn("zonen", self.org.search_text)

    def test_a_stale_form_is_a_409_and_keeps_the_users_input_CONC_EDIT_01(self):
        Organisation.objects.filter(pk=self.org.pk).update(name="Door iemand anders", version=2)
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.data(name="Mijn versie"))
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Mijn versie", status_code=409)
        self.org.refresh_from_db()
        self.assertEqual(self.org.name, "Door iemand anders")

    def test_a_municipality_that_does_not_fit_the_postal_code_is_refused(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.data(municipality="Gent"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("municipality", response.context["form"].errors)

    def test_the_outsider_gets_404_and_a_coach_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.url).status_code, 403)
