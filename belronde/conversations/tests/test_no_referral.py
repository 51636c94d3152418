from django.urls import reverse

from belronde.conversations.tests.fixtures import make_conversation, make_organisation
from belronde.referrals.models import TriageDecision
from belronde.testing import BelrondeTestCase


class NoReferralTests(BelrondeTestCase):
    def setUp(self):
        self.conversation = make_conversation(self.caller, make_organisation(self.mechelen))
        self.url = reverse(
            "conversations:no_referral", args=["mechelen", self.conversation.public_code]
        )

    def test_the_decision_and_the_suggestion_are_recorded(self):
        self.client.force_login(self.caller)
        response = self.client.post(self.url, {"note": "Zijn boekhouder volgt het al op."})
        self.assertEqual(response.status_code, 302)
        decision = TriageDecision.objects.get()
        self.assertEqual(decision.decision, "no_referral")
        self.assertTrue(decision.suggested)
        self.assertEqual(decision.suggested_target, "coaching")
        self.assertIn("public_arrears", [r["code"] for r in decision.reasons])
        self.assertEqual(decision.decided_by, self.caller)
        page = self.client.get(
            reverse("conversations:detail", args=["mechelen", self.conversation.public_code])
        )
        self.assertContains(page, "Zijn boekhouder volgt het al op.")

    def test_a_reason_is_required(self):
        self.client.force_login(self.caller)
        response = self.client.post(self.url, {"note": ""})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "id_note_error", status_code=400)
        self.assertFalse(TriageDecision.objects.exists())

    def test_it_is_403_for_partners_and_404_for_the_other_chapter(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.post(self.url, {"note": "x"}).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.url, {"note": "x"}).status_code, 404)
