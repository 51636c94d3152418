"""tasks.notify_new_coach: the coach a trajectory is handed to hears it by e-mail through the
task worker, to a real SMTP server process, in their language, with a link and no details."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from belronde.accounts.models import Membership, User
from belronde.coaching import actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tasks import notify_new_coach
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import Personas, make_user

SITE = "https://belronde.example.org"
TELLING = "faillissementsaangifte"


def body_of(message) -> str:
    return message.get_payload(decode=True).decode()


def subject_of(message) -> str:
    return " ".join(str(message["Subject"]).split())


def run_worker() -> None:
    call_command("worker", "--batch", "--no-startup-delay")


@pytest.mark.django_db(transaction=True)
class TestNotifyNewCoach(Personas):
    def second_coach(self, language: str = "nl") -> User:
        dora = make_user("dora.coach", first_name="Dora", last_name="Claes", language=language)
        Membership.objects.create(user=dora, role="coach", chapter=self.mechelen)
        return dora

    def handed_over(self, to: User) -> Trajectory:
        trajectory = make_trajectory(self, name="Bakkerij Peeters")
        actions.log_session(
            actor=self.coach,
            trajectory=trajectory,
            held_on=timezone.localdate(),
            minutes=45,
            mode="phone",
            notes=f"De zaakvoerder denkt aan een {TELLING}; schuld 31.400 euro.",
        )
        return actions.reassign(
            actor=self.coordinator,
            trajectory=trajectory,
            coach=to,
            reason=f"Cora is met verlof; dossier met {TELLING}.",
        )

    def test_it_tells_the_new_coach_in_dutch_with_a_link(self, smtp_server, settings):
        settings.BELRONDE_SITE_URL = SITE
        self.create_personas()
        dora = self.second_coach()
        trajectory = self.handed_over(dora)
        assert smtp_server.messages() == []  # nothing from the request itself
        run_worker()
        mails = {m["To"]: m for m in smtp_server.wait_for(2)}  # and the referrer, of the start
        assert set(mails) == {dora.email, self.caller.email}
        mail = mails[dora.email]
        assert mail["Content-Language"] == "nl"
        assert subject_of(mail) == "belronde Mechelen: er werd een traject aan jou overgedragen"
        body = body_of(mail)
        assert "Dag Dora Claes," in body
        assert (
            "Het begeleidingstraject van Bakkerij Peeters BV (afdeling Mechelen) werd aan jou "
            "overgedragen: jij bent nu de begeleider." in body
        )
        url = SITE + reverse(
            "coaching:detail", kwargs={"chapter": "mechelen", "code": trajectory.public_code}
        )
        assert url in body
        for secret in (TELLING, "31.400", "verlof", "RSZ"):
            assert secret not in body  # no notes, no reason, nothing of the referral

    def test_it_writes_in_english_to_an_english_speaking_coach(self, smtp_server):
        self.create_personas()
        dora = self.second_coach(language="en")
        self.handed_over(dora)
        run_worker()
        mail = {m["To"]: m for m in smtp_server.wait_for(2)}[dora.email]
        assert mail["Content-Language"] == "en"
        assert subject_of(mail) == "belronde Mechelen: a trajectory was handed to you"
        assert (
            "The coaching trajectory of Bakkerij Peeters BV (chapter Mechelen) was handed to "
            "you: you are now its coach." in body_of(mail)
        )
        assert TELLING not in body_of(mail)

    def test_it_tells_nobody_when_the_trajectory_closed_or_the_coach_left(self, smtp_server):
        self.create_personas()
        dora = self.second_coach()
        trajectory = self.handed_over(dora)
        User.objects.filter(pk=dora.pk).update(is_active=False)
        assert notify_new_coach.call(trajectory.pk) == 0
        User.objects.filter(pk=dora.pk).update(is_active=True)
        actions.close_trajectory(
            actor=dora,
            trajectory=trajectory,
            outcome=Trajectory.Outcome.UNREACHABLE,
            conclusion="Niet meer bereikbaar.",
            notify=False,
        )
        assert notify_new_coach.call(trajectory.pk) == 0
        assert notify_new_coach.call(0) == 0
        assert smtp_server.wait_for(1, timeout=0.5) == []
