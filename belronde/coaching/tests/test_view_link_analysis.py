"""coaching:link_analysis: one of the firm's financial analyses, chosen from a list."""

from __future__ import annotations

from belronde.analyses import actions as analysis_actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase
from belronde.conversations.tests.fixtures import make_organisation

S = Trajectory.Status


class LinkAnalysisViewTest(PagesTestCase):
    def setUp(self) -> None:
        self.trajectory = make_trajectory(self, status=S.ANALYSIS)
        self.analysis = analysis_actions.create_analysis(
            actor=self.coach, chapter=self.mechelen, organisation=self.trajectory.organisation
        )
        self.link = self.url("link_analysis", code=self.trajectory.public_code)

    def test_the_page_offers_the_firms_analyses(self) -> None:
        self.client.force_login(self.coach)
        page = self.client.get(self.url("detail", code=self.trajectory.public_code))
        self.assertContains(page, f'value="{self.analysis.public_code}"')

    def test_it_links_the_analysis(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.link, {"analysis": self.analysis.public_code})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.trajectory.analyses.filter(pk=self.analysis.pk).exists())
        page = self.client.get(self.url("detail", code=self.trajectory.public_code))
        self.assertContains(page, "Move on to: plan")

    def test_it_refuses_another_firms_analysis(self) -> None:
        other = analysis_actions.create_analysis(
            actor=self.coach,
            chapter=self.mechelen,
            organisation=make_organisation(self.mechelen, "Garage Wouters"),
        )
        self.client.force_login(self.coach)
        response = self.client.post(self.link, {"analysis": other.public_code})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.trajectory.analyses.exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        response = self.client.post(self.link, {"analysis": self.analysis.public_code})
        self.assertEqual(response.status_code, 404)

    def test_it_is_403_for_a_caller(self) -> None:
        self.client.force_login(self.caller)
        response = self.client.post(self.link, {"analysis": self.analysis.public_code})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.trajectory.analyses.exists())
