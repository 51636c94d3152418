"""record_conversation suggests themes from the open answers; the caller screen's contract holds."""

import uuid

from belronde.audit.models import AuditEvent
from belronde.conversations.actions import ConversationInvalid, record_conversation
from belronde.conversations.tests.fixtures import (
    GREEN_ANSWERS,
    RED_ANSWERS,
    assign,
    make_organisation,
    make_person,
    make_script_version,
)
from belronde.testing import BelrondeTestCase
from belronde.themes.actions import ensure_themes
from belronde.themes.models import Theme


class RecordConversationTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.version = make_script_version(self.mechelen)

    def record(self, answers, **extra):
        return record_conversation(
            actor=self.caller,
            organisation=self.organisation,
            script_version=self.version,
            raw_answers=dict(answers),
            **extra,
        )

    def test_it_suggests_themes_from_the_open_answers(self):
        conversation = self.record(RED_ANSWERS)
        self.assertEqual(conversation.themes, ["turnover", "tax_social_arrears", "financing_banks"])
        self.assertEqual(conversation.suggested_themes, conversation.themes)
        event = AuditEvent.objects.get(verb="conversation.recorded")
        self.assertEqual(event.payload["themes"], conversation.themes)

    def test_structured_answers_do_not_make_themes(self):
        # "red", "rsz" in the structured items are not words the entrepreneur said
        answers = {
            k: v
            for k, v in RED_ANSWERS.items()
            if k not in {"how_is_it_going", "what_still_works", "what_is_hard", "how_can_we_help"}
        }
        self.assertEqual(self.record(answers).themes, [])

    def test_a_theme_out_of_use_is_not_suggested(self):
        ensure_themes(self.mechelen)
        Theme.objects.filter(chapter=self.mechelen, slug="financing_banks").update(is_active=False)
        self.assertNotIn("financing_banks", self.record(RED_ANSWERS).themes)

    def test_it_keeps_the_caller_screens_signature_and_idempotency(self):
        assignment = assign(self.caller, self.organisation, claimed=True)
        key = uuid.uuid4()
        first = record_conversation(
            actor=self.caller,
            organisation=self.organisation,
            script_version=self.version,
            raw_answers=dict(GREEN_ANSWERS),
            assignment=assignment,
            person=self.person,
            idempotency_key=key,
        )
        again = record_conversation(
            actor=self.caller,
            organisation=self.organisation,
            script_version=self.version,
            raw_answers=dict(GREEN_ANSWERS),
            assignment=assignment,
            person=self.person,
            idempotency_key=key,
        )
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(first.campaign, assignment.campaign)
        self.assertEqual(first.version, 1)
        self.assertIsNone(first.root)

    def test_it_still_refuses_invalid_answers(self):
        with self.assertRaises(ConversationInvalid) as caught:
            self.record({"health": "purple"})
        self.assertEqual([e.key for e in caught.exception.errors], ["health"])
