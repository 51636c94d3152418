"""The services directory (HSDS fields) and consent texts per language."""

from django.urls import reverse

from belronde.conversations.tests.fixtures import make_services
from belronde.referrals.models import ConsentText, Service
from belronde.testing import BelrondeTestCase


class ServiceTests(BelrondeTestCase):
    def setUp(self):
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)

    def test_callers_see_the_directory(self):
        self.client.force_login(self.caller)
        response = self.client.get(reverse("referrals:service_list", args=["mechelen"]))
        self.assertContains(response, "Ondernemersbegeleiding")
        self.assertContains(response, "Dyzo begeleiding")
        detail = reverse(
            "referrals:service_detail", args=["mechelen", self.dyzo_service.public_code]
        )
        self.assertContains(self.client.get(detail), "Mogen wij uw naam")

    def test_the_coordinator_adds_a_partner_service_with_hsds_fields(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("referrals:service_create", args=["mechelen"]),
            {
                "name": "Dyzo nazorg",
                "kind": "partner",
                "partner_organisation": self.dyzo.pk,
                "organisation_name": "Dyzo vzw",
                "description": "Begeleiding na een faillissement.",
                "status": "active",
                "eligibility_description": "Gefailleerde ondernemers.",
                "application_process": "Doorverwijzing met toestemming.",
                "fees_description": "Gratis.",
                "service_area": "Vlaanderen",
                "languages": ["nl", "fr"],
                "shared_fields": ["organisation_name", "contact_phone"],
                "consent_valid_days": "180",
            },
        )
        self.assertEqual(response.status_code, 302)
        service = Service.objects.get(name="Dyzo nazorg")
        self.assertEqual(service.partner_organisation, self.dyzo)
        self.assertEqual(service.languages, ["nl", "fr"])
        self.assertEqual(service.consent_valid_days, 180)

    def test_a_partner_service_refuses_health_among_shared_fields(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("referrals:service_create", args=["mechelen"]),
            {
                "name": "Verkeerd",
                "kind": "partner",
                "partner_organisation": self.dyzo.pk,
                "organisation_name": "X",
                "description": "X",
                "status": "active",
                "shared_fields": ["organisation_name", "health"],
                "consent_valid_days": "365",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Service.objects.filter(name="Verkeerd").exists())

    def test_a_new_consent_text_is_a_new_version(self):
        self.client.force_login(self.coordinator)
        url = reverse(
            "referrals:consent_text_create", args=["mechelen", self.dyzo_service.public_code]
        )
        response = self.client.post(
            url, {"language": "fr", "text": "Pouvons-nous transmettre vos coordonnées à Dyzo ?"}
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            ConsentText.objects.get(service=self.dyzo_service, language="fr").version, 1
        )
        self.assertEqual(
            self.client.post(url, {"language": "fr", "text": "te kort"}).status_code, 400
        )

    def test_editing_is_for_coordinators(self):
        url = reverse("referrals:service_edit", args=["mechelen", self.coaching.public_code])
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.coordinator)
        response = self.client.post(
            url,
            {
                "name": "Ondernemersbegeleiding",
                "organisation_name": "Federatie Mechelen",
                "description": "Traject op maat.",
                "status": "temporarily closed",
                "shared_fields": ["organisation_name", "health"],
                "consent_valid_days": "365",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.coaching.refresh_from_db()
        self.assertEqual(self.coaching.status, "temporarily closed")
        self.assertEqual(self.coaching.shared_fields, ["organisation_name", "health"])

    def test_it_is_403_for_partners_and_404_for_the_other_chapter(self):
        url = reverse("referrals:service_list", args=["mechelen"])
        self.client.force_login(self.partner)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
