"""Replay keys are scoped to the person who sent them and the object they were made for.

A key that someone else (of this chapter or another) already used is a fresh key for you: your
attempt or conversation is stored, and nothing of theirs comes back. The same person reusing a key
on another contact or firm is a 409, never a replay. Checked on the web and the API, for attempts
and for conversations, and held by unique constraints on (caller, key) and (recorder, key).
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from belronde.accounts.actions import create_api_token
from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CallAttempt, Campaign, CampaignCaller
from belronde.campaigns.tests.fixtures import ALWAYS, make_campaign, make_org
from belronde.conversations.models import Conversation
from belronde.testing import BelrondeTestCase


class IdempotencyScopeTests(BelrondeTestCase):
    def setUp(self):
        self.campaign = make_campaign(self, orgs=3)
        script = actions.create_script(actor=self.outsider, chapter=self.lier, name="Script Lier")
        today = timezone.localdate()
        self.lier_campaign = Campaign.objects.create(
            chapter=self.lier,
            name="Belronde Lier",
            starts_on=today - dt.timedelta(days=7),
            ends_on=today + dt.timedelta(days=30),
            status=Campaign.Status.RUNNING,
            script=script,
            segment={},
            calling_hours=ALWAYS,
        )
        CampaignCaller.objects.create(campaign=self.lier_campaign, user=self.outsider)
        self.lier_org = make_org(self.lier, "0403170799", "Geheime Firma Lier", postal_code="2500")
        Assignment.objects.create(
            chapter=self.lier, campaign=self.lier_campaign, organisation=self.lier_org
        )

    def claim(self, user, campaign=None):
        result = actions.claim_next(actor=user, campaign=campaign or self.campaign)
        assert result.assignment is not None
        return result.assignment

    def web(self, user):
        """One browser per person (their own session and messages)."""
        clients = self.__dict__.setdefault("_clients", {})
        if user.pk not in clients:
            clients[user.pk] = self.client_class()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    def api(self, user):
        _token, key = create_api_token(actor=user, name="replay")
        return self.client_class(headers={"Authorization": f"Bearer {key}"})

    # attempts, web ------------------------------------------------------------------------

    def post_attempt(self, user, assignment, key):
        return self.web(user).post(
            reverse("campaigns:attempt", args=[assignment.chapter.slug, assignment.public_code]),
            {"outcome": "no_answer", "idempotency_key": str(key)},
        )

    def test_it_stores_a_web_attempt_whose_key_a_caller_of_another_chapter_used(self):
        key = uuid.uuid4()
        theirs = self.claim(self.outsider, self.lier_campaign)
        self.assertEqual(self.post_attempt(self.outsider, theirs, key).status_code, 302)
        mine = self.claim(self.caller)
        response = self.post_attempt(self.caller, mine, key)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(CallAttempt.objects.filter(idempotency_key=key).count(), 2)
        mine.refresh_from_db()
        self.assertEqual((mine.status, mine.claimed_by, mine.attempts), ("open", None, 1))
        page = self.web(self.caller).get(response["Location"], follow=True)
        self.assertNotContains(page, "Geheime Firma Lier")

    def test_it_stores_a_web_attempt_whose_key_a_caller_of_the_same_chapter_used(self):
        key = uuid.uuid4()
        first = self.claim(self.caller2)
        self.post_attempt(self.caller2, first, key)
        mine = self.claim(self.caller)
        self.post_attempt(self.caller, mine, key)
        self.assertEqual(
            set(CallAttempt.objects.filter(idempotency_key=key).values_list("caller", flat=True)),
            {self.caller.pk, self.caller2.pk},
        )

    def test_it_refuses_a_web_key_reused_by_the_same_caller_on_another_contact(self):
        key = uuid.uuid4()
        first = self.claim(self.caller)
        self.post_attempt(self.caller, first, key)
        second = self.claim(self.caller)
        response = self.post_attempt(self.caller, second, key)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "al gebruikt", status_code=409)
        second.refresh_from_db()
        self.assertEqual((second.status, second.claimed_by), ("claimed", self.caller))

    def test_a_double_submit_on_the_web_still_stores_one_attempt(self):
        key = uuid.uuid4()
        mine = self.claim(self.caller)
        self.post_attempt(self.caller, mine, key)
        self.assertEqual(self.post_attempt(self.caller, mine, key).status_code, 302)
        self.assertEqual(CallAttempt.objects.filter(idempotency_key=key).count(), 1)

    # attempts, API ------------------------------------------------------------------------

    def api_attempt(self, client, assignment, key):
        return client.post(
            f"/api/v1/chapters/{assignment.chapter.slug}/assignments/"
            f"{assignment.public_code}/attempts",
            {"outcome": "no_answer", "idempotency_key": str(key)},
            content_type="application/json",
        )

    def test_the_api_never_replays_another_chapters_attempt(self):
        key = uuid.uuid4()
        theirs = self.claim(self.outsider, self.lier_campaign)
        self.assertEqual(self.api_attempt(self.api(self.outsider), theirs, key).status_code, 201)
        mine = self.claim(self.caller)
        response = self.api_attempt(self.api(self.caller), mine, key)
        self.assertEqual(response.status_code, 201)
        body = response.json()
        self.assertFalse(body["replayed"])
        self.assertEqual(body["assignment"]["code"], mine.public_code)
        self.assertNotIn("Geheime Firma Lier", response.content.decode())
        self.assertNotIn("0403170799", response.content.decode())

    def test_the_api_replays_only_the_callers_own_attempt_on_the_same_contact(self):
        key = uuid.uuid4()
        client = self.api(self.caller)
        mine = self.claim(self.caller)
        self.assertEqual(self.api_attempt(client, mine, key).status_code, 201)
        again = self.api_attempt(client, mine, key)
        self.assertEqual((again.status_code, again.json()["replayed"]), (200, True))
        other = self.claim(self.caller)
        reused = self.api_attempt(client, other, key)
        self.assertEqual(reused.status_code, 409)
        self.assertEqual(reused.json()["code"], "key_reused")
        self.assertEqual(CallAttempt.objects.filter(idempotency_key=key).count(), 1)

    def test_the_same_callers_key_twice_is_refused_by_the_database(self):
        mine = self.claim(self.caller)
        key = uuid.uuid4()
        CallAttempt.objects.create(
            chapter=self.mechelen,
            assignment=mine,
            caller=self.caller,
            outcome="busy",
            idempotency_key=key,
        )
        with self.assertRaises(IntegrityError), transaction.atomic():
            CallAttempt.objects.create(
                chapter=self.mechelen,
                assignment=mine,
                caller=self.caller,
                outcome="busy",
                idempotency_key=key,
            )

    # conversations ------------------------------------------------------------------------

    def post_reached(self, user, assignment, key):
        return self.web(user).post(
            reverse(
                "campaigns:conversation", args=[assignment.chapter.slug, assignment.public_code]
            ),
            {"idempotency_key": str(key), "health": "red", "how_is_it_going": "Zwaar."},
        )

    def test_a_reached_call_is_stored_when_another_chapter_used_its_key(self):
        key = uuid.uuid4()
        theirs = self.claim(self.outsider, self.lier_campaign)
        self.assertEqual(self.post_reached(self.outsider, theirs, key).status_code, 302)
        mine = self.claim(self.caller)
        response = self.post_reached(self.caller, mine, key)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(mine.conversations.count(), 1)
        mine.refresh_from_db()
        self.assertEqual(mine.status, "done")

    def entry(self, user, organisation, key):
        return self.web(user).post(
            reverse("conversations:create", args=[organisation.chapter.slug]),
            {
                "idempotency_key": str(key),
                "organisation": organisation.public_code,
                "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
                "health": "orange",
            },
        )

    def test_a_conversation_entered_on_the_web_is_stored_once_and_only_for_its_author(self):
        key = uuid.uuid4()
        self.assertEqual(self.entry(self.outsider, self.lier_org, key).status_code, 302)
        firm = Assignment.objects.filter(campaign=self.campaign).first().organisation
        response = self.entry(self.coordinator, firm, key)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.entry(self.coordinator, firm, key).status_code, 302)  # double
        self.assertEqual(Conversation.objects.filter(idempotency_key=key).count(), 2)
        self.assertEqual(Conversation.objects.filter(organisation=firm).count(), 1)
        page = self.web(self.coordinator).get(response["Location"])
        self.assertNotContains(page, "Geheime Firma Lier")
        other = Assignment.objects.filter(campaign=self.campaign)[1].organisation
        reused = self.entry(self.coordinator, other, key)
        self.assertEqual(reused.status_code, 400)
        self.assertContains(reused, "al gebruikt", status_code=400)
        self.assertFalse(Conversation.objects.filter(organisation=other).exists())

    def api_conversation(self, client, organisation, key):
        return client.post(
            f"/api/v1/chapters/{organisation.chapter.slug}/conversations",
            {
                "organisation": organisation.public_code,
                "answers": {"health": "red"},
                "idempotency_key": str(key),
            },
            content_type="application/json",
        )

    def test_the_api_scopes_a_conversation_key_to_its_author_and_firm(self):
        key = uuid.uuid4()
        theirs = self.api_conversation(self.api(self.outsider), self.lier_org, key)
        self.assertEqual(theirs.status_code, 201)
        firms = [a.organisation for a in Assignment.objects.filter(campaign=self.campaign)]
        client = self.api(self.coordinator)
        mine = self.api_conversation(client, firms[0], key)
        self.assertEqual(mine.status_code, 201)
        self.assertNotIn("Geheime Firma Lier", mine.content.decode())
        self.assertEqual(mine.json()["organisation"], firms[0].public_code)
        again = self.api_conversation(client, firms[0], key)
        self.assertEqual((again.status_code, again.json()["code"]), (200, mine.json()["code"]))
        reused = self.api_conversation(client, firms[1], key)
        self.assertEqual(reused.status_code, 409)
        self.assertEqual(Conversation.objects.filter(idempotency_key=key).count(), 2)
