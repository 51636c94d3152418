"""The coordinator's campaign page once the period has ended (issue 14, point 6): a notice that
no calls are handed out and no attempts recorded any more, and, when the worker closed the
round, that it was closed because its period ended."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.accounts.models import User
from belronde.campaigns import actions
from belronde.campaigns.models import Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class CampaignDetailPeriodTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=1)
        User.objects.filter(pk=self.coordinator.pk).update(language="en")
        self.client.force_login(self.coordinator)
        self.url = reverse("campaigns:detail", args=["mechelen", self.campaign.public_code])
        self.yesterday = timezone.localdate() - dt.timedelta(days=1)

    def end(self, day):
        Campaign.objects.filter(pk=self.campaign.pk).update(ends_on=day)

    def test_it_shows_no_notice_during_the_period(self):
        self.end(timezone.localdate())
        response = self.client.get(self.url)
        self.assertNotContains(response, 'data-testid="period-ended"')

    def test_it_says_the_period_ended_and_that_the_round_will_be_closed(self):
        self.end(self.yesterday)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="period-ended"')
        self.assertContains(
            response,
            f"This call round ended on {self.yesterday:%d/%m/%Y}: no more calls are handed out "
            "and no more attempts are recorded.",
        )
        self.assertContains(response, "It is closed automatically within the hour")
        self.assertNotContains(response, 'data-testid="closed-at-period-end"')

    def test_it_says_the_worker_closed_it_because_its_period_ended(self):
        self.end(self.yesterday)
        actions.close_ended_campaigns()
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="period-ended"')
        self.assertContains(response, 'data-testid="closed-at-period-end"')
        self.assertContains(response, "because its period had ended")
        self.assertNotContains(response, "It is closed automatically within the hour")

    def test_it_does_not_blame_the_period_for_a_round_the_coordinator_closed(self):
        actions.set_campaign_status(actor=self.coordinator, campaign=self.campaign, status="closed")
        self.end(self.yesterday)
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="period-ended"')
        self.assertNotContains(response, 'data-testid="closed-at-period-end"')

    def test_it_reads_the_close_of_this_round_only(self):
        other = make_campaign(self, orgs=0)
        Campaign.objects.filter(pk=other.pk).update(ends_on=self.yesterday)
        actions.close_ended_campaigns()
        self.assertIsNone(closed_at(self.campaign))
        self.assertIsNotNone(closed_at(other))

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.end(self.yesterday)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)


def closed_at(campaign):
    from belronde.campaigns.access import closed_at_period_end

    campaign.refresh_from_db()
    return closed_at_period_end(campaign)
