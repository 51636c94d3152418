"""The partner portal: only referrals addressed to the partner's organisation, with valid consent,
only their shared fields (partner isolation: SEC-AC-04, SEC-AC-05, SEC-AC-06; GDPR-CONS-02/03)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.accounts.models import Membership, PartnerOrganisation
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals import actions
from belronde.testing import BelrondeTestCase, make_user


class PartnerPortalTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen, "Brasserie De Klok")
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)
        self.consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        self.referral = self.refer(self.dyzo_service, self.organisation, self.consent)
        self.inbox = reverse("referrals:partner_inbox", args=["mechelen"])
        self.detail = reverse(
            "referrals:partner_detail", args=["mechelen", self.referral.public_code]
        )

    def refer(self, service, organisation, consent, conversation=None):
        return actions.create_referral(
            actor=self.caller,
            service=service,
            organisation=organisation,
            consent=consent,
            reason="Achterstand bij RSZ en btw; wil langdurige begeleiding.",
            conversation=conversation or self.conversation,
            notify=False,
        )

    def test_it_lists_the_referral_addressed_to_the_partner(self):
        self.client.force_login(self.partner)
        response = self.client.get(self.inbox)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, self.referral.public_code)
        self.assertContains(response, "Brasserie De Klok")

    def test_it_shows_only_the_shared_fields_sec_ac_05(self):
        self.client.force_login(self.partner)
        response = self.client.get(self.detail)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "marie@example.org")
        self.assertContains(response, "Achterstand bij RSZ en btw")
        body = response.content.decode()
        # no health colour, no caller notes (open answers), no figures
        for secret in (
            "achterstand bij de RSZ en de btw. De bank wil niet mee",
            "omzet is gehalveerd",
            "health-red",
            "1 tot 3 maanden",
            "Meer dan 50% lager",
        ):
            self.assertNotIn(secret, body)
        # and nothing of the chapter in the navigation but the inbox
        self.assertNotIn(reverse("conversations:list", args=["mechelen"]), body)
        self.assertNotIn(reverse("referrals:list", args=["mechelen"]), body)

    def test_it_hides_referrals_to_the_federations_coaching_sec_ac_04(self):
        coaching_consent = give_consent(self.caller, self.coaching, self.organisation)
        coaching = self.refer(self.coaching, self.organisation, coaching_consent)
        self.client.force_login(self.partner)
        self.assertNotContains(self.client.get(self.inbox), coaching.public_code)
        url = reverse("referrals:partner_detail", args=["mechelen", coaching.public_code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_hides_referrals_to_another_partner_organisation_sec_ac_04(self):
        other_org = PartnerOrganisation.objects.create(slug="andere", name="Andere vzw")
        other_service = actions.create_service(
            actor=None,
            chapter=self.mechelen,
            kind="partner",
            partner_organisation=other_org,
            name="Andere hulp",
            organisation_name="Andere vzw",
            description="Iets anders.",
        )
        actions.add_consent_text(
            actor=None,
            service=other_service,
            language="nl",
            text="Mogen wij uw gegevens doorgeven aan Andere vzw?",
        )
        consent = give_consent(self.caller, other_service, self.organisation)
        other = self.refer(other_service, self.organisation, consent)
        self.client.force_login(self.partner)
        self.assertNotContains(self.client.get(self.inbox), other.public_code)
        url = reverse("referrals:partner_detail", args=["mechelen", other.public_code])
        self.assertEqual(self.client.get(url).status_code, 404)
        # and the other organisation's user does not see Dyzo's
        other_user = make_user("olga.andere")
        Membership.objects.create(
            user=other_user, role="partner", chapter=self.mechelen, partner_organisation=other_org
        )
        self.client.force_login(other_user)
        self.assertEqual(self.client.get(self.detail).status_code, 404)
        self.assertNotContains(self.client.get(self.inbox), self.referral.public_code)

    def test_it_hides_another_chapters_referrals_from_a_partner_of_both_sec_ac_06(self):
        lier_org = make_organisation(self.lier, "Bakkerij Zimmer")
        _coaching, lier_dyzo = make_services(self.lier, self.dyzo)
        lier_conversation = make_conversation(self.outsider, lier_org)
        lier_referral = self.refer(
            lier_dyzo,
            lier_org,
            give_consent(self.outsider, lier_dyzo, lier_org),
            conversation=lier_conversation,
        )
        self.client.force_login(self.partner)  # a Dyzo user of Mechelen only
        url = reverse("referrals:partner_detail", args=["lier", lier_referral.public_code])
        self.assertEqual(self.client.get(url).status_code, 404)
        wrong_chapter = reverse(
            "referrals:partner_detail", args=["mechelen", lier_referral.public_code]
        )
        self.assertEqual(self.client.get(wrong_chapter).status_code, 404)
        body = self.client.get(self.inbox).content.decode()
        self.assertNotIn("Bakkerij Zimmer", body)
        self.assertNotIn(lier_referral.public_code, body)

    def test_withdrawal_makes_the_next_request_404_and_empties_the_inbox_gdpr_cons_02(self):
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(self.detail).status_code, 200)
        actions.withdraw_consent(actor=self.caller, consent=self.consent, method="phone")
        self.assertEqual(self.client.get(self.detail).status_code, 404)
        self.assertNotContains(self.client.get(self.inbox), self.referral.public_code)
        accept = reverse("referrals:partner_accept", args=["mechelen", self.referral.public_code])
        self.assertEqual(self.client.post(accept).status_code, 404)

    def test_an_expired_consent_behaves_as_withdrawn_gdpr_cons_03(self):
        old = give_consent(
            self.caller,
            self.dyzo_service,
            self.organisation,
            now=timezone.now() - dt.timedelta(days=30),
        )
        referral = self.refer(self.dyzo_service, self.organisation, old)
        url = reverse("referrals:partner_detail", args=["mechelen", referral.public_code])
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(url).status_code, 200)
        # thirty days later than that the consent of 365 days is still valid; move past expiry
        type(old).objects.filter(pk=old.pk).update(expires_at=timezone.now())
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_partner_accepts_and_closes_with_feedback(self):
        self.client.force_login(self.partner)
        accept = reverse("referrals:partner_accept", args=["mechelen", self.referral.public_code])
        close = reverse("referrals:partner_close", args=["mechelen", self.referral.public_code])
        self.assertEqual(self.client.post(accept, {"note": ""}).status_code, 302)
        response = self.client.post(close, {"outcome": "helped", "feedback": ""})
        self.assertEqual(response.status_code, 400)
        response = self.client.post(close, {"outcome": "helped", "feedback": "Plan loopt."})
        self.assertEqual(response.status_code, 302)
        self.referral.refresh_from_db()
        self.assertEqual((self.referral.status, self.referral.feedback), ("closed", "Plan loopt."))

    def test_the_partner_declines_with_a_reason(self):
        self.client.force_login(self.partner)
        url = reverse("referrals:partner_decline", args=["mechelen", self.referral.public_code])
        self.assertEqual(self.client.post(url, {"reason": ""}).status_code, 400)
        self.assertEqual(self.client.post(url, {"reason": "Geen capaciteit."}).status_code, 302)
        self.referral.refresh_from_db()
        self.assertEqual(self.referral.status, "declined")

    def test_the_partner_cannot_open_the_internal_referral_page_or_the_conversation(self):
        self.client.force_login(self.partner)
        internal = reverse("referrals:detail", args=["mechelen", self.referral.public_code])
        self.assertEqual(self.client.get(internal).status_code, 403)
        conversation = reverse(
            "conversations:detail", args=["mechelen", self.conversation.public_code]
        )
        self.assertEqual(self.client.get(conversation).status_code, 403)

    def test_the_inbox_is_403_for_other_roles(self):
        for user in (self.coordinator, self.caller, self.coach, self.funder):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.inbox).status_code, 403)
            self.assertEqual(self.client.get(self.detail).status_code, 403)

    def test_the_inbox_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.inbox).status_code, 404)
        self.assertEqual(self.client.get(self.detail).status_code, 404)
