"""POST .../trajectories/{code}/transition: one step on, refused with the guard's reason; with
If-Match, 412 and no change when the version is no longer current (RELIABILITY.md
CONC-EDIT-02)."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.utils import translation
from django.utils.translation import gettext as _

from belronde.accounts.models import User
from belronde.coaching import access, actions
from belronde.coaching.models import Trajectory, TrajectoryEvent
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_api import CoachingApiTestCase, another_coach

S = Trajectory.Status


class TrajectoryTransitionApiTest(CoachingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.trajectory = make_trajectory(self)
        self.path = f"/trajectories/{self.trajectory.public_code}/transition"

    def move(self, to: str, user: User | None = None, headers: dict[str, str] | None = None) -> Any:
        return self.call(user or self.coach, "post", self.path, {"to": to}, headers=headers)

    def current(self) -> Trajectory:
        return Trajectory.objects.get(pk=self.trajectory.pk)

    def test_it_moves_the_trajectory_one_step_on(self) -> None:
        response = self.move("analysis")
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual(body["status"], "analysis")
        self.assertEqual(body["version"], self.trajectory.version + 1)
        self.assertEqual(response["ETag"], f'"v{body["version"]}"')
        self.assertEqual(self.current().status, S.ANALYSIS)

    def test_the_coordinator_moves_a_coachs_trajectory(self) -> None:
        self.assertEqual(self.move("analysis", self.coordinator).status_code, 200)

    def test_a_refused_transition_is_409_with_the_guards_reason(self) -> None:
        self.move("analysis")
        response = self.move("plan")
        self.assertEqual(response.status_code, 409)
        with translation.override(self.coach.language):
            reason = _(
                "Link a financial analysis first, or record why none is needed, before the "
                "plan is made."
            )
        self.assertEqual(response.json(), {"detail": reason, "code": "guard"})
        self.assertEqual(self.current().status, S.ANALYSIS)

    def test_it_refuses_to_skip_a_step(self) -> None:
        response = self.move("coaching")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "guard")
        self.assertIn("detail", response.json())
        self.assertEqual(self.current().status, S.INTAKE)

    def test_it_refuses_coaching_without_a_plan_item(self) -> None:
        trajectory = make_trajectory(self, name="Drukkerij Wouters", status=S.PLAN)
        response = self.call(
            self.coach,
            "post",
            f"/trajectories/{trajectory.public_code}/transition",
            {"to": "coaching"},
        )
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.PLAN)

    def test_closing_or_an_unknown_status_is_a_422(self) -> None:
        for to in ("closed", "intake", "done", ""):
            with self.subTest(to=to):
                response = self.move(to)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["errors"][0]["loc"][-1], "to")
        self.assertEqual(self.call(self.coach, "post", self.path, {}).status_code, 422)
        self.assertEqual(self.current().status, S.INTAKE)

    def test_it_goes_through_with_the_current_version_in_if_match(self) -> None:
        response = self.move("analysis", headers={"If-Match": f'"v{self.trajectory.version}"'})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.current().status, S.ANALYSIS)

    def test_it_goes_through_with_if_match_star_or_a_list_holding_the_version(self) -> None:
        self.assertEqual(self.move("analysis", headers={"If-Match": "*"}).status_code, 200)
        version = self.current().version
        listed = f'"v{version - 1}", "v{version}"'
        self.assertEqual(self.move("plan", headers={"If-Match": listed}).status_code, 409)  # guard
        actions.waive_analysis(actor=self.coach, trajectory=self.trajectory, reason="Geen nood.")
        listed = f'"v{version}", "v{version + 1}"'
        self.assertEqual(self.move("plan", headers={"If-Match": listed}).status_code, 200)

    def test_a_stale_if_match_is_412_and_changes_nothing_conc_edit_02(self) -> None:
        read = self.call(self.coach, "get", f"/trajectories/{self.trajectory.public_code}")
        etag = read["ETag"]
        # someone else changes the trajectory after the read
        actions.waive_analysis(actor=self.coordinator, trajectory=self.trajectory, reason="Klein.")
        before = self.current()
        events = TrajectoryEvent.objects.count()
        response = self.move("analysis", headers={"If-Match": etag})
        self.assertEqual(response.status_code, 412, response.content)
        body = response.json()
        self.assertEqual(body["code"], "precondition_failed")
        self.assertEqual(body["current"]["version"], before.version)
        self.assertTrue(body["detail"])
        after = self.current()
        self.assertEqual((after.status, after.version), (S.INTAKE, before.version))
        self.assertEqual(TrajectoryEvent.objects.count(), events)
        # read again, send the new ETag: it goes through
        etag = self.call(self.coach, "get", f"/trajectories/{self.trajectory.public_code}")["ETag"]
        self.assertEqual(self.move("analysis", headers={"If-Match": etag}).status_code, 200)

    def test_a_change_between_the_read_and_the_lock_is_412_conc_edit_02(self) -> None:
        """The version matched when the route read the trajectory, but someone saved before
        the action locked it: the action's conflict is the 412."""
        real = access.get_trajectory
        version = self.trajectory.version

        def read_then_someone_saves(*args: Any, **kwargs: Any) -> Trajectory:
            found = real(*args, **kwargs)
            actions.update_trajectory(
                actor=self.coordinator,
                trajectory=found,
                expected_version=None,
                plan_summary="De versie van de coördinator",
            )
            return found

        with mock.patch.object(access, "get_trajectory", read_then_someone_saves):
            response = self.move("analysis", headers={"If-Match": f'"v{version}"'})
        self.assertEqual(response.status_code, 412, response.content)
        self.assertEqual(response.json()["current"]["version"], version + 1)
        self.assertEqual(self.current().status, S.INTAKE)

    def test_a_weak_or_malformed_if_match_never_matches(self) -> None:
        version = self.trajectory.version
        for value in (f'W/"v{version}"', f"v{version}", str(version), "nope", '"v"'):
            with self.subTest(value=value):
                self.assertEqual(
                    self.move("analysis", headers={"If-Match": value}).status_code, 412
                )
        self.assertEqual(self.current().status, S.INTAKE)

    def test_without_if_match_an_old_version_does_not_matter(self) -> None:
        actions.waive_analysis(actor=self.coordinator, trajectory=self.trajectory, reason="Klein.")
        self.assertEqual(self.move("analysis").status_code, 200)

    def test_a_closed_trajectory_is_409(self) -> None:
        actions.close_trajectory(
            actor=self.coach, trajectory=self.trajectory, outcome="stopped", conclusion="Gestopt."
        )
        response = self.move("analysis")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "closed")
        self.assertEqual(self.current().status, S.CLOSED)

    def test_another_coach_gets_a_404(self) -> None:
        self.assertEqual(self.move("analysis", another_coach(self)).status_code, 404)
        self.assertEqual(self.current().status, S.INTAKE)

    def test_the_partner_and_the_funder_never_move_a_trajectory(self) -> None:
        for user in (self.partner, self.funder):
            self.assertEqual(self.move("analysis", user).status_code, 403)
        self.assertEqual(self.current().status, S.INTAKE)

    def test_it_is_403_for_other_roles_and_404_for_the_outsider(self) -> None:
        self.assert_refused_to_the_other_roles("post", self.path, {"to": "analysis"})
        self.assertEqual(self.current().status, S.INTAKE)
