"""actions.update_timeline: the coordinator's standard timeline, for trajectories started later."""

from __future__ import annotations

from belronde.audit.models import AuditEvent
from belronde.coaching import actions
from belronde.coaching.models import Activity, TimelineStep, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase

SHORT = [
    ("analysis", "Analyse", 3),
    ("plan", "Plan", 10),
    ("follow_up", "Opvolging", 30),
    ("closure", "Afsluiting", 60),
]


class UpdateTimelineTest(BelrondeTestCase):
    def test_a_new_chapter_starts_with_the_default_timeline(self) -> None:
        offsets = list(
            TimelineStep.objects.filter(chapter=self.lier).values_list("offset_days", flat=True)
        )
        self.assertEqual(offsets, [7, 21, 45, 90, 120])

    def test_new_trajectories_follow_the_new_timeline_and_old_ones_keep_theirs(self) -> None:
        before = make_trajectory(self, name="Eerder gestart")
        actions.update_timeline(actor=self.coordinator, chapter=self.mechelen, steps=SHORT)
        after = make_trajectory(self, name="Later gestart")

        def offsets(t: Trajectory) -> list[int]:
            return [(a.due_on - t.started_on).days for a in Activity.objects.filter(trajectory=t)]

        self.assertEqual(offsets(before), [7, 21, 45, 90, 120])
        self.assertEqual(offsets(after), [3, 10, 30, 60])
        self.assertTrue(AuditEvent.objects.filter(verb="coaching.timeline_changed").exists())

    def test_it_refuses_a_timeline_without_its_milestones(self) -> None:
        for steps in (
            SHORT[1:],
            [*SHORT, ("plan", "Tweede plan", 40)],
            [("unknown", "x", 1), *SHORT],
            [("analysis", " ", 3), *SHORT[1:]],
            [("analysis", "Analyse", 900), *SHORT[1:]],
        ):
            with self.subTest(steps=steps), self.assertRaises(actions.CoachingError):
                actions.update_timeline(actor=self.coordinator, chapter=self.mechelen, steps=steps)
        self.assertEqual(TimelineStep.objects.filter(chapter=self.mechelen).count(), 5)
