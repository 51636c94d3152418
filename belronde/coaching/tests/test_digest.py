"""digest.send_coach_digests: the coach's weekly e-mail of due and late activities and follow-ups,
through a real SMTP server process: once per coach, chapter and ISO week (also with two workers
at once), from Monday 07:00 Brussels time, only when something is due or late, in the coach's
language, tried again after a failed send."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from belronde.accounts.models import Membership
from belronde.audit.models import AuditEvent
from belronde.coaching import actions
from belronde.coaching.digest import send_coach_digests
from belronde.coaching.models import CoachDigestSent, FollowUp, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
    make_services,
)
from belronde.referrals import actions as referral_actions
from belronde.testing import Personas

BRUSSELS = ZoneInfo("Europe/Brussels")
SITE = "https://belronde.example.org"


def this_monday(hour: int = 7, minute: int = 0, *, weeks: int = 0) -> dt.datetime:
    """Monday of the current week (Brussels) at ``hour:minute``, ``weeks`` later."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=weeks)
    return dt.datetime.combine(monday, dt.time(hour, minute), tzinfo=BRUSSELS)


def body_of(message) -> str:
    return message.get_payload(decode=True).decode()


def subject_of(message) -> str:
    return " ".join(str(message["Subject"]).split())


def detail_url(trajectory: Trajectory) -> str:
    return SITE + reverse(
        "coaching:detail",
        kwargs={"chapter": trajectory.chapter.slug, "code": trajectory.public_code},
    )


@pytest.mark.django_db(transaction=True)
class TestCoachDigest(Personas):
    @pytest.fixture(autouse=True)
    def _site(self, settings):
        settings.BELRONDE_SITE_URL = SITE

    def late_trajectory(self, **kw) -> Trajectory:
        """Intake 20 days before this Monday: the analysis (+7) is late, the plan (+21) due."""
        return make_trajectory(self, started_on=this_monday().date() - dt.timedelta(days=20), **kw)

    def test_it_sends_one_mail_a_week_with_dates_links_and_how_many_are_late(self, smtp_server):
        self.create_personas()
        trajectory = self.late_trajectory(name="Bakkerij Peeters")
        analysis, plan = trajectory.activities.order_by("due_on")[:2]
        monday = this_monday()
        assert send_coach_digests(now=monday) == 1
        [mail] = smtp_server.wait_for(1)
        assert mail["To"] == self.coach.email
        assert mail["Content-Language"] == "nl"
        assert subject_of(mail) == "belronde Mechelen: je trajecten deze week, 1 taak te laat"
        body = body_of(mail)
        assert "Te laat: 1 taak" in body
        assert (
            f"- {analysis.due_on:%d/%m/%Y} · {analysis.label} · Bakkerij Peeters BV "
            "(13 dagen te laat)" in body
        )
        assert "Te doen in de komende 7 dagen:" in body
        assert f"- {plan.due_on:%d/%m/%Y} · {plan.label} · Bakkerij Peeters BV" in body
        assert body.count(detail_url(trajectory)) == 2
        assert SITE + reverse("coaching:list", kwargs={"chapter": "mechelen"}) in body
        assert "RSZ" not in body  # nothing of the referral's reason
        # the same week: nothing more, however often the worker runs
        assert send_coach_digests(now=monday) == 0
        assert send_coach_digests(now=monday + dt.timedelta(days=3, hours=5)) == 0
        assert len(smtp_server.wait_for(2, timeout=0.5)) == 1
        ledger = CoachDigestSent.objects.get()
        assert (ledger.user, ledger.chapter, ledger.items) == (self.coach, self.mechelen, 2)
        assert ledger.week == f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
        assert AuditEvent.objects.filter(verb="coaching.digest_sent").count() == 1
        # the next week, still late: again
        assert send_coach_digests(now=this_monday(weeks=1)) == 1

    def test_it_sends_nothing_when_nothing_is_due_or_late(self, smtp_server):
        self.create_personas()
        make_trajectory(self, started_on=this_monday().date())  # the analysis is due in 7 days
        make_trajectory(self, name="Garage Wouters", status=Trajectory.Status.CLOSED)
        assert send_coach_digests(now=this_monday()) == 0
        assert smtp_server.wait_for(1, timeout=0.5) == []
        assert not CoachDigestSent.objects.exists()

    def test_it_writes_in_the_coachs_language(self, smtp_server):
        self.create_personas()
        self.coach.language = "en"
        self.coach.save(update_fields=["language"])
        self.late_trajectory()
        send_coach_digests(now=this_monday())
        [mail] = smtp_server.wait_for(1)
        assert mail["Content-Language"] == "en"
        assert subject_of(mail) == "belronde Mechelen: your trajectories this week, 1 item late"
        body = body_of(mail)
        assert "Late: 1 item" in body
        assert "(13 days late)" in body
        assert "Due in the next 7 days:" in body

    def test_it_waits_for_monday_seven_oclock_brussels_time(self, smtp_server):
        self.create_personas()
        self.late_trajectory()
        assert send_coach_digests(now=this_monday(6, 59)) == 0
        assert not CoachDigestSent.objects.exists()
        assert send_coach_digests(now=this_monday(7, 0)) == 1
        assert len(smtp_server.wait_for(1)) == 1

    def test_it_sends_a_coach_of_two_chapters_one_mail_per_chapter(self, smtp_server):
        self.create_personas()
        self.late_trajectory(name="Bakkerij Peeters")
        Membership.objects.create(user=self.coach, role="coach", chapter=self.lier)
        coaching, _partner = make_services(self.lier, self.dyzo)
        organisation = make_organisation(self.lier, name="Slagerij Lierse Vlaai")
        conversation = make_conversation(self.outsider, organisation)
        referral = referral_actions.create_referral(
            actor=self.outsider,
            service=coaching,
            organisation=organisation,
            consent=give_consent(self.outsider, coaching, organisation),
            reason="Kas voor twee weken.",
            conversation=conversation,
            notify=False,
        )
        referral_actions.accept_referral(actor=self.coach, referral=referral)
        actions.start_trajectory(
            actor=self.coach,
            referral=referral,
            started_on=this_monday().date() - dt.timedelta(days=30),
        )
        assert send_coach_digests(now=this_monday()) == 2
        mails = {subject_of(m).split(":")[0]: body_of(m) for m in smtp_server.wait_for(2)}
        assert set(mails) == {"belronde Mechelen", "belronde Lier"}
        assert "Bakkerij Peeters" in mails["belronde Mechelen"]
        assert "Lierse Vlaai" not in mails["belronde Mechelen"]
        assert "Lierse Vlaai" in mails["belronde Lier"]
        assert "Bakkerij Peeters" not in mails["belronde Lier"]
        assert "/c/lier/trajectories/" in mails["belronde Lier"]
        assert CoachDigestSent.objects.count() == 2

    def test_it_sends_one_mail_when_two_workers_run_at_once(self, smtp_server):
        self.create_personas()
        self.late_trajectory()
        start = threading.Barrier(2)
        results: list[int] = []

        def worker() -> None:
            try:
                start.wait()
                results.append(send_coach_digests(now=this_monday()))
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert sorted(results) == [0, 1]
        assert len(smtp_server.wait_for(2, timeout=1)) == 1
        assert CoachDigestSent.objects.count() == 1

    def test_it_tries_a_failed_send_again_on_the_next_run(self, smtp_server, settings):
        self.create_personas()
        self.late_trajectory()
        working = settings.MAILERS
        settings.MAILERS = {
            "default": {**working["default"], "OPTIONS": {"host": "127.0.0.1", "port": 1}}
        }  # nothing listens there
        assert send_coach_digests(now=this_monday()) == 0
        assert not CoachDigestSent.objects.exists()
        settings.MAILERS = working
        assert send_coach_digests(now=this_monday(8)) == 1
        assert len(smtp_server.wait_for(1)) == 1

    def test_it_lists_follow_ups_due_or_late_and_marks_them_reminded(self, smtp_server):
        self.create_personas()
        closed = make_trajectory(self, name="Garage Wouters", status=Trajectory.Status.CLOSED)
        monday = this_monday()
        six, twelve = closed.follow_ups.order_by("months")
        FollowUp.objects.filter(pk=six.pk).update(due_on=monday.date() - dt.timedelta(days=2))
        other = make_trajectory(self, name="Frituur Nele", status=Trajectory.Status.CLOSED)
        soon = other.follow_ups.get(months=6)
        FollowUp.objects.filter(pk=soon.pk).update(due_on=monday.date() + dt.timedelta(days=4))
        assert send_coach_digests(now=monday) == 1
        [mail] = smtp_server.wait_for(1)
        body = body_of(mail)
        assert "Te laat: 1 taak" in body
        assert "Opvolging na 6 maanden · Garage Wouters BV (2 dagen te laat)" in body
        due_on = monday.date() + dt.timedelta(days=4)
        assert f"- {due_on:%d/%m/%Y} · Opvolging na 6 maanden · Frituur Nele BV" in body
        assert "Opvolging na 12 maanden" not in body
        reminded = dict(FollowUp.objects.values_list("pk", "reminded_on"))
        assert reminded[six.pk] == reminded[soon.pk] == monday.date()
        assert reminded[twelve.pk] is None


def test_it_is_a_periodic_job_of_the_worker():
    jobs = dict(django_settings.PERIODIC_JOBS)
    assert jobs["belronde.coaching.digest.send_coach_digests"] == 3600
    for path in jobs:
        assert callable(import_string(path))
