"""coaching:waive_analysis: why no financial analysis is needed (then the plan may come)."""

from __future__ import annotations

from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase

S = Trajectory.Status
REASON = "Enkel een afbetalingsplan met de RSZ; de cijfers zijn gekend."


class WaiveAnalysisViewTest(PagesTestCase):
    def test_it_records_the_reason_and_opens_the_way_to_the_plan(self) -> None:
        trajectory = make_trajectory(self, status=S.ANALYSIS)
        self.client.force_login(self.coach)
        url = self.url("waive_analysis", code=trajectory.public_code)
        response = self.client.post(url, {"reason": REASON})
        self.assertEqual(response.status_code, 302)
        trajectory.refresh_from_db()
        self.assertEqual(trajectory.no_analysis_reason, REASON)
        page = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertContains(page, REASON)
        self.assertContains(page, "Move on to: plan")

    def test_it_asks_for_a_reason(self) -> None:
        trajectory = make_trajectory(self, status=S.ANALYSIS)
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url("waive_analysis", code=trajectory.public_code), {"reason": "  "}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'data-testid="not-saved"', status_code=400)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).no_analysis_reason, "")

    def test_it_refuses_on_a_closed_trajectory(self) -> None:
        trajectory = make_trajectory(self, status=S.CLOSED)
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url("waive_analysis", code=trajectory.public_code), {"reason": REASON}, follow=True
        )
        self.assertContains(response, "This trajectory is closed")
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).no_analysis_reason, "")

    def test_it_is_404_for_another_chapter(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.outsider)
        url = self.url("waive_analysis", code=trajectory.public_code)
        self.assertEqual(self.client.post(url, {"reason": REASON}).status_code, 404)

    def test_it_is_403_for_a_funder(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.funder)
        url = self.url("waive_analysis", code=trajectory.public_code)
        self.assertEqual(self.client.post(url, {"reason": REASON}).status_code, 403)
