"""The firm's case file on the organisation page: one history, newest first, per reader."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from belronde.accounts.models import User
from belronde.campaigns.models import Assignment, CallAttempt
from belronde.casefile.access import case_file
from belronde.coaching import actions as coaching_actions
from belronde.coaching.models import Trajectory
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.conversations.tests.fixtures import (
    GREEN_ANSWERS,
    assign,
    make_conversation,
    make_organisation,
)
from belronde.knowledge.actions import raise_question
from belronde.members.models import Organisation
from belronde.testing import BelrondeTestCase

S = Trajectory.Status


class CaseFileTest(BelrondeTestCase):
    def setUp(self) -> None:
        User.objects.filter(
            pk__in=[self.coordinator.pk, self.coach.pk, self.caller.pk, self.caller2.pk]
        ).update(language="en")
        self.trajectory = make_trajectory(
            self,
            name="Bakkerij Van den Broeck NV",
            status=S.COACHING,
            started_on=timezone.localdate() - dt.timedelta(days=30),
        )
        self.org = self.trajectory.organisation
        Organisation.objects.filter(pk=self.org.pk).update(legal_form="NV")
        self.assignment = assign(self.caller, self.org)
        self.conversation = self.trajectory.referral.conversation
        CallAttempt.objects.create(
            chapter=self.mechelen,
            assignment=self.assignment,
            caller=self.caller,
            outcome=CallAttempt.Outcome.NO_ANSWER,
            note="Mijn eigen notitie: na 17u bellen.",
            at=timezone.now() - dt.timedelta(days=40),
        )
        CallAttempt.objects.create(
            chapter=self.mechelen,
            assignment=self.assignment,
            caller=self.caller2,
            outcome=CallAttempt.Outcome.VOICEMAIL,
            note="Notitie van een andere beller.",
            at=timezone.now() - dt.timedelta(days=39),
        )
        raise_question(
            actor=self.caller,
            chapter=self.mechelen,
            text="Kan ik uitstel van btw-betaling vragen?",
            conversation=self.conversation,
            organisation=self.org,
        )
        coaching_actions.log_session(
            actor=self.coach,
            trajectory=self.trajectory,
            held_on=timezone.localdate() - dt.timedelta(days=3),
            minutes=60,
            mode="visit",
            notes="Vertrouwelijke sessienotitie over de bank.",
        )
        self.analysis = coaching_actions.start_analysis(
            actor=self.coach, trajectory=Trajectory.objects.get(pk=self.trajectory.pk)
        )
        self.url = f"/c/mechelen/members/{self.org.public_code}/"

    def page(self, user: User) -> str:
        self.client.force_login(user)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def kinds(self, user: User) -> list[str]:
        return [e.kind for e in self.entries(user)]

    def entries(self, user: User) -> list:
        from belronde.accounts.access import get_chapter_access

        return case_file(get_chapter_access(user, "mechelen"), user, self.org).entries

    def test_it_shows_the_coordinator_everything_newest_first(self) -> None:
        html = self.page(self.coordinator)
        for text in (
            "Mijn eigen notitie: na 17u bellen.",
            "Notitie van een andere beller.",
            "Conversation (red",
            "Kan ik uitstel van btw-betaling vragen?",
            "Referred to Ondernemersbegeleiding",
            "Consent given",
            "Financial analysis started",
            "Coaching trajectory started (intake)",
            "Trajectory moved on to: coaching",
            "60 min",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Vertrouwelijke sessienotitie", html)  # sessions show date and minutes
        entries = self.entries(self.coordinator)
        self.assertEqual([e.at for e in entries], sorted((e.at for e in entries), reverse=True))
        self.assertEqual(entries[-1].kind, "call")  # the first call, forty days ago, is last
        self.assertIn(f"/c/mechelen/analyses/{self.analysis.public_code}/", html)

    def test_it_shows_the_coach_the_case_without_other_peoples_call_notes(self) -> None:
        html = self.page(self.coach)
        kinds = set(self.kinds(self.coach))
        self.assertLessEqual(
            {"call", "conversation", "referral", "analysis", "trajectory", "session"}, kinds
        )
        self.assertIn("Call: no answer", html)
        self.assertNotIn("Mijn eigen notitie", html)
        self.assertNotIn("Notitie van een andere beller.", html)
        self.assertNotIn("help", kinds)  # their own trajectory is shown in full

    def test_it_shows_the_caller_their_calls_and_only_that_the_firm_was_helped(self) -> None:
        html = self.page(self.caller)
        kinds = set(self.kinds(self.caller))
        self.assertIn("Mijn eigen notitie: na 17u bellen.", html)
        self.assertIn("Conversation (red", html)
        started = self.trajectory.started_on.strftime("%d/%m/%Y")
        self.assertIn(f"Coached by the federation since {started}", html)
        self.assertNotIn("Notitie van een andere beller.", html)  # not their call
        self.assertNotIn("Call: voicemail", html)
        self.assertTrue(kinds.isdisjoint({"analysis", "trajectory", "session", "document"}))
        for secret in ("Financial analysis", "60 min", "Vertrouwelijke", "Session"):
            self.assertNotIn(secret, html)
        self.assertNotIn(f"/analyses/{self.analysis.public_code}/", html)

    def test_it_tells_the_caller_the_outcome_category_of_a_closed_trajectory(self) -> None:
        coaching_actions.close_trajectory(
            actor=self.coach,
            trajectory=Trajectory.objects.get(pk=self.trajectory.pk),
            outcome=Trajectory.Outcome.RECOVERED,
            conclusion="Plan loopt, cash op orde bij de bank.",
        )
        html = self.page(self.caller)
        self.assertIn("Trajectory completed: recovered", html)
        self.assertNotIn("cash op orde", html)  # never the conclusion
        coordinator = self.page(self.coordinator)
        self.assertIn("Trajectory closed: recovered", coordinator)
        self.assertNotIn("cash op orde", coordinator)

    def test_another_caller_who_never_called_the_firm_gets_404(self) -> None:
        self.client.force_login(self.caller2)  # made a call, but the firm is not assigned to them
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_a_caller_in_a_later_round_sees_no_other_callers_calls(self) -> None:
        Assignment.objects.filter(pk=self.assignment.pk).update(caller=self.caller2)
        html = self.page(self.caller2)
        self.assertIn("Call: voicemail", html)
        self.assertIn("Notitie van een andere beller.", html)  # their own note
        self.assertNotIn("Mijn eigen notitie", html)
        self.assertIn("Coached by the federation since", html)

    def test_the_outsider_gets_404(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_partner_and_the_funder_get_403(self) -> None:
        for user in (self.partner, self.funder):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_it_shows_the_coordinator_the_records_own_changes(self) -> None:
        from belronde.members import actions as member_actions

        member_actions.mark_do_not_call(
            actor=self.coordinator, organisation=self.org, reason="Vroeg het zelf"
        )
        self.assertIn("record", self.kinds(self.coordinator))
        self.assertIn("Marked do-not-call", self.page(self.coordinator))
        self.assertNotIn("record", self.kinds(self.coach))

    def test_it_says_nothing_was_recorded_for_a_firm_without_history(self) -> None:
        quiet = make_organisation(self.mechelen, name="Drukkerij Stil")
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/c/mechelen/members/{quiet.public_code}/")
        self.assertContains(response, "Nothing recorded yet.")

    def test_it_takes_the_same_number_of_queries_for_a_long_history(self) -> None:
        def count() -> int:
            self.client.force_login(self.coordinator)
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(self.url).status_code, 200)
            return len(queries)

        before = count()
        for i in range(15):
            CallAttempt.objects.create(
                chapter=self.mechelen,
                assignment=self.assignment,
                caller=self.caller if i % 2 else self.caller2,
                outcome=CallAttempt.Outcome.BUSY,
            )
            make_conversation(self.caller, self.org, dict(GREEN_ANSWERS))
            coaching_actions.log_session(
                actor=self.coach,
                trajectory=self.trajectory,
                held_on=timezone.localdate() - dt.timedelta(days=i),
                minutes=30,
                mode="phone",
            )
            raise_question(
                actor=self.caller,
                chapter=self.mechelen,
                text=f"Vraag nummer {i} over de premie?",
                organisation=self.org,
            )
        self.assertGreater(len(self.entries(self.coordinator)), 70)
        self.assertEqual(count(), before)
        self.assertLess(before, 60)
        from belronde.accounts.access import get_chapter_access

        for user, queries in [(self.coordinator, 18), (self.coach, 18), (self.caller, 11)]:
            access = get_chapter_access(user, "mechelen")
            with self.assertNumQueries(queries):
                case_file(access, user, self.org)
