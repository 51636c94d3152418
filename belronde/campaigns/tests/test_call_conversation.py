"""The conversation form of the call screen (``caller_views.conversation``) with a call-back:
the entrepreneur was reached and asked to be called again (issue 12)."""

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CallAttempt
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.conversations.models import Conversation
from belronde.testing import BelrondeTestCase

Status = Assignment.Status


class CallConversationTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        claimed = actions.claim_next(actor=self.caller, campaign=self.campaign).assignment
        assert claimed is not None
        self.a = claimed
        self.url = reverse("campaigns:conversation", args=["mechelen", self.a.public_code])
        self.my_calls = reverse("campaigns:my_calls", args=["mechelen"])
        self.client.force_login(self.caller)

    def post(self, when=None, **extra):
        data = {
            "idempotency_key": str(uuid.uuid4()),
            "health": "orange",
            "how_is_it_going": "Bel me volgende week terug, dan weet ik meer.",
        }
        if when is not None:
            data["call_back_at"] = timezone.localtime(when).strftime("%Y-%m-%dT%H:%M")
        data.update(extra)
        return self.client.post(self.url, data)

    def test_the_call_screen_offers_a_call_back_with_the_conversation(self):
        response = self.client.get(reverse("campaigns:call", args=["mechelen", self.a.public_code]))
        self.assertContains(response, 'data-testid="conversation-callback"')
        self.assertContains(response, "Vraagt de ondernemer om later opnieuw te bellen?")
        self.assertContains(response, 'name="call_back_at"')
        self.assertContains(response, 'id="id_call_back_at"')

    def test_a_call_back_next_week_is_saved_with_the_conversation_and_listed(self):
        when = (timezone.localtime() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
        response = self.post(when)
        conversation = Conversation.objects.get(assignment=self.a)
        self.assertRedirects(
            response,
            reverse("conversations:detail", args=["mechelen", conversation.public_code]),
            fetch_redirect_response=False,
        )
        attempt = CallAttempt.objects.get(assignment=self.a)
        self.assertEqual((attempt.outcome, attempt.callback_at), ("reached", when))
        self.a.refresh_from_db()
        self.assertEqual((self.a.status, self.a.callback_by), (Status.CLAIMED, self.caller))
        page = self.client.get(self.my_calls)
        self.assertContains(page, "Terugbellen ingepland op")
        later = page.content.decode().split('data-testid="later-callbacks"')[1].split("</ul>")[0]
        self.assertIn(self.a.organisation.name, later)
        self.assertIn(reverse("campaigns:call", args=["mechelen", self.a.public_code]), later)
        done = page.content.decode().split('data-testid="done-today"')[1].split("</ul>")[0]
        self.assertIn("terugbellen", done)

    def test_a_call_back_later_today_is_among_todays_call_backs(self):
        when = timezone.localtime() + dt.timedelta(minutes=30)
        if when.date() != timezone.localdate():
            self.skipTest("30 minutes from now is tomorrow: that call-back is listed as later")
        self.post(when)
        page = self.client.get(self.my_calls).content.decode()
        today = page.split('data-testid="callbacks-today"')[1].split("</ul>")[0]
        self.assertIn(self.a.organisation.name, today)

    def test_a_call_back_in_the_past_is_explained_at_the_field_and_nothing_is_stored(self):
        response = self.post(timezone.now() - dt.timedelta(hours=1))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_call_back_at_error"', status_code=400)
        self.assertContains(response, "Het terugbelmoment ligt in het verleden.", status_code=400)
        self.assertContains(response, "Bel me volgende week terug", status_code=400)
        self.assertFalse(Conversation.objects.exists())
        self.assertFalse(CallAttempt.objects.exists())

    def test_without_a_call_back_the_contact_is_done(self):
        self.post()
        self.a.refresh_from_db()
        self.assertEqual((self.a.status, self.a.callback_at), (Status.DONE, None))

    def test_another_caller_is_403_and_another_chapter_404(self):
        when = timezone.now() + dt.timedelta(days=2)
        self.client.force_login(self.caller2)
        self.assertEqual(self.post(when).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.post(when).status_code, 404)
        self.assertFalse(Conversation.objects.exists())
