"""The call screen once the round's end date has passed (issue 14, point 6): it says so up front,
and saving an attempt or a conversation is refused on the page (409, never a 500) with the end
date, keeping what the caller typed."""

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone

from belronde.accounts.models import User
from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CallAttempt, Campaign
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.conversations.models import Conversation
from belronde.testing import BelrondeTestCase


class CallScreenPeriodTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        User.objects.filter(pk=self.caller.pk).update(language="en")
        self.client.force_login(self.caller)
        held = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        assert held is not None
        self.a = held
        self.yesterday = timezone.localdate() - dt.timedelta(days=1)

    def url(self, name):
        return reverse(f"campaigns:{name}", args=["mechelen", self.a.public_code])

    def end(self, day):
        Campaign.objects.filter(pk=self.campaign.pk).update(ends_on=day)

    def test_it_refuses_an_attempt_after_the_end_date_on_the_page_with_the_date(self):
        self.end(self.yesterday)
        response = self.client.post(
            self.url("attempt"),
            {"outcome": "no_answer", "note": "Nummer klopt", "idempotency_key": str(uuid.uuid4())},
        )
        self.assertContains(
            response,
            f"This call round ended on {self.yesterday:%d/%m/%Y}: no more call attempts are "
            "recorded.",
            status_code=409,
        )
        self.assertContains(response, "Nummer klopt", status_code=409)  # the note is kept
        self.assertFalse(CallAttempt.objects.exists())

    def test_it_refuses_a_conversation_after_the_end_date_keeping_the_answers(self):
        self.end(self.yesterday)
        response = self.client.post(
            self.url("conversation"),
            {
                "idempotency_key": str(uuid.uuid4()),
                "health": "orange",
                "how_is_it_going": "Lang verhaal over de energiefactuur",
                "asks_for_help": "yes",
            },
        )
        self.assertContains(
            response, f"This call round ended on {self.yesterday:%d/%m/%Y}", status_code=409
        )
        self.assertContains(response, "Lang verhaal over de energiefactuur", status_code=409)
        self.assertFalse(Conversation.objects.exists())
        self.assertFalse(CallAttempt.objects.exists())

    def test_it_saves_an_attempt_on_the_last_day(self):
        self.end(timezone.localdate())
        response = self.client.post(
            self.url("attempt"), {"outcome": "busy", "idempotency_key": str(uuid.uuid4())}
        )
        self.assertRedirects(response, reverse("campaigns:my_calls", args=["mechelen"]))
        self.assertEqual(CallAttempt.objects.get().outcome, "busy")

    def test_it_refuses_a_call_back_after_the_end_date_on_the_form(self):
        self.end(timezone.localdate())
        later = timezone.localtime() + dt.timedelta(days=2)
        response = self.client.post(
            self.url("attempt"),
            {
                "outcome": "callback",
                "callback_at": later.strftime("%Y-%m-%dT%H:%M"),
                "idempotency_key": str(uuid.uuid4()),
            },
        )
        self.assertContains(
            response,
            f"This call round ends on {timezone.localdate():%d/%m/%Y}: plan the call-back on or "
            "before that day.",
            status_code=409,
        )
        self.assertFalse(CallAttempt.objects.exists())

    def test_it_says_up_front_that_the_round_has_ended(self):
        response = self.client.get(self.url("call"))
        self.assertNotContains(response, 'data-testid="round-ended"')
        self.end(self.yesterday)
        response = self.client.get(self.url("call"))
        self.assertContains(response, 'data-testid="round-ended"')
        self.assertContains(
            response,
            f"This call round ended on {self.yesterday:%d/%m/%Y}: call attempts and "
            "conversations are no longer recorded.",
        )

    def test_it_refuses_with_the_end_date_once_the_worker_closed_the_round(self):
        """The worker gave the claim back; a contact given to the caller stays theirs to open
        (a pool contact does not: ``get_assignment_for_user``, as after an expired claim)."""
        Assignment.objects.filter(pk=self.a.pk).update(caller=self.caller)
        self.end(self.yesterday)
        actions.close_ended_campaigns()
        self.assertEqual(Assignment.objects.get(pk=self.a.pk).status, "open")
        response = self.client.post(
            self.url("attempt"), {"outcome": "busy", "idempotency_key": str(uuid.uuid4())}
        )
        self.assertContains(
            response, f"This call round ended on {self.yesterday:%d/%m/%Y}", status_code=409
        )

    def test_it_is_403_for_the_wrong_role_and_404_for_the_other_chapter(self):
        self.end(self.yesterday)
        data = {"outcome": "busy", "idempotency_key": str(uuid.uuid4())}
        self.client.force_login(self.funder)
        self.assertEqual(self.client.post(self.url("attempt"), data).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url("attempt"), data).status_code, 404)
        self.assertFalse(CallAttempt.objects.exists())
