"""coaching:follow_up: 6 and 12 months after closure the coach records how the firm is doing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from belronde.audit.models import AuditEvent
from belronde.coaching.models import FollowUp, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_manage import due_follow_up
from belronde.testing import BelrondeTestCase

ANSWER = {"state": "better", "answer": "De omzet is terug op het niveau van voor de crisis."}


class FollowUpPageTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.follow_up = due_follow_up(self)
        self.trajectory = self.follow_up.trajectory
        self.url = reverse(
            "coaching:follow_up",
            args=["mechelen", self.trajectory.public_code, self.follow_up.public_code],
        )

    def reload(self) -> FollowUp:
        return FollowUp.objects.get(pk=self.follow_up.pk)

    def test_it_shows_then_and_a_form_for_now(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Plan loopt, cash op orde.")  # the conclusion at closure
        self.assertContains(response, 'data-testid="follow-up-submit"')
        self.assertContains(response, 'name="state"')

    def test_the_coach_records_how_the_firm_is_doing(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.url, ANSWER)
        self.assertRedirects(
            response,
            reverse("coaching:detail", args=["mechelen", self.trajectory.public_code]),
            fetch_redirect_response=False,
        )
        found = self.reload()
        self.assertEqual((found.state, found.answer), ("better", ANSWER["answer"]))
        self.assertEqual(found.answered_on, timezone.localdate())
        self.assertEqual(found.answered_by, self.coach)
        event = AuditEvent.objects.get(verb="trajectory.follow_up_recorded")
        self.assertEqual(event.payload, {"months": 6, "state": "better"})
        # afterwards the page shows the answer instead of the form
        response = self.client.get(self.url)
        self.assertContains(response, 'data-testid="follow-up-answer"')
        self.assertContains(response, ANSWER["answer"])
        self.assertNotContains(response, 'data-testid="follow-up-submit"')

    def test_a_coordinator_may_record_it_too(self) -> None:
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.post(self.url, ANSWER).status_code, 302)
        self.assertEqual(self.reload().answered_by, self.coordinator)

    def test_it_refuses_to_record_it_twice(self) -> None:
        self.client.force_login(self.coach)
        self.client.post(self.url, ANSWER)
        response = self.client.post(self.url, {"state": "worse", "answer": "Toch niet."})
        self.assertEqual(response.status_code, 422)
        with translation.override("nl"):
            message = _("This follow-up has been recorded already.")
        self.assertIn(message, response.context["form"].non_field_errors())
        self.assertContains(response, message, status_code=422)
        self.assertEqual(self.reload().state, "better")
        self.assertEqual(AuditEvent.objects.filter(verb="trajectory.follow_up_recorded").count(), 1)

    def test_it_asks_for_the_answer_unless_the_firm_was_unreachable(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.post(self.url, {"state": "same", "answer": " "})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["answer"])
        self.assertIsNone(self.reload().answered_on)
        response = self.client.post(self.url, {"state": "unreachable", "answer": ""})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.reload().state, "unreachable")

    def test_it_refuses_a_follow_up_long_before_it_is_due(self) -> None:
        closed = make_trajectory(self, name="Slagerij Claes", status=Trajectory.Status.CLOSED)
        later = FollowUp.objects.get(trajectory=closed, months=12)
        url = reverse(
            "coaching:follow_up", args=["mechelen", closed.public_code, later.public_code]
        )
        self.client.force_login(self.coach)
        response = self.client.post(url, ANSWER)
        self.assertEqual(response.status_code, 422)
        self.assertIsNone(FollowUp.objects.get(pk=later.pk).answered_on)

    def test_a_follow_up_of_another_trajectory_is_404(self) -> None:
        other = due_follow_up(self, name="Slagerij Claes")
        url = reverse(
            "coaching:follow_up", args=["mechelen", self.trajectory.public_code, other.public_code]
        )
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_is_403_for_a_caller_and_a_funder(self) -> None:
        for user in (self.caller, self.funder):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, ANSWER).status_code, 403)
        self.assertIsNone(self.reload().answered_on)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
