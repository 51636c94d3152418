"""Claiming the next call: order, retry gaps, calling hours, limits, conflicts."""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone, translation

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CallerProfile, Campaign, Claim
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class ClaimNextTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=4)
        self.rows = list(Assignment.objects.filter(campaign=self.campaign).order_by("pk"))

    def claim(self, user=None, **kw):
        return actions.claim_next(actor=user or self.caller, campaign=self.campaign, **kw)

    def test_it_claims_one_contact_and_records_the_claim(self):
        result = self.claim()
        a = result.assignment
        self.assertEqual((a.status, a.claimed_by), (Status.CLAIMED, self.caller))
        self.assertEqual(Claim.objects.filter(assignment=a, released_at__isnull=True).count(), 1)
        self.assertAlmostEqual(
            (a.claim_expires_at - a.claimed_at).total_seconds(),
            self.campaign.claim_expiry_minutes * 60,
        )

    def test_two_callers_never_get_the_same_contact(self):
        first = self.claim(self.caller).assignment
        second = self.claim(self.caller2).assignment
        self.assertNotEqual(first.pk, second.pk)

    def test_pre_assigned_contacts_come_before_the_pool_and_others_are_left_alone(self):
        Assignment.objects.filter(pk=self.rows[3].pk).update(caller=self.caller)
        Assignment.objects.filter(pk=self.rows[0].pk).update(caller=self.caller2)
        self.assertEqual(self.claim().assignment.pk, self.rows[3].pk)
        self.assertNotEqual(self.claim().assignment.pk, self.rows[0].pk)

    def test_priority_then_never_attempted_first(self):
        Assignment.objects.filter(pk=self.rows[0].pk).update(attempts=1)
        Assignment.objects.filter(pk=self.rows[2].pk).update(priority=1)
        self.campaign.everyone_once_first = False
        self.assertEqual(self.claim().assignment.pk, self.rows[2].pk)
        self.assertEqual(self.claim().assignment.pk, self.rows[1].pk)

    def test_a_due_callback_comes_first_and_only_for_its_caller(self):
        now = timezone.now()
        Assignment.objects.filter(pk=self.rows[3].pk).update(
            callback_by=self.caller2, callback_at=now - dt.timedelta(minutes=1)
        )
        self.assertNotEqual(self.claim(self.caller).assignment.pk, self.rows[3].pk)
        self.assertEqual(self.claim(self.caller2).assignment.pk, self.rows[3].pk)

    def test_the_retry_gap_is_respected(self):
        now = timezone.now()
        Assignment.objects.update(attempts=1, next_attempt_at=now + dt.timedelta(hours=1))
        self.assertIsNone(self.claim(now=now).assignment)
        self.assertIsNotNone(self.claim(now=now + dt.timedelta(hours=2)).assignment)

    def test_calling_hours_are_respected(self):
        self.campaign.calling_hours = {"0": [["09:00", "12:00"]]}  # Mondays 9-12 only
        monday_8 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)  # 09:00 in Brussels
        tuesday = monday_8 + dt.timedelta(days=1)
        # both days lie within the round's period, whatever day the test runs
        Campaign.objects.filter(pk=self.campaign.pk).update(
            starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2026, 12, 31)
        )
        self.campaign.refresh_from_db()
        self.campaign.calling_hours = {"0": [["09:00", "12:00"]]}
        result = self.claim(now=tuesday)
        self.assertIsNone(result.assignment)
        self.assertEqual(result.reason, "outside_hours")
        self.assertIsNotNone(self.claim(now=monday_8).assignment)

    def test_everyone_is_tried_once_before_anyone_is_retried(self):
        Assignment.objects.filter(pk__in=[r.pk for r in self.rows[:3]]).update(
            attempts=1, priority=1
        )
        self.assertEqual(self.claim().assignment.pk, self.rows[3].pk)
        self.campaign.everyone_once_first = False
        Assignment.objects.filter(pk=self.rows[3].pk).update(status=Status.DONE, claimed_by=None)
        self.assertIn(self.claim().assignment.pk, [r.pk for r in self.rows[:3]])

    def test_the_per_caller_limit_of_open_claims_SEC_BL_01(self):
        self.campaign.max_open_claims = 2
        self.claim()
        self.claim()
        with pytest.raises(actions.ClaimLimitReached):
            self.claim()
        self.assertEqual(Assignment.objects.filter(claimed_by=self.caller).count(), 2)

    def test_declared_conflicts_are_never_claimed(self):
        CallerProfile.objects.create(
            chapter=self.mechelen,
            user=self.caller,
            conflict_numbers=[r.organisation.enterprise_number for r in self.rows[:3]],
        )
        self.assertEqual(self.claim().assignment.pk, self.rows[3].pk)
        self.assertIsNone(self.claim().assignment)

    def test_competitors_are_not_claimed_when_the_caller_asked_so(self):
        CallerProfile.objects.create(
            chapter=self.mechelen,
            user=self.caller,
            exclude_competitors=True,
            own_nace_code="56102",
            own_postal_code="2800",
        )
        self.assertIsNone(self.claim().assignment)

    def test_do_not_call_organisations_are_skipped(self):
        for r in self.rows:
            r.organisation.do_not_call = True
            r.organisation.do_not_call_reason = "asked"
            r.organisation.save()
        self.assertIsNone(self.claim().assignment)

    def test_a_paused_campaign_cannot_be_claimed_from(self):
        self.campaign.status = Campaign.Status.PAUSED
        with pytest.raises(actions.CampaignNotRunning):
            self.claim()

    def test_only_callers_of_the_campaign_can_claim(self):
        with pytest.raises(actions.NotACaller):
            self.claim(self.coordinator)

    def test_an_expired_claim_goes_back_to_the_pool_and_is_logged(self):
        a = self.claim().assignment
        later = timezone.now() + dt.timedelta(hours=3)
        self.assertEqual(actions.release_expired_claims(now=later), 1)
        a.refresh_from_db()
        self.assertEqual((a.status, a.claimed_by), (Status.OPEN, None))
        self.assertEqual(Claim.objects.get(assignment=a).ended, Claim.Ended.EXPIRED)
        from belronde.audit.models import AuditEvent

        self.assertTrue(AuditEvent.objects.filter(verb="assignment.claim_expired").exists())


class ClaimPeriodTests(BelrondeTestCase):
    """Issue 12: a round hands out calls only within its period (starts_on to ends_on, Brussels
    dates), in Python for a clear error and in the claim's SQL itself."""

    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        self.today = timezone.localdate()

    def set_period(self, starts_on, ends_on):
        Campaign.objects.filter(pk=self.campaign.pk).update(starts_on=starts_on, ends_on=ends_on)
        self.campaign.refresh_from_db()

    def claim(self, **kw):
        return actions.claim_next(actor=self.caller, campaign=self.campaign, **kw)

    def test_a_round_whose_end_date_has_passed_hands_out_no_call(self):
        yesterday = self.today - dt.timedelta(days=1)
        self.set_period(self.today - dt.timedelta(days=30), yesterday)
        with translation.override("nl"), pytest.raises(actions.CampaignOutsidePeriod) as info:
            self.claim()
        error = info.value
        self.assertIsInstance(error, actions.CampaignNotRunning)
        self.assertEqual((error.code, error.status), ("outside_period", 409))
        self.assertEqual(
            error.message,
            f"Deze belronde is afgelopen op {yesterday:%d/%m/%Y}: "
            "er worden geen oproepen meer gegeven.",
        )
        self.assertFalse(Assignment.objects.filter(status=Status.CLAIMED).exists())
        self.assertFalse(Claim.objects.exists())

    def test_a_round_that_has_not_started_hands_out_no_call(self):
        tomorrow = self.today + dt.timedelta(days=1)
        self.set_period(tomorrow, tomorrow + dt.timedelta(days=30))
        with translation.override("nl"), pytest.raises(actions.CampaignOutsidePeriod) as info:
            self.claim()
        self.assertIn(f"begint op {tomorrow:%d/%m/%Y}", info.value.message)

    def test_the_first_and_the_last_day_are_part_of_the_round(self):
        self.set_period(self.today, self.today)
        self.assertIsNotNone(self.claim().assignment)

    def test_the_day_is_the_brussels_date_of_the_claim(self):
        self.set_period(self.today - dt.timedelta(days=7), self.today)
        tz = timezone.get_current_timezone()
        just_after = dt.datetime.combine(self.today + dt.timedelta(days=1), dt.time(0, 5), tz)
        with pytest.raises(actions.CampaignOutsidePeriod):
            self.claim(now=just_after)
        just_before = dt.datetime.combine(self.today, dt.time(23, 55), tz)
        self.assertIsNotNone(self.claim(now=just_before).assignment)

    def test_the_claim_sql_holds_the_period_and_the_status_too(self):
        """A round shortened, paused or closed after the check hands out nothing: the statement
        itself says so (claim_next checks first only for the clear error)."""
        from belronde.campaigns import claimsql

        def take(today):
            with transaction.atomic():
                now = timezone.now()
                return claimsql.take(
                    tier="pool",
                    campaign_id=self.campaign.pk,
                    user_id=self.caller.pk,
                    now=now,
                    expires=now + dt.timedelta(hours=1),
                    conflicts=claimsql.Conflicts(),
                    everyone_once_first=True,
                    today=today,
                )

        self.assertIsNone(take(self.campaign.ends_on + dt.timedelta(days=1)))
        self.assertIsNone(take(self.campaign.starts_on - dt.timedelta(days=1)))
        Campaign.objects.filter(pk=self.campaign.pk).update(status=Campaign.Status.PAUSED)
        self.assertIsNone(take(self.today))
        Campaign.objects.filter(pk=self.campaign.pk).update(status=Campaign.Status.RUNNING)
        self.assertIsNotNone(take(self.today))
        self.assertEqual(Assignment.objects.filter(status=Status.CLAIMED).count(), 1)

    def test_nothing_is_callable_outside_the_period(self):
        self.set_period(self.today - dt.timedelta(days=30), self.today - dt.timedelta(days=1))
        self.assertEqual(
            actions.callable_assignments(self.campaign, self.caller, timezone.now()), []
        )
