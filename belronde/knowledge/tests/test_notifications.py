"""The answer reaches the caller who asked and, when they opted in, the entrepreneur: by e-mail,
through the task worker, to a real SMTP server process, in each recipient's language."""

import pytest
from django.core.management import call_command

from belronde.conversations.tests.fixtures import (
    make_conversation,
    make_organisation,
    make_person,
)
from belronde.knowledge import actions
from belronde.testing import Personas


@pytest.mark.django_db(transaction=True)
class TestAnsweredQuestionMail(Personas):
    def test_the_asker_and_the_entrepreneur_get_the_answer(self, smtp_server):
        self.create_personas()
        self.caller.language = "en"
        self.caller.save(update_fields=["language"])
        organisation = make_organisation(self.mechelen)
        person = make_person(organisation, email="ondernemer@example.org", language="nl")
        conversation = make_conversation(self.caller, organisation, person=person)
        question = actions.raise_question(
            actor=self.caller,
            chapter=self.mechelen,
            text="Hoe vraag ik de hinderpremie aan?",
            conversation=conversation,
            notify_entrepreneur=True,
        )
        actions.answer_question(
            actor=self.coordinator,
            question=question,
            title="Hinderpremie aanvragen",
            text="Via het e-loket van VLAIO, met uw eID.",
        )
        assert smtp_server.messages() == []
        call_command("worker", "--batch", "--no-startup-delay")
        messages = {m["To"]: m for m in smtp_server.wait_for(2)}
        assert set(messages) == {self.caller.email, "ondernemer@example.org"}
        to_caller = messages[self.caller.email]
        assert to_caller["Subject"] == "Your question has been answered"
        body = to_caller.get_payload(decode=True).decode()
        assert "Via het e-loket van VLAIO, met uw eID." in body
        assert f"/c/mechelen/knowledge/questions/{question.public_code}/" in body
        to_entrepreneur = messages["ondernemer@example.org"]
        assert to_entrepreneur["Subject"] == "Het antwoord op uw vraag"
        text = to_entrepreneur.get_payload(decode=True).decode()
        assert "Beste Marie Peeters" in text
        assert "Via het e-loket van VLAIO" in text
        assert "/c/mechelen/" not in text  # no links into belronde for outsiders

    def test_no_opt_in_means_no_mail_to_the_entrepreneur(self, smtp_server):
        self.create_personas()
        organisation = make_organisation(self.mechelen)
        person = make_person(organisation, email="ondernemer@example.org")
        conversation = make_conversation(self.caller, organisation, person=person)
        question = actions.raise_question(
            actor=self.caller,
            chapter=self.mechelen,
            text="Kan ik uitstel krijgen voor de btw?",
            conversation=conversation,
        )
        actions.answer_question(
            actor=self.coordinator, question=question, title="", text="Ja, vraag het aan."
        )
        call_command("worker", "--batch", "--no-startup-delay")
        [message] = smtp_server.wait_for(1)
        assert message["To"] == self.caller.email
        assert message["Subject"] == "Je vraag werd beantwoord"


@pytest.mark.django_db
def test_the_task_renders_french_contacts_in_dutch(settings, smtp_server):
    """Entrepreneurs who speak French get the chapter's Dutch (there is no French UI yet)."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from belronde.knowledge.tasks import notify_question_answered

    Personas.create_personas()
    organisation = make_organisation(Personas.mechelen)
    person = make_person(organisation, email="fr@example.org", language="fr")
    question = actions.raise_question(
        actor=Personas.caller,
        chapter=Personas.mechelen,
        text="Question?",
        organisation=organisation,
        person=person,
        notify_entrepreneur=True,
    )
    actions.answer_question(
        actor=Personas.coordinator, question=question, title="", text="Antwoord.", notify=False
    )
    result = notify_question_answered.enqueue(question.pk)
    assert result.return_value == 2
    subjects = {m["To"]: m["Subject"] for m in smtp_server.wait_for(2)}
    assert subjects["fr@example.org"] == "Het antwoord op uw vraag"
