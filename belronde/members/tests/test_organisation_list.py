from belronde.members.models import Organisation
from belronde.members.tests.fixtures import enterprise_number, make_org
from belronde.members.tests.scope import assign, make_campaign
from belronde.testing import BelrondeTestCase


class OrganisationListTests(BelrondeTestCase):
    url = "/c/mechelen/members/"

    def setUp(self):
        self.bakery = make_org(
            self.mechelen,
            enterprise_number(1),
            "Bakkerij Geëlen",
            nace_code="47241",
            nace_version="2008",
            employees=6,
            postal_code="2800",
            municipality="Mechelen",
        )
        self.garage = make_org(
            self.mechelen,
            enterprise_number(2),
            "Garage Peeters",
            nace_code="45201",
            nace_version="2008",
            employees=2,
            postal_code="2801",
            municipality="Heffen",
        )
        self.former = make_org(
            self.mechelen, enterprise_number(3), "Oud Lid", membership_status="former"
        )
        make_org(self.lier, enterprise_number(4), "Lier Bakkerij")

    def names(self, response):
        return [o.name for o in response.context["page"].object_list]

    def test_it_lists_the_chapters_current_members_for_a_caller(self):
        campaign = make_campaign(self.mechelen)
        for org in (self.bakery, self.garage, self.former):
            assign(campaign, org, caller=self.caller)  # only their own firms (test_registry_scope)
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.names(response), ["Bakkerij Geëlen", "Garage Peeters"])
        self.assertContains(response, "0200.000.")
        self.assertNotContains(response, "Lier Bakkerij")

    def test_it_searches_names_without_accents_and_numbers_in_any_notation(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.names(self.client.get(self.url, {"q": "geelen"})), ["Bakkerij Geëlen"]
        )
        self.assertEqual(self.names(self.client.get(self.url, {"q": "HEFFEN"})), ["Garage Peeters"])
        dotted = self.garage.enterprise_number_display
        self.assertEqual(self.names(self.client.get(self.url, {"q": dotted})), ["Garage Peeters"])
        self.assertEqual(self.names(self.client.get(self.url, {"q": "' OR 1=1 --"})), [])

    def test_it_filters_by_sector_size_postal_code_and_status(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(
            self.names(self.client.get(self.url, {"sector": "G"})),
            ["Bakkerij Geëlen", "Garage Peeters"],
        )
        self.assertEqual(
            self.names(self.client.get(self.url, {"size_band": "5-9"})), ["Bakkerij Geëlen"]
        )
        self.assertEqual(
            self.names(self.client.get(self.url, {"postal_code": "2801"})), ["Garage Peeters"]
        )
        self.assertEqual(self.names(self.client.get(self.url, {"status": "former"})), ["Oud Lid"])
        self.assertEqual(len(self.names(self.client.get(self.url, {"status": "all"}))), 3)

    def test_htmx_gets_only_the_table(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"q": "garage"}, headers={"HX-Request": "true"})
        self.assertTemplateUsed(response, "members/_organisations.html")
        self.assertTemplateNotUsed(response, "members/organisation_list.html")

    def test_it_paginates_at_50(self):
        Organisation.objects.bulk_create(
            [
                Organisation(
                    chapter=self.mechelen,
                    enterprise_number=enterprise_number(100 + i),
                    name=f"Zaak {i:03d}",
                )
                for i in range(120)
            ]
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"page": 3})
        self.assertEqual(len(response.context["page"].object_list), 22)

    def test_the_outsider_gets_404(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_funder_gets_403(self):
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(self.url).status_code, 403)
