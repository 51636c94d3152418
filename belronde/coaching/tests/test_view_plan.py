"""coaching:plan: the plan's summary, with optimistic locking (RELIABILITY.md CONC-EDIT-01)."""

from __future__ import annotations

import re

from django.test import Client

from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase

S = Trajectory.Status


def hidden_version(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html.split('id="plan"', 1)[1])
    assert found, "no version field in the plan form"
    return found.group(1)


class PlanViewTest(PagesTestCase):
    def setUp(self) -> None:
        self.trajectory = make_trajectory(self, status=S.PLAN)
        self.detail = self.url("detail", code=self.trajectory.public_code)
        self.plan = self.url("plan", code=self.trajectory.public_code)

    def test_it_saves_the_summary(self) -> None:
        self.client.force_login(self.coach)
        version = hidden_version(self.client.get(self.detail).content.decode())
        response = self.client.post(
            self.plan, {"plan_summary": "Kasplan en afbetalingsplan.", "version": version}
        )
        self.assertRedirects(response, self.detail + "#plan", fetch_redirect_response=False)
        self.trajectory.refresh_from_db()
        self.assertEqual(self.trajectory.plan_summary, "Kasplan en afbetalingsplan.")

    def test_a_second_stale_save_conflicts_and_keeps_both_inputs(self) -> None:
        coach_a, coach_b = Client(), Client()
        coach_a.force_login(self.coach)
        coach_b.force_login(self.coordinator)
        version_a = hidden_version(coach_a.get(self.detail).content.decode())
        version_b = hidden_version(coach_b.get(self.detail).content.decode())
        self.assertEqual(version_a, version_b)

        saved = coach_a.post(self.plan, {"plan_summary": "Plan van A", "version": version_a})
        self.assertEqual(saved.status_code, 302)

        refused = coach_b.post(self.plan, {"plan_summary": "Plan van B", "version": version_b})
        self.assertEqual(refused.status_code, 409)
        html = refused.content.decode()
        self.assertIn("Someone else changed this trajectory", html)
        self.assertIn("Plan van B</textarea>", html)  # B's own input, kept
        self.assertIn('data-testid="conflict"', html)
        self.assertIn("Plan van A", html.split('data-testid="conflict"', 1)[1])  # A's, shown
        self.trajectory.refresh_from_db()
        self.assertEqual(self.trajectory.plan_summary, "Plan van A")
        self.assertEqual(hidden_version(html), str(self.trajectory.version))

        # the second save, with the version the conflict showed, goes through
        again = coach_b.post(
            self.plan, {"plan_summary": "Plan van B", "version": hidden_version(html)}
        )
        self.assertEqual(again.status_code, 302)
        self.trajectory.refresh_from_db()
        self.assertEqual(self.trajectory.plan_summary, "Plan van B")

    def test_it_refuses_a_missing_version(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.plan, {"plan_summary": "Zonder versie"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Trajectory.objects.get(pk=self.trajectory.pk).plan_summary, "")

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(self.plan, {"plan_summary": "x", "version": "1"})
        self.assertEqual(response.status_code, 404)

    def test_it_is_403_for_a_funder(self) -> None:
        self.client.force_login(self.funder)
        response = self.client.post(self.plan, {"plan_summary": "x", "version": "1"})
        self.assertEqual(response.status_code, 403)
