"""POST /api/v1/chapters/{slug}/referrals/{code}/trajectory: the coach starts a trajectory from
an accepted coaching referral; 409 when it has one already."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from belronde.coaching.models import Activity, Trajectory
from belronde.coaching.tests.fixtures import accepted_referral, coaching_service
from belronde.coaching.tests.fixtures_api import CoachingApiTestCase, another_coach
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
)
from belronde.referrals import actions as referral_actions


class TrajectoryStartApiTest(CoachingApiTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.referral = accepted_referral(self)
        self.path = f"/referrals/{self.referral.public_code}/trajectory"

    def test_it_starts_a_trajectory_from_an_accepted_referral(self) -> None:
        response = self.call(self.coach, "post", self.path, {})
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        trajectory = Trajectory.objects.get(referral=self.referral)
        today = timezone.localdate()
        self.assertEqual(body["code"], trajectory.public_code)
        self.assertEqual(body["status"], "intake")
        self.assertEqual(
            body["organisation"],
            {"code": self.referral.organisation.public_code, "name": "Bakkerij Peeters BV"},
        )
        self.assertEqual(body["started_on"], today.isoformat())
        self.assertEqual(body["coach"], self.coach.username)
        self.assertEqual(body["next_due"], (today + dt.timedelta(days=7)).isoformat())
        self.assertEqual(trajectory.coach, self.coach)
        self.assertEqual(Activity.objects.filter(trajectory=trajectory).count(), 5)
        self.assertEqual(
            response["Location"], f"/api/v1/chapters/mechelen/trajectories/{body['code']}"
        )
        self.assertEqual(response["ETag"], '"v1"')

    def test_it_takes_the_date_of_the_intake(self) -> None:
        day = timezone.localdate() - dt.timedelta(days=3)
        response = self.call(self.coach, "post", self.path, {"started_on": day.isoformat()})
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["started_on"], day.isoformat())

    def test_it_refuses_an_intake_in_the_future(self) -> None:
        day = timezone.localdate() + dt.timedelta(days=1)
        response = self.call(self.coach, "post", self.path, {"started_on": day.isoformat()})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["code"], "invalid")
        self.assertFalse(Trajectory.objects.exists())

    def test_it_is_409_when_the_referral_has_a_trajectory_already(self) -> None:
        self.assertEqual(self.call(self.coach, "post", self.path, {}).status_code, 201)
        response = self.call(self.coach, "post", self.path, {})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "already_started")
        # another coach, too, gets the 409: one trajectory per referral
        response = self.call(another_coach(self), "post", self.path, {})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Trajectory.objects.count(), 1)

    def test_it_is_409_for_a_referral_not_accepted_yet(self) -> None:
        organisation = make_organisation(self.mechelen, name="Slagerij Janssens")
        conversation = make_conversation(self.caller, organisation)
        coaching, _partner = coaching_service(self)
        referral = referral_actions.create_referral(
            actor=self.caller,
            service=coaching,
            organisation=organisation,
            consent=give_consent(self.caller, coaching, organisation, conversation=conversation),
            reason="Weinig cash.",
            conversation=conversation,
            notify=False,
        )
        response = self.call(self.coach, "post", f"/referrals/{referral.public_code}/trajectory")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["code"], "guard")
        self.assertTrue(response.json()["detail"])
        self.assertFalse(Trajectory.objects.exists())

    def test_it_is_403_for_a_referral_to_a_partner(self) -> None:
        organisation = make_organisation(self.mechelen, name="Slagerij Janssens")
        _coaching, partner = coaching_service(self)
        referral = referral_actions.create_referral(
            actor=self.caller,
            service=partner,
            organisation=organisation,
            consent=give_consent(self.caller, partner, organisation),
            reason="Schulden.",
            notify=False,
        )
        response = self.call(self.coach, "post", f"/referrals/{referral.public_code}/trajectory")
        self.assertEqual(response.status_code, 403)

    def test_it_is_404_for_an_unknown_referral(self) -> None:
        response = self.call(self.coach, "post", "/referrals/UNKNOWN234/trajectory", {})
        self.assertEqual(response.status_code, 404)

    def test_it_refuses_an_unknown_field_type(self) -> None:
        response = self.call(self.coach, "post", self.path, {"started_on": "gisteren"})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["errors"][0]["loc"][-1], "started_on")

    def test_the_partner_and_the_funder_never_start_a_trajectory(self) -> None:
        for user in (self.partner, self.funder):
            self.assertEqual(self.call(user, "post", self.path, {}).status_code, 403)
        self.assertFalse(Trajectory.objects.exists())

    def test_it_is_403_for_other_roles_and_404_for_the_outsider(self) -> None:
        self.assert_refused_to_the_other_roles("post", self.path, {})
        self.assertFalse(Trajectory.objects.exists())
