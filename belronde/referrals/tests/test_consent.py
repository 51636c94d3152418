"""Recording and withdrawing consent (GDPR-CONS-01, -03)."""

import datetime as dt

from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.conversations.tests.fixtures import (
    consent_text,
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals import actions
from belronde.referrals.models import Consent
from belronde.testing import BelrondeTestCase


class ConsentTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation, language="en")
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)

    def test_it_records_subject_purpose_recipient_text_who_when_how_and_expiry_gdpr_cons_01(self):
        text = consent_text(self.dyzo_service, "en")
        before = timezone.now()
        consent = actions.record_consent(
            actor=self.caller,
            service=self.dyzo_service,
            organisation=self.organisation,
            person=self.person,
            text=text,
            answer=Consent.Answer.GIVEN,
            method=Consent.Method.PHONE,
            conversation=self.conversation,
        )
        consent.refresh_from_db()
        self.assertEqual(consent.organisation, self.organisation)
        self.assertEqual(consent.person, self.person)
        self.assertIn("Dyzo", consent.purpose)
        self.assertEqual(consent.recipient, "Dyzo vzw")
        self.assertEqual(consent.partner_organisation, self.dyzo)
        self.assertEqual((consent.text_version, consent.language), (1, "en"))
        self.assertEqual(consent.text_hash, text.text_hash)
        self.assertEqual(len(consent.text_hash), 64)
        self.assertEqual(consent.answer, "given")
        self.assertEqual(consent.state, "given")
        self.assertEqual(consent.captured_by, self.caller)
        self.assertGreaterEqual(consent.captured_at, before)
        self.assertEqual(consent.method, "phone")
        self.assertEqual(consent.expires_at - consent.captured_at, dt.timedelta(days=365))
        self.assertIsNone(consent.withdrawn_at)
        self.assertTrue(consent.is_valid())
        event = AuditEvent.objects.get(verb="consent.recorded")
        self.assertEqual(event.object_code, consent.public_code)
        self.assertEqual(event.payload["answer"], "given")

    def test_history_is_append_only_gdpr_cons_01(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        consent.method = Consent.Method.EMAIL
        with self.assertRaises(ValueError):
            consent.save()
        with self.assertRaises(ValueError):
            consent.save(update_fields=["method"])
        with self.assertRaises(ValueError):
            consent.delete()
        text = consent.text
        text.text = "changed"
        with self.assertRaises(ValueError):
            text.save()

    def test_a_withdrawal_is_written_once_with_who_when_and_how_gdpr_cons_01(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        withdrawn = actions.withdraw_consent(
            actor=self.coordinator, consent=consent, method=Consent.Method.EMAIL
        )
        withdrawn.refresh_from_db()
        self.assertIsNotNone(withdrawn.withdrawn_at)
        self.assertEqual(withdrawn.withdrawn_by, self.coordinator)
        self.assertEqual(withdrawn.withdrawal_method, "email")
        self.assertEqual(withdrawn.state, "withdrawn")
        self.assertFalse(withdrawn.is_valid())
        # the original capture is untouched
        self.assertEqual(withdrawn.captured_by, self.caller)
        self.assertEqual(withdrawn.answer, "given")
        with self.assertRaises(actions.ReferralError):
            actions.withdraw_consent(actor=self.coordinator, consent=consent, method="phone")
        self.assertTrue(AuditEvent.objects.filter(verb="consent.withdrawn").exists())

    def test_a_refusal_is_recorded_and_cannot_be_withdrawn(self):
        consent = give_consent(
            self.caller, self.dyzo_service, self.organisation, answer=Consent.Answer.REFUSED
        )
        self.assertEqual(consent.state, "refused")
        self.assertFalse(consent.is_valid())
        with self.assertRaises(actions.ReferralError):
            actions.withdraw_consent(actor=self.caller, consent=consent, method="phone")

    def test_consent_past_expiry_behaves_as_withdrawn_gdpr_cons_03(self):
        long_ago = timezone.now() - dt.timedelta(days=400)
        consent = give_consent(self.caller, self.dyzo_service, self.organisation, now=long_ago)
        self.assertEqual(consent.state, "expired")
        self.assertFalse(consent.is_valid())
        self.assertFalse(Consent.objects.filter(Consent.valid_q(), pk=consent.pk).exists())

    def test_it_refuses_a_text_of_another_service_or_an_organisation_of_another_chapter(self):
        with self.assertRaises(actions.ReferralError):
            actions.record_consent(
                actor=self.caller,
                service=self.dyzo_service,
                organisation=self.organisation,
                text=consent_text(self.coaching),
                answer="given",
                method="phone",
            )
        elsewhere = make_organisation(self.lier, "Bakkerij Lier")
        with self.assertRaises(actions.ReferralError):
            give_consent(self.caller, self.dyzo_service, elsewhere)

    def test_a_new_text_version_keeps_the_old_one_for_consents_already_given(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        new = actions.add_consent_text(
            actor=self.coordinator,
            service=self.dyzo_service,
            language="nl",
            text="Een nieuwe, langere tekst over wat Dyzo ontvangt en waarom.",
        )
        self.assertEqual(new.version, 2)
        consent.refresh_from_db()
        self.assertEqual(consent.text_version, 1)
        self.assertEqual(actions.current_text(self.dyzo_service, "nl"), new)
        # saving the same text again does not make a version
        again = actions.add_consent_text(
            actor=self.coordinator, service=self.dyzo_service, language="nl", text=new.text
        )
        self.assertEqual(again.pk, new.pk)

    def test_the_dutch_text_stands_in_for_a_missing_language(self):
        self.assertIsNone(actions.current_text(self.dyzo_service, "fr"))
        self.assertEqual(actions.text_for(self.dyzo_service, "fr").language, "nl")
