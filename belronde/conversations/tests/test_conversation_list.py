from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.conversations.actions import correct_themes
from belronde.conversations.tests.fixtures import (
    GREEN_ANSWERS,
    assign,
    make_conversation,
    make_organisation,
)
from belronde.testing import BelrondeTestCase


class ConversationListTests(BelrondeTestCase):
    url = reverse("conversations:list", args=["mechelen"])

    def setUp(self):
        self.klok = make_organisation(self.mechelen, "Brasserie De Klok")
        self.bakker = make_organisation(self.mechelen, "Bakkerij Zoet")
        self.red = make_conversation(self.caller, self.klok)
        self.green = make_conversation(self.caller2, self.bakker, GREEN_ANSWERS)
        self.in_lier = make_conversation(
            self.outsider, make_organisation(self.lier, "Lierse Frituur")
        )

    def test_the_coordinator_sees_every_conversation_of_the_chapter_once(self):
        correct_themes(actor=self.caller, conversation=self.red, themes=["liquidity"])
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, "Brasserie De Klok", count=1)  # the latest version only
        self.assertContains(response, "Bakkerij Zoet")
        self.assertNotContains(response, "Lierse Frituur")
        self.assertTrue(AuditEvent.objects.filter(verb="conversation.listed").exists())
        detail = reverse("conversations:detail", args=["mechelen", self.green.public_code])
        self.assertContains(response, f'<a href="{detail}">Bakkerij Zoet</a>', html=True)

    def test_a_caller_sees_their_own_and_their_assigned_organisations(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertContains(response, "Brasserie De Klok")
        self.assertNotContains(response, "Bakkerij Zoet")
        assign(self.caller, self.bakker)
        self.assertContains(self.client.get(self.url), "Bakkerij Zoet")

    def test_filters_by_organisation_health_and_theme(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url, {"organisation": self.klok.public_code})
        self.assertContains(response, "Gesprekken met Brasserie De Klok")
        self.assertNotContains(response, "Bakkerij Zoet")
        response = self.client.get(self.url, {"health": "green"})
        self.assertContains(response, "Bakkerij Zoet")
        self.assertNotContains(response, "Brasserie De Klok</a></td>")
        response = self.client.get(self.url, {"theme": "tax_social_arrears"})
        self.assertContains(response, "Brasserie De Klok</a></td>")
        self.assertNotContains(response, "Bakkerij Zoet</a></td>")
        unknown = self.client.get(self.url, {"organisation": "NOPE234567"})
        self.assertEqual(unknown.status_code, 404)

    def test_it_is_403_for_partners_and_funders(self):
        for user in (self.partner, self.funder, self.regional):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
