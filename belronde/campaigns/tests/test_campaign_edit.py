"""Changing a call round (``views.campaign_edit``): a caller added after the distribution was
published is not silently left without contacts (issue 12)."""

from django.urls import reverse

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CampaignCaller
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class CampaignEditTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=6)
        CampaignCaller.objects.filter(campaign=self.campaign, user=self.caller2).delete()
        actions.propose_distribution(actor=self.coordinator, campaign=self.campaign)
        actions.publish_distribution(actor=self.coordinator, campaign=self.campaign)
        self.url = reverse("campaigns:edit", args=["mechelen", self.campaign.public_code])
        self.detail = reverse("campaigns:detail", args=["mechelen", self.campaign.public_code])

    def data(self, callers):
        c = self.campaign
        data = {
            "name": c.name,
            "starts_on": c.starts_on.isoformat(),
            "ends_on": c.ends_on.isoformat(),
            "script": c.script.pk,
            "employees_min": "5",
            "max_attempts": c.max_attempts,
            "min_hours_between_attempts": c.min_hours_between_attempts,
            "everyone_once_first": "on",
            "max_open_claims": c.max_open_claims,
            "claim_expiry_minutes": c.claim_expiry_minutes,
            "callers": [u.pk for u in callers],
        }
        data.update({f"hours_{day}": "00:00-23:59" for day in range(7)})
        return data

    def test_adding_a_caller_after_publishing_warns_and_offers_to_share_out(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.data([self.caller, self.caller2]), follow=True)
        self.assertRedirects(response, self.detail)
        self.assertContains(
            response, "carl.caller heeft nog geen contacten: de verdeling was al gepubliceerd."
        )
        self.assertEqual(response.context["step"].code, "share_out")
        self.assertContains(response, "Verdeel de open contacten opnieuw")
        # one tap from the round's page shares them out and comes back there
        distribution = reverse(
            "campaigns:distribution", args=["mechelen", self.campaign.public_code]
        )
        response = self.client.post(
            distribution, {"operation": "rebalance", "back": "detail"}, follow=True
        )
        self.assertRedirects(response, self.detail)
        self.assertContains(response, "3 contacten verplaatst naar de minst belaste bellers.")
        rows = Assignment.objects.filter(campaign=self.campaign)
        self.assertEqual(rows.filter(caller=self.caller2).count(), 3)
        self.assertEqual(response.context["step"].code, "calling")

    def test_the_new_caller_sees_contacts_in_my_calls_after_sharing_out(self):
        actions.set_callers(
            actor=self.coordinator, campaign=self.campaign, users=[self.caller, self.caller2]
        )
        self.client.force_login(self.caller2)
        my_calls = reverse("campaigns:my_calls", args=["mechelen"])
        self.assertContains(self.client.get(my_calls), "nog geen contacten gekregen")
        actions.rebalance(actor=self.coordinator, campaign=self.campaign)
        response = self.client.get(my_calls)
        self.assertContains(response, "3 van je contacten nog open")
        self.assertNotContains(response, "nog geen contacten gekregen")

    def test_saving_without_new_callers_warns_about_nothing(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.data([self.caller]), follow=True)
        self.assertContains(response, "Belronde bewaard.")
        self.assertNotContains(response, "nog geen contacten")
        self.assertEqual(response.context["step"].code, "calling")

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
