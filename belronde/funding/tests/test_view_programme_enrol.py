"""funding:programme_enrol: the coordinator enrols one of the chapter's trajectories that has no
enrolment yet (e.g. started before the programme existed); it is enrolled, or refused with the
rule that refused it."""

from __future__ import annotations

import datetime as dt

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.funding import actions
from belronde.funding.models import Enrolment, Programme
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.testing import BelrondeTestCase

TODAY = timezone.localdate


class ProgrammeEnrolTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.trajectory = make_trajectory(self, name="Van Voor bv")  # no programme yet
        self.programme = make_programme(self)
        self.url = reverse("funding:programme_enrol", args=["mechelen", self.programme.code])
        self.detail = reverse("funding:programme_detail", args=["mechelen", self.programme.code])

    def post(self, code: str | None = None, user=None):
        self.client.force_login(user or self.coordinator)
        data = {} if code is None else {"trajectory": code}
        return self.client.post(self.url, data)

    def said(self, response) -> list[str]:
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_it_enrols_a_trajectory_without_enrolment(self) -> None:
        response = self.post(self.trajectory.public_code)
        self.assertRedirects(response, self.detail + "#enrolments", fetch_redirect_response=False)
        enrolment = Enrolment.objects.get(trajectory=self.trajectory)
        self.assertEqual((enrolment.status, enrolment.number), ("enrolled", 1))
        self.assertEqual(enrolment.programme, self.programme)
        self.assertTrue(any("TRAJECT-2026-0001" in m for m in self.said(response)))
        event = AuditEvent.objects.get(verb="enrolment.enrolled")
        self.assertEqual(event.actor, self.coordinator)

    def test_it_records_a_refusal_and_says_why(self) -> None:
        early = make_trajectory(
            self, name="Te Vroeg bv", started_on=TODAY() - dt.timedelta(days=300)
        )
        Enrolment.objects.filter(trajectory=early).delete()  # as if no programme was active
        response = self.post(early.public_code)
        self.assertEqual(response.status_code, 302)
        enrolment = Enrolment.objects.get(trajectory=early)
        self.assertEqual(enrolment.refused_rule, Enrolment.Rule.WINDOW)
        self.assertIn(actions.refusal_message(enrolment), self.said(response))

    def test_it_refuses_a_trajectory_that_has_an_enrolment(self) -> None:
        done = enrolled(self, name="Al Ingeschreven")
        response = self.post(done.trajectory.public_code)
        self.assertRedirects(response, self.detail + "#unenrolled", fetch_redirect_response=False)
        self.assertEqual(len(self.said(response)), 1)
        self.assertEqual(Enrolment.objects.filter(trajectory=done.trajectory).count(), 1)
        self.assertEqual(Enrolment.objects.get(pk=done.pk).version, done.version)

    def test_it_refuses_a_trajectory_of_another_chapter(self) -> None:
        Trajectory.objects.filter(pk=self.trajectory.pk).update(chapter=self.lier)
        response = self.post(self.trajectory.public_code)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Enrolment.objects.filter(trajectory=self.trajectory).exists())

    def test_it_takes_no_trajectory_into_a_programme_that_is_not_active(self) -> None:
        Programme.objects.filter(pk=self.programme.pk).update(status="draft")
        response = self.post(self.trajectory.public_code)
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Enrolment.objects.filter(trajectory=self.trajectory).exists())

    def test_it_answers_bad_input_without_an_error(self) -> None:
        for code in (None, "", "x" * 5000, "' OR 1=1 --"):
            with self.subTest(code=code):
                self.assertEqual(self.post(code).status_code, 302)
        self.assertEqual(self.post("nul\x00").status_code, 400)  # refused before the view
        self.assertFalse(Enrolment.objects.filter(trajectory=self.trajectory).exists())

    def test_it_is_a_post(self) -> None:
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_the_funder_may_not_enrol(self) -> None:
        self.assertEqual(self.post(self.trajectory.public_code, self.funder).status_code, 403)
        self.assertFalse(Enrolment.objects.filter(trajectory=self.trajectory).exists())

    def test_it_is_403_for_the_other_roles(self) -> None:
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user.username):
                self.assertEqual(self.post(self.trajectory.public_code, user).status_code, 403)
        self.assertFalse(Enrolment.objects.filter(trajectory=self.trajectory).exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        self.assertEqual(self.post(self.trajectory.public_code, self.outsider).status_code, 404)
        self.assertFalse(Enrolment.objects.filter(trajectory=self.trajectory).exists())
