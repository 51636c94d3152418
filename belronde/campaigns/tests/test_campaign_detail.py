from django.urls import reverse

from belronde.campaigns import actions
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class CampaignDetailTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=3)
        self.url = reverse("campaigns:detail", args=["mechelen", self.campaign.public_code])
        self.progress = reverse("campaigns:progress", args=["mechelen", self.campaign.public_code])

    def test_it_shows_live_progress_counts(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="count-open">3<')
        a = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        actions.record_attempt(actor=self.caller, assignment=a, outcome="refused")
        response = self.client.get(self.progress, headers={"HX-Request": "true"})
        self.assertContains(response, 'data-testid="count-refused">1<')
        self.assertNotContains(response, "<html")

    def test_status_changes_follow_the_rules(self):
        self.client.force_login(self.coordinator)
        status = reverse("campaigns:status", args=["mechelen", self.campaign.public_code])
        self.client.post(status, {"status": "closed"})
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, "closed")
        response = self.client.post(status, {"status": "running"}, follow=True)
        self.assertContains(response, "kan niet")
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.status, "closed")

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
