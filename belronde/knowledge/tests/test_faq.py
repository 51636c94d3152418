from django.urls import reverse

from belronde.knowledge import actions
from belronde.testing import BelrondeTestCase
from belronde.themes.actions import ensure_themes


class FaqTests(BelrondeTestCase):
    def setUp(self):
        ensure_themes(self.mechelen)
        self.url = reverse("knowledge:faq", args=["mechelen"])
        for text, answer, publish in (
            ("Hoe vraag ik de hinderpremie aan?", "Via het e-loket van VLAIO.", True),
            ("Kan ik uitstel voor de btw krijgen?", "Ja, met een afbetalingsplan.", True),
            ("Wat met mijn huurcontract?", "Praat met de verhuurder.", False),
        ):
            question = actions.raise_question(actor=self.caller, chapter=self.mechelen, text=text)
            actions.answer_question(
                actor=self.coordinator, question=question, title=text, text=answer, notify=False
            )
            if publish:
                actions.publish_answer(actor=self.coordinator, question=question)

    def test_callers_find_published_answers_only(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertContains(response, "hinderpremie")
        self.assertContains(response, "afbetalingsplan")
        self.assertNotContains(response, "verhuurder")

    def test_every_word_must_match(self):
        self.client.force_login(self.caller2)
        response = self.client.get(self.url, {"q": "btw afbetalingsplan"})
        self.assertContains(response, "afbetalingsplan")
        self.assertNotContains(response, "VLAIO")
        self.assertContains(self.client.get(self.url, {"q": "huurcontract"}), "huurcontract")

    def test_the_caller_screen_gets_the_results_only_with_htmx(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url, {"q": "premie"}, headers={"HX-Request": "true"})
        self.assertNotContains(response, "<html")
        self.assertContains(response, "hinderpremie")

    def test_another_chapter_sees_nothing_of_it(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        lier = self.client.get(reverse("knowledge:faq", args=["lier"]))
        self.assertNotContains(lier, "VLAIO")

    def test_it_is_403_for_partners_and_funders(self):
        for user in (self.partner, self.funder):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
