"""POST .../trajectories/{code}/sessions: log a session; one per Idempotency-Key (the second
call answers the same body with 200, CONC-DBL-01); bad input is a 422 with a clear message."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from belronde.accounts.models import User
from belronde.coaching import actions
from belronde.coaching.models import Session, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_api import CoachingApiTestCase, another_coach


class TrajectorySessionApiTest(CoachingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.today = timezone.localdate()
        self.trajectory = make_trajectory(self, started_on=self.today - dt.timedelta(days=20))
        self.path = f"/trajectories/{self.trajectory.public_code}/sessions"
        self.data: dict[str, Any] = {
            "date": (self.today - dt.timedelta(days=1)).isoformat(),
            "minutes": 45,
            "mode": "video",
            "notes": "Liquiditeitsplan overlopen.",
        }

    def log(
        self,
        user: User | None = None,
        data: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        return self.call(user or self.coach, "post", self.path, data or self.data, headers=headers)

    def sessions(self) -> int:
        return Session.objects.filter(trajectory=self.trajectory).count()

    def test_it_logs_a_session(self) -> None:
        response = self.log()
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        session = Session.objects.get(trajectory=self.trajectory)
        self.assertEqual(body["code"], session.public_code)
        self.assertEqual(
            {k: body[k] for k in ("date", "minutes", "mode", "notes", "recorded_by", "version")},
            {**self.data, "recorded_by": self.coach.username, "version": 1},
        )

    def test_the_same_idempotency_key_twice_stores_one_session_conc_dbl_01(self) -> None:
        key = str(uuid.uuid4())
        first = self.log(headers={"Idempotency-Key": key})
        again = self.log(headers={"Idempotency-Key": key})
        self.assertEqual((first.status_code, again.status_code), (201, 200))
        self.assertEqual(first.json(), again.json())
        self.assertEqual(self.sessions(), 1)

    def test_another_key_or_none_stores_another_session(self) -> None:
        self.assertEqual(self.log(headers={"Idempotency-Key": str(uuid.uuid4())}).status_code, 201)
        self.assertEqual(self.log(headers={"Idempotency-Key": str(uuid.uuid4())}).status_code, 201)
        self.assertEqual(self.log().status_code, 201)
        self.assertEqual(self.log().status_code, 201)
        self.assertEqual(self.sessions(), 4)

    def test_a_key_that_is_not_a_uuid_is_a_422(self) -> None:
        response = self.log(headers={"Idempotency-Key": "twice-please"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"][0]["loc"], ["header", "Idempotency-Key"])
        self.assertEqual(self.sessions(), 0)

    def test_bad_input_is_a_422_naming_the_field(self) -> None:
        for field, value in (
            ("mode", "pigeon"),
            ("minutes", 0),
            ("minutes", -5),
            ("minutes", 601),
            ("minutes", "lang"),
            ("date", "gisteren"),
            ("date", None),
            ("notes", None),
            ("notes", "x" * 10001),
        ):
            with self.subTest(field=field, value=value):
                response = self.log(data={**self.data, field: value})
                self.assertEqual(response.status_code, 422, response.content)
                body = response.json()
                self.assertTrue(body["detail"])
                self.assertEqual(body["errors"][0]["loc"][-1], field)
                self.assertTrue(body["errors"][0]["msg"])
        self.assertEqual(self.sessions(), 0)

    def test_a_missing_field_is_a_422(self) -> None:
        for field in ("date", "minutes", "mode"):
            with self.subTest(field=field):
                data = {k: v for k, v in self.data.items() if k != field}
                response = self.log(data=data)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["errors"][0]["type"], "missing")
        self.assertEqual(self.sessions(), 0)

    def test_a_date_in_the_future_or_before_the_intake_is_a_422_with_the_reason(self) -> None:
        for day, words in (
            (self.today + dt.timedelta(days=1), "in advance"),
            (self.today - dt.timedelta(days=21), "before the intake"),
        ):
            with self.subTest(day=day):
                self.coach.language = "en"
                self.coach.save(update_fields=["language"])
                response = self.log(data={**self.data, "date": day.isoformat()})
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["code"], "invalid")
                self.assertIn(words, response.json()["detail"])
        self.assertEqual(self.sessions(), 0)

    def test_notes_may_be_left_out(self) -> None:
        data = {k: v for k, v in self.data.items() if k != "notes"}
        response = self.log(data=data)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["notes"], "")

    def test_a_closed_trajectory_takes_no_session(self) -> None:
        key = str(uuid.uuid4())
        self.assertEqual(self.log(headers={"Idempotency-Key": key}).status_code, 201)
        actions.close_trajectory(
            actor=self.coach, trajectory=self.trajectory, outcome="recovered", conclusion="Goed."
        )
        response = self.log()
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "closed")
        # a retry of the session logged before the close still gets its answer
        self.assertEqual(self.log(headers={"Idempotency-Key": key}).status_code, 200)
        self.assertEqual(self.sessions(), 1)

    def test_the_coordinator_logs_a_session_on_a_coachs_trajectory(self) -> None:
        response = self.log(self.coordinator)
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["recorded_by"], self.coordinator.username)

    def test_another_coach_gets_a_404(self) -> None:
        self.assertEqual(self.log(another_coach(self)).status_code, 404)
        self.assertEqual(self.sessions(), 0)

    def test_the_partner_and_the_funder_never_log_a_session(self) -> None:
        for user in (self.partner, self.funder):
            self.assertEqual(self.log(user).status_code, 403)
        self.assertEqual(self.sessions(), 0)

    def test_it_is_403_for_other_roles_and_404_for_the_outsider(self) -> None:
        self.assert_refused_to_the_other_roles("post", self.path, self.data)
        self.assertEqual(self.sessions(), 0)
        self.assertEqual(Trajectory.objects.get(pk=self.trajectory.pk).version, 1)
