"""actions.close_trajectory: from any open status, always with an outcome; then only follow-ups."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from belronde.coaching import actions
from belronde.coaching.models import Activity, FollowUp, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase

S = Trajectory.Status


class CloseTrajectoryTest(BelrondeTestCase):
    def close(self, trajectory: Trajectory, **kw: str) -> Trajectory:
        values: dict[str, Any] = {
            "outcome": "recovered",
            "conclusion": "Cash op orde, plan loopt.",
        } | kw
        return actions.close_trajectory(actor=self.coach, trajectory=trajectory, **values)

    def test_it_closes_from_every_open_status(self) -> None:
        for status in Trajectory.FLOW:
            with self.subTest(status=status):
                closed = self.close(make_trajectory(self, status=status, name=f"Firma {status}"))
                self.assertEqual(closed.status, S.CLOSED)
                self.assertEqual(closed.closed_on, timezone.localdate())

    def test_it_refuses_a_close_without_an_outcome(self) -> None:
        trajectory = make_trajectory(self)
        for outcome in ("", "helped", "RECOVERED"):
            with self.subTest(outcome=outcome), self.assertRaises(actions.CoachingError):
                self.close(trajectory, outcome=outcome)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.INTAKE)

    def test_it_refuses_a_close_without_a_conclusion(self) -> None:
        trajectory = make_trajectory(self)
        with self.assertRaises(actions.CoachingError):
            self.close(trajectory, conclusion="   ")
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.INTAKE)

    def test_the_database_refuses_a_closed_row_without_an_outcome(self) -> None:
        trajectory = make_trajectory(self)
        with self.assertRaises(IntegrityError), transaction.atomic():
            Trajectory.objects.filter(pk=trajectory.pk).update(status=S.CLOSED)

    def test_it_schedules_follow_ups_at_six_and_twelve_months(self) -> None:
        closed = self.close(make_trajectory(self, status=S.COACHING))
        assert closed.closed_on is not None
        due = {f.months: (f.due_on - closed.closed_on).days for f in FollowUp.objects.all()}
        self.assertEqual(due, {6: 182, 12: 365})

    def test_it_leaves_no_activity_open(self) -> None:
        closed = self.close(make_trajectory(self))
        activities = Activity.objects.filter(trajectory=closed)
        self.assertFalse(activities.filter(done_on=None, skipped=False).exists())
        self.assertIsNotNone(activities.get(kind="closure").done_on)

    def test_it_closes_the_referral_with_the_category_only(self) -> None:
        closed = self.close(make_trajectory(self), outcome="referred_dyzo", conclusion="Geheim")
        referral = closed.referral
        referral.refresh_from_db()
        self.assertEqual((referral.status, referral.outcome), ("closed", "referred_on"))
        self.assertNotIn("Geheim", referral.feedback)

    def test_after_close_only_follow_ups_can_be_recorded(self) -> None:
        closed = self.close(make_trajectory(self, status=S.COACHING))
        today = timezone.localdate()
        refused = [
            lambda: actions.log_session(
                actor=self.coach, trajectory=closed, held_on=today, minutes=30, mode="phone"
            ),
            lambda: actions.add_plan_item(
                actor=self.coach,
                trajectory=closed,
                module="other",
                description="Nog iets",
                owner="coach",
            ),
            lambda: actions.waive_analysis(actor=self.coach, trajectory=closed, reason="x"),
            lambda: self.close(closed),
        ]
        for attempt in refused:
            with self.assertRaises(actions.TrajectoryClosed):
                attempt()
        follow_up = FollowUp.objects.get(trajectory=closed, months=6)
        FollowUp.objects.filter(pk=follow_up.pk).update(due_on=today - dt.timedelta(days=1))
        answered = actions.answer_follow_up(
            actor=self.coach, follow_up=follow_up, state="better", answer="Loopt goed."
        )
        self.assertEqual(answered.answered_on, today)
        with self.assertRaises(actions.CoachingError):
            actions.answer_follow_up(actor=self.coach, follow_up=follow_up, state="same", answer="")

    def test_a_follow_up_waits_until_two_months_before_it_is_due(self) -> None:
        closed = self.close(make_trajectory(self))
        twelve = FollowUp.objects.get(trajectory=closed, months=12)
        with self.assertRaises(actions.CoachingError):
            actions.answer_follow_up(actor=self.coach, follow_up=twelve, state="better", answer="")
