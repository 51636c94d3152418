"""actions.start_analysis and link_analysis: what the call knew is carried into the analysis."""

from __future__ import annotations

from belronde.analyses import actions as analysis_actions
from belronde.analyses.models import SignalAnswer
from belronde.coaching import actions
from belronde.coaching.models import Activity
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.conversations.tests.fixtures import make_organisation
from belronde.testing import BelrondeTestCase


class StartAnalysisTest(BelrondeTestCase):
    def test_it_carries_over_the_arrears_the_caller_recorded(self) -> None:
        trajectory = make_trajectory(self)  # the call reported RSZ and VAT arrears
        analysis = actions.start_analysis(actor=self.coach, trajectory=trajectory)
        signals = dict(SignalAnswer.objects.filter(analysis=analysis).values_list("key", "status"))
        self.assertEqual(signals, {"rsz_arrears": "present", "vat_arrears": "present"})
        note = SignalAnswer.objects.get(analysis=analysis, key="vat_arrears").note
        self.assertIn("/", note)  # the date of the call

    def test_it_keeps_liquidity_and_temporary_unemployment(self) -> None:
        trajectory = make_trajectory(self)
        analysis = actions.start_analysis(actor=self.coach, trajectory=trajectory)
        self.assertEqual(analysis.call_facts["liquidity_horizon"], "1-3")
        self.assertEqual(analysis.call_facts["temporary_unemployment"], "partial")
        self.assertEqual(
            analysis.call_facts["conversation"], trajectory.referral.conversation.public_code
        )

    def test_it_links_the_analysis_and_marks_the_activity_done(self) -> None:
        trajectory = make_trajectory(self)
        analysis = actions.start_analysis(actor=self.coach, trajectory=trajectory)
        self.assertEqual(list(trajectory.analyses.all()), [analysis])
        self.assertIsNotNone(Activity.objects.get(trajectory=trajectory, kind="analysis").done_on)

    def test_it_does_not_invent_absent_arrears(self) -> None:
        trajectory = make_trajectory(
            self, answers={"how_is_it_going": "Gaat wel.", "health": "orange"}
        )
        analysis = actions.start_analysis(actor=self.coach, trajectory=trajectory)
        self.assertFalse(SignalAnswer.objects.filter(analysis=analysis).exists())

    def test_it_links_an_existing_analysis_of_the_same_firm_only(self) -> None:
        trajectory = make_trajectory(self)
        other = analysis_actions.create_analysis(
            actor=self.coach,
            chapter=self.mechelen,
            organisation=make_organisation(self.mechelen, name="Een andere firma"),
        )
        with self.assertRaises(actions.CoachingError):
            actions.link_analysis(actor=self.coach, trajectory=trajectory, analysis=other)
        own = analysis_actions.create_analysis(
            actor=self.coach, chapter=self.mechelen, organisation=trajectory.organisation
        )
        actions.link_analysis(actor=self.coach, trajectory=trajectory, analysis=own)
        with self.assertRaises(actions.CoachingError):
            actions.link_analysis(actor=self.coach, trajectory=trajectory, analysis=own)

    def test_a_waived_analysis_needs_a_reason(self) -> None:
        trajectory = make_trajectory(self)
        with self.assertRaises(actions.CoachingError):
            actions.waive_analysis(actor=self.coach, trajectory=trajectory, reason=" ")
        waived = actions.waive_analysis(
            actor=self.coach, trajectory=trajectory, reason="Recente analyse van de boekhouder."
        )
        self.assertTrue(waived.has_analysis_or_reason)
        self.assertTrue(Activity.objects.get(trajectory=trajectory, kind="analysis").skipped)
