"""actions.log_session and correct_session: one session per idempotency key, corrections as
new versions (CONC-DBL-01 for the session form)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from belronde.coaching import access, actions
from belronde.coaching.models import Activity, Session, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase


class LogSessionTest(BelrondeTestCase):
    def log(self, trajectory: Trajectory, **kw: Any) -> tuple[Session, bool]:
        values: dict[str, Any] = {
            "held_on": timezone.localdate(),
            "minutes": 60,
            "mode": "visit",
        } | kw
        return actions.log_session(actor=self.coach, trajectory=trajectory, **values)

    def test_it_logs_a_session(self) -> None:
        session, created = self.log(make_trajectory(self), notes="Cijfers overlopen.")
        self.assertTrue(created)
        self.assertEqual((session.minutes, session.mode, session.version), (60, "visit", 1))

    def test_the_same_key_twice_stores_one_session(self) -> None:
        trajectory = make_trajectory(self)
        key = uuid.uuid4()
        first, created = self.log(trajectory, idempotency_key=key)
        again, created_again = self.log(trajectory, idempotency_key=str(key), minutes=90)
        self.assertTrue(created)
        self.assertFalse(created_again)
        self.assertEqual(first.pk, again.pk)
        self.assertEqual(Session.objects.filter(trajectory=trajectory).count(), 1)

    def test_it_refuses_bad_sessions(self) -> None:
        trajectory = make_trajectory(self, started_on=timezone.localdate() - dt.timedelta(days=5))
        today = timezone.localdate()
        bad: list[dict[str, Any]] = [
            {"minutes": 0},
            {"minutes": 601},
            {"minutes": "een uur"},
            {"mode": "email"},
            {"held_on": today + dt.timedelta(days=1)},
            {"held_on": today - dt.timedelta(days=6)},
        ]
        for values in bad:
            with self.subTest(values=values), self.assertRaises(actions.CoachingError):
                self.log(trajectory, **values)
        self.assertFalse(Session.objects.exists())

    def test_a_session_in_coaching_completes_the_next_follow_up(self) -> None:
        trajectory = make_trajectory(self, status=Trajectory.Status.COACHING)
        self.log(trajectory)
        done = Activity.objects.filter(trajectory=trajectory, kind="follow_up").order_by("due_on")
        self.assertEqual([a.done_on is not None for a in done], [True, False])

    def test_a_correction_is_a_new_version_and_the_old_one_stays(self) -> None:
        trajectory = make_trajectory(self)
        session, _created = self.log(trajectory, notes="Eerste notitie")
        corrected = actions.correct_session(
            actor=self.coach,
            session=session,
            held_on=session.held_on,
            minutes=45,
            mode="phone",
            notes="Verbeterde notitie",
        )
        self.assertEqual((corrected.version, corrected.supersedes_id), (2, session.pk))
        self.assertEqual(list(access.sessions_of(trajectory)), [corrected])
        self.assertEqual(
            [s.notes for s in access.session_versions(corrected)],
            ["Eerste notitie", "Verbeterde notitie"],
        )
        with self.assertRaises(actions.EditConflict):
            actions.correct_session(
                actor=self.coach,
                session=session,
                held_on=session.held_on,
                minutes=30,
                mode="phone",
                notes="Op een oude versie",
            )

    def test_a_stored_session_cannot_be_changed_or_deleted(self) -> None:
        session, _created = self.log(make_trajectory(self))
        session.notes = "stiekem aangepast"
        with self.assertRaises(ValueError):
            session.save()
        with self.assertRaises(ValueError):
            session.delete()

    def test_a_session_does_not_make_an_open_plan_form_stale(self) -> None:
        trajectory = make_trajectory(self)
        read = trajectory.version
        self.log(trajectory)
        actions.update_trajectory(
            actor=self.coach, trajectory=trajectory, expected_version=read, plan_summary="Plan"
        )
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).version, read + 1)
