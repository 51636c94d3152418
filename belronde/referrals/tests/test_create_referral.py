"""The server-side rule: no referral without valid consent (GDPR-CONS-04), and the statuses."""

import datetime as dt

from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals import actions
from belronde.referrals.models import Consent, Referral, TriageDecision
from belronde.testing import BelrondeTestCase


class CreateReferralTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)

    def refer(self, consent, **extra):
        return actions.create_referral(
            actor=self.caller,
            service=extra.pop("service", self.dyzo_service),
            organisation=extra.pop("organisation", self.organisation),
            consent=consent,
            reason=extra.pop("reason", "RSZ-achterstand, kas voor een maand."),
            conversation=extra.pop("conversation", self.conversation),
            notify=False,
            **extra,
        )

    def assert_refused(self, consent, **extra):
        with self.assertRaises(actions.ConsentRequired):
            self.refer(consent, **extra)
        self.assertFalse(Referral.objects.exists())

    def test_it_refuses_without_consent_gdpr_cons_04(self):
        self.assert_refused(None)

    def test_it_refuses_with_a_refused_consent_gdpr_cons_04(self):
        consent = give_consent(
            self.caller, self.dyzo_service, self.organisation, answer=Consent.Answer.REFUSED
        )
        self.assert_refused(consent)

    def test_it_refuses_with_a_withdrawn_consent_gdpr_cons_04(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        actions.withdraw_consent(actor=self.caller, consent=consent, method="phone")
        self.assert_refused(consent)

    def test_it_refuses_with_an_expired_consent_gdpr_cons_03_gdpr_cons_04(self):
        consent = give_consent(
            self.caller,
            self.dyzo_service,
            self.organisation,
            now=timezone.now() - dt.timedelta(days=366),
        )
        self.assert_refused(consent)

    def test_it_refuses_a_consent_for_another_service_or_organisation_gdpr_cons_04(self):
        for_coaching = give_consent(self.caller, self.coaching, self.organisation)
        self.assert_refused(for_coaching)
        other = make_organisation(self.mechelen, "Frituur Het Pleintje")
        for_other = give_consent(self.caller, self.dyzo_service, other)
        self.assert_refused(for_other)

    def test_it_refers_with_valid_consent_and_records_who_and_when(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        referral = self.refer(consent, urgency="high")
        self.assertEqual(referral.status, Referral.Status.SENT)
        self.assertEqual(referral.consent, consent)
        self.assertEqual(referral.created_by, self.caller)
        self.assertEqual(
            list(referral.events.values_list("status", "actor")),
            [("proposed", self.caller.pk), ("sent", self.caller.pk)],
        )
        self.assertTrue(AuditEvent.objects.filter(verb="referral.created").exists())
        decision = TriageDecision.objects.get(conversation=self.conversation)
        self.assertEqual(decision.decision, "refer")
        self.assertTrue(decision.suggested)
        self.assertIn("health_red", [r["code"] for r in decision.reasons])
        self.assertEqual(decision.referral, referral)

    def test_it_shares_only_the_fields_chosen_for_the_service_sec_ac_05(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        referral = self.refer(consent)
        data = referral.shared_data
        self.assertEqual(data["organisation_name"], "Brasserie De Klok")
        self.assertEqual(data["contact_email"], "marie@example.org")
        self.assertEqual(data["arrears"], ["rsz", "vat"])
        for never in ("health", "liquidity_horizon", "turnover_change"):
            self.assertNotIn(never, data)
            self.assertNotIn(never, referral.shared_fields)
        self.assertNotIn("achterstand bij de RSZ en de btw", str(data))  # the caller's notes

    def test_a_partner_service_cannot_be_set_to_receive_health_or_figures(self):
        actions.update_service(
            actor=self.coordinator,
            service=self.dyzo_service,
            shared_fields=["organisation_name", "health", "liquidity_horizon"],
        )
        self.dyzo_service.refresh_from_db()
        self.assertEqual(self.dyzo_service.shared_fields, ["organisation_name"])

    def test_a_service_that_requires_review_keeps_the_referral_proposed(self):
        actions.update_service(actor=self.coordinator, service=self.coaching, requires_review=True)
        consent = give_consent(self.caller, self.coaching, self.organisation)
        referral = self.refer(consent, service=self.coaching)
        self.assertEqual(referral.status, "proposed")
        sent = actions.send_referral(actor=self.coordinator, referral=referral, notify=False)
        self.assertEqual(sent.status, "sent")

    def test_the_recipient_accepts_declines_or_closes_with_feedback(self):
        referral = self.refer(give_consent(self.caller, self.dyzo_service, self.organisation))
        with self.assertRaises(actions.WrongStatus):
            actions.close_referral(
                actor=self.partner, referral=referral, outcome="helped", feedback="Klaar."
            )
        actions.accept_referral(actor=self.partner, referral=referral)
        with self.assertRaises(actions.ReferralError):
            actions.close_referral(
                actor=self.partner, referral=referral, outcome="helped", feedback=""
            )
        closed = actions.close_referral(
            actor=self.partner,
            referral=referral,
            outcome="helped",
            feedback="Plan met de RSZ loopt.",
            notify=False,
        )
        self.assertEqual((closed.status, closed.outcome), ("closed", "helped"))
        self.assertEqual(
            [e.status for e in closed.events.all()], ["proposed", "sent", "accepted", "closed"]
        )
        self.assertEqual(closed.events.last().actor, self.partner)

    def test_a_decline_needs_a_reason(self):
        referral = self.refer(give_consent(self.caller, self.dyzo_service, self.organisation))
        with self.assertRaises(actions.ReferralError):
            actions.decline_referral(actor=self.partner, referral=referral, reason=" ")
        declined = actions.decline_referral(
            actor=self.partner, referral=referral, reason="Geen capaciteit.", notify=False
        )
        self.assertEqual(declined.status, "declined")

    def test_nothing_happens_to_a_referral_once_consent_is_withdrawn(self):
        consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        referral = self.refer(consent)
        actions.withdraw_consent(actor=self.caller, consent=consent, method="phone")
        with self.assertRaises(actions.ConsentRequired):
            actions.accept_referral(actor=self.partner, referral=referral)

    def test_a_refusal_after_reading_the_text_records_a_no_referral_decision(self):
        consent, referral = actions.refer_with_consent(
            actor=self.caller,
            conversation=self.conversation,
            service=self.dyzo_service,
            text=self.dyzo_service.consent_texts.get(language="nl"),
            answer="refused",
            method="phone",
            reason="",
            urgency="normal",
        )
        self.assertIsNone(referral)
        self.assertEqual(consent.answer, "refused")
        self.assertFalse(Referral.objects.exists())
        decision = TriageDecision.objects.get()
        self.assertEqual(decision.decision, "no_referral")

    def test_an_error_in_the_referral_leaves_no_consent_behind(self):
        with self.assertRaises(actions.ReferralError):
            actions.refer_with_consent(
                actor=self.caller,
                conversation=self.conversation,
                service=self.dyzo_service,
                text=self.dyzo_service.consent_texts.get(language="nl"),
                answer="given",
                method="phone",
                reason="   ",
                urgency="normal",
            )
        self.assertFalse(Consent.objects.exists())
        self.assertFalse(Referral.objects.exists())
