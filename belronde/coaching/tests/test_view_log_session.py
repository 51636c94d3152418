"""coaching:log_session: a session; the same form posted twice stores one (CONC-DBL-01)."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from belronde.coaching.models import Session, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase

S = Trajectory.Status


class LogSessionViewTest(PagesTestCase):
    def setUp(self) -> None:
        week_ago = timezone.localdate() - dt.timedelta(days=7)
        self.trajectory = make_trajectory(self, status=S.COACHING, started_on=week_ago)
        self.detail = self.url("detail", code=self.trajectory.public_code)
        self.log = self.url("log_session", code=self.trajectory.public_code)

    def form_data(self) -> dict[str, str]:
        """What the page's form posts: its idempotency key, made when it was shown."""
        html = self.client.get(self.detail).content.decode()
        key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', html)
        assert key, "the session form has no idempotency key"
        return {
            "held_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat(),
            "minutes": "50",
            "mode": "video",
            "notes": "Kasplan besproken.",
            "idempotency_key": key.group(1),
        }

    def test_it_logs_the_session(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.log, self.form_data())
        self.assertRedirects(response, self.detail + "#sessions", fetch_redirect_response=False)
        session = Session.objects.get(trajectory=self.trajectory)
        self.assertEqual((session.minutes, session.mode), (50, "video"))
        page = self.client.get(self.detail)
        self.assertContains(page, "Kasplan besproken.")
        self.assertContains(page, "50 min")

    def test_a_double_submit_stores_one_session_and_lands_on_the_same_page(self) -> None:
        self.client.force_login(self.coach)
        data = self.form_data()
        first = self.client.post(self.log, data)
        second = self.client.post(self.log, data)
        self.assertEqual(Session.objects.filter(trajectory=self.trajectory).count(), 1)
        self.assertEqual(first.status_code, 302)
        self.assertEqual(second.status_code, 302)
        self.assertEqual(first["Location"], second["Location"])

    def test_a_new_form_has_a_new_key(self) -> None:
        self.client.force_login(self.coach)
        self.assertNotEqual(
            self.form_data()["idempotency_key"], self.form_data()["idempotency_key"]
        )

    def test_it_refuses_a_session_before_the_intake_and_keeps_the_input(self) -> None:
        self.client.force_login(self.coach)
        data = {**self.form_data(), "held_on": "2020-01-01"}
        response = self.client.post(self.log, data)
        self.assertContains(response, "A session cannot be before the intake.", status_code=422)
        self.assertContains(response, "Kasplan besproken.</textarea>", status_code=422)
        self.assertContains(response, data["idempotency_key"], status_code=422)
        self.assertFalse(Session.objects.exists())

    def test_it_refuses_a_bad_key(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.log, {**self.form_data(), "idempotency_key": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Session.objects.exists())

    def test_it_refuses_a_session_on_a_closed_trajectory(self) -> None:
        closed = make_trajectory(self, name="Slagerij Maes", status=S.CLOSED)
        self.client.force_login(self.coach)
        response = self.client.post(
            self.url("log_session", code=closed.public_code),
            {**self.form_data(), "held_on": timezone.localdate().isoformat()},
            follow=True,
        )
        self.assertContains(response, "This trajectory is closed")
        self.assertFalse(Session.objects.filter(trajectory=closed).exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.coach)
        data = self.form_data()
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.post(self.log, data).status_code, 404)

    def test_it_is_403_for_a_funder(self) -> None:
        self.client.force_login(self.coach)
        data = self.form_data()
        self.client.force_login(self.funder)
        self.assertEqual(self.client.post(self.log, data).status_code, 403)
        self.assertFalse(Session.objects.exists())
