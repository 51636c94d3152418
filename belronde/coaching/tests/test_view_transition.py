"""coaching:transition: one step forward; a refused guard says what is missing."""

from __future__ import annotations

from typing import Any

from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase, second_coach

S = Trajectory.Status


class TransitionViewTest(PagesTestCase):
    def post(
        self, trajectory: Trajectory, to: str, version: int | None = None, follow: bool = False
    ) -> Any:
        data = {"to": to, "version": version if version is not None else trajectory.version}
        url = self.url("transition", code=trajectory.public_code)
        return self.client.post(url, data, follow=follow)

    def test_it_moves_the_trajectory_on(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.coach)
        response = self.post(trajectory, S.ANALYSIS)
        self.assertRedirects(
            response,
            self.url("detail", code=trajectory.public_code) + "#next-step",
            fetch_redirect_response=False,
        )
        trajectory.refresh_from_db()
        self.assertEqual(trajectory.status, S.ANALYSIS)

    def test_it_shows_the_guards_reason_and_changes_nothing(self) -> None:
        trajectory = make_trajectory(self, status=S.ANALYSIS)
        self.client.force_login(self.coach)
        response = self.post(trajectory, S.PLAN, follow=True)
        self.assertContains(
            response,
            "Link a financial analysis first, or record why none is needed, before the plan is "
            "made.",
        )
        after = Trajectory.objects.get(pk=trajectory.pk)
        self.assertEqual(after.status, S.ANALYSIS)
        self.assertEqual(after.version, trajectory.version)

    def test_it_refuses_the_coaching_without_a_plan_item(self) -> None:
        trajectory = make_trajectory(self, status=S.PLAN)
        self.client.force_login(self.coach)
        response = self.post(trajectory, S.COACHING, follow=True)
        self.assertContains(response, "Add at least one plan item")
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.PLAN)

    def test_it_refuses_a_stale_page(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.coach)
        response = self.post(
            trajectory, S.ANALYSIS, version=trajectory.version - 1 or 99, follow=True
        )
        self.assertContains(response, "Someone else changed this trajectory")
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.INTAKE)

    def test_it_refuses_a_bad_form(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.coach)
        response = self.post(trajectory, "closed", follow=True)
        self.assertContains(response, "This step is not possible.")
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.INTAKE)

    def test_it_is_404_for_another_coach_and_another_chapter(self) -> None:
        trajectory = make_trajectory(self)
        for persona in (second_coach(self), self.outsider):
            self.client.force_login(persona)
            self.assertEqual(self.post(trajectory, S.ANALYSIS).status_code, 404)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.INTAKE)

    def test_it_is_403_for_a_caller(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.caller)
        self.assertEqual(self.post(trajectory, S.ANALYSIS).status_code, 403)
