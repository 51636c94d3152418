"""coaching:reassign: the coordinator gives a trajectory to another coach, with a reason."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from belronde.accounts.models import Membership
from belronde.audit.models import AuditEvent
from belronde.coaching.models import Trajectory, TrajectoryEvent
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase, make_user


class ReassignPageTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.second = make_user("dora.coach", first_name="Dora", last_name="Janssens")
        Membership.objects.create(user=self.second, role="coach", chapter=self.mechelen)
        self.trajectory = make_trajectory(self)
        self.url = reverse("coaching:reassign", args=["mechelen", self.trajectory.public_code])

    def post(self, **data: str):
        self.client.force_login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, data)

    def coach_now(self) -> str:
        return Trajectory.objects.get(pk=self.trajectory.pk).coach.username

    def test_it_offers_the_other_coaches_of_the_chapter(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        choices = [value for value, _label in response.context["form"].fields["coach"].choices]
        self.assertIn("dora.coach", [str(v) for v in choices])
        self.assertIn("alice.coordinator", [str(v) for v in choices])
        self.assertNotIn("cora.coach", [str(v) for v in choices])  # has it already
        self.assertNotIn("bob.caller", [str(v) for v in choices])
        self.assertContains(response, "Dora Janssens")

    def test_it_gives_the_trajectory_to_the_new_coach_who_is_told(self) -> None:
        response = self.post(coach="dora.coach", reason="Cora is met verlof.")
        self.assertRedirects(
            response,
            reverse("coaching:detail", args=["mechelen", self.trajectory.public_code]),
            fetch_redirect_response=False,
        )
        self.assertEqual(self.coach_now(), "dora.coach")
        event = AuditEvent.objects.get(verb="trajectory.reassigned")
        self.assertEqual((event.payload["from"], event.payload["to"]), ("cora.coach", "dora.coach"))
        self.assertTrue(
            TrajectoryEvent.objects.filter(trajectory=self.trajectory, kind="reassigned").exists()
        )
        self.assertEqual(
            DBTaskResult.objects.filter(
                task_path="belronde.coaching.tasks.notify_new_coach"
            ).count(),
            1,
        )

    def test_it_refuses_without_a_reason(self) -> None:
        response = self.post(coach="dora.coach", reason="  ")
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["reason"])
        self.assertEqual(self.coach_now(), "cora.coach")
        self.assertFalse(AuditEvent.objects.filter(verb="trajectory.reassigned").exists())

    def test_it_refuses_someone_who_is_not_a_coach(self) -> None:
        for username in ("bob.caller", "pia.partner", "otto.outsider", "nobody"):
            with self.subTest(username):
                response = self.post(coach=username, reason="Verlof")
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors["coach"])
        self.assertEqual(self.coach_now(), "cora.coach")

    def test_it_shows_the_action_refusal_of_a_closed_trajectory(self) -> None:
        closed = make_trajectory(self, name="Slagerij Claes", status=Trajectory.Status.CLOSED)
        url = reverse("coaching:reassign", args=["mechelen", closed.public_code])
        self.client.force_login(self.coordinator)
        response = self.client.post(url, {"coach": "dora.coach", "reason": "Verlof"})
        self.assertEqual(response.status_code, 409)
        with translation.override("nl"):
            message = _("This trajectory is closed: only the follow-ups can still be recorded.")
        self.assertIn(message, response.context["form"].non_field_errors())
        self.assertEqual(Trajectory.objects.get(pk=closed.pk).coach, self.coach)

    def test_it_is_403_for_the_coach(self) -> None:
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(
            self.client.post(self.url, {"coach": "dora.coach", "reason": "x"}).status_code, 403
        )
        self.assertEqual(self.coach_now(), "cora.coach")

    def test_it_is_403_for_a_caller(self) -> None:
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_it_is_404_for_an_unknown_trajectory(self) -> None:
        self.client.force_login(self.coordinator)
        url = reverse("coaching:reassign", args=["mechelen", "nope"])
        self.assertEqual(self.client.get(url).status_code, 404)
