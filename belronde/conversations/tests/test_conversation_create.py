"""Entering a conversation afterwards, outside a campaign."""

from django.urls import reverse

from belronde.campaigns.models import Script
from belronde.conversations.models import Conversation
from belronde.conversations.tests.fixtures import assign, make_organisation, make_person
from belronde.testing import BelrondeTestCase


class ConversationCreateTests(BelrondeTestCase):
    url = reverse("conversations:create", args=["mechelen"])

    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)

    def form(self, **extra):
        data = {
            "organisation": self.organisation.public_code,
            "person": self.person.public_code,
            "held_at": "2026-11-20T14:30",
            "how_is_it_going": "Slecht, de kassa is leeg.",
            "what_is_hard": "We kunnen de lonen niet meer betalen.",
            "health": "red",
            "liquidity_horizon": "lt1",
            "arrears": ["rsz"],
            "asks_for_help": "yes",
        }
        data.update(extra)
        return data

    def test_the_coordinator_enters_a_conversation_with_the_default_script(self):
        self.client.force_login(self.coordinator)
        scripts = Script.objects.count()  # the one each chapter is given at its creation
        page = self.client.get(self.url, {"organisation": self.organisation.public_code})
        self.assertContains(page, "Hoe gaat het?")
        self.assertContains(page, self.person.name)
        self.assertEqual(Script.objects.count(), scripts)  # looking creates nothing
        response = self.client.post(self.url, self.form())
        conversation = Conversation.objects.get()
        self.assertRedirects(
            response,
            reverse("conversations:detail", args=["mechelen", conversation.public_code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(conversation.health, "red")
        self.assertEqual(conversation.person, self.person)
        self.assertEqual(conversation.held_at.date().isoformat(), "2026-11-20")
        self.assertIsNone(conversation.campaign)
        self.assertEqual(conversation.themes, ["liquidity"])
        self.assertTrue(Script.objects.filter(chapter=self.mechelen).exists())

    def test_a_caller_may_enter_one_for_an_assigned_organisation_only(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url, {"organisation": self.organisation.public_code})
        self.assertEqual(response.status_code, 403)
        self.assertContains(
            self.client.get(self.url), "Er zijn je nog geen ondernemingen toegewezen"
        )
        assign(self.caller, self.organisation)
        self.assertEqual(self.client.post(self.url, self.form()).status_code, 302)
        self.assertEqual(Conversation.objects.get().recorded_by, self.caller)

    def test_bad_input_is_explained_and_nothing_is_saved(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.form(health="", held_at="2999-01-01T10:00"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'id="id_health_error"', status_code=400)
        self.assertContains(response, 'id="id_held_at_error"', status_code=400)
        self.assertFalse(Conversation.objects.exists())

    def test_a_person_of_another_organisation_is_refused(self):
        other = make_organisation(self.mechelen, "Andere zaak")
        stranger = make_person(other, "Jan Vreemd")
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, self.form(person=stranger.public_code))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Conversation.objects.exists())

    def test_it_is_403_for_coaches_and_partners_and_404_for_the_other_chapter(self):
        for user in (self.coach, self.partner):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
