"""coaching:detail: status and next step, timeline, plan, sessions, analyses, documents,
follow-ups; a closed trajectory offers no form but the follow-ups."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from belronde.analyses import actions as analysis_actions
from belronde.coaching import actions
from belronde.coaching.models import Activity, FollowUp, Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import (
    PagesTestCase,
    logged_session,
    plan_item_of,
    second_coach,
    temporary_documents_dir,
    uploaded_document,
)

S = Trajectory.Status


class TrajectoryDetailTest(PagesTestCase):
    def test_it_audits_who_looked_at_the_trajectory(self) -> None:
        from belronde.audit.models import AuditEvent

        trajectory = make_trajectory(self)
        self.client.force_login(self.coordinator)
        self.client.get(self.url("detail", code=trajectory.public_code))
        event = AuditEvent.objects.get(verb="trajectory.viewed")
        self.assertEqual(
            (event.actor, event.object_code), (self.coordinator, trajectory.public_code)
        )

    def test_it_shows_the_status_and_the_next_step(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.coach)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Bakkerij Peeters BV")
        self.assertContains(response, "The intake: get to know the firm")
        self.assertContains(response, 'data-testid="transition"')
        self.assertContains(response, "Move on to: financial analysis")
        self.assertContains(response, self.url("close", code=trajectory.public_code))

    def test_it_says_what_the_plan_needs_and_offers_no_button_until_then(self) -> None:
        trajectory = make_trajectory(self, status=S.ANALYSIS)
        self.client.force_login(self.coach)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertContains(response, "Before the plan: link a financial analysis")
        self.assertNotContains(response, 'data-testid="transition"')
        self.assertContains(response, 'data-testid="waive-analysis"')

    def test_it_shows_the_timeline_with_dates_and_late_activities(self) -> None:
        long_ago = timezone.localdate() - dt.timedelta(days=10)
        trajectory = make_trajectory(self, started_on=long_ago)
        self.client.force_login(self.coach)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        analysis = Activity.objects.get(trajectory=trajectory, kind="analysis")
        self.assertContains(response, analysis.label)
        self.assertContains(response, "3 days late")
        self.assertContains(response, analysis.due_on.strftime("%d/%m/%Y"))
        self.assertContains(response, "tj-act-late")
        self.assertContains(response, "tj-act-due")

    def test_it_shows_the_plan_sessions_analyses_and_documents(self) -> None:
        temporary_documents_dir(self)
        week_ago = timezone.localdate() - dt.timedelta(days=7)
        trajectory = make_trajectory(self, status=S.COACHING, started_on=week_ago)
        item = plan_item_of(trajectory)
        session = logged_session(self, trajectory, notes="Eerste gesprek over het kasplan.")
        actions.correct_session(
            actor=self.coach,
            session=session,
            held_on=session.held_on,
            minutes=75,
            mode="visit",
            notes="Eerste gesprek over het kasplan (75 minuten).",
        )
        analysis = analysis_actions.create_analysis(
            actor=self.coach, chapter=self.mechelen, organisation=trajectory.organisation
        )
        actions.link_analysis(actor=self.coach, trajectory=trajectory, analysis=analysis)
        document = uploaded_document(self, trajectory)
        self.client.force_login(self.coach)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertContains(response, item.description)
        self.assertContains(
            response, self.url("edit_item", code=trajectory.public_code, item=item.public_code)
        )
        self.assertContains(response, "(75 minuten)")
        self.assertNotContains(response, "Eerste gesprek over het kasplan.</p>")
        self.assertContains(response, "corrected (version 2)")
        self.assertContains(response, f"/c/mechelen/analyses/{analysis.public_code}/")
        self.assertContains(response, document.name)
        self.assertContains(
            response,
            self.url("document", code=trajectory.public_code, token=document.token),
        )

    def test_it_shows_the_outcome_and_only_the_follow_ups_after_close(self) -> None:
        trajectory = make_trajectory(self, status=S.CLOSED)
        follow_up = FollowUp.objects.get(trajectory=trajectory, months=6)
        FollowUp.objects.filter(pk=follow_up.pk).update(due_on=timezone.localdate())
        later = FollowUp.objects.get(trajectory=trajectory, months=12)
        self.client.force_login(self.coach)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertContains(response, 'data-testid="outcome"')
        self.assertContains(response, "Recovered")
        self.assertContains(response, "Plan loopt, cash op orde.")
        self.assertContains(
            response,
            self.url("follow_up", code=trajectory.public_code, follow_up=follow_up.public_code),
        )
        self.assertContains(response, "After 6 months")
        self.assertNotContains(
            response,
            self.url("follow_up", code=trajectory.public_code, follow_up=later.public_code),
        )
        self.assertContains(response, "can be recorded from two months before")
        body = response.content.decode()
        for form in ("transition", "plan", "add_item", "log_session", "upload", "close"):
            self.assertNotIn(self.url(form, code=trajectory.public_code), body, form)
        self.assertNotIn('method="post"', body.split('<main id="main"', 1)[1])

    def test_it_offers_hand_off_and_for_a_coordinator_reassign(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.coach)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertContains(response, self.url("hand_off", code=trajectory.public_code))
        self.assertNotContains(response, self.url("reassign", code=trajectory.public_code))
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertContains(response, self.url("reassign", code=trajectory.public_code))

    def test_it_is_404_for_another_coach(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(second_coach(self))
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertEqual(response.status_code, 404)

    def test_it_is_404_for_an_unknown_code(self) -> None:
        self.client.force_login(self.coach)
        self.assertEqual(self.client.get(self.url("detail", code="nope")).status_code, 404)

    def test_it_is_404_for_another_chapter(self) -> None:
        trajectory = make_trajectory(self)
        self.client.force_login(self.outsider)
        response = self.client.get(self.url("detail", code=trajectory.public_code))
        self.assertEqual(response.status_code, 404)

    def test_it_is_403_for_a_caller_partner_and_funder(self) -> None:
        trajectory = make_trajectory(self)
        for persona in (self.caller, self.partner, self.funder, self.regional):
            self.client.force_login(persona)
            response = self.client.get(self.url("detail", code=trajectory.public_code))
            self.assertEqual(response.status_code, 403, persona.username)
