"""funding:claim_submit: a confirmation page, then the draft is rebuilt and frozen; a stale
version or a refusal shows the form again with the reason."""

from __future__ import annotations

from django.urls import reverse

from belronde.funding import actions
from belronde.funding.models import FundingClaim
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.funding.tests.fixtures_claims import (
    claim_kwargs,
    current_period,
    draft_claim,
    past_period,
    submitted_claim,
)
from belronde.testing import BelrondeTestCase


class ClaimSubmitTest(BelrondeTestCase):
    def url(self, claim: FundingClaim) -> str:
        return reverse("funding:claim_submit", kwargs=claim_kwargs(claim))

    def post(self, user, claim, **data):
        self.client.force_login(user)
        return self.client.post(self.url(claim), data)

    def test_it_asks_for_a_confirmation(self) -> None:
        claim = draft_claim(self)
        self.client.force_login(self.coordinator)
        response = self.client.get(self.url(claim))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="submit-form"')
        self.assertContains(response, f'name="version" value="{claim.version}"')
        self.assertContains(response, "TRAJECT-2026-0001")

    def test_it_submits_the_confirmed_claim(self) -> None:
        claim = draft_claim(self)
        response = self.post(self.coordinator, claim, version=claim.version, confirm="on")
        self.assertRedirects(response, reverse("funding:claim_detail", kwargs=claim_kwargs(claim)))
        claim.refresh_from_db()
        self.assertEqual((claim.status, claim.submitted_by), ("submitted", self.coordinator))

    def test_it_wants_the_box_ticked(self) -> None:
        claim = draft_claim(self)
        response = self.post(self.coordinator, claim, version=claim.version)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors["confirm"])
        claim.refresh_from_db()
        self.assertTrue(claim.is_draft)

    def test_a_stale_version_is_a_conflict_with_the_new_version(self) -> None:
        claim = draft_claim(self)
        response = self.post(self.coordinator, claim, version=claim.version - 1, confirm="on")
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, f'name="version" value="{claim.version}"', status_code=409)
        claim.refresh_from_db()
        self.assertTrue(claim.is_draft)

    def test_it_shows_why_a_claim_cannot_be_submitted(self) -> None:
        programme = make_programme(self)
        empty = actions.prepare_claim(
            actor=self.coordinator, programme=programme, period=past_period(programme)
        )
        response = self.post(self.coordinator, empty, version=empty.version, confirm="on")
        self.assertEqual(response.status_code, 422)
        self.assertTrue(response.context["form"].non_field_errors())
        enrolled(self)
        later = actions.prepare_claim(
            actor=self.coordinator, programme=programme, period=current_period(programme)
        )
        # the empty earlier draft has nothing to submit: it does not block the later claim
        self.assertEqual(
            self.post(self.coordinator, later, version=later.version, confirm="on").status_code,
            302,
        )

    def test_a_submitted_claim_goes_back_to_its_page(self) -> None:
        claim = submitted_claim(self)
        response = self.post(self.coordinator, claim, version=claim.version, confirm="on")
        self.assertRedirects(response, reverse("funding:claim_detail", kwargs=claim_kwargs(claim)))

    def test_only_the_coordinator_submits(self) -> None:
        claim = draft_claim(self)
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(
                    self.post(user, claim, version=claim.version, confirm="on").status_code, 403
                )
        self.assertEqual(self.post(self.outsider, claim).status_code, 404)
        claim.refresh_from_db()
        self.assertTrue(claim.is_draft)
