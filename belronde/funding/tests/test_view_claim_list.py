"""funding:claim_list: a programme's claims per period; the coordinator sees drafts and prepares
one, the funder sees what was submitted to it; others 403, another chapter 404."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from belronde.funding import actions
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.funding.tests.fixtures_claims import (
    current_period,
    draft_claim,
    past_day,
    provincial,
    submitted_claim,
)
from belronde.testing import BelrondeTestCase


def url(code: str = "traject-2026", chapter: str = "mechelen") -> str:
    return reverse("funding:claim_list", kwargs={"chapter": chapter, "code": code})


class ClaimListTest(BelrondeTestCase):
    def get(self, user, code: str = "traject-2026"):
        self.client.force_login(user)
        return self.client.get(url(code))

    def test_it_shows_the_coordinator_every_claim_and_the_periods_to_prepare(self) -> None:
        submitted = submitted_claim(self)
        enrolled(self, name="Slagerij Janssens")
        response = self.get(self.coordinator)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="claim-row"', count=1)
        self.assertContains(response, submitted.period)
        self.assertContains(response, "350,00 EUR")
        # only the periods after the last submitted one can be prepared
        choices = [value for value, _label in response.context["form"].fields["period"].choices]
        self.assertEqual(choices, [current_period(submitted.programme)])
        self.assertContains(response, 'data-testid="prepare-form"')

    def test_a_draft_is_offered_again_to_rebuild(self) -> None:
        draft = draft_claim(self)
        response = self.get(self.coordinator)
        choices = dict(response.context["form"].fields["period"].choices)
        self.assertIn(draft.period, choices)
        self.assertIn(" · ", choices[draft.period])  # "draft exists: rebuild it"
        others = [label for period, label in choices.items() if period != draft.period]
        self.assertTrue(others and all(" · " not in label for label in others))
        # the oldest period that is still open comes first
        first = actions.period_of(draft.programme, draft.programme.window_start)
        self.assertEqual(response.context["form"].initial["period"], first)

    def test_the_funder_sees_only_what_was_submitted_and_no_form(self) -> None:
        submitted = submitted_claim(self)
        enrolled(self, name="Slagerij Janssens", started_on=past_day(10))
        actions.prepare_claim(
            actor=self.coordinator,
            programme=submitted.programme,
            period=current_period(submitted.programme),
        )
        response = self.get(self.funder)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="claim-row"', count=1)
        self.assertIsNone(response.context["form"])
        self.assertNotContains(response, 'data-testid="prepare-form"')

    def test_the_funder_is_told_when_nothing_was_submitted(self) -> None:
        draft_claim(self)
        response = self.get(self.funder)
        self.assertContains(response, 'data-testid="no-claims"')
        self.assertNotContains(response, 'data-testid="claim-row"')

    def test_a_programme_that_has_not_started_has_no_period(self) -> None:
        today = timezone.localdate()
        make_programme(
            self,
            window_start=today + dt.timedelta(days=10),
            window_end=today + dt.timedelta(days=300),
        )
        self.assertContains(self.get(self.coordinator), 'data-testid="not-started"')

    def test_another_funders_programme_is_404_for_the_funder(self) -> None:
        other = provincial(self, status="active")
        self.assertEqual(self.get(self.funder, other.code).status_code, 404)
        self.assertEqual(self.get(self.coordinator, other.code).status_code, 200)

    def test_other_roles_are_refused_and_other_chapters_never_found(self) -> None:
        make_programme(self)
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user).status_code, 403)
        self.assertEqual(self.get(self.outsider).status_code, 404)
        self.assertEqual(self.get(self.coordinator, "nope").status_code, 404)
