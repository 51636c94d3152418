"""Recording call attempts: each outcome's effect on the contact and the claim."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CallAttempt, Claim
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.conversations.actions import record_reached_call
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class RecordAttemptTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2, max_attempts=2)
        claimed = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        assert claimed is not None
        self.a = claimed

    def attempt(self, outcome, **kw):
        return actions.record_attempt(actor=self.caller, assignment=self.a, outcome=outcome, **kw)

    def test_no_answer_ends_the_claim_and_sets_the_retry_gap(self):
        now = timezone.now()
        self.attempt("no_answer", now=now)
        self.a.refresh_from_db()
        self.assertEqual(
            (self.a.status, self.a.claimed_by, self.a.attempts), (Status.OPEN, None, 1)
        )
        self.assertEqual(self.a.next_attempt_at, now + dt.timedelta(hours=4))
        self.assertIsNotNone(Claim.objects.get(assignment=self.a).released_at)

    def test_after_the_maximum_attempts_the_contact_is_unreachable(self):
        self.campaign.everyone_once_first = False
        self.campaign.save(update_fields=["everyone_once_first"])
        self.attempt("busy")
        actions.claim_assignment(
            actor=self.caller, assignment=self.a, now=timezone.now() + dt.timedelta(hours=5)
        )
        self.attempt("voicemail", now=timezone.now() + dt.timedelta(hours=5))
        self.a.refresh_from_db()
        self.assertEqual(self.a.status, Status.UNREACHABLE)

    def test_a_callback_keeps_the_contact_with_the_caller_until_the_time(self):
        when = timezone.now() + dt.timedelta(days=1)
        self.attempt("callback", callback_at=when)
        self.a.refresh_from_db()
        self.assertEqual(
            (self.a.status, self.a.claimed_by, self.a.callback_by),
            (Status.CLAIMED, self.caller, self.caller),
        )
        self.assertEqual(self.a.callback_at, when)
        # a future call-back does not count toward the open-claims limit
        self.assertEqual(actions.active_claim_count(self.campaign, self.caller, timezone.now()), 0)

    def test_a_callback_needs_a_future_time(self):
        with pytest.raises(actions.CallRoundError):
            self.attempt("callback")
        with pytest.raises(actions.CallRoundError):
            self.attempt("callback", callback_at=timezone.now() - dt.timedelta(minutes=5))

    def test_refused_and_wrong_number_finish_the_contact(self):
        self.attempt("refused")
        self.a.refresh_from_db()
        self.assertEqual(self.a.status, Status.REFUSED)

    def test_do_not_call_marks_the_organisation_for_every_campaign(self):
        self.attempt("do_not_call", note="Wil niet meer gebeld worden")
        org = self.a.organisation
        org.refresh_from_db()
        self.assertTrue(org.do_not_call)
        self.assertEqual(org.do_not_call_reason, "Wil niet meer gebeld worden")
        self.assertEqual(org.do_not_call_by, self.caller)

    def test_a_double_submit_stores_one_attempt_CONC_DBL_01(self):
        key = uuid.uuid4()
        first = self.attempt("busy", idempotency_key=key)
        second = self.attempt("busy", idempotency_key=key)
        self.assertTrue(second.replayed)
        self.assertEqual(first.attempt.pk, second.attempt.pk)
        self.assertEqual(CallAttempt.objects.count(), 1)

    def test_only_the_caller_holding_the_contact_may_record(self):
        with pytest.raises(actions.NotClaimedByYou):
            actions.record_attempt(actor=self.caller2, assignment=self.a, outcome="busy")
        self.assertEqual(CallAttempt.objects.count(), 0)

    def test_reached_with_answers_stores_the_conversation_and_finishes(self):
        result = record_reached_call(
            actor=self.caller,
            assignment=self.a,
            raw_answers={"health": "red", "how_is_it_going": "Slecht.", "arrears": ["rsz"]},
        )
        self.a.refresh_from_db()
        self.assertEqual(self.a.status, Status.DONE)
        conversation = result.conversation
        self.assertEqual((conversation.health, conversation.arrears), ("red", ["rsz"]))
        self.assertEqual(conversation.script_version, self.campaign.script.current)

    def test_invalid_answers_store_nothing(self):
        from belronde.conversations.actions import ConversationInvalid

        with pytest.raises(ConversationInvalid):
            record_reached_call(
                actor=self.caller, assignment=self.a, raw_answers={"health": "purple"}
            )
        self.a.refresh_from_db()
        self.assertEqual((self.a.status, self.a.attempts), (Status.CLAIMED, 0))
        self.assertEqual(CallAttempt.objects.count(), 0)
