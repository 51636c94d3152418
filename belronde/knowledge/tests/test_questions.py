"""Questions: raised, grouped with similar ones, answered once, published in the FAQ."""

from belronde.conversations.tests.fixtures import (
    make_conversation,
    make_organisation,
    make_person,
)
from belronde.knowledge import actions
from belronde.knowledge.models import Question
from belronde.testing import BelrondeTestCase
from belronde.themes.actions import ensure_themes


class QuestionActionTests(BelrondeTestCase):
    def setUp(self):
        ensure_themes(self.mechelen)
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)

    def raise_(self, text, actor=None, **extra):
        return actions.raise_question(
            actor=actor or self.caller, chapter=self.mechelen, text=text, **extra
        )

    def test_a_question_from_a_conversation_knows_who_asked(self):
        question = self.raise_(
            "Hoe vraag ik de hinderpremie aan?",
            conversation=self.conversation,
            notify_entrepreneur=True,
        )
        self.assertEqual(question.organisation, self.organisation)
        self.assertEqual(question.person, self.person)
        self.assertEqual(question.status, "open")

    def test_the_entrepreneur_can_only_opt_in_with_an_address(self):
        self.person.email = ""
        self.person.save(update_fields=["email"])
        with self.assertRaises(actions.KnowledgeError):
            self.raise_("Vraag?", conversation=self.conversation, notify_entrepreneur=True)

    def test_an_answer_serves_the_whole_group(self):
        lead = self.raise_("Kan ik uitstel krijgen voor de btw?")
        same = self.raise_("Is er uitstel van betaling voor de btw?", actor=self.caller2)
        actions.group_question(actor=self.coordinator, question=same, under=lead)
        with self.captureOnCommitCallbacks() as callbacks:
            actions.answer_question(
                actor=self.coordinator, question=same, title="", text="Ja, vraag een plan aan."
            )
        self.assertEqual(len(callbacks), 2)  # one e-mail task per question in the group
        lead.refresh_from_db()
        same.refresh_from_db()
        self.assertEqual((lead.status, same.status), ("answered", "answered"))
        self.assertEqual(same.lead.answer.text, "Ja, vraag een plan aan.")
        actions.publish_answer(actor=self.coordinator, question=lead)
        self.assertEqual(set(Question.objects.values_list("status", flat=True)), {"published"})

    def test_a_question_grouped_under_an_answered_one_is_answered_and_notified(self):
        lead = self.raise_("Hoe zet ik personeel op tijdelijke werkloosheid?")
        actions.answer_question(
            actor=self.coordinator, question=lead, title="", text="Via de RVA.", notify=False
        )
        late = self.raise_("Tijdelijke werkloosheid aanvragen, hoe?", actor=self.caller2)
        with self.captureOnCommitCallbacks() as callbacks:
            actions.group_question(actor=self.coordinator, question=late, under=lead)
        late.refresh_from_db()
        self.assertEqual(late.status, "answered")
        self.assertEqual(len(callbacks), 1)

    def test_grouping_moves_the_questions_grouped_under_it_too(self):
        a = self.raise_("Vraag A over de premie")
        b = self.raise_("Vraag B over de premie")
        c = self.raise_("Vraag C over de premie")
        actions.group_question(actor=self.coordinator, question=b, under=a)
        actions.group_question(actor=self.coordinator, question=a, under=c)
        self.assertEqual(
            set(Question.objects.filter(same_as=c).values_list("pk", flat=True)), {a.pk, b.pk}
        )

    def test_a_question_cannot_be_grouped_under_itself_or_twice(self):
        a = self.raise_("Vraag A over de premie")
        b = self.raise_("Vraag B over de premie")
        with self.assertRaises(actions.KnowledgeError):
            actions.group_question(actor=self.coordinator, question=a, under=a)
        actions.group_question(actor=self.coordinator, question=b, under=a)
        with self.assertRaises(actions.KnowledgeError):
            actions.group_question(actor=self.coordinator, question=b, under=a)

    def test_ungrouping_reopens_the_question(self):
        a = self.raise_("Vraag A over de premie")
        b = self.raise_("Vraag B over de premie")
        actions.group_question(actor=self.coordinator, question=b, under=a)
        actions.ungroup_question(actor=self.coordinator, question=b)
        b.refresh_from_db()
        self.assertIsNone(b.same_as)
        self.assertEqual(b.status, "open")

    def test_publishing_needs_an_answer(self):
        question = self.raise_("Vraag zonder antwoord")
        with self.assertRaises(actions.WrongStatus):
            actions.publish_answer(actor=self.coordinator, question=question)

    def test_editing_an_answer_sends_no_new_mail(self):
        question = self.raise_("Vraag over de huur")
        actions.answer_question(
            actor=self.coordinator, question=question, title="", text="Eerste.", notify=False
        )
        with self.captureOnCommitCallbacks() as callbacks:
            answer = actions.answer_question(
                actor=self.coordinator, question=question, title="Huur", text="Beter antwoord."
            )
        self.assertEqual(callbacks, [])
        self.assertEqual(answer.text, "Beter antwoord.")

    def test_an_empty_or_foreign_question_is_refused(self):
        with self.assertRaises(actions.KnowledgeError):
            self.raise_("  ")
        lier_org = make_organisation(self.lier, "Bakkerij Zimmer")
        with self.assertRaises(actions.KnowledgeError):
            self.raise_("Vraag?", organisation=lier_org)
