"""The status flow's guards: each test fails when its guard is dropped from actions.py."""

from __future__ import annotations

from django.utils import translation

from belronde.analyses import actions as analysis_actions
from belronde.coaching import actions
from belronde.coaching.models import Activity, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase

S = Trajectory.Status


class TransitionTest(BelrondeTestCase):
    def test_it_moves_one_step_forward(self) -> None:
        trajectory = make_trajectory(self)
        moved = actions.transition(actor=self.coach, trajectory=trajectory, to=S.ANALYSIS)
        self.assertEqual(moved.status, S.ANALYSIS)
        self.assertEqual(moved.version, trajectory.version + 1)

    def test_it_refuses_to_skip_a_step(self) -> None:
        trajectory = make_trajectory(self)
        with self.assertRaises(actions.GuardRefused):
            actions.transition(actor=self.coach, trajectory=trajectory, to=S.PLAN)

    def test_it_refuses_to_go_back(self) -> None:
        trajectory = make_trajectory(self, status=S.PLAN)
        with self.assertRaises(actions.GuardRefused):
            actions.transition(actor=self.coach, trajectory=trajectory, to=S.ANALYSIS)

    def test_it_refuses_the_plan_without_an_analysis_or_a_reason(self) -> None:
        trajectory = make_trajectory(self, status=S.ANALYSIS)
        with translation.override("en"), self.assertRaises(actions.GuardRefused) as refused:
            actions.transition(actor=self.coach, trajectory=trajectory, to=S.PLAN)
        self.assertIn("Link a financial analysis first", refused.exception.message)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.ANALYSIS)

    def test_it_allows_the_plan_with_a_linked_analysis(self) -> None:
        trajectory = make_trajectory(self, status=S.ANALYSIS)
        analysis = analysis_actions.create_analysis(
            actor=self.coach, chapter=self.mechelen, organisation=trajectory.organisation
        )
        actions.link_analysis(actor=self.coach, trajectory=trajectory, analysis=analysis)
        moved = actions.transition(actor=self.coach, trajectory=trajectory, to=S.PLAN)
        self.assertEqual(moved.status, S.PLAN)
        done = Activity.objects.get(trajectory=trajectory, kind="analysis")
        self.assertIsNotNone(done.done_on)

    def test_it_refuses_coaching_without_a_plan_item(self) -> None:
        trajectory = make_trajectory(self, status=S.PLAN)
        with self.assertRaises(actions.GuardRefused):
            actions.transition(actor=self.coach, trajectory=trajectory, to=S.COACHING)

    def test_it_refuses_closing_through_a_transition(self) -> None:
        trajectory = make_trajectory(self)
        with self.assertRaises(actions.GuardRefused):
            actions.transition(actor=self.coach, trajectory=trajectory, to=S.CLOSED)

    def test_it_refuses_an_old_version(self) -> None:
        trajectory = make_trajectory(self)
        actions.transition(actor=self.coach, trajectory=trajectory, to=S.ANALYSIS)
        with self.assertRaises(actions.EditConflict) as conflict:
            actions.waive_analysis(actor=self.coach, trajectory=trajectory, reason="x")
            actions.update_trajectory(
                actor=self.coordinator,
                trajectory=trajectory,
                expected_version=trajectory.version,
                plan_summary="Mijn versie",
            )
        self.assertEqual(conflict.exception.current["version"], trajectory.version + 2)

    def test_it_schedules_the_chapter_timeline_from_the_intake(self) -> None:
        trajectory = make_trajectory(self)
        offsets = [
            (a.due_on - trajectory.started_on).days
            for a in Activity.objects.filter(trajectory=trajectory).order_by("due_on")
        ]
        self.assertEqual(offsets, [7, 21, 45, 90, 120])

    def test_it_refuses_a_second_trajectory_for_a_referral(self) -> None:
        trajectory = make_trajectory(self)
        with self.assertRaises(actions.AlreadyStarted):
            actions.start_trajectory(actor=self.coach, referral=trajectory.referral)  # type: ignore[arg-type]


class ErasedWhileOpenTest(BelrondeTestCase):
    """CONC-EDIT-03: the trajectory is erased while a coach has it open; their save is a 404
    (Gone), never a 500, and nothing is written back."""

    def test_it_answers_gone_and_resurrects_nothing(self) -> None:
        trajectory = make_trajectory(self)
        Trajectory.objects.filter(pk=trajectory.pk).delete()
        for attempt in (
            lambda: actions.transition(actor=self.coach, trajectory=trajectory, to=S.ANALYSIS),
            lambda: actions.update_trajectory(
                actor=self.coach,
                trajectory=trajectory,
                expected_version=trajectory.version,
                plan_summary="Nog mijn plan",
            ),
        ):
            with self.assertRaises(actions.Gone) as gone:
                attempt()
            self.assertEqual(gone.exception.status, 404)
        self.assertFalse(Trajectory.objects.exists())
