"""coaching:start_analysis: a new analysis of the firm, with what the call told, linked."""

from __future__ import annotations

from django.urls import reverse

from belronde.analyses.models import FinancialAnalysis
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase

S = Trajectory.Status


class StartAnalysisViewTest(PagesTestCase):
    def test_it_starts_a_linked_analysis_and_opens_it(self) -> None:
        trajectory = make_trajectory(self, status=S.ANALYSIS)
        self.client.force_login(self.coach)
        response = self.client.post(self.url("start_analysis", code=trajectory.public_code))
        analysis = FinancialAnalysis.objects.get(organisation=trajectory.organisation)
        self.assertRedirects(
            response,
            reverse(
                "analyses:detail", kwargs={"chapter": "mechelen", "code": analysis.public_code}
            ),
            fetch_redirect_response=False,
        )
        self.assertTrue(trajectory.analyses.filter(pk=analysis.pk).exists())

    def test_it_refuses_on_a_closed_trajectory(self) -> None:
        trajectory = make_trajectory(self, status=S.CLOSED)
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url("start_analysis", code=trajectory.public_code), follow=True
        )
        self.assertContains(response, "This trajectory is closed")
        self.assertFalse(FinancialAnalysis.objects.exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.outsider)
        url = self.url("start_analysis", code=trajectory.public_code)
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_it_is_403_for_a_partner(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.partner)
        url = self.url("start_analysis", code=trajectory.public_code)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.assertFalse(FinancialAnalysis.objects.exists())
