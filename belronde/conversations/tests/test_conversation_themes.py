from django.urls import reverse

from belronde.conversations.models import Conversation
from belronde.conversations.tests.fixtures import make_conversation, make_organisation
from belronde.testing import BelrondeTestCase


class ConversationThemesTests(BelrondeTestCase):
    def setUp(self):
        self.conversation = make_conversation(self.caller, make_organisation(self.mechelen))
        self.url = reverse("conversations:themes", args=["mechelen", self.conversation.public_code])

    def test_the_caller_corrects_the_themes_as_a_new_version(self):
        self.client.force_login(self.caller)
        response = self.client.post(self.url, {"themes": ["liquidity", "staff"], "version": 1})
        latest = Conversation.objects.get(version=2)
        self.assertRedirects(
            response,
            reverse("conversations:detail", args=["mechelen", latest.public_code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(latest.themes, ["liquidity", "staff"])
        page = self.client.get(
            reverse("conversations:detail", args=["mechelen", latest.public_code])
        )
        self.assertContains(page, "Voorgesteld maar weggehaald:")
        old = self.client.get(
            reverse("conversations:detail", args=["mechelen", self.conversation.public_code])
        )
        self.assertContains(old, "Je bekijkt versie 1")

    def test_a_stale_form_does_not_overwrite_a_newer_correction(self):
        self.client.force_login(self.caller)
        self.client.post(self.url, {"themes": ["liquidity"], "version": 1})
        self.client.force_login(self.coordinator)
        self.client.post(self.url, {"themes": ["staff"], "version": 1})
        self.assertEqual(Conversation.objects.count(), 2)
        self.assertEqual(Conversation.objects.get(version=2).themes, ["liquidity"])

    def test_an_unknown_theme_is_refused(self):
        self.client.force_login(self.caller)
        self.client.post(self.url, {"themes": ["nonsense"], "version": 1})
        self.assertEqual(Conversation.objects.count(), 1)

    def test_it_is_403_for_coaches_and_404_for_the_other_chapter(self):
        self.client.force_login(self.coach)
        self.assertEqual(self.client.post(self.url, {"version": 1}).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"version": 1}).status_code, 404)
