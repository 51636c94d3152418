"""GET /api/v1/chapters/{slug}/trajectories: a coach's own, a coordinator all; paginated."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_api import CoachingApiTestCase, another_coach, trajectory_of


class TrajectoryListApiTest(CoachingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.mine = make_trajectory(
            self, name="Bakkerij Peeters", started_on=self.today - dt.timedelta(days=30)
        )
        self.other_coach = another_coach(self)
        self.theirs = trajectory_of(self, self.other_coach, name="Slagerij Janssens")

    def codes(self, response: Any) -> list[str]:
        self.assertEqual(response.status_code, 200, response.content)
        return [item["code"] for item in response.json()["items"]]

    def test_it_lists_a_coachs_own_trajectories(self) -> None:
        self.assertEqual(
            self.codes(self.call(self.coach, "get", "/trajectories")), [self.mine.public_code]
        )
        self.assertEqual(
            self.codes(self.call(self.other_coach, "get", "/trajectories")),
            [self.theirs.public_code],
        )

    def test_it_lists_every_trajectory_of_the_chapter_for_the_coordinator(self) -> None:
        codes = self.codes(self.call(self.coordinator, "get", "/trajectories"))
        self.assertEqual(sorted(codes), sorted([self.mine.public_code, self.theirs.public_code]))

    def test_it_gives_each_item_its_firm_coach_next_due_and_late_count(self) -> None:
        item = self.call(self.coach, "get", "/trajectories").json()["items"][0]
        started = self.today - dt.timedelta(days=30)
        self.assertEqual(
            item,
            {
                "code": self.mine.public_code,
                "status": "intake",
                "organisation": {
                    "code": self.mine.organisation.public_code,
                    "name": "Bakkerij Peeters BV",
                },
                "coach": self.coach.username,
                "started_on": started.isoformat(),
                # the analysis (+7) and the plan (+21) are late; the first one is the next due
                "next_due": (started + dt.timedelta(days=7)).isoformat(),
                "late": 2,
                "outcome": "",
                "closed_on": None,
            },
        )

    def test_it_shows_the_outcome_of_a_closed_trajectory(self) -> None:
        closed = make_trajectory(self, name="Drukkerij Wouters", status=Trajectory.Status.CLOSED)
        items = self.call(self.coach, "get", "/trajectories", {"status": "closed"}).json()["items"]
        self.assertEqual([i["code"] for i in items], [closed.public_code])
        self.assertEqual(items[0]["outcome"], "recovered")
        self.assertEqual(items[0]["closed_on"], self.today.isoformat())
        self.assertEqual((items[0]["late"], items[0]["next_due"]), (0, None))

    def test_it_filters_by_status(self) -> None:
        make_trajectory(self, name="Drukkerij Wouters", status=Trajectory.Status.ANALYSIS)
        items = self.call(self.coordinator, "get", "/trajectories", {"status": "analysis"})
        self.assertEqual([i["status"] for i in items.json()["items"]], ["analysis"])

    def test_it_is_paginated(self) -> None:
        body = self.call(self.coordinator, "get", "/trajectories", {"page_size": 1}).json()
        self.assertEqual((body["count"], body["pages"], body["next"]), (2, 2, 2))
        self.assertEqual(len(body["items"]), 1)

    def test_the_partner_and_the_funder_never_get_a_trajectory(self) -> None:
        for user in (self.partner, self.funder):
            response = self.call(user, "get", "/trajectories")
            self.assertEqual(response.status_code, 403)
            self.assertNotIn(self.mine.public_code, response.content.decode())

    def test_it_is_403_for_other_roles_and_404_for_the_outsider(self) -> None:
        self.assert_refused_to_the_other_roles("get", "/trajectories")
