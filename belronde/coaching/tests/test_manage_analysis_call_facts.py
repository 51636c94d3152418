"""The analysis page shows what the call said ("From the call of dd/mm/yyyy": arrears, cash
horizon, temporary unemployment, turnover change) and the trajectory the analysis belongs to."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation

from belronde.accounts.models import Membership
from belronde.analyses import actions as analysis_actions
from belronde.coaching import actions
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.conversations.models import (
    Arrears,
    LiquidityHorizon,
    TemporaryUnemployment,
    TurnoverChange,
)
from belronde.testing import BelrondeTestCase, make_user


class AnalysisCallFactsTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.trajectory = make_trajectory(self)
        self.analysis = actions.start_analysis(actor=self.coach, trajectory=self.trajectory)
        self.url = reverse("analyses:detail", args=["mechelen", self.analysis.public_code])

    def page(self, user):
        self.client.force_login(user)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_it_shows_what_the_call_said_with_the_callers_labels(self) -> None:
        response = self.page(self.coach)
        self.assertContains(response, 'data-testid="call-facts"')
        held = timezone.localdate(self.trajectory.referral.conversation.held_at)
        self.assertContains(response, held.strftime("%d/%m/%Y"))
        with translation.override("nl"):
            labels = [
                f"{Arrears.RSZ.label}, {Arrears.VAT.label}",
                str(LiquidityHorizon.ONE_TO_3.label),
                str(TemporaryUnemployment.PARTIAL.label),
                str(TurnoverChange.COLLAPSED.label),
            ]
        for label in labels:
            self.assertContains(response, label)
        facts = response.context["call_facts"]
        self.assertEqual(facts["held_on"], held)

    def test_it_links_the_trajectory_the_analysis_belongs_to(self) -> None:
        link = reverse("coaching:detail", args=["mechelen", self.trajectory.public_code])
        for user in (self.coach, self.coordinator):
            with self.subTest(user.username):
                response = self.page(user)
                self.assertContains(response, 'data-testid="analysis-trajectory"')
                self.assertContains(response, f'href="{link}"')

    def test_another_coach_sees_the_analysis_but_no_link_to_a_trajectory_they_cannot_open(
        self,
    ) -> None:
        other = make_user("dora.coach")
        Membership.objects.create(user=other, role="coach", chapter=self.mechelen)
        response = self.page(other)
        self.assertNotContains(response, 'data-testid="analysis-trajectory"')
        self.assertContains(response, 'data-testid="call-facts"')

    def test_an_analysis_made_without_a_call_shows_neither(self) -> None:
        plain = analysis_actions.create_analysis(
            actor=self.coach, chapter=self.mechelen, organisation=self.trajectory.organisation
        )
        self.client.force_login(self.coach)
        response = self.client.get(reverse("analyses:detail", args=["mechelen", plain.public_code]))
        self.assertNotContains(response, 'data-testid="call-facts"')
        self.assertNotContains(response, 'data-testid="analysis-trajectory"')
        self.assertIsNone(response.context["call_facts"])

    def test_unknown_values_are_left_out_not_shown_raw(self) -> None:
        self.analysis.call_facts = {
            **self.analysis.call_facts,
            "arrears": ["rsz", "bogus"],
            "liquidity_horizon": "",
            "turnover_change": "weird",
        }
        self.analysis.save(update_fields=["call_facts"])
        response = self.page(self.coach)
        facts = response.context["call_facts"]
        with translation.override("nl"):
            self.assertEqual(facts["arrears"], [str(Arrears.RSZ.label)])
        self.assertEqual((facts["liquidity_horizon"], facts["turnover_change"]), ("", ""))
        self.assertNotContains(response, "bogus")
        self.assertNotContains(response, "weird")

    def test_it_is_403_for_a_caller_and_404_for_another_chapter(self) -> None:
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
