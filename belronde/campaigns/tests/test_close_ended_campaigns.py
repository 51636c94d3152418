"""The worker's ``close_ended_campaigns``: running and paused rounds whose end date passed are
closed, once, each in its own transaction, audited with the reason (issue 14, point 6)."""

import datetime as dt
from unittest import mock

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from belronde.audit.models import AuditEvent
from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, Campaign, Claim
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.campaigns.verbs import VERBS
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class CloseEndedCampaignsTests(BelrondeTestCase):
    def setUp(self):
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        self.ended = make_campaign(self, orgs=2)
        self.running = make_campaign(self, orgs=0)
        self.held = actions.claim_next(actor=self.caller, campaign=self.ended).assignment
        assert self.held is not None
        self.set_end(self.ended, self.today - dt.timedelta(days=1))

    def set_end(self, campaign, day, **fields):
        Campaign.objects.filter(pk=campaign.pk).update(ends_on=day, **fields)

    def status(self, campaign):
        return Campaign.objects.get(pk=campaign.pk).status

    def test_it_closes_an_ended_round_and_releases_the_contacts_still_held(self):
        self.assertEqual(actions.close_ended_campaigns(), 1)
        self.assertEqual(self.status(self.ended), Campaign.Status.CLOSED)
        self.held.refresh_from_db()
        self.assertEqual((self.held.status, self.held.claimed_by), (Status.OPEN, None))
        claim = Claim.objects.get(assignment=self.held)
        self.assertEqual(claim.ended, Claim.Ended.RELEASED)
        self.assertIsNotNone(claim.released_at)
        event = AuditEvent.objects.get(verb="campaign.closed")
        self.assertEqual((event.actor, event.chapter), (None, self.mechelen))
        self.assertEqual(
            (event.object_type, event.object_code), ("campaigns.campaign", self.ended.public_code)
        )
        self.assertEqual(
            event.payload,
            {
                "reason": "period_ended",
                "ends_on": (self.today - dt.timedelta(days=1)).isoformat(),
                "released": 1,
            },
        )

    def test_it_leaves_a_running_round_alone_on_its_last_day(self):
        self.set_end(self.running, self.today)
        actions.close_ended_campaigns()
        self.assertEqual(self.status(self.running), Campaign.Status.RUNNING)
        self.assertFalse(
            AuditEvent.objects.filter(
                verb="campaign.closed", object_code=self.running.public_code
            ).exists()
        )

    def test_it_is_idempotent_a_second_run_closes_and_records_nothing(self):
        self.assertEqual(actions.close_ended_campaigns(), 1)
        self.assertEqual(actions.close_ended_campaigns(), 0)
        self.assertEqual(AuditEvent.objects.filter(verb="campaign.closed").count(), 1)

    def test_it_closes_a_paused_round_but_not_a_draft_or_a_closed_one(self):
        paused = make_campaign(self, orgs=0, status=Campaign.Status.PAUSED)
        draft = make_campaign(self, orgs=0, status=Campaign.Status.DRAFT)
        closed = make_campaign(self, orgs=0, status=Campaign.Status.CLOSED)
        for campaign in (paused, draft, closed):
            self.set_end(campaign, self.today - dt.timedelta(days=3))
        self.assertEqual(actions.close_ended_campaigns(), 2)
        self.assertEqual(self.status(paused), Campaign.Status.CLOSED)
        self.assertEqual(self.status(draft), Campaign.Status.DRAFT)
        self.assertEqual(
            set(AuditEvent.objects.filter(verb="campaign.closed").values_list("object_code")),
            {(self.ended.public_code,), (paused.public_code,)},
        )

    def test_it_reads_today_as_the_brussels_date(self):
        """At 00:30 in Brussels (still the day before in UTC) yesterday's round has ended."""
        self.set_end(self.ended, self.today)
        tonight = dt.datetime.combine(self.today, dt.time(23, 30), self.tz)
        self.assertEqual(actions.close_ended_campaigns(now=tonight), 0)
        after_midnight = dt.datetime.combine(
            self.today + dt.timedelta(days=1), dt.time(0, 30), self.tz
        )
        self.assertEqual(actions.close_ended_campaigns(now=after_midnight.astimezone(dt.UTC)), 1)

    def test_it_skips_a_round_given_a_later_end_date_meanwhile(self):
        """The compare-and-set re-reads the end date: a round extended between the list and its
        close stays open."""
        real_filter = Campaign.objects.filter

        def extend_then_filter(*args, **kwargs):
            if "pk" in kwargs:  # the close of one round: the coordinator was just faster
                real_filter(pk=kwargs["pk"]).update(ends_on=self.today + dt.timedelta(days=7))
            return real_filter(*args, **kwargs)

        with mock.patch.object(Campaign.objects, "filter", side_effect=extend_then_filter):
            self.assertEqual(actions.close_ended_campaigns(), 0)
        self.assertEqual(self.status(self.ended), Campaign.Status.RUNNING)
        self.assertFalse(AuditEvent.objects.filter(verb="campaign.closed").exists())

    def test_it_rolls_one_round_back_without_the_others(self):
        other = make_campaign(self, orgs=0)
        self.set_end(other, self.today - dt.timedelta(days=2))
        real_record = actions.record_event

        def fail_for_the_first(**kwargs):
            if kwargs["obj"].pk == self.ended.pk:
                raise RuntimeError("disk full")
            return real_record(**kwargs)

        with (
            mock.patch.object(actions, "record_event", side_effect=fail_for_the_first),
            self.assertLogs("belronde.campaigns", "ERROR"),
        ):
            self.assertEqual(actions.close_ended_campaigns(), 1)
        self.assertEqual(self.status(other), Campaign.Status.CLOSED)
        self.assertEqual(self.status(self.ended), Campaign.Status.RUNNING)  # rolled back
        self.held.refresh_from_db()
        self.assertEqual(self.held.status, Status.CLAIMED)  # its claim too
        self.assertEqual(actions.close_ended_campaigns(), 1)  # the next run closes it
        self.assertEqual(self.status(self.ended), Campaign.Status.CLOSED)

    def test_it_is_a_periodic_job_of_the_worker_every_hour_with_a_label(self):
        jobs = dict(settings.PERIODIC_JOBS)
        path = "belronde.campaigns.actions.close_ended_campaigns"
        self.assertEqual(jobs[path], 3600)
        self.assertIs(import_string(path), actions.close_ended_campaigns)
        self.assertIn("campaign.closed", VERBS)
