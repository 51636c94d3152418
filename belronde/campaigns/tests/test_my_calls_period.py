"""My calls and a round past its end date (issue 14, point 6): while it still runs it says it
ended, and once the worker closed it the round still says so for two weeks, then goes."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.accounts.models import User
from belronde.campaigns import actions
from belronde.campaigns.models import Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class MyCallsPeriodTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=1)
        User.objects.filter(pk=self.caller.pk).update(language="en")
        self.client.force_login(self.caller)
        self.url = reverse("campaigns:my_calls", args=["mechelen"])
        self.testid = f'data-testid="round-{self.campaign.public_code}"'

    def end(self, day):
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=day - dt.timedelta(days=30), ends_on=day
        )

    def test_it_says_a_closed_round_ended_after_the_worker_closed_it(self):
        ended = timezone.localdate() - dt.timedelta(days=1)
        self.end(ended)
        actions.close_ended_campaigns()
        response = self.client.get(self.url)
        self.assertContains(response, self.testid)
        self.assertContains(response, f"This call round ended on {ended:%d/%m/%Y}")
        self.assertNotContains(response, 'data-testid="next-call"')
        self.assertNotContains(response, "No running call round for you")

    def test_it_forgets_a_round_that_ended_more_than_two_weeks_ago(self):
        self.end(timezone.localdate() - dt.timedelta(days=15))
        actions.close_ended_campaigns()
        response = self.client.get(self.url)
        self.assertNotContains(response, self.testid)
        self.assertContains(response, "No running call round for you")

    def test_it_does_not_list_a_round_closed_before_its_end_date(self):
        actions.set_campaign_status(actor=self.coordinator, campaign=self.campaign, status="closed")
        response = self.client.get(self.url)
        self.assertNotContains(response, self.testid)

    def test_it_shows_a_closed_round_only_to_its_own_callers(self):
        ended = timezone.localdate() - dt.timedelta(days=1)
        self.end(ended)
        actions.close_ended_campaigns()
        self.campaign.caller_links.filter(user=self.caller2).delete()
        self.client.force_login(self.caller2)
        self.assertNotContains(self.client.get(self.url), self.testid)

    def test_it_is_403_for_the_wrong_role_and_404_for_the_other_chapter(self):
        self.client.force_login(self.funder)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
