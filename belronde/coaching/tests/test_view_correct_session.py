"""coaching:correct_session: a correction is a new version; the old one stays."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from belronde.coaching.models import Session, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase, logged_session

S = Trajectory.Status


class CorrectSessionViewTest(PagesTestCase):
    def setUp(self) -> None:
        week_ago = timezone.localdate() - dt.timedelta(days=7)
        self.trajectory = make_trajectory(self, status=S.COACHING, started_on=week_ago)
        self.session = logged_session(self, self.trajectory, held_on=week_ago)
        self.correct = self.url(
            "correct_session", code=self.trajectory.public_code, session=self.session.public_code
        )

    def data(self, **kw: str) -> dict[str, str]:
        return {
            "held_on": self.session.held_on.isoformat(),
            "minutes": "90",
            "mode": "office",
            "notes": "Gecorrigeerd: anderhalf uur op kantoor.",
            **kw,
        }

    def test_it_shows_the_session_in_the_form(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.get(self.correct)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Kasplan overlopen met de zaakvoerder.</textarea>")

    def test_it_keeps_the_old_version_and_shows_the_new_one(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.correct, self.data())
        self.assertEqual(response.status_code, 302)
        new = Session.objects.get(supersedes=self.session)
        self.assertEqual((new.version, new.minutes, new.mode), (2, 90, "office"))
        self.assertTrue(Session.objects.filter(pk=self.session.pk, minutes=60).exists())
        page = self.client.get(self.url("detail", code=self.trajectory.public_code))
        self.assertContains(page, "anderhalf uur op kantoor")
        self.assertContains(page, "corrected (version 2)")

    def test_an_old_version_opens_the_newest(self) -> None:
        self.client.force_login(self.coach)
        self.client.post(self.correct, self.data())
        new = Session.objects.get(supersedes=self.session)
        response = self.client.get(self.correct)
        self.assertRedirects(
            response,
            self.url("correct_session", code=self.trajectory.public_code, session=new.public_code),
            fetch_redirect_response=False,
        )

    def test_correcting_an_old_version_again_conflicts_and_shows_the_newest(self) -> None:
        self.client.force_login(self.coach)
        self.client.post(self.correct, self.data())
        response = self.client.post(self.correct, self.data(notes="Tweede correctie"))
        self.assertContains(response, "This session was corrected already", status_code=409)
        self.assertContains(response, 'data-testid="conflict"', status_code=409)
        self.assertContains(response, "Tweede correctie</textarea>", status_code=409)
        self.assertEqual(Session.objects.filter(trajectory=self.trajectory).count(), 2)

    def test_it_refuses_a_session_in_the_future(self) -> None:
        self.client.force_login(self.coach)
        later = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
        response = self.client.post(self.correct, self.data(held_on=later))
        self.assertContains(response, "A session cannot be logged in advance.", status_code=422)
        self.assertEqual(Session.objects.count(), 1)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.correct).status_code, 404)

    def test_it_is_403_for_a_partner(self) -> None:
        self.client.force_login(self.partner)
        self.assertEqual(self.client.post(self.correct, self.data()).status_code, 403)
        self.assertEqual(Session.objects.count(), 1)
