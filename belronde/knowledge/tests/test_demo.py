"""The knowledge and referrals demo loaders: idempotent, every status, graceful without members."""

from django.test import TestCase

from belronde.accounts.demo import load as load_accounts
from belronde.accounts.models import Chapter
from belronde.conversations.models import Conversation
from belronde.conversations.tests.fixtures import make_organisation, make_person
from belronde.knowledge.demo import load as load_knowledge
from belronde.knowledge.models import Answer, BestPractice, Question
from belronde.referrals.demo import load as load_referrals
from belronde.referrals.models import ConsentText, Referral, Service
from belronde.themes.models import Theme


class DemoTests(TestCase):
    def test_without_organisations_it_makes_no_conversations_or_referrals(self):
        load_accounts(seed=1)
        knowledge = load_knowledge(seed=1)
        referrals = load_referrals(seed=1)
        # the themes came with the chapters; the loader adds none
        self.assertEqual(knowledge["themes"], 0)
        self.assertEqual(Theme.objects.count(), 22)
        # questions and practices raised by staff need no organisation
        self.assertEqual(knowledge["questions"], 12)
        self.assertFalse(Question.objects.exclude(organisation=None).exists())
        self.assertEqual(referrals["services"], 4)
        self.assertEqual(referrals["consent texts"], 12)
        self.assertEqual(referrals["referrals"], 0)
        self.assertFalse(Conversation.objects.exists())

    def test_with_organisations_it_fills_every_status_once(self):
        load_accounts(seed=1)
        mechelen = Chapter.objects.get(slug="mechelen")
        for index in range(8):
            make_person(make_organisation(mechelen, f"Demozaak {index}"), f"Contact {index}")
        load_knowledge(seed=1)
        load_referrals(seed=1)
        self.assertEqual(Question.objects.count(), 12)
        self.assertGreaterEqual(Answer.objects.filter(published_at__isnull=False).count(), 3)
        self.assertEqual(
            set(Question.objects.values_list("status", flat=True)),
            {"open", "answered", "published"},
        )
        self.assertEqual(
            set(BestPractice.objects.values_list("status", flat=True)),
            {"published", "submitted", "rejected"},
        )
        self.assertEqual(
            set(Referral.objects.values_list("status", flat=True)),
            {"proposed", "sent", "accepted", "declined", "closed"},
        )
        states = [r.consent.state for r in Referral.objects.select_related("consent")]
        self.assertEqual(states.count("withdrawn"), 1)
        self.assertGreaterEqual(Conversation.objects.filter(chapter=mechelen).count(), 12)
        self.assertTrue(Conversation.objects.exclude(themes=[]).exists())
        before = (Question.objects.count(), Referral.objects.count(), Theme.objects.count())
        load_knowledge(seed=1)
        load_referrals(seed=1)
        after = (Question.objects.count(), Referral.objects.count(), Theme.objects.count())
        self.assertEqual(before, after)
        self.assertEqual(Service.objects.count(), 4)
        self.assertEqual(ConsentText.objects.count(), 12)
