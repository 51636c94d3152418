"""The referral list, the coaches' queue, the detail page and the recipient's actions."""

from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals import actions
from belronde.testing import BelrondeTestCase


class ReferralViewTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)
        self.consent = give_consent(self.caller, self.coaching, self.organisation)
        self.referral = actions.create_referral(
            actor=self.caller,
            service=self.coaching,
            organisation=self.organisation,
            consent=self.consent,
            reason="Wil de cijfers laten nakijken.",
            conversation=self.conversation,
            notify=False,
        )
        self.detail = reverse("referrals:detail", args=["mechelen", self.referral.public_code])

    def url(self, name):
        return reverse(f"referrals:{name}", args=["mechelen", self.referral.public_code])

    def test_the_caller_sees_their_referrals_only(self):
        other_org = make_organisation(self.mechelen, "Slagerij Peeters")
        other_conv = make_conversation(self.caller2, other_org)
        actions.create_referral(
            actor=self.caller2,
            service=self.coaching,
            organisation=other_org,
            consent=give_consent(self.caller2, self.coaching, other_org),
            reason="Hulp gevraagd.",
            conversation=other_conv,
            notify=False,
        )
        self.client.force_login(self.caller)
        response = self.client.get(reverse("referrals:list", args=["mechelen"]))
        self.assertContains(response, self.organisation.name)
        self.assertNotContains(response, "Slagerij Peeters")
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("referrals:list", args=["mechelen"]))
        self.assertContains(response, "Slagerij Peeters")

    def test_the_coaches_queue_shows_coaching_referrals_with_valid_consent(self):
        queue = reverse("referrals:coaching_queue", args=["mechelen"])
        self.client.force_login(self.coach)
        self.assertContains(self.client.get(queue), self.organisation.name)
        actions.withdraw_consent(actor=self.caller, consent=self.consent, method="phone")
        self.assertNotContains(self.client.get(queue), self.organisation.name)
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(queue).status_code, 403)

    def test_the_queue_lists_a_firm_once_with_its_open_referral_linked_on_its_name(self):
        self.referral.refresh_from_db()
        if self.referral.status == "proposed":
            actions.send_referral(actor=self.coordinator, referral=self.referral)
        actions.decline_referral(
            actor=self.coach, referral=self.referral, reason="Eerst de cijfers", notify=False
        )
        again = actions.create_referral(
            actor=self.coordinator,
            service=self.coaching,
            organisation=self.organisation,
            consent=self.consent,
            reason="De cijfers zijn er nu.",
            conversation=self.conversation,
            notify=False,
        )
        if again.status == "proposed":
            again = actions.send_referral(actor=self.coordinator, referral=again)
        queue = reverse("referrals:coaching_queue", args=["mechelen"])
        self.client.force_login(self.coach)
        response = self.client.get(queue)
        link = reverse("referrals:detail", args=["mechelen", again.public_code])
        self.assertContains(response, self.organisation.name, count=1)
        self.assertContains(response, f'<a href="{link}">{self.organisation.name}</a>', html=True)
        self.assertContains(response, '<option value="open" selected>', html=False)
        everything = self.client.get(queue, {"status": "all"})
        self.assertContains(everything, self.organisation.name, count=2)
        declined = self.client.get(queue, {"status": "declined"})
        self.assertContains(declined, self.organisation.name, count=1)
        self.assertContains(declined, self.referral.public_code)

    def test_the_coach_accepts_and_closes_and_the_caller_sees_the_feedback(self):
        self.client.force_login(self.coach)
        self.assertEqual(
            self.client.post(self.url("accept"), {"note": "Intake maandag"}).status_code, 302
        )
        response = self.client.post(
            self.url("close"),
            {"outcome": "helped", "feedback": "Plan opgesteld, afbetaling loopt."},
        )
        self.assertEqual(response.status_code, 302)
        self.client.force_login(self.caller)
        response = self.client.get(self.detail)
        self.assertContains(response, "Plan opgesteld, afbetaling loopt.")
        conversation = reverse(
            "conversations:detail", args=["mechelen", self.conversation.public_code]
        )
        self.assertContains(self.client.get(conversation), "Plan opgesteld, afbetaling loopt.")

    def test_the_coach_declines_with_a_reason(self):
        self.client.force_login(self.coach)
        self.assertEqual(self.client.post(self.url("decline"), {"reason": ""}).status_code, 400)
        self.client.post(self.url("decline"), {"reason": "Minder dan 5 werknemers."})
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.decline_reason, "Minder dan 5 werknemers.")

    def test_a_caller_cannot_act_as_recipient(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.url("accept")).status_code, 403)

    def test_the_coordinator_sends_a_proposed_referral(self):
        actions.update_service(actor=self.coordinator, service=self.coaching, requires_review=True)
        other = make_organisation(self.mechelen, "Garage Wouters")
        proposed = actions.create_referral(
            actor=self.caller,
            service=self.coaching,
            organisation=other,
            consent=give_consent(self.caller, self.coaching, other),
            reason="Hulp.",
            notify=False,
        )
        self.assertEqual(proposed.status, "proposed")
        self.client.force_login(self.coordinator)
        url = reverse("referrals:send", args=["mechelen", proposed.public_code])
        self.assertEqual(self.client.post(url).status_code, 302)
        proposed.refresh_from_db()
        self.assertEqual(proposed.status, "sent")

    def test_the_detail_is_audited_and_shows_the_timeline(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(self.detail)
        self.assertContains(response, 'data-testid="timeline"')
        self.assertTrue(
            AuditEvent.objects.filter(
                verb="referral.viewed", object_code=self.referral.public_code
            ).exists()
        )

    def test_the_coach_loses_a_referral_whose_consent_was_withdrawn(self):
        actions.withdraw_consent(actor=self.caller, consent=self.consent, method="phone")
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.detail).status_code, 404)
        # the caller who referred and the coordinator still see the record, marked
        self.client.force_login(self.caller)
        self.assertContains(self.client.get(self.detail), 'data-testid="consent-state"')

    def test_withdrawing_from_the_referral_page(self):
        self.client.force_login(self.caller)
        url = reverse("referrals:consent_withdraw", args=["mechelen", self.consent.public_code])
        response = self.client.post(
            url, {"method": "phone", "confirm": "on", "referral": self.referral.public_code}
        )
        self.assertRedirects(response, self.detail, fetch_redirect_response=False)
        self.consent.refresh_from_db()
        self.assertEqual(self.consent.state, "withdrawn")

    def test_it_is_403_for_another_caller_and_partners(self):
        for user in (self.caller2, self.partner, self.funder):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.detail).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.detail).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("referrals:list", args=["mechelen"])).status_code, 404
        )


class ReferralTitleTests(BelrondeTestCase):
    def test_it_names_the_firm_with_its_legal_form_once(self):
        organisation = make_organisation(self.mechelen, "Bakkerij Van den Broeck NV")
        organisation.legal_form = "NV"
        organisation.save(update_fields=["legal_form"])
        coaching, _dyzo = make_services(self.mechelen, self.dyzo)
        referral = actions.create_referral(
            actor=self.caller,
            service=coaching,
            organisation=organisation,
            consent=give_consent(self.caller, coaching, organisation),
            reason="Wil de cijfers laten nakijken.",
            notify=False,
        )
        self.client.force_login(self.caller)
        response = self.client.get(
            reverse("referrals:detail", args=["mechelen", referral.public_code])
        )
        self.assertContains(response, "Bakkerij Van den Broeck NV")
        self.assertNotContains(response, "NV NV")
