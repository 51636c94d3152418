"""E-mail about referrals, sent by the task worker to a real SMTP server process, in the
recipient's language."""

import pytest
from django.core.management import call_command

from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_person,
    make_services,
)
from belronde.referrals import actions
from belronde.testing import Personas


def body_of(message):
    return message.get_payload(decode=True).decode()


def run_worker():
    call_command("worker", "--batch", "--no-startup-delay")


@pytest.mark.django_db(transaction=True)
class TestReferralMail(Personas):
    def setup_case(self):
        self.create_personas()
        self.organisation = make_organisation(self.mechelen, "Brasserie De Klok")
        self.person = make_person(self.organisation)
        self.conversation = make_conversation(self.caller, self.organisation, person=self.person)
        self.coaching, self.dyzo_service = make_services(self.mechelen, self.dyzo)

    def refer(self, service):
        return actions.create_referral(
            actor=self.caller,
            service=service,
            organisation=self.organisation,
            consent=give_consent(self.caller, service, self.organisation),
            reason="RSZ-achterstand",
            conversation=self.conversation,
            urgency="urgent",
        )

    def test_it_tells_the_partner_in_their_language_without_personal_data(self, smtp_server):
        self.setup_case()
        self.partner.language = "en"
        self.partner.save(update_fields=["language"])
        referral = self.refer(self.dyzo_service)
        assert smtp_server.messages() == []  # nothing is sent from the request itself
        run_worker()
        [message] = smtp_server.wait_for(1)
        assert message["To"] == self.partner.email
        assert message["Subject"] == "Urgent: New referral for Dyzo begeleiding"
        assert message["Content-Language"] == "en"
        body = body_of(message)
        assert f"/c/mechelen/partner/referrals/{referral.public_code}/" in body
        for private in ("Brasserie", "Marie", "RSZ", "marie@example.org"):
            assert private not in body

    def test_it_tells_the_coaches_of_a_coaching_referral_in_dutch(self, smtp_server):
        self.setup_case()
        referral = self.refer(self.coaching)
        run_worker()
        [message] = smtp_server.wait_for(1)
        assert message["To"] == self.coach.email
        assert message["Subject"] == "Dringend: Nieuwe doorverwijzing voor Ondernemersbegeleiding"
        assert f"/c/mechelen/referrals/{referral.public_code}/" in body_of(message)

    def test_it_tells_the_caller_and_the_coordinator_what_happened(self, smtp_server):
        self.setup_case()
        self.coordinator.language = "en"
        self.coordinator.save(update_fields=["language"])
        referral = self.refer(self.dyzo_service)
        run_worker()
        smtp_server.clear()
        actions.accept_referral(actor=self.partner, referral=referral)
        actions.close_referral(
            actor=self.partner, referral=referral, outcome="helped", feedback="Plan loopt."
        )
        run_worker()
        messages = {m["To"]: m for m in smtp_server.wait_for(2)}
        assert set(messages) == {self.caller.email, self.coordinator.email}
        to_caller = messages[self.caller.email]
        assert to_caller["Subject"] == "Feedback over je doorverwijzing"
        text = body_of(to_caller)
        assert "Brasserie De Klok" in text
        assert "Plan loopt." in text
        assert "Je contact werd geholpen." in text
        to_coordinator = messages[self.coordinator.email]
        assert to_coordinator["Subject"] == "Feedback on your referral"
        assert "has been closed" in body_of(to_coordinator)

    def test_a_decline_is_reported_to_the_caller(self, smtp_server):
        self.setup_case()
        referral = self.refer(self.dyzo_service)
        run_worker()
        smtp_server.clear()
        actions.decline_referral(actor=self.partner, referral=referral, reason="Geen capaciteit.")
        run_worker()
        to_caller = [m for m in smtp_server.wait_for(2) if m["To"] == self.caller.email]
        assert to_caller[0]["Subject"] == "Je doorverwijzing werd geweigerd"
        assert "Geen capaciteit." in body_of(to_caller[0])

    def test_a_referral_withdrawn_before_the_worker_runs_sends_nothing(self, smtp_server):
        self.setup_case()
        referral = self.refer(self.dyzo_service)
        actions.withdraw_consent(actor=self.caller, consent=referral.consent, method="phone")
        run_worker()
        assert smtp_server.wait_for(1, timeout=0.5) == []
