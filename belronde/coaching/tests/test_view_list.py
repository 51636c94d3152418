"""coaching:list: my trajectories by status, the next activity, late ones flagged and first."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.coaching import actions
from belronde.coaching.models import Activity, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase, second_coach

S = Trajectory.Status


class TrajectoryListTest(PagesTestCase):
    list_url = reverse("coaching:list", kwargs={"chapter": "mechelen"})

    def test_it_lists_my_open_trajectories_with_the_next_activity(self) -> None:
        trajectory = make_trajectory(self, name="Bakkerij Peeters")
        self.client.force_login(self.coach)
        response = self.client.get(self.list_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bakkerij Peeters BV")
        first = Activity.objects.filter(trajectory=trajectory).order_by("due_on").first()
        assert first is not None
        self.assertContains(response, first.label)  # the next activity
        due = (timezone.localdate() + dt.timedelta(days=7)).strftime("%d/%m/%Y")
        self.assertContains(response, due)
        self.assertContains(response, reverse("referrals:coaching_queue", args=["mechelen"]))

    def test_it_flags_late_activities_with_a_count_and_lists_them_first(self) -> None:
        on_time = make_trajectory(self, name="Drukkerij Janssens")
        long_ago = timezone.localdate() - dt.timedelta(days=30)
        late = make_trajectory(self, name="Garage Wouters", started_on=long_ago)
        self.client.force_login(self.coach)
        response = self.client.get(self.list_url)
        body = response.content.decode()
        self.assertIn('data-testid="late"', body)
        self.assertContains(response, "2 late")  # the analysis (+7) and the plan (+21)
        self.assertLess(
            body.index(late.organisation.display_name), body.index(on_time.organisation.name)
        )

    def test_it_filters_by_status(self) -> None:
        make_trajectory(self, name="Bakkerij Peeters")
        make_trajectory(self, name="Slagerij Maes", status=S.CLOSED)
        self.client.force_login(self.coach)
        open_page = self.client.get(self.list_url)
        self.assertContains(open_page, "Bakkerij Peeters")
        self.assertNotContains(open_page, "Slagerij Maes")
        closed_page = self.client.get(self.list_url, {"status": "closed"})
        self.assertContains(closed_page, "Slagerij Maes")
        self.assertNotContains(closed_page, "Bakkerij Peeters")
        everything = self.client.get(self.list_url, {"status": "all"})
        self.assertContains(everything, "Slagerij Maes")
        self.assertContains(everything, "Bakkerij Peeters")

    def test_it_shows_a_coach_only_their_own(self) -> None:
        make_trajectory(self, name="Bakkerij Peeters")
        other = second_coach(self)
        self.client.force_login(other)
        response = self.client.get(self.list_url)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Bakkerij Peeters")

    def test_it_shows_a_coordinator_all_with_a_coach_filter(self) -> None:
        make_trajectory(self, name="Bakkerij Peeters")
        other = second_coach(self)
        theirs = make_trajectory(self, name="Frituur Luc")
        actions.reassign(
            actor=self.coordinator, trajectory=theirs, coach=other, reason="Verlof van Cora."
        )
        self.client.force_login(self.coordinator)
        everyone = self.client.get(self.list_url)
        self.assertContains(everyone, "Bakkerij Peeters")
        self.assertContains(everyone, "Frituur Luc")
        self.assertContains(everyone, 'name="coach"')
        only_dirk = self.client.get(self.list_url, {"coach": other.username})
        self.assertContains(only_dirk, "Frituur Luc")
        self.assertNotContains(only_dirk, "Bakkerij Peeters")

    def test_it_ignores_an_unknown_coach_or_status(self) -> None:
        make_trajectory(self, name="Bakkerij Peeters")
        self.client.force_login(self.coordinator)
        response = self.client.get(self.list_url, {"coach": "niemand", "status": "<script>"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bakkerij Peeters")

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.list_url).status_code, 404)

    def test_it_is_403_for_a_caller_and_a_funder(self) -> None:
        for persona in (self.caller, self.funder, self.partner):
            self.client.force_login(persona)
            self.assertEqual(self.client.get(self.list_url).status_code, 403)


class TrajectoryListLinksTest(PagesTestCase):
    def test_it_links_the_workload_for_coordinators_and_the_timeline_for_all(self) -> None:
        url = reverse("coaching:list", kwargs={"chapter": "mechelen"})
        workload = reverse("coaching:workload", kwargs={"chapter": "mechelen"})
        timeline = reverse("coaching:timeline", kwargs={"chapter": "mechelen"})
        self.client.force_login(self.coordinator)
        response = self.client.get(url)
        self.assertContains(response, workload)
        self.assertContains(response, timeline)
        self.client.force_login(self.coach)
        response = self.client.get(url)
        self.assertNotContains(response, workload)
        self.assertContains(response, timeline)
