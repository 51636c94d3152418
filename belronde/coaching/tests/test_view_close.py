"""coaching:close: an outcome and a conclusion, from any open status; then only follow-ups."""

from __future__ import annotations

import re

from django.test import Client

from belronde.coaching.models import FollowUp, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase

S = Trajectory.Status


def version_of(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found
    return found.group(1)


class CloseViewTest(PagesTestCase):
    def data(self, version: int | str, **kw: str) -> dict[str, str]:
        return {
            "outcome": "restructured",
            "conclusion": "Afbetalingsplan met de RSZ loopt; kosten verlaagd.",
            "version": str(version),
            **kw,
        }

    def test_it_closes_from_the_intake_with_an_outcome(self) -> None:
        trajectory = make_trajectory(self)
        close = self.url("close", code=trajectory.public_code)
        self.client.force_login(self.coach)
        form = self.client.get(close)
        self.assertContains(form, 'name="outcome"')
        response = self.client.post(close, self.data(version_of(form.content.decode())))
        detail = self.url("detail", code=trajectory.public_code)
        self.assertRedirects(response, detail, fetch_redirect_response=False)
        trajectory.refresh_from_db()
        self.assertEqual((trajectory.status, trajectory.outcome), (S.CLOSED, "restructured"))
        self.assertEqual(FollowUp.objects.filter(trajectory=trajectory).count(), 2)
        page = self.client.get(detail)
        self.assertContains(page, "Restructured")
        self.assertContains(page, "Afbetalingsplan met de RSZ loopt; kosten verlaagd.")
        self.assertNotContains(page, close)

    def test_it_needs_an_outcome_and_a_conclusion(self) -> None:
        trajectory = make_trajectory(self, status=S.COACHING)
        close = self.url("close", code=trajectory.public_code)
        self.client.force_login(self.coach)
        for data in (
            self.data(trajectory.version, outcome=""),
            self.data(trajectory.version, conclusion=""),
        ):
            response = self.client.post(close, data)
            self.assertEqual(response.status_code, 400)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.COACHING)

    def test_a_stale_close_conflicts_with_the_input_kept(self) -> None:
        trajectory = make_trajectory(self)
        close = self.url("close", code=trajectory.public_code)
        coach_a, coach_b = Client(), Client()
        coach_a.force_login(self.coach)
        coach_b.force_login(self.coordinator)
        version = version_of(coach_b.get(close).content.decode())
        coach_a.post(
            self.url("transition", code=trajectory.public_code),
            {"to": "analysis", "version": trajectory.version},
        )
        refused = coach_b.post(close, self.data(version, conclusion="Conclusie van B"))
        self.assertEqual(refused.status_code, 409)
        self.assertContains(refused, "Conclusie van B</textarea>", status_code=409)
        self.assertContains(refused, 'data-testid="conflict"', status_code=409)
        self.assertContains(refused, "Financial analysis", status_code=409)  # the status now
        trajectory.refresh_from_db()
        self.assertEqual(trajectory.status, S.ANALYSIS)
        again = coach_b.post(close, self.data(version_of(refused.content.decode())))
        self.assertEqual(again.status_code, 302)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.CLOSED)

    def test_a_closed_trajectory_sends_back_to_its_page(self) -> None:
        trajectory = make_trajectory(self, status=S.CLOSED)
        self.client.force_login(self.coach)
        response = self.client.get(self.url("close", code=trajectory.public_code), follow=True)
        self.assertContains(response, "This trajectory is closed")
        response = self.client.post(
            self.url("close", code=trajectory.public_code),
            self.data(trajectory.version, outcome="bankrupt"),
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).outcome, "recovered")

    def test_it_is_404_for_another_chapter(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.outsider)
        url = self.url("close", code=trajectory.public_code)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_is_403_for_a_caller(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.caller)
        url = self.url("close", code=trajectory.public_code)
        self.assertEqual(self.client.post(url, self.data(1)).status_code, 403)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).status, S.INTAKE)
