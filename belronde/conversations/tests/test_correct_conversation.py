"""Corrections are new versions with who and when; the original never changes."""

from django.db import IntegrityError

from belronde.conversations.actions import (
    ConversationOutdated,
    correct_conversation,
    correct_themes,
)
from belronde.conversations.models import Conversation
from belronde.conversations.tests.fixtures import RED_ANSWERS, make_conversation, make_organisation
from belronde.testing import BelrondeTestCase


class CorrectConversationTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.original = make_conversation(self.caller, self.organisation)

    def test_a_theme_correction_is_a_new_version_by_the_corrector(self):
        corrected = correct_themes(
            actor=self.coordinator,
            conversation=self.original,
            themes=["liquidity", "tax_social_arrears", "not-a-theme"],
            expected_version=1,
        )
        self.assertEqual(corrected.version, 2)
        self.assertEqual(corrected.themes, ["liquidity", "tax_social_arrears"])
        self.assertEqual(corrected.recorded_by, self.coordinator)
        self.assertEqual(corrected.supersedes, self.original)
        self.assertEqual(corrected.root, self.original)
        self.assertEqual(corrected.answers, self.original.answers)
        self.original.refresh_from_db()
        self.assertEqual(
            self.original.themes, ["turnover", "tax_social_arrears", "financing_banks"]
        )
        self.assertEqual(self.original.latest_version(), corrected)
        self.assertEqual(list(corrected.versions()), [self.original, corrected])

    def test_no_change_makes_no_version(self):
        same = correct_themes(
            actor=self.caller, conversation=self.original, themes=list(self.original.themes)
        )
        self.assertEqual(same.pk, self.original.pk)
        self.assertEqual(Conversation.objects.count(), 1)

    def test_a_correction_of_an_outdated_version_is_refused(self):
        correct_themes(actor=self.caller, conversation=self.original, themes=["liquidity"])
        with self.assertRaises(ConversationOutdated):
            correct_themes(
                actor=self.coordinator,
                conversation=self.original,
                themes=["staff"],
                expected_version=1,
            )

    def test_correcting_answers_keeps_the_themes_and_refreshes_the_suggestion(self):
        v2 = correct_themes(actor=self.caller, conversation=self.original, themes=["wellbeing"])
        answers = dict(RED_ANSWERS, what_is_hard="Personeel vinden lukt niet.")
        v3 = correct_conversation(actor=self.caller, conversation=v2, raw_answers=answers)
        self.assertEqual(v3.version, 3)
        self.assertEqual(v3.themes, ["wellbeing"])
        self.assertIn("staff", v3.suggested_themes)
        self.assertEqual(v3.root, self.original)

    def test_rows_cannot_be_changed_or_deleted(self):
        self.original.health = "green"
        with self.assertRaises(ValueError):
            self.original.save()
        with self.assertRaises(ValueError):
            self.original.delete()

    def test_the_database_refuses_a_version_without_root(self):
        with self.assertRaises(IntegrityError):
            Conversation.objects.create(
                chapter=self.mechelen,
                organisation=self.organisation,
                health="green",
                recorded_by=self.caller,
                version=2,
                supersedes=self.original,
            )
