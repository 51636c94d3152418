from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.conversations.tests.fixtures import (
    assign,
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals.actions import create_referral
from belronde.testing import BelrondeTestCase


class ConversationDetailTests(BelrondeTestCase):
    def setUp(self):
        self.organisation = make_organisation(self.mechelen)
        self.person = make_person(self.organisation)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.url = reverse("conversations:detail", args=["mechelen", self.conversation.public_code])

    def test_it_shows_the_answers_themes_and_triage_to_the_caller_who_recorded_it(self):
        self.client.force_login(self.caller)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "achterstand bij de RSZ")
        # themes suggested from the open answers, with the words heard
        self.assertContains(response, "Achterstallen belastingen en sociale zekerheid")
        self.assertContains(response, "Financiering en banken")
        # the triage suggestion with its reasons
        self.assertContains(response, "Voorstel: doorverwijzen naar ondernemersbegeleiding.")
        self.assertContains(response, "De beller schatte de zaak rood in")
        self.assertContains(response, "De kaspositie volstaat minder dan 3 maanden")
        self.assertContains(response, "Achterstallen bij sociale zekerheid (RSZ), btw.")
        self.assertContains(response, "gehoord: “rsz”, “btw”")
        self.assertContains(
            response,
            reverse(
                "referrals:refer",
                args=["mechelen", self.conversation.public_code, self.dyzo_service.public_code],
            ),
        )

    def refer_to_coaching(self):
        consent = give_consent(self.caller, self.coaching, self.organisation)
        create_referral(
            actor=self.caller,
            service=self.coaching,
            organisation=self.organisation,
            consent=consent,
            reason="RSZ-achterstand",
            notify=False,
        )

    def test_it_records_who_looked(self):
        self.refer_to_coaching()
        self.client.force_login(self.coach)
        self.client.get(self.url)
        event = AuditEvent.objects.get(verb="conversation.viewed")
        self.assertEqual(event.actor, self.coach)
        self.assertEqual(event.object_code, self.conversation.public_code)
        self.assertNotIn("RSZ", str(event.payload))

    def test_it_is_open_to_the_coordinator_and_to_coaches_once_the_firm_is_referred(self):
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertNotContains(self.client.get("/c/mechelen/conversations/"), self.url)
        self.refer_to_coaching()
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.assertContains(self.client.get("/c/mechelen/conversations/"), self.url)

    def test_it_is_403_for_another_caller_of_the_chapter(self):
        self.client.force_login(self.caller2)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_opens_to_another_caller_once_the_organisation_is_assigned_to_them(self):
        assign(self.caller2, self.organisation)
        self.client.force_login(self.caller2)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_opens_to_a_caller_who_claimed_the_organisation(self):
        assign(self.caller2, self.organisation, claimed=True)
        self.client.force_login(self.caller2)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_it_is_403_for_partners_funders_and_regional_staff(self):
        for user in (self.partner, self.funder, self.regional):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403, user)

    def test_it_is_404_for_the_other_chapter(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_is_404_for_an_unknown_code(self):
        self.client.force_login(self.coordinator)
        url = reverse("conversations:detail", args=["mechelen", "NOPE234567"])
        self.assertEqual(self.client.get(url).status_code, 404)
