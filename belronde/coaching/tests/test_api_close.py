"""POST .../trajectories/{code}/close: from any open status, with an outcome and a conclusion;
after it nothing more is logged but the follow-ups (409); with a stale If-Match, 412 and no
change (CONC-EDIT-02)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from belronde.accounts.models import User
from belronde.coaching import actions
from belronde.coaching.models import FollowUp, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_api import CoachingApiTestCase, another_coach
from belronde.referrals.models import Referral

S = Trajectory.Status
CLOSE = {"outcome": "referred_dyzo", "conclusion": "Doorverwezen naar Dyzo voor de schulden."}


class TrajectoryCloseApiTest(CoachingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.trajectory = make_trajectory(self, status=S.ANALYSIS)
        self.code = self.trajectory.public_code
        self.path = f"/trajectories/{self.code}/close"

    def close(
        self,
        data: dict[str, Any] | None = None,
        user: User | None = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        return self.call(user or self.coach, "post", self.path, data or CLOSE, headers=headers)

    def current(self) -> Trajectory:
        return Trajectory.objects.get(pk=self.trajectory.pk)

    def test_it_closes_with_an_outcome_and_a_conclusion(self) -> None:
        response = self.close()
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["status"], body["outcome"]), ("closed", "referred_dyzo"))
        self.assertEqual(body["closed_on"], timezone.localdate().isoformat())
        self.assertEqual(body["conclusion"], CLOSE["conclusion"])
        self.assertEqual([f["months"] for f in body["follow_ups"]], [6, 12])
        self.assertEqual(response["ETag"], f'"v{body["version"]}"')
        self.assertEqual(FollowUp.objects.filter(trajectory=self.trajectory).count(), 2)
        referral = Referral.objects.get(trajectory=self.trajectory)
        self.assertEqual(referral.outcome, Referral.Outcome.REFERRED_ON)

    def test_it_closes_from_the_intake(self) -> None:
        trajectory = make_trajectory(self, name="Drukkerij Wouters")
        response = self.call(
            self.coach,
            "post",
            f"/trajectories/{trajectory.public_code}/close",
            {"outcome": "stopped", "conclusion": "De ondernemer stopt na de intake."},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Trajectory.objects.get(pk=trajectory.pk).outcome, "stopped")

    def test_every_outcome_of_the_contract_is_accepted(self) -> None:
        for outcome in Trajectory.Outcome.values:
            with self.subTest(outcome=outcome):
                trajectory = make_trajectory(self, name=f"Onderneming {outcome}")
                response = self.call(
                    self.coach,
                    "post",
                    f"/trajectories/{trajectory.public_code}/close",
                    {"outcome": outcome, "conclusion": "Afgesloten."},
                )
                self.assertEqual(response.status_code, 200)

    def test_bad_input_is_a_422_and_changes_nothing(self) -> None:
        for data, field in (
            ({"outcome": "saved", "conclusion": "x"}, "outcome"),
            ({"outcome": "", "conclusion": "x"}, "outcome"),
            ({"conclusion": "x"}, "outcome"),
            ({"outcome": "recovered"}, "conclusion"),
            ({"outcome": "recovered", "conclusion": ""}, "conclusion"),
            ({"outcome": "recovered", "conclusion": None}, "conclusion"),
            ({"outcome": "recovered", "conclusion": "x" * 4001}, "conclusion"),
        ):
            with self.subTest(data=data):
                response = self.close(data)
                self.assertEqual(response.status_code, 422)
                self.assertEqual(response.json()["errors"][0]["loc"][-1], field)
        self.assertEqual(self.current().status, S.ANALYSIS)

    def test_a_blank_conclusion_is_a_422_with_the_reason(self) -> None:
        response = self.close({"outcome": "recovered", "conclusion": "   "})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["code"], "invalid")
        self.assertTrue(response.json()["detail"])
        self.assertEqual(self.current().status, S.ANALYSIS)

    def test_after_the_close_nothing_more_is_logged(self) -> None:
        self.assertEqual(self.close().status_code, 200)
        version = self.current().version
        self.assertEqual(self.close().status_code, 409)
        session = self.call(
            self.coach,
            "post",
            f"/trajectories/{self.code}/sessions",
            {"date": timezone.localdate().isoformat(), "minutes": 30, "mode": "phone"},
        )
        transition = self.call(
            self.coach, "post", f"/trajectories/{self.code}/transition", {"to": "plan"}
        )
        for response in (session, transition):
            self.assertEqual(response.status_code, 409)
            self.assertEqual(response.json()["code"], "closed")
        self.assertEqual(self.current().version, version)
        # the follow-ups are still there to record
        self.assertEqual(
            FollowUp.objects.filter(trajectory=self.trajectory, answered_on=None).count(), 2
        )
        self.assertEqual(
            self.call(self.coach, "get", f"/trajectories/{self.code}").status_code, 200
        )

    def test_a_stale_if_match_is_412_and_changes_nothing_conc_edit_02(self) -> None:
        etag = self.call(self.coach, "get", f"/trajectories/{self.code}")["ETag"]
        actions.waive_analysis(actor=self.coordinator, trajectory=self.trajectory, reason="Klein.")
        response = self.close(headers={"If-Match": etag})
        self.assertEqual(response.status_code, 412)
        self.assertEqual(response.json()["code"], "precondition_failed")
        self.assertEqual(self.current().status, S.ANALYSIS)
        self.assertFalse(FollowUp.objects.filter(trajectory=self.trajectory).exists())
        fresh = self.call(self.coach, "get", f"/trajectories/{self.code}")["ETag"]
        self.assertEqual(self.close(headers={"If-Match": fresh}).status_code, 200)

    def test_a_stale_if_match_on_a_closed_trajectory_is_412(self) -> None:
        etag = self.call(self.coach, "get", f"/trajectories/{self.code}")["ETag"]
        self.assertEqual(self.close().status_code, 200)
        self.assertEqual(self.close(headers={"If-Match": etag}).status_code, 412)

    def test_another_coach_gets_a_404(self) -> None:
        self.assertEqual(self.close(user=another_coach(self)).status_code, 404)
        self.assertEqual(self.current().status, S.ANALYSIS)

    def test_the_partner_and_the_funder_never_close_a_trajectory(self) -> None:
        for user in (self.partner, self.funder):
            self.assertEqual(self.close(user=user).status_code, 403)
        self.assertEqual(self.current().status, S.ANALYSIS)

    def test_it_is_403_for_other_roles_and_404_for_the_outsider(self) -> None:
        self.assert_refused_to_the_other_roles("post", self.path, CLOSE)
        self.assertEqual(self.current().status, S.ANALYSIS)
