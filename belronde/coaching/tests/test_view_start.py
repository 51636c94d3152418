"""coaching:start: a trajectory from an accepted coaching referral, once."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import accepted_referral
from belronde.coaching.tests.fixtures_pages import PagesTestCase
from belronde.referrals import actions as referral_actions


class StartTrajectoryTest(PagesTestCase):
    def setUp(self) -> None:
        self.referral = accepted_referral(self)
        self.start_url = self.url("start", code=self.referral.public_code)
        self.referral_url = reverse(
            "referrals:detail", kwargs={"chapter": "mechelen", "code": self.referral.public_code}
        )

    def test_it_starts_a_trajectory_and_opens_it(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.start_url)
        trajectory = Trajectory.objects.get(referral=self.referral)
        self.assertRedirects(
            response, self.url("detail", code=trajectory.public_code), fetch_redirect_response=False
        )
        self.assertEqual(trajectory.coach, self.coach)
        self.assertEqual(trajectory.status, Trajectory.Status.INTAKE)
        self.assertEqual(trajectory.started_on, timezone.localdate())

    def test_it_takes_the_intake_date(self) -> None:
        self.client.force_login(self.coach)
        day = timezone.localdate() - dt.timedelta(days=3)
        self.client.post(self.start_url, {"started_on": day.isoformat()})
        self.assertEqual(Trajectory.objects.get(referral=self.referral).started_on, day)

    def test_it_refuses_an_intake_in_the_future(self) -> None:
        self.client.force_login(self.coach)
        day = timezone.localdate() + dt.timedelta(days=3)
        response = self.client.post(self.start_url, {"started_on": day.isoformat()}, follow=True)
        self.assertContains(response, "The intake date cannot be in the future.")
        self.assertFalse(Trajectory.objects.exists())

    def test_it_starts_once_and_sends_the_second_try_to_the_trajectory(self) -> None:
        self.client.force_login(self.coach)
        self.client.post(self.start_url)
        response = self.client.post(self.start_url, follow=True)
        trajectory = Trajectory.objects.get(referral=self.referral)
        self.assertEqual(Trajectory.objects.count(), 1)
        self.assertEqual(
            response.request["PATH_INFO"], self.url("detail", code=trajectory.public_code)
        )
        self.assertContains(response, "This referral already has a trajectory.")

    def test_it_refuses_a_referral_not_accepted_yet(self) -> None:
        referral = accepted_referral(self, name="Garage Wouters")
        referral_actions.close_referral(
            actor=self.coach, referral=referral, outcome="not_reached", feedback="Niet bereikt."
        )
        self.client.force_login(self.coach)
        response = self.client.post(self.url("start", code=referral.public_code), follow=True)
        self.assertContains(response, "Accept the referral before you start a trajectory.")
        self.assertFalse(Trajectory.objects.filter(referral=referral).exists())

    def test_the_referral_page_offers_the_start_then_the_way_to_the_trajectory(self) -> None:
        self.client.force_login(self.coach)
        before = self.client.get(self.referral_url)
        self.assertContains(before, self.start_url)
        self.assertContains(before, 'data-testid="start-trajectory"')
        self.client.post(self.start_url)
        after = self.client.get(self.referral_url)
        trajectory = Trajectory.objects.get(referral=self.referral)
        self.assertNotContains(after, 'data-testid="start-trajectory"')
        self.assertContains(after, self.url("detail", code=trajectory.public_code))
        self.assertNotContains(after, 'data-testid="close"')  # the trajectory closes it

    def test_the_coaching_queue_offers_the_start_then_the_way_to_the_trajectory(self) -> None:
        queue = reverse("referrals:coaching_queue", kwargs={"chapter": "mechelen"})
        self.client.force_login(self.coach)
        self.assertContains(self.client.get(queue), self.start_url)
        self.client.post(self.start_url)
        trajectory = Trajectory.objects.get(referral=self.referral)
        page = self.client.get(queue)
        self.assertNotContains(page, self.start_url)
        self.assertContains(page, self.url("detail", code=trajectory.public_code))

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.start_url).status_code, 404)

    def test_it_is_403_for_a_caller_and_a_partner(self) -> None:
        for persona in (self.caller, self.partner, self.funder):
            self.client.force_login(persona)
            self.assertEqual(self.client.post(self.start_url).status_code, 403)
        self.assertFalse(Trajectory.objects.exists())
