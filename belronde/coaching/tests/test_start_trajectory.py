"""actions.start_trajectory: from an accepted coaching referral, once, by a coach."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.coaching import actions
from belronde.coaching.models import Activity, Trajectory
from belronde.coaching.tests.fixtures import accepted_referral, coaching_service
from belronde.conversations.tests.fixtures import (
    give_consent,
    make_conversation,
    make_organisation,
)
from belronde.referrals import actions as referral_actions
from belronde.testing import BelrondeTestCase


class StartTrajectoryTest(BelrondeTestCase):
    def test_it_starts_in_intake_on_the_intake_date(self) -> None:
        referral = accepted_referral(self)
        day = timezone.localdate() - dt.timedelta(days=3)
        trajectory = actions.start_trajectory(actor=self.coach, referral=referral, started_on=day)
        self.assertEqual(trajectory.status, Trajectory.Status.INTAKE)
        self.assertEqual(trajectory.started_on, day)
        self.assertEqual(trajectory.coach, self.coach)
        self.assertEqual(trajectory.organisation, referral.organisation)
        self.assertEqual(Activity.objects.filter(trajectory=trajectory).count(), 5)
        self.assertTrue(
            AuditEvent.objects.filter(verb="trajectory.started", object_code=trajectory.public_code)
        )

    def test_it_tells_the_caller_on_commit(self) -> None:
        referral = accepted_referral(self)
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            actions.start_trajectory(actor=self.coach, referral=referral)
        self.assertEqual(len(callbacks), 1)

    def test_it_refuses_a_referral_that_is_not_accepted(self) -> None:
        organisation = make_organisation(self.mechelen, name="Drukkerij Maes")
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
        with self.assertRaises(actions.GuardRefused):
            actions.start_trajectory(actor=self.coach, referral=referral)
        self.assertFalse(Trajectory.objects.exists())

    def test_it_refuses_a_referral_to_a_partner(self) -> None:
        organisation = make_organisation(self.mechelen, name="Garage Wouters")
        conversation = make_conversation(self.caller, organisation)
        _coaching, partner = coaching_service(self)
        referral = referral_actions.create_referral(
            actor=self.caller,
            service=partner,
            organisation=organisation,
            consent=give_consent(self.caller, partner, organisation, conversation=conversation),
            reason="Langdurige steun.",
            conversation=conversation,
            notify=False,
        )
        referral = referral_actions.accept_referral(actor=self.partner, referral=referral)
        with self.assertRaises(actions.GuardRefused):
            actions.start_trajectory(actor=self.coach, referral=referral)

    def test_it_refuses_someone_who_does_not_coach(self) -> None:
        referral = accepted_referral(self)
        for actor in (self.caller, self.partner, self.funder, self.outsider):
            with self.subTest(actor=actor.username), self.assertRaises(actions.GuardRefused):
                actions.start_trajectory(actor=actor, referral=referral)
        self.assertFalse(Trajectory.objects.exists())

    def test_it_refuses_an_intake_in_the_future(self) -> None:
        referral = accepted_referral(self)
        with self.assertRaises(actions.CoachingError):
            actions.start_trajectory(
                actor=self.coach,
                referral=referral,
                started_on=timezone.localdate() + dt.timedelta(days=1),
            )

    def test_it_refuses_a_second_trajectory(self) -> None:
        referral = accepted_referral(self)
        actions.start_trajectory(actor=self.coach, referral=referral)
        with self.assertRaises(actions.AlreadyStarted) as refused:
            actions.start_trajectory(actor=self.coordinator, referral=referral)
        self.assertEqual(refused.exception.status, 409)
        self.assertEqual(Trajectory.objects.count(), 1)

    def test_a_referral_with_a_trajectory_closes_only_with_it(self) -> None:
        referral = accepted_referral(self)
        trajectory = actions.start_trajectory(actor=self.coach, referral=referral)
        with self.assertRaises(referral_actions.WrongStatus):
            referral_actions.close_referral(
                actor=self.coach, referral=referral, outcome="helped", feedback="Klaar."
            )
        actions.close_trajectory(
            actor=self.coach, trajectory=trajectory, outcome="recovered", conclusion="Hersteld."
        )
        referral.refresh_from_db()
        self.assertEqual(referral.status, "closed")
        self.assertEqual(referral.outcome, "helped")
