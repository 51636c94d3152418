from belronde.members import actions
from belronde.members.tests.fixtures import make_org, make_person
from belronde.testing import BelrondeTestCase


class OrganisationDetailTests(BelrondeTestCase):
    def setUp(self):
        self.org = make_org(self.mechelen, nace_code="47241", nace_version="2008", employees=6)
        make_person(self.org, is_primary=True, phone="+32471234567")
        self.url = f"/c/mechelen/members/{self.org.public_code}/"

    def test_it_shows_the_organisation_persons_and_sector(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertContains(response, "0403.170.701")
        self.assertContains(response, "Els Peeters")
        self.assertContains(response, 'href="tel:+32471234567"')
        self.assertContains(response, "47241")
        self.assertNotContains(response, "Mark do-not-call")

    def test_the_coordinator_sees_the_history(self):
        actions.mark_do_not_call(actor=self.coordinator, organisation=self.org, reason="Vroeg het")
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(len(response.context["history"]), 1)
        self.assertContains(response, "Vroeg het")

    def test_another_chapters_organisation_is_404_even_for_its_coordinator_role(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        other = make_org(self.lier, "0200000043", "Lier BV")
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.client.get(f"/c/mechelen/members/{other.public_code}/").status_code, 404
        )

    def test_a_partner_gets_403(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(self.url).status_code, 403)
