"""coaching.demo: Mechelen's demo trajectories, in every status, made once, through the actions."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase, override_settings
from django.utils import timezone

from belronde.accounts import demo as accounts_demo
from belronde.accounts.management.commands import demo as demo_command
from belronde.accounts.models import Chapter, Region, User
from belronde.analyses import demo as analyses_demo
from belronde.analyses.models import FinancialAnalysis
from belronde.coaching import access, demo
from belronde.coaching.models import (
    Activity,
    FollowUp,
    PlanItem,
    Session,
    Trajectory,
    TrajectoryEvent,
)
from belronde.members import demo as members_demo
from belronde.referrals import demo as referrals_demo
from belronde.referrals.models import Consent, Referral, Service

Status = Trajectory.Status


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            Trajectory,
            Activity,
            PlanItem,
            Session,
            FollowUp,
            TrajectoryEvent,
            Referral,
            Consent,
            FinancialAnalysis,
        )
    }


@override_settings(DEBUG=True)
class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # the loaders the trajectories depend on, in the order of `belronde demo`
        for module in (accounts_demo, members_demo, analyses_demo, referrals_demo):
            module.load(seed=2020)
        cls.demo_analyses = list(FinancialAnalysis.objects.filter(chapter__slug="mechelen"))
        with cls.captureOnCommitCallbacks() as callbacks:
            cls.created = demo.load(seed=2020)
        cls.callbacks = callbacks

    def test_it_makes_trajectories_in_every_status_some_late_and_sends_no_mail(self) -> None:
        self.assertEqual(self.created, {"trajectories": 8})
        self.assertEqual(self.callbacks, [])  # no e-mail to the callers, the coach or Dyzo
        self.assertEqual(len(self.demo_analyses), 3)
        mechelen = Chapter.objects.get(slug="mechelen")
        coach = User.objects.get(username="coach.mechelen")
        trajectories = list(Trajectory.objects.filter(chapter=mechelen))
        self.assertEqual({t.coach for t in trajectories}, {coach})
        self.assertEqual({t.status for t in trajectories}, set(Status.values))
        late = access.late_activities(mechelen.pk)
        self.assertGreaterEqual(len({row.trajectory for row in late}), 3)
        late_statuses = {
            t.status for t in trajectories if t.public_code in {row.trajectory for row in late}
        }
        self.assertTrue({Status.INTAKE, Status.PLAN, Status.COACHING} <= late_statuses)
        # every trajectory comes from an accepted (or, once closed, closed) coaching referral
        for t in trajectories:
            assert t.referral is not None
            self.assertEqual(t.referral.service.kind, Service.Kind.COACHING)
            self.assertEqual(t.referral.organisation, t.organisation)
        # the three demo analyses are linked, each to the trajectory of its firm
        for analysis in self.demo_analyses:
            linked = list(analysis.trajectories.all())
            self.assertEqual([t.organisation for t in linked], [analysis.organisation])
        self.assertEqual(sum(t.analyses.count() for t in trajectories), 4)  # and one new

    def test_it_closes_two_with_an_outcome_and_hands_one_to_dyzo(self) -> None:
        closed = Trajectory.objects.filter(status=Status.CLOSED)
        self.assertEqual(
            sorted(closed.values_list("outcome", flat=True)),
            ["recovered", "referred_dyzo", "restructured"],
        )
        self.assertTrue(all(t.follow_ups.count() == 2 for t in closed))
        handed = closed.get(outcome="referred_dyzo")
        self.assertTrue(handed.events.filter(kind="handed_off").exists())
        to_dyzo = Referral.objects.get(
            organisation=handed.organisation, service__partner_organisation__slug="dyzo"
        )
        self.assertEqual(to_dyzo.consent.answer, Consent.Answer.GIVEN)
        self.assertEqual(to_dyzo.created_by.username, "coach.mechelen")
        self.assertEqual(to_dyzo.status, Referral.Status.SENT)  # Dyzo sees it in its portal

    def test_it_logs_sessions_between_the_intake_and_today(self) -> None:
        today = timezone.localdate()
        for t in Trajectory.objects.all():
            sessions = list(t.sessions.all())
            if t.started_on < today - dt.timedelta(days=5):
                self.assertTrue(sessions, t.status)
            for session in sessions:
                self.assertTrue(t.started_on <= session.held_on <= today)
            self.assertTrue(t.referral.consent.captured_at.date() < t.started_on)

    def test_it_lets_caller1_see_a_firm_that_was_helped(self) -> None:
        caller1 = User.objects.get(username="caller1.mechelen")
        theirs = Trajectory.objects.filter(referral__created_by=caller1)
        self.assertGreaterEqual(theirs.count(), 2)
        recovered = theirs.get(status=Status.CLOSED)
        self.assertEqual(recovered.outcome, Trajectory.Outcome.RECOVERED)
        self.assertEqual(recovered.referral.status, Referral.Status.CLOSED)
        self.assertEqual(recovered.referral.outcome, Referral.Outcome.HELPED)

    def test_it_is_idempotent(self) -> None:
        before = counts()
        self.assertEqual(demo.load(seed=2020), {"trajectories": 0})
        self.assertEqual(referrals_demo.load(seed=2020)["referrals"], 0)
        self.assertEqual(counts(), before)

    def test_it_runs_after_the_analyses_and_referrals_and_before_funding(self) -> None:
        loaders = demo_command.LOADERS
        position = loaders.index("belronde.coaching.demo.load")
        self.assertLess(loaders.index("belronde.analyses.demo.load"), position)
        self.assertLess(loaders.index("belronde.referrals.demo.load"), position)
        self.assertLess(position, loaders.index("belronde.funding.demo.load"))


class WithoutTheOtherDemosTests(TestCase):
    def test_it_skips_gracefully(self) -> None:
        region = Region.objects.create(slug="antwerpen", name="Antwerpen")
        Chapter.objects.create(slug="mechelen", name="Mechelen", region=region)
        self.assertEqual(demo.load(seed=2020), {"trajectories": 0})
        self.assertFalse(Trajectory.objects.exists())
