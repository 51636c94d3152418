"""Claiming one given contact from "my calls" (``actions.claim_assignment`` and the ``claim``
view): the same period rule as the next call (issue 12)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class ClaimAssignmentTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        self.a = Assignment.objects.filter(campaign=self.campaign).order_by("pk")[0]
        Assignment.objects.filter(pk=self.a.pk).update(caller=self.caller)
        self.url = reverse("campaigns:claim", args=["mechelen", self.a.public_code])

    def end_yesterday(self):
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=yesterday - dt.timedelta(days=30), ends_on=yesterday
        )
        self.a.campaign.refresh_from_db()
        return yesterday

    def test_it_claims_a_contact_given_to_the_caller(self):
        claimed = actions.claim_assignment(actor=self.caller, assignment=self.a)
        self.assertEqual((claimed.status, claimed.claimed_by), (Status.CLAIMED, self.caller))

    def test_it_refuses_once_the_round_has_ended(self):
        self.end_yesterday()
        with pytest.raises(actions.CampaignOutsidePeriod):
            actions.claim_assignment(actor=self.caller, assignment=self.a)
        self.a.refresh_from_db()
        self.assertEqual(self.a.status, Status.OPEN)

    def test_the_view_says_the_round_has_ended(self):
        yesterday = self.end_yesterday()
        self.client.force_login(self.caller)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, reverse("campaigns:my_calls", args=["mechelen"]))
        self.assertContains(response, f"Deze belronde is afgelopen op {yesterday:%d/%m/%Y}")

    def test_another_callers_contact_is_403_and_another_chapter_404(self):
        self.client.force_login(self.caller2)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
