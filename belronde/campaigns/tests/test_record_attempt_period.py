"""``record_attempt`` and the round's period (issue 14, point 6): no new attempt, conversation or
call-back after the end date (a Brussels date); the last day itself still counts."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone, translation

from belronde.audit.models import AuditEvent
from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CallAttempt, Campaign, Claim, ConversationDraft
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.conversations.actions import record_reached_call
from belronde.conversations.models import Conversation
from belronde.testing import BelrondeTestCase

Status = Assignment.Status

ANSWERS = {
    "health": "orange",
    "how_is_it_going": "Moeilijk",
    "what_works": "Vaste klanten",
    "obstacles": "Energie",
    "what_can_we_do": "Advies",
}


class RecordAttemptPeriodTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        self.today = timezone.localdate()
        self.tz = timezone.get_current_timezone()
        claimed = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        assert claimed is not None
        self.a = claimed

    def end_on(self, day):
        Campaign.objects.filter(pk=self.campaign.pk).update(ends_on=day)

    def at(self, day, hour, minute=0):
        return dt.datetime.combine(day, dt.time(hour, minute), self.tz)

    def attempt(self, outcome="no_answer", **kw):
        return actions.record_attempt(actor=self.caller, assignment=self.a, outcome=outcome, **kw)

    def test_it_refuses_an_attempt_after_the_end_date_naming_that_date(self):
        yesterday = self.today - dt.timedelta(days=1)
        self.end_on(yesterday)
        with translation.override("en"), pytest.raises(actions.CampaignOutsidePeriod) as info:
            self.attempt()
        error = info.value
        self.assertEqual((error.code, error.status), ("outside_period", 409))
        self.assertEqual(
            error.message,
            f"This call round ended on {yesterday:%d/%m/%Y}: no more call attempts are recorded.",
        )
        self.assertFalse(CallAttempt.objects.exists())
        self.a.refresh_from_db()
        self.assertEqual(
            (self.a.status, self.a.claimed_by, self.a.attempts), (Status.CLAIMED, self.caller, 0)
        )
        self.assertFalse(AuditEvent.objects.filter(verb="attempt.recorded").exists())

    def test_it_allows_an_attempt_on_the_last_day_until_midnight(self):
        self.end_on(self.today)
        result = self.attempt(now=self.at(self.today, 23, 59))
        self.assertEqual(result.attempt.outcome, "no_answer")
        self.assertEqual(CallAttempt.objects.count(), 1)

    def test_it_gives_no_grace_to_a_call_claimed_before_midnight_and_saved_after(self):
        """Documented in ``check_attempt_period``: the day of saving counts, not of claiming."""
        self.end_on(self.today)
        just_after = self.at(self.today + dt.timedelta(days=1), 0, 5)
        with pytest.raises(actions.CampaignOutsidePeriod):
            self.attempt(now=just_after)
        self.assertFalse(CallAttempt.objects.exists())

    def test_it_refuses_a_reached_call_and_stores_no_conversation_and_keeps_the_draft(self):
        ConversationDraft.objects.create(assignment=self.a, caller=self.caller, data={"note": "x"})
        self.end_on(self.today - dt.timedelta(days=1))
        with pytest.raises(actions.CampaignOutsidePeriod):
            record_reached_call(actor=self.caller, assignment=self.a, raw_answers=ANSWERS)
        self.assertFalse(Conversation.objects.exists())
        self.assertFalse(CallAttempt.objects.exists())
        self.assertTrue(ConversationDraft.objects.filter(assignment=self.a).exists())

    def test_it_refuses_a_call_back_planned_after_the_end_date(self):
        self.end_on(self.today + dt.timedelta(days=1))
        later = self.at(self.today + dt.timedelta(days=2), 10)
        with translation.override("en"), pytest.raises(actions.CallRoundError) as info:
            self.attempt("callback", callback_at=later)
        self.assertEqual(info.value.code, "invalid")
        self.assertIn(
            f"ends on {self.today + dt.timedelta(days=1):%d/%m/%Y}: plan the call-back on or "
            "before that day",
            info.value.message,
        )
        self.assertFalse(CallAttempt.objects.exists())
        # on the last day itself it is planned
        last_day = self.at(self.today + dt.timedelta(days=1), 10)
        self.attempt("callback", callback_at=last_day)
        self.a.refresh_from_db()
        self.assertEqual(self.a.callback_at, last_day)

    def test_it_refuses_a_conversation_with_a_call_back_after_the_end_date(self):
        self.end_on(self.today + dt.timedelta(days=1))
        with pytest.raises(actions.CallRoundError):
            record_reached_call(
                actor=self.caller,
                assignment=self.a,
                raw_answers=ANSWERS,
                callback_at=self.at(self.today + dt.timedelta(days=5), 10),
            )
        self.assertFalse(Conversation.objects.exists())

    def test_it_ignores_a_call_back_time_sent_with_a_final_outcome(self):
        """A final outcome plans no call-back (as before), so its time cannot be refused."""
        self.end_on(self.today)
        self.attempt("refused", callback_at=self.at(self.today + dt.timedelta(days=5), 10))
        self.assertEqual(CallAttempt.objects.get().callback_at, None)

    def test_it_still_answers_the_replay_of_an_attempt_stored_in_time(self):
        self.end_on(self.today)
        key = uuid.uuid4()
        first = self.attempt(idempotency_key=key, now=self.at(self.today, 20))
        self.end_on(self.today - dt.timedelta(days=1))
        replay = self.attempt(idempotency_key=key)
        self.assertTrue(replay.replayed)
        self.assertEqual(replay.attempt.pk, first.attempt.pk)
        self.assertEqual(CallAttempt.objects.count(), 1)

    def test_it_saves_a_call_in_progress_on_a_paused_round_only_within_the_period(self):
        other = Assignment.objects.exclude(pk=self.a.pk).get()
        actions.claim_assignment(actor=self.caller, assignment=other)
        actions.set_campaign_status(actor=self.coordinator, campaign=self.campaign, status="paused")
        self.attempt("busy")  # paused, in the period: the call in progress is saved
        self.end_on(self.today - dt.timedelta(days=1))
        with pytest.raises(actions.CampaignOutsidePeriod):
            actions.record_attempt(actor=self.caller, assignment=other, outcome="busy")
        self.assertEqual(CallAttempt.objects.count(), 1)
        self.assertEqual(Claim.objects.filter(released_at__isnull=True).count(), 1)

    def test_it_names_the_end_date_rather_than_the_lost_claim_once_the_round_was_closed(self):
        self.end_on(self.today - dt.timedelta(days=1))
        self.assertEqual(actions.close_ended_campaigns(), 1)
        with translation.override("en"), pytest.raises(actions.CampaignOutsidePeriod) as info:
            self.attempt()
        self.assertIn("This call round ended on", info.value.message)
