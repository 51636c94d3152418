"""The caller's journey: my calls, next call, outcomes, conversation, drafts, release."""

import datetime as dt
import uuid

from django.urls import reverse
from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.campaigns.models import Assignment, CallAttempt, ConversationDraft
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.testing import BelrondeTestCase


class CallScreenTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=2)
        self.client.force_login(self.caller)

    def next_call(self):
        response = self.client.post(
            reverse("campaigns:next", args=["mechelen", self.campaign.public_code])
        )
        assignment = Assignment.objects.get(claimed_by=self.caller, status="claimed")
        self.assertRedirects(
            response, reverse("campaigns:call", args=["mechelen", assignment.public_code])
        )
        return assignment

    def test_my_calls_offers_the_next_call_button(self):
        response = self.client.get(reverse("campaigns:my_calls", args=["mechelen"]))
        self.assertContains(response, "Volgende oproep")

    def test_the_call_screen_shows_a_tel_link_and_the_four_questions(self):
        a = self.next_call()
        response = self.client.get(reverse("campaigns:call", args=["mechelen", a.public_code]))
        self.assertContains(response, 'href="tel:+3215123456"')
        self.assertContains(response, "☎ 015 12 34 56")  # read the way Belgians write it
        for question in (
            "Hoe gaat het?",
            "Wat werkt nog?",
            "Waar loop je tegen aan?",
            "Wat kunnen wij voor u betekenen?",
        ):
            self.assertContains(response, question)

    def test_opening_the_contact_card_is_audited_as_a_look_at_the_organisation(self):
        a = self.next_call()  # follows the redirect to the call screen: one look
        self.client.get(reverse("campaigns:call", args=["mechelen", a.public_code]))
        self.assertEqual(AuditEvent.objects.filter(verb="organisation.viewed").count(), 2)
        event = AuditEvent.objects.filter(verb="organisation.viewed").first()
        self.assertEqual((event.actor, event.chapter), (self.caller, self.mechelen))
        self.assertEqual(
            (event.object_type, event.object_code),
            ("members.organisation", a.organisation.public_code),
        )
        self.assertEqual(event.payload, {"page": "call", "assignment": a.public_code})

    def test_no_answer_is_one_tap_and_the_next_call_follows(self):
        a = self.next_call()
        response = self.client.post(
            reverse("campaigns:attempt", args=["mechelen", a.public_code]),
            {"outcome": "no_answer", "idempotency_key": str(uuid.uuid4())},
        )
        self.assertRedirects(response, reverse("campaigns:my_calls", args=["mechelen"]))
        b = self.next_call()
        self.assertNotEqual(a.pk, b.pk)

    def test_a_callback_needs_a_time_and_shows_in_the_list(self):
        a = self.next_call()
        url = reverse("campaigns:attempt", args=["mechelen", a.public_code])
        response = self.client.post(
            url, {"outcome": "callback", "idempotency_key": str(uuid.uuid4())}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_callback_at_error"', status_code=400)
        when = timezone.localtime() + dt.timedelta(minutes=30)
        self.client.post(
            url,
            {
                "outcome": "callback",
                "callback_at": when.strftime("%Y-%m-%dT%H:%M"),
                "idempotency_key": str(uuid.uuid4()),
            },
        )
        response = self.client.get(reverse("campaigns:my_calls", args=["mechelen"]))
        self.assertContains(response, a.organisation.name)
        self.assertContains(
            response, reverse("campaigns:callback_ics", args=["mechelen", a.public_code])
        )
        ics = self.client.get(reverse("campaigns:callback_ics", args=["mechelen", a.public_code]))
        self.assertEqual(ics["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn(b"BEGIN:VEVENT", ics.content)

    def test_a_draft_is_saved_while_typing_and_restored(self):
        a = self.next_call()
        self.client.post(
            reverse("campaigns:draft", args=["mechelen", a.public_code]),
            {"how_is_it_going": "Moeilijk sinds maart", "arrears": ["rsz", "vat"]},
            headers={"HX-Request": "true"},
        )
        draft = ConversationDraft.objects.get(assignment=a, caller=self.caller)
        self.assertEqual(
            draft.data, {"how_is_it_going": "Moeilijk sinds maart", "arrears": ["rsz", "vat"]}
        )
        response = self.client.get(reverse("campaigns:call", args=["mechelen", a.public_code]))
        self.assertContains(response, "Moeilijk sinds maart")

    def test_the_conversation_is_saved_once_even_when_submitted_twice(self):
        a = self.next_call()
        key = str(uuid.uuid4())
        data = {
            "idempotency_key": key,
            "health": "orange",
            "how_is_it_going": "Het gaat.",
            "asks_for_help": "yes",
        }
        url = reverse("campaigns:conversation", args=["mechelen", a.public_code])
        first = self.client.post(url, data)
        second = self.client.post(url, data)
        self.assertEqual(first.status_code, 302)
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(CallAttempt.objects.filter(outcome="reached").count(), 1)
        self.assertEqual(a.conversations.count(), 1)
        self.assertFalse(ConversationDraft.objects.filter(assignment=a).exists())

    def test_a_missing_health_answer_is_explained_and_nothing_lost(self):
        a = self.next_call()
        url = reverse("campaigns:conversation", args=["mechelen", a.public_code])
        response = self.client.post(
            url, {"idempotency_key": str(uuid.uuid4()), "how_is_it_going": "Lang verhaal"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_health_error"', status_code=400)
        self.assertContains(response, "Lang verhaal", status_code=400)

    def test_release_gives_the_contact_back(self):
        a = self.next_call()
        self.client.post(reverse("campaigns:release", args=["mechelen", a.public_code]))
        a.refresh_from_db()
        self.assertEqual(a.status, "open")

    def test_another_callers_contact_is_403_and_another_chapters_404(self):
        a = self.next_call()
        self.client.force_login(self.caller2)
        self.assertEqual(
            self.client.get(
                reverse("campaigns:call", args=["mechelen", a.public_code])
            ).status_code,
            403,
        )
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get(
                reverse("campaigns:call", args=["mechelen", a.public_code])
            ).status_code,
            404,
        )


class CalendarFeedTests(BelrondeTestCase):
    def test_the_private_feed_lists_callbacks_and_can_be_revoked(self):
        campaign = make_campaign(self, orgs=1)
        a = Assignment.objects.get(campaign=campaign)
        Assignment.objects.filter(pk=a.pk).update(
            callback_by=self.caller, callback_at=timezone.now() + dt.timedelta(hours=1)
        )
        self.client.force_login(self.caller)
        settings_url = reverse("campaigns:caller_settings", args=["mechelen"])
        self.client.post(settings_url, {"operation": "feed"})
        feed = self.caller.calendar_feeds.get()
        url = reverse("campaigns:calendar_feed", args=[feed.token])
        self.client.logout()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertIn(a.organisation.name.encode(), response.content)
        self.client.force_login(self.caller)
        self.client.post(settings_url, {"operation": "revoke_feed"})
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_caller_settings_validate_enterprise_numbers(self):
        self.client.force_login(self.caller)
        url = reverse("campaigns:caller_settings", args=["mechelen"])
        response = self.client.post(
            url, {"own_enterprise_number": "0403.170.702", "conflict_numbers": "BE 0403 170 701"}
        )
        self.assertContains(response, 'id="id_own_enterprise_number_error"')
        self.client.post(
            url, {"own_enterprise_number": "0403.170.701", "conflict_numbers": "BE 0403 170 701"}
        )
        profile = self.caller.caller_profiles.get()
        self.assertEqual(
            (profile.own_enterprise_number, profile.conflict_numbers),
            ("0403170701", ["0403170701"]),
        )
