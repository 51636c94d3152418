from django.urls import reverse

from belronde.conversations.tests.fixtures import (
    give_consent,
    make_organisation,
    make_services,
)
from belronde.testing import BelrondeTestCase


class ConsentViewTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        _coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)
        self.consent = give_consent(self.caller, self.dyzo_service, self.organisation)
        self.detail = reverse(
            "referrals:consent_detail", args=["mechelen", self.consent.public_code]
        )
        self.withdraw = reverse(
            "referrals:consent_withdraw", args=["mechelen", self.consent.public_code]
        )

    def test_the_coordinator_lists_every_consent(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(reverse("referrals:consent_list", args=["mechelen"]))
        self.assertContains(response, self.organisation.name)

    def test_the_record_shows_the_text_read_and_its_hash(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.detail)
        self.assertContains(response, "Mogen wij uw naam")
        self.assertContains(response, self.consent.text_hash[:12])

    def test_withdrawal_needs_confirmation(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.post(self.withdraw, {"method": "phone"}).status_code, 400)
        self.consent.refresh_from_db()
        self.assertIsNone(self.consent.withdrawn_at)
        self.client.post(self.withdraw, {"method": "phone", "confirm": "on"})
        self.consent.refresh_from_db()
        self.assertIsNotNone(self.consent.withdrawn_at)

    def test_it_is_403_for_a_caller_who_did_not_capture_it_and_for_partners(self):
        for user in (self.caller2, self.partner, self.coach):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.detail).status_code, 403)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.detail).status_code, 404)
