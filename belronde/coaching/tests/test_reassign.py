"""actions.reassign: a coordinator hands a trajectory to another coach, with a reason."""

from __future__ import annotations

from belronde.accounts.models import Membership
from belronde.audit.models import AuditEvent
from belronde.coaching import actions
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase, make_user


class ReassignTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.second = make_user("dora.coach")
        Membership.objects.create(user=self.second, role="coach", chapter=self.mechelen)

    def test_it_gives_the_trajectory_to_the_other_coach_and_tells_them(self) -> None:
        trajectory = make_trajectory(self)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            moved = actions.reassign(
                actor=self.coordinator, trajectory=trajectory, coach=self.second, reason="Verlof"
            )
        self.assertEqual(moved.coach, self.second)
        self.assertEqual(len(callbacks), 1)
        event = AuditEvent.objects.get(verb="trajectory.reassigned")
        self.assertEqual(event.payload["to"], "dora.coach")

    def test_it_refuses_without_a_reason_or_to_someone_who_does_not_coach(self) -> None:
        trajectory = make_trajectory(self)
        for coach, reason in (
            (self.second, " "),
            (self.caller, "Verlof"),
            (self.outsider, "Verlof"),
            (self.coach, "Verlof"),
        ):
            with self.subTest(coach=coach.username), self.assertRaises(actions.CoachingError):
                actions.reassign(
                    actor=self.coordinator, trajectory=trajectory, coach=coach, reason=reason
                )
        trajectory.refresh_from_db()
        self.assertEqual(trajectory.coach, self.coach)
