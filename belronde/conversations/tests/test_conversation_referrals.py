"""What the conversation page shows of the referrals made from it (issue 11 point 2): the same
access function as the referral's own page decides what opens in full."""

from django.urls import reverse

from belronde.conversations.tests.fixtures import (
    assign,
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals import actions as referral_actions
from belronde.testing import BelrondeTestCase


class ConversationReferralsTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.url = reverse("conversations:detail", args=["mechelen", self.conversation.public_code])

    def refer(self, actor, service):
        consent = give_consent(actor, service, self.organisation, conversation=self.conversation)
        referral = referral_actions.create_referral(
            actor=actor,
            service=service,
            organisation=self.organisation,
            consent=consent,
            conversation=self.conversation,
            reason="RSZ-achterstand",
            notify=False,
        )
        if referral.status == "proposed":
            referral = referral_actions.send_referral(actor=self.coordinator, referral=referral)
        return referral

    def page(self, user):
        self.client.force_login(user)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response

    def referral_page(self, user, referral):
        self.client.force_login(user)
        url = reverse("referrals:detail", args=["mechelen", referral.public_code])
        return self.client.get(url).status_code

    def test_a_referral_made_by_someone_else_shows_its_status_not_its_decline_reason(self):
        referral = self.refer(self.coordinator, self.dyzo_service)
        referral_actions.decline_referral(
            actor=self.partner, referral=referral, reason="Geen capaciteit deze maand", notify=False
        )
        link = reverse("referrals:detail", args=["mechelen", referral.public_code])
        # The caller who made the call: the service and the status, no link, no reason ...
        response = self.page(self.caller)
        self.assertContains(response, self.dyzo_service.name)
        self.assertContains(response, "ref-declined")
        self.assertNotContains(response, "Geen capaciteit")
        self.assertNotContains(response, link)
        # ... exactly because the referral's own page is closed to them.
        self.assertEqual(self.referral_page(self.caller, referral), 403)
        # The coordinator who made it reads it all, on both pages.
        response = self.page(self.coordinator)
        self.assertContains(response, "Geen capaciteit")
        self.assertContains(response, link)
        self.assertEqual(self.referral_page(self.coordinator, referral), 200)

    def test_the_caller_reads_their_own_referral_in_full(self):
        referral = self.refer(self.caller, self.dyzo_service)
        referral_actions.decline_referral(
            actor=self.partner, referral=referral, reason="Buiten ons werkgebied", notify=False
        )
        response = self.page(self.caller)
        self.assertContains(response, "Buiten ons werkgebied")
        self.assertContains(
            response, reverse("referrals:detail", args=["mechelen", referral.public_code])
        )
        self.assertEqual(self.referral_page(self.caller, referral), 200)

    def test_the_closing_feedback_reaches_the_caller_who_made_the_call_only(self):
        referral = self.refer(self.coordinator, self.coaching)
        referral_actions.accept_referral(actor=self.coach, referral=referral)
        referral_actions.close_referral(
            actor=self.coach,
            referral=referral,
            outcome=referral.Outcome.values[0],
            feedback="Afbetalingsplan met de RSZ afgesproken.",
            notify=False,
        )
        self.assertContains(self.page(self.caller), "Afbetalingsplan met de RSZ afgesproken.")
        # Another caller who may read the conversation (the firm is now theirs) sees the status
        # but not the feedback, which was meant for the caller who made the call.
        assign(self.caller2, self.organisation)
        response = self.page(self.caller2)
        self.assertContains(response, "ref-closed")
        self.assertNotContains(response, "Afbetalingsplan")
        self.assertEqual(self.referral_page(self.caller2, referral), 403)

    def test_the_suggestion_folds_away_once_the_firm_is_referred(self):
        response = self.page(self.caller)
        self.assertContains(response, "Voorstel: doorverwijzen naar ondernemersbegeleiding.")
        self.assertNotContains(response, 'data-testid="triage-again"')
        self.refer(self.caller, self.coaching)
        response = self.page(self.caller)
        self.assertContains(response, '<h2 id="triage-heading">Doorverwijzing</h2>', html=True)
        self.assertContains(response, 'data-testid="triage-again"')  # the buttons, folded
        self.assertContains(response, "Opnieuw of naar een andere dienst doorverwijzen")

    def test_a_declined_referral_leaves_the_suggestion_open(self):
        referral = self.refer(self.coordinator, self.dyzo_service)
        referral_actions.decline_referral(
            actor=self.partner, referral=referral, reason="Geen capaciteit", notify=False
        )
        response = self.page(self.coordinator)
        self.assertNotContains(response, 'data-testid="triage-again"')
        self.assertContains(response, "Voorstel: doorverwijzen naar ondernemersbegeleiding.")

    def test_a_referral_whose_consent_was_withdrawn_leaves_the_suggestion_open(self):
        referral = self.refer(self.caller, self.coaching)
        referral_actions.withdraw_consent(
            actor=self.caller, consent=referral.consent, method="phone"
        )
        response = self.page(self.caller)
        self.assertNotContains(response, 'data-testid="triage-again"')
