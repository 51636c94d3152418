"""tasks.notify_caller: the person who referred the firm hears, by e-mail through the task worker
to a real SMTP server process, in their language, that the trajectory started and, when it
ends, its outcome's category; never the coach's conclusion, session notes or figures."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from belronde.accounts.models import Membership
from belronde.coaching import actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tasks import notify_caller
from belronde.coaching.tests.fixtures import accepted_referral, coaching_service
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
)
from belronde.referrals import actions as referral_actions
from belronde.testing import Personas

#: a word that must never leave belronde by e-mail: it is in the notes and the conclusion
TELLING = "faillissementsaangifte"


def body_of(message) -> str:
    return message.get_payload(decode=True).decode()


def subject_of(message) -> str:
    return " ".join(str(message["Subject"]).split())


def run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay")


def outcome_label(outcome: str, language: str) -> str:
    with translation.override(language):
        return str(Trajectory.Outcome(outcome).label)


@pytest.mark.django_db(transaction=True)
class TestNotifyCaller(Personas):
    def start(self) -> Trajectory:
        referral = accepted_referral(self, name="Bakkerij Peeters")
        return actions.start_trajectory(actor=self.coach, referral=referral)

    def close(self, trajectory: Trajectory, outcome: str = Trajectory.Outcome.RECOVERED) -> None:
        actions.log_session(
            actor=self.coach,
            trajectory=trajectory,
            held_on=timezone.localdate(),
            minutes=90,
            mode="visit",
            notes=f"Schuld van 48.250 euro bij de RSZ; de zaakvoerder overweegt een {TELLING}.",
        )
        actions.close_trajectory(
            actor=self.coach,
            trajectory=trajectory,
            outcome=outcome,
            conclusion=f"Geen {TELLING} nodig: afbetalingsplan van 18 maanden, marge 12%.",
        )

    def test_it_tells_the_caller_in_dutch_that_the_firm_is_being_coached(
        self, smtp_server, settings
    ):
        settings.BELRONDE_SITE_URL = "https://belronde.example.org"
        self.create_personas()
        self.start()
        assert smtp_server.messages() == []  # nothing from the request itself
        run_worker()
        [mail] = smtp_server.wait_for(1)
        assert mail["To"] == self.caller.email
        assert mail["Content-Language"] == "nl"
        assert subject_of(mail) == "Een onderneming die je doorverwees, krijgt nu begeleiding"
        body = body_of(mail)
        assert "Dag bob.caller," in body
        assert (
            "Bakkerij Peeters BV, de onderneming die je belde en doorverwees, wordt nu begeleid "
            "door de federatie." in body
        )
        assert "https://belronde.example.org/c/mechelen/\n" in body  # the caller's overview
        assert "RSZ-achterstand" not in body  # not even the caller's own reason
        assert "Peeters" not in subject_of(mail)  # the firm is not named where anyone sees it

    def test_it_writes_in_english_to_an_english_speaking_caller(self, smtp_server):
        self.create_personas()
        self.caller.language = "en"
        self.caller.save(update_fields=["language"])
        self.start()
        run_worker()
        [mail] = smtp_server.wait_for(1)
        assert mail["Content-Language"] == "en"
        assert subject_of(mail) == "A firm you referred is now being coached"
        assert (
            "Bakkerij Peeters BV, the firm you called and referred, is now being coached by the "
            "federation." in body_of(mail)
        )

    def test_it_tells_the_outcome_category_and_nothing_of_the_notes_or_conclusion(
        self, smtp_server
    ):
        self.create_personas()
        trajectory = self.start()
        self.close(trajectory, Trajectory.Outcome.RESTRUCTURED)
        run_worker()
        mails = smtp_server.wait_for(2)
        assert [m["To"] for m in mails] == [self.caller.email] * 2
        [closed] = [m for m in mails if "afgerond" in subject_of(m)]
        assert (
            subject_of(closed)
            == "De begeleiding van een onderneming die je doorverwees, is afgerond"
        )
        body = body_of(closed)
        assert f"Resultaat: {outcome_label('restructured', 'nl')}" in body
        assert "Bakkerij Peeters BV" in body
        for mail in mails:
            text = subject_of(mail) + body_of(mail)
            for secret in (TELLING, "48.250", "RSZ", "18 maanden", "12%", "afbetalingsplan"):
                assert secret not in text

    def test_it_gives_the_outcome_in_english_to_an_english_speaking_caller(self, smtp_server):
        self.create_personas()
        self.caller.language = "en"
        self.caller.save(update_fields=["language"])
        trajectory = self.start()
        self.close(trajectory, Trajectory.Outcome.REFERRED_DYZO)
        run_worker()
        mails = smtp_server.wait_for(2)
        [closed] = [m for m in mails if "ended" in subject_of(m)]
        assert subject_of(closed) == "The coaching of a firm you referred has ended"
        body = body_of(closed)
        assert "Outcome: referred on to Dyzo" in body
        assert TELLING not in body and "48.250" not in body

    def test_it_sends_nothing_when_the_coach_also_referred(self, smtp_server):
        """The coordinator called the firm, referred it and coaches it: they know already."""
        self.create_personas()
        organisation = make_organisation(self.mechelen, name="Drukkerij Smets")
        conversation = make_conversation(self.coordinator, organisation)
        coaching, _partner = coaching_service(self)
        referral = referral_actions.create_referral(
            actor=self.coordinator,
            service=coaching,
            organisation=organisation,
            consent=give_consent(self.coordinator, coaching, organisation),
            reason="Achterstand bij de btw.",
            conversation=conversation,
            notify=False,
        )
        referral = referral_actions.accept_referral(actor=self.coordinator, referral=referral)
        trajectory = actions.start_trajectory(actor=self.coordinator, referral=referral)
        actions.close_trajectory(
            actor=self.coordinator,
            trajectory=trajectory,
            outcome=Trajectory.Outcome.STOPPED,
            conclusion="De zaak stopt.",
        )
        run_worker()
        assert smtp_server.wait_for(1, timeout=0.5) == []
        assert notify_caller.call(trajectory.pk, "closed") == 0

    def test_it_tells_nobody_who_left_the_chapter(self, smtp_server):
        self.create_personas()
        trajectory = self.start()
        Membership.objects.filter(user=self.caller, chapter=self.mechelen).update(is_active=False)
        run_worker()
        assert smtp_server.wait_for(1, timeout=0.5) == []
        assert notify_caller.call(trajectory.pk, "started") == 0
        assert notify_caller.call(trajectory.pk, "something else") == 0
