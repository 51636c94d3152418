"""The "Next call" button (``caller_views.next_call``): a round outside its period says so in
the caller's language instead of handing out a call (issue 12)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.campaigns.models import Assignment, Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class NextCallTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        self.url = reverse("campaigns:next", args=["mechelen", self.campaign.public_code])
        self.my_calls = reverse("campaigns:my_calls", args=["mechelen"])

    def test_it_hands_out_a_call_within_the_period(self):
        self.client.force_login(self.caller)
        response = self.client.post(self.url)
        a = Assignment.objects.get(claimed_by=self.caller)
        self.assertRedirects(response, reverse("campaigns:call", args=["mechelen", a.public_code]))

    def test_after_the_end_date_it_says_the_round_has_ended(self):
        ended = timezone.localdate() - dt.timedelta(days=2)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=ended - dt.timedelta(days=30), ends_on=ended
        )
        self.client.force_login(self.caller)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, self.my_calls)
        self.assertContains(response, f"Deze belronde is afgelopen op {ended:%d/%m/%Y}")
        self.assertFalse(Assignment.objects.filter(status="claimed").exists())

    def test_in_english_for_an_english_speaking_caller(self):
        ended = timezone.localdate() - dt.timedelta(days=2)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=ended - dt.timedelta(days=30), ends_on=ended
        )
        self.caller.language = "en"
        self.caller.save(update_fields=["language"])
        self.client.force_login(self.caller)
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "This call round ended on")

    def test_the_wrong_role_is_403_and_another_chapter_404(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.client.force_login(self.funder)
        self.assertEqual(self.client.post(self.url).status_code, 403)
