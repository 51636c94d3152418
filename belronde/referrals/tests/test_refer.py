"""The web entry point: read the consent text, record the answer, refer (GDPR-CONS-04 in the UI)."""

from django.urls import reverse

from belronde.conversations.tests.fixtures import (
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals.models import Consent, ConsentText, Referral, TriageDecision
from belronde.testing import BelrondeTestCase


class ReferTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation, language="en")
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)
        self.url = reverse(
            "referrals:refer",
            args=["mechelen", self.conversation.public_code, self.dyzo_service.public_code],
        )

    def post(self, **data):
        form = {
            "text_language": "en",
            "text_version": "1",
            "person": self.person.public_code,
            "answer": "given",
            "method": "phone",
            "reason": "RSZ and VAT arrears; wants long-term support.",
            "urgency": "high",
        }
        form.update(data)
        return self.client.post(self.url, {k: v for k, v in form.items() if v is not None})

    def test_it_shows_the_consent_text_in_the_entrepreneurs_language(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "May we pass your name")
        self.assertContains(response, 'lang="en"')
        self.assertContains(response, 'name="text_version" value="1"')
        # what will be shared is listed
        self.assertContains(response, "ondernemingsnummer")

    def test_the_summary_for_a_partner_starts_empty_sec_ac_05(self):
        self.client.force_login(self.caller)
        form = self.client.get(self.url).context["form"]
        self.assertEqual(form.initial["reason"], "")
        coaching = reverse(
            "referrals:refer",
            args=["mechelen", self.conversation.public_code, self.coaching.public_code],
        )
        form = self.client.get(coaching).context["form"]
        self.assertIn("rood", form.initial["reason"])

    def test_another_language_can_be_chosen(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url, {"language": "nl"})
        self.assertContains(response, "Mogen wij uw naam")

    def test_it_refers_after_consent_and_goes_back_to_the_conversation(self):
        self.client.force_login(self.caller)
        response = self.post()
        self.assertRedirects(
            response,
            reverse("conversations:detail", args=["mechelen", self.conversation.public_code]),
            fetch_redirect_response=False,
        )
        referral = Referral.objects.get()
        self.assertEqual(referral.status, "sent")
        self.assertEqual(referral.urgency, "high")
        self.assertEqual(referral.consent.language, "en")
        self.assertEqual(referral.consent.person, self.person)

    def test_a_refusal_makes_no_referral_gdpr_cons_04(self):
        self.client.force_login(self.caller)
        response = self.post(answer="refused", reason="")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Referral.objects.exists())
        self.assertEqual(Consent.objects.get().answer, "refused")
        self.assertEqual(TriageDecision.objects.get().decision, "no_referral")

    def test_without_an_answer_nothing_is_recorded_gdpr_cons_04(self):
        self.client.force_login(self.caller)
        response = self.post(answer=None)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Referral.objects.exists())
        self.assertFalse(Consent.objects.exists())

    def test_an_unknown_text_version_is_refused_gdpr_cons_04(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.post(text_version="9").status_code, 404)
        self.assertFalse(Referral.objects.exists())

    def test_a_reason_is_needed_when_consent_was_given(self):
        self.client.force_login(self.caller)
        response = self.post(reason="")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Consent.objects.exists())

    def test_a_service_without_consent_text_offers_no_form(self):
        # texts are never deleted in the app; a service that never had one is the case here
        texts = ConsentText.objects.filter(service=self.dyzo_service)
        texts._raw_delete(texts.db)
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertNotContains(response, 'name="answer"')
        self.assertEqual(self.post().status_code, 404)
        self.assertFalse(Referral.objects.exists())

    def test_it_is_403_for_another_caller_and_for_partners(self):
        for user in (self.caller2, self.partner, self.funder):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
