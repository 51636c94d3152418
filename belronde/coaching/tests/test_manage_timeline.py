"""coaching:timeline: coaches read the chapter's standard timeline; the coordinator edits it,
for trajectories started from then on."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from belronde.audit.models import AuditEvent
from belronde.coaching.models import Activity, TimelineStep
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase


def formset(*steps: tuple[str, str, Any], delete: tuple[int, ...] = (), initial: int = 0):
    data: dict[str, Any] = {
        "steps-TOTAL_FORMS": str(len(steps)),
        "steps-INITIAL_FORMS": str(initial),
    }
    for i, (label, kind, days) in enumerate(steps):
        data[f"steps-{i}-label"] = label
        data[f"steps-{i}-kind"] = kind
        data[f"steps-{i}-offset_days"] = str(days)
        if i in delete:
            data[f"steps-{i}-DELETE"] = "on"
    return data


NEW = (
    ("Cijfers verzameld", "analysis", 5),
    ("Plan afgesproken", "plan", 14),
    ("Opvolging", "follow_up", 30),
    ("Opvolging 2", "follow_up", 60),
    ("Evaluatie", "closure", 100),
)


class TimelinePageTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.url = reverse("coaching:timeline", args=["mechelen"])

    def steps(self) -> list[tuple[str, str, int]]:
        return list(
            TimelineStep.objects.filter(chapter=self.mechelen)
            .order_by("offset_days", "position")
            .values_list("label", "kind", "offset_days")
        )

    def test_a_coach_reads_it_without_a_form(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIsNone(response.context["formset"])
        self.assertContains(response, 'data-testid="timeline-steps"')
        self.assertContains(response, "+120")
        self.assertContains(response, 'data-testid="timeline-applies"')
        self.assertNotContains(response, "steps-TOTAL_FORMS")

    def test_the_coordinator_gets_the_steps_in_a_form_and_one_empty_row(self) -> None:
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.context["formset"].forms), len(self.steps()) + 1)
        self.assertContains(response, 'data-testid="timeline-applies"')

    def test_the_coordinator_saves_a_new_timeline_for_new_trajectories(self) -> None:
        running = make_trajectory(self, name="Slagerij Claes")
        before = list(running.activities.values_list("label", "due_on"))
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, formset(*NEW, ("", "follow_up", ""), initial=5))
        self.assertRedirects(response, self.url)
        self.assertEqual(self.steps(), [(a, b, c) for a, b, c in NEW])
        self.assertTrue(AuditEvent.objects.filter(verb="coaching.timeline_changed").exists())
        # the running trajectory keeps its activities; a new one follows the new timeline
        self.assertEqual(list(running.activities.values_list("label", "due_on")), before)
        new = make_trajectory(self, name="Bakkerij Peeters")
        self.assertEqual(
            list(Activity.objects.filter(trajectory=new).order_by("due_on").values_list("label")),
            [(a,) for a, _k, _d in NEW],
        )

    def test_it_removes_a_step_marked_for_removal(self) -> None:
        self.client.force_login(self.coordinator)
        self.client.post(self.url, formset(*NEW, delete=(3,)))
        self.assertNotIn("Opvolging 2", [label for label, _k, _d in self.steps()])
        self.assertEqual(len(self.steps()), 4)

    def test_it_refuses_a_timeline_without_a_plan_step_and_keeps_the_old_one(self) -> None:
        before = self.steps()
        self.client.force_login(self.coordinator)
        without_plan = [s for s in NEW if s[1] != "plan"]
        response = self.client.post(self.url, formset(*without_plan))
        self.assertEqual(response.status_code, 422)
        with translation.override("nl"):
            kind = str(TimelineStep.Kind.PLAN.label)
            message = _("The timeline needs exactly one activity of the kind “%(kind)s”.") % {
                "kind": kind
            }
        self.assertIn(message, response.context["formset"].non_form_errors())
        self.assertContains(response, 'data-testid="timeline-errors"', status_code=422)
        self.assertEqual(self.steps(), before)
        # what was typed is kept
        self.assertContains(response, "Cijfers verzameld", status_code=422)

    def test_it_refuses_days_out_of_range_on_the_field(self) -> None:
        before = self.steps()
        self.client.force_login(self.coordinator)
        response = self.client.post(self.url, formset(*NEW[:-1], ("Evaluatie", "closure", 9999)))
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["formset"].forms[-1].errors["offset_days"])
        self.assertEqual(self.steps(), before)

    def test_a_coach_may_not_change_it(self) -> None:
        before = self.steps()
        self.client.force_login(self.coach)
        self.assertEqual(self.client.post(self.url, formset(*NEW)).status_code, 403)
        self.assertEqual(self.steps(), before)

    def test_it_is_403_for_a_caller_and_a_partner(self) -> None:
        for user in (self.caller, self.partner):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(self.url, formset(*NEW)).status_code, 404)
