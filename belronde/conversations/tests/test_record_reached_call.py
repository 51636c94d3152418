"""``record_reached_call`` with a call-back: "bel me volgende week terug" after a conversation
plans the call-back the way an unanswered call does (issue 12)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from belronde.campaigns import actions
from belronde.campaigns.actions import CallRoundError
from belronde.campaigns.models import Assignment, CallAttempt, Claim, ConversationDraft
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.conversations.actions import record_reached_call
from belronde.conversations.models import Conversation
from belronde.conversations.tests.fixtures import GREEN_ANSWERS
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class RecordReachedCallTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        claimed = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        assert claimed is not None
        self.a = claimed
        self.next_week = timezone.now() + dt.timedelta(days=7)

    def reach(self, **kw):
        return record_reached_call(
            actor=self.caller, assignment=self.a, raw_answers=dict(GREEN_ANSWERS), **kw
        )

    def test_it_stores_the_conversation_and_plans_the_call_back(self):
        actions.save_draft(actor=self.caller, assignment=self.a, data={"health": "green"})
        result = self.reach(callback_at=self.next_week)
        self.assertEqual(result.conversation.health, "green")
        self.assertEqual(result.attempt.outcome, CallAttempt.Outcome.REACHED)
        self.assertEqual(result.attempt.callback_at, self.next_week)
        self.a.refresh_from_db()
        # the same shape as a call-back after an unanswered call: held until the agreed time
        self.assertEqual(
            (self.a.status, self.a.claimed_by, self.a.callback_by, self.a.callback_at),
            (Status.CLAIMED, self.caller, self.caller, self.next_week),
        )
        self.assertEqual(self.a.claim_expires_at, self.next_week + self.campaign.claim_expiry)
        self.assertEqual(Claim.objects.filter(assignment=self.a, released_at=None).count(), 1)
        self.assertFalse(ConversationDraft.objects.filter(assignment=self.a).exists())

    def test_a_planned_call_back_does_not_count_toward_the_claim_limit(self):
        self.reach(callback_at=self.next_week)
        self.assertEqual(actions.active_claim_count(self.campaign, self.caller, timezone.now()), 0)

    def test_at_the_agreed_time_next_call_brings_it_back_and_it_can_finish(self):
        self.reach(callback_at=self.next_week)
        later = self.next_week + dt.timedelta(minutes=1)
        result = actions.claim_next(actor=self.caller, campaign=self.campaign, now=later)
        self.assertEqual((result.assignment.pk, result.resumed), (self.a.pk, True))
        record_reached_call(
            actor=self.caller,
            assignment=self.a,
            raw_answers=dict(GREEN_ANSWERS),
            now=later + dt.timedelta(minutes=5),
        )
        self.a.refresh_from_db()
        self.assertEqual(
            (self.a.status, self.a.callback_at, self.a.claimed_by), ("done", None, None)
        )
        self.assertEqual(Conversation.objects.filter(assignment=self.a).count(), 2)

    def test_a_call_back_in_the_past_stores_nothing(self):
        with pytest.raises(CallRoundError):
            self.reach(callback_at=timezone.now() - dt.timedelta(minutes=1))
        self.assertFalse(Conversation.objects.exists())
        self.assertFalse(CallAttempt.objects.exists())

    def test_a_replay_with_the_same_key_plans_one_call_back(self):
        key = uuid.uuid4()
        first = self.reach(callback_at=self.next_week, idempotency_key=key)
        second = self.reach(callback_at=self.next_week, idempotency_key=key)
        self.assertTrue(second.replayed)
        self.assertEqual(first.attempt.pk, second.attempt.pk)
        self.assertEqual(CallAttempt.objects.count(), 1)

    def test_without_a_call_back_the_contact_is_done(self):
        self.reach()
        self.a.refresh_from_db()
        self.assertEqual((self.a.status, self.a.callback_at), (Status.DONE, None))

    def test_only_the_caller_holding_the_contact_may_record_it(self):
        with pytest.raises(actions.NotClaimedByYou):
            record_reached_call(
                actor=self.caller2,
                assignment=self.a,
                raw_answers=dict(GREEN_ANSWERS),
                callback_at=self.next_week,
            )
        self.assertFalse(Conversation.objects.exists())
