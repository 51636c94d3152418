from django.urls import reverse

from belronde.conversations.tests.fixtures import make_conversation, make_organisation, make_person
from belronde.knowledge import actions
from belronde.knowledge.models import Question
from belronde.testing import BelrondeTestCase
from belronde.themes.actions import ensure_themes


class QuestionViewTests(BelrondeTestCase):
    def setUp(self):
        ensure_themes(self.mechelen)
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.question = actions.raise_question(
            actor=self.caller, chapter=self.mechelen, text="Hoe vraag ik de hinderpremie aan?"
        )

    def url(self, name, code=None):
        return reverse(f"knowledge:{name}", args=["mechelen", code or self.question.public_code])

    def test_a_caller_raises_a_question_from_a_conversation(self):
        self.client.force_login(self.caller)
        create = reverse("knowledge:question_create", args=["mechelen"])
        form = self.client.get(create, {"conversation": self.conversation.public_code})
        self.assertContains(form, self.person.name)
        response = self.client.post(
            create,
            {
                "conversation": self.conversation.public_code,
                "text": "Mag ik mijn terras uitbreiden?",
                "theme": "rules_measures",
                "person": self.person.public_code,
                "notify_entrepreneur": "on",
            },
        )
        self.assertRedirects(
            response,
            reverse("conversations:detail", args=["mechelen", self.conversation.public_code]),
            fetch_redirect_response=False,
        )
        question = Question.objects.get(text="Mag ik mijn terras uitbreiden?")
        self.assertTrue(question.notify_entrepreneur)
        self.assertEqual(question.theme.slug, "rules_measures")

    def test_the_queue_shows_open_questions_with_similar_ones(self):
        actions.raise_question(
            actor=self.caller2, chapter=self.mechelen, text="Kan ik nog een hinderpremie aanvragen?"
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("knowledge:question_list", args=["mechelen"]))
        self.assertContains(response, "Hoe vraag ik de hinderpremie aan?")
        self.assertContains(response, self.url("question_group"))

    def test_a_caller_sees_only_their_own_questions(self):
        actions.raise_question(actor=self.caller2, chapter=self.mechelen, text="Vraag van Carl")
        self.client.force_login(self.caller)
        response = self.client.get(reverse("knowledge:question_list", args=["mechelen"]))
        self.assertContains(response, "hinderpremie")
        self.assertNotContains(response, "Vraag van Carl")
        self.client.force_login(self.caller2)
        self.assertEqual(self.client.get(self.url("question_detail")).status_code, 403)

    def test_the_coordinator_answers_groups_and_publishes(self):
        other = actions.raise_question(
            actor=self.caller2, chapter=self.mechelen, text="Hinderpremie: hoe aanvragen?"
        )
        self.client.force_login(self.coordinator)
        response = self.client.post(
            self.url("question_group", other.public_code), {"under": self.question.public_code}
        )
        self.assertRedirects(response, self.url("question_detail"), fetch_redirect_response=False)
        response = self.client.post(
            self.url("question_answer"),
            {"title": "Hinderpremie aanvragen", "text": "Via het e-loket van VLAIO."},
        )
        self.assertEqual(response.status_code, 302)
        self.client.post(self.url("question_publish"), {"publish": "1"})
        other.refresh_from_db()
        self.assertEqual(other.status, "published")
        detail = self.client.get(self.url("question_detail", other.public_code))
        self.assertContains(detail, "Via het e-loket van VLAIO.")

    def test_grouping_under_an_unknown_code_is_explained(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url("question_group"), {"under": "NOPE234567"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "id_under_error", status_code=400)

    def test_an_empty_answer_is_refused(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url("question_answer"), {"title": "x", "text": ""})
        self.assertEqual(response.status_code, 400)

    def test_answering_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.url("question_answer")).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url("question_detail")).status_code, 404)
