"""Who reads which firm of the registry (DESIGN.md section 2, issue 10 point 8).

A caller reads only the firms of their own assignments, claims and callbacks; a coach only those
of the coaching referrals they can read and of the financial analyses; a coordinator all of the
chapter. Any other firm of the chapter is 404 to them, on the web and the API, and never listed
or found by a search."""

from belronde.accounts.actions import create_api_token
from belronde.analyses.actions import create_analysis
from belronde.members import actions
from belronde.members.tests.scope import (
    assign,
    coaching_referral,
    firm,
    make_campaign,
)
from belronde.referrals import actions as referral_actions
from belronde.referrals.models import Consent
from belronde.testing import BelrondeTestCase

WEB = "/c/mechelen/members/"
API = "/api/v1/chapters/mechelen/organisations"


class RegistryScopeTestCase(BelrondeTestCase):
    def setUp(self):
        campaign = make_campaign(self.mechelen)
        self.mine = firm(self.mechelen, 1, "Bakkerij Mijn")
        self.claimed = firm(self.mechelen, 2, "Brouwerij Geclaimd")
        self.callback = firm(self.mechelen, 3, "Garage Terugbellen")
        self.other = firm(self.mechelen, 4, "Drukkerij Ander")
        self.pool = firm(self.mechelen, 5, "Slagerij Pool")
        self.outside = firm(self.mechelen, 6, "Bloemen Buiten")  # in no call round
        assign(campaign, self.mine, caller=self.caller)
        assign(campaign, self.claimed, claimed_by=self.caller)  # from the pool
        assign(campaign, self.callback, caller=self.caller2, callback_by=self.caller)
        assign(campaign, self.other, caller=self.caller2)
        assign(campaign, self.pool)

    def listed(self, user, **query):
        self.client.force_login(user)
        response = self.client.get(WEB, query)
        self.assertEqual(response.status_code, 200)
        return {o.name for o in response.context["page"].object_list}

    def api(self, user, url, **query):
        _token, key = create_api_token(actor=user, name="t")
        return self.client.get(url, query, headers={"Authorization": f"Bearer {key}"})

    def api_listed(self, user, **query):
        response = self.api(user, API, **query)
        self.assertEqual(response.status_code, 200)
        return {o["name"] for o in response.json()["items"]}

    def detail(self, user, org):
        self.client.force_login(user)
        return self.client.get(f"{WEB}{org.public_code}/")


class CallerRegistryTests(RegistryScopeTestCase):
    OWN = {"Bakkerij Mijn", "Brouwerij Geclaimd", "Garage Terugbellen"}

    def test_it_lists_only_the_callers_assigned_claimed_and_callback_firms(self):
        self.assertEqual(self.listed(self.caller), self.OWN)
        self.assertEqual(self.listed(self.caller, status="all"), self.OWN)
        self.assertEqual(self.listed(self.caller2), {"Garage Terugbellen", "Drukkerij Ander"})
        self.assertEqual(len(self.listed(self.coordinator)), 6)

    def test_a_search_never_finds_another_callers_firm(self):
        self.assertEqual(self.listed(self.caller, q="drukkerij"), set())
        self.assertEqual(self.listed(self.caller, q=self.other.enterprise_number), set())
        self.assertEqual(self.listed(self.caller, q="slagerij"), set())
        self.assertEqual(self.listed(self.caller, q="bakkerij"), {"Bakkerij Mijn"})
        self.assertEqual(self.listed(self.coordinator, q="drukkerij"), {"Drukkerij Ander"})

    def test_the_page_is_called_my_firms_and_names_the_rule(self):
        self.client.force_login(self.caller)
        response = self.client.get(WEB)
        self.assertContains(response, "<h1>Mijn ondernemingen</h1>", html=True)
        self.assertContains(response, "De ondernemingen uit je belrondes")
        self.assertNotContains(response, "Drukkerij Ander")
        self.assertNotContains(response, "+32471000004")

    def test_the_firms_of_the_caller_open_with_their_contact_persons(self):
        for org, number in ((self.mine, 1), (self.claimed, 2), (self.callback, 3)):
            response = self.detail(self.caller, org)
            self.assertEqual(response.status_code, 200, org.name)
            self.assertContains(response, f'href="tel:+3247100{number:04d}"')
            self.assertContains(response, f"c{number}@example.be")
            self.assertNotContains(response, "Mark do-not-call")

    def test_another_callers_firm_a_pool_firm_and_one_outside_the_round_are_404(self):
        for org in (self.other, self.pool, self.outside):
            self.assertEqual(self.detail(self.caller, org).status_code, 404, org.name)
        self.assertEqual(self.detail(self.caller2, self.other).status_code, 200)
        self.assertEqual(self.detail(self.coordinator, self.other).status_code, 200)

    def test_a_released_claim_no_longer_opens_the_firm(self):
        from belronde.campaigns.models import Assignment

        Assignment.objects.filter(organisation=self.claimed).update(
            status=Assignment.Status.OPEN, claimed_by=None, claimed_at=None, claim_expires_at=None
        )
        self.assertEqual(self.detail(self.caller, self.claimed).status_code, 404)

    def test_the_api_lists_and_searches_only_the_callers_firms(self):
        self.assertEqual(self.api_listed(self.caller), self.OWN)
        self.assertEqual(self.api_listed(self.caller, q="drukkerij"), set())
        self.assertEqual(self.api(self.caller, API).json()["count"], 3)
        self.assertEqual(len(self.api_listed(self.coordinator)), 6)

    def test_the_api_detail_is_404_for_another_callers_firm(self):
        self.assertEqual(self.api(self.caller, f"{API}/{self.other.public_code}").status_code, 404)
        self.assertEqual(self.api(self.caller, f"{API}/{self.pool.public_code}").status_code, 404)
        for org in (self.mine, self.claimed, self.callback):
            response = self.api(self.caller, f"{API}/{org.public_code}")
            self.assertEqual(response.status_code, 200, org.name)
            self.assertEqual(response.json()["persons"][0]["email"], org.persons.get().email)

    def test_a_firm_merged_into_another_brings_the_one_it_was_merged_into(self):
        actions.merge_organisations(actor=self.coordinator, keep=self.outside, remove=self.mine)
        self.assertEqual(self.detail(self.caller, self.outside).status_code, 200)
        self.assertEqual(self.detail(self.caller, self.mine).status_code, 200)
        self.assertIn("Bloemen Buiten", self.listed(self.caller))


class CoachRegistryTests(RegistryScopeTestCase):
    def setUp(self):
        super().setUp()
        self.referred = firm(self.mechelen, 7, "Frituur Begeleid")
        self.analysed = firm(self.mechelen, 8, "Kapper Geanalyseerd")
        self.withdrawn = firm(self.mechelen, 9, "Café Ingetrokken")
        self.to_dyzo = firm(self.mechelen, 10, "Bakkerij Dyzo")
        coaching_referral(self, self.referred)
        create_analysis(actor=self.coach, chapter=self.mechelen, organisation=self.analysed)
        referral = coaching_referral(self, self.withdrawn)
        referral_actions.withdraw_consent(
            actor=self.caller, consent=referral.consent, method=Consent.Method.PHONE
        )
        coaching_referral(self, self.to_dyzo, partner=True)

    def test_it_lists_only_the_coaching_referrals_and_analysed_firms(self):
        self.assertEqual(self.listed(self.coach), {"Frituur Begeleid", "Kapper Geanalyseerd"})
        self.assertEqual(self.api_listed(self.coach), {"Frituur Begeleid", "Kapper Geanalyseerd"})
        self.assertEqual(self.listed(self.coach, q="bakkerij"), set())
        self.client.force_login(self.coach)
        self.assertContains(self.client.get(WEB), "De ondernemingen van de doorverwijzingen")

    def test_the_other_firms_are_404_on_the_web_and_the_api(self):
        for org in (self.referred, self.analysed):
            self.assertEqual(self.detail(self.coach, org).status_code, 200, org.name)
            url = f"{API}/{org.public_code}"
            self.assertEqual(self.api(self.coach, url).status_code, 200, org.name)
        for org in (self.withdrawn, self.to_dyzo, self.mine, self.outside):
            self.assertEqual(self.detail(self.coach, org).status_code, 404, org.name)
            url = f"{API}/{org.public_code}"
            self.assertEqual(self.api(self.coach, url).status_code, 404, org.name)

    def test_a_firm_the_coach_coaches_opens_even_when_its_referral_no_longer_does(self):
        from belronde.coaching.tests.fixtures import make_trajectory

        trajectory = make_trajectory(self, name="Drukkerij Begeleid")
        referral_actions.withdraw_consent(
            actor=self.caller, consent=trajectory.referral.consent, method=Consent.Method.PHONE
        )
        self.assertEqual(self.detail(self.coach, trajectory.organisation).status_code, 200)
        self.assertIn("Drukkerij Begeleid", self.listed(self.coach))

    def test_a_coach_still_finds_any_firm_of_the_chapter_to_start_an_analysis(self):
        self.client.force_login(self.coach)
        response = self.client.get("/c/mechelen/analyses/organisations/", {"q": "drukkerij"})
        self.assertContains(response, "Drukkerij Ander")
        self.assertNotContains(response, "+32471000004")  # name and number only, no contacts


class OtherRolesRegistryTests(RegistryScopeTestCase):
    def test_a_partner_a_funder_and_regional_staff_read_nothing_of_the_registry(self):
        coaching_referral(self, self.mine, partner=True)  # addressed to the partner's Dyzo
        for user in (self.partner, self.funder, self.regional):
            self.client.force_login(user)
            self.assertEqual(self.client.get(WEB).status_code, 403, user)
            self.assertEqual(self.detail(user, self.mine).status_code, 403, user)
            self.assertEqual(self.api(user, API).status_code, 403, user)
            self.assertEqual(self.api(user, f"{API}/{self.mine.public_code}").status_code, 403)
