"""coaching:workload: per coach the open trajectories, late activities and minutes logged, then
the late activities with links to their trajectories (coordinator only)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.coaching import actions
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase


class WorkloadTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.url = reverse("coaching:workload", args=["mechelen"])

    def test_it_shows_each_coach_open_late_and_minutes(self) -> None:
        today = timezone.localdate()
        late = make_trajectory(self, name="Bakkerij Peeters", started_on=today - dt.timedelta(30))
        make_trajectory(self, name="Slagerij Claes")
        actions.log_session(
            actor=self.coach, trajectory=late, held_on=today, minutes=75, mode="phone"
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        rows = {row.coach.username: row for row in response.context["rows"]}
        self.assertEqual((rows["cora.coach"].open, rows["cora.coach"].minutes), (2, 75))
        # analysis (+7) and plan (+21) are past their dates after 30 days
        self.assertEqual(rows["cora.coach"].late, 2)
        self.assertEqual(rows["alice.coordinator"].open, 0)
        self.assertContains(response, "cora.coach")
        self.assertContains(response, 'data-testid="workload"')

    def test_it_lists_the_late_activities_with_a_link_to_the_trajectory(self) -> None:
        started = timezone.localdate() - dt.timedelta(10)
        late = make_trajectory(self, name="Bakkerij Peeters", started_on=started)
        on_time = make_trajectory(self, name="Slagerij Claes")
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        detail = reverse("coaching:detail", args=["mechelen", late.public_code])
        self.assertContains(response, f'href="{detail}"')
        self.assertContains(response, "Bakkerij Peeters")
        self.assertContains(response, (started + dt.timedelta(7)).strftime("%d/%m/%Y"))
        self.assertContains(
            response, reverse("coaching:reassign", args=["mechelen", late.public_code])
        )
        self.assertNotContains(
            response, reverse("coaching:detail", args=["mechelen", on_time.public_code])
        )

    def test_it_says_when_nothing_is_late(self) -> None:
        make_trajectory(self)
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.context["late"], [])
        self.assertNotContains(response, 'data-testid="late-activities"')

    def test_it_is_403_for_a_coach(self) -> None:
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_403_for_a_caller_and_a_funder(self) -> None:
        for user in (self.caller, self.funder):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
