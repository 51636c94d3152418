"""funding:claim_detail: a claim's lines and totals, corrections both ways; the funder reads the
submitted ones without names (unless the programme needs them), never a draft."""

from __future__ import annotations

from django.urls import reverse

from belronde.funding import actions
from belronde.funding.tests.fixtures_claims import (
    claim_kwargs,
    corrected,
    draft_claim,
    submitted_claim,
)
from belronde.testing import BelrondeTestCase


class ClaimDetailTest(BelrondeTestCase):
    def get(self, user, found, **kwargs):
        self.client.force_login(user)
        return self.client.get(
            reverse("funding:claim_detail", kwargs=claim_kwargs(found, **kwargs))
        )

    def test_it_shows_the_lines_and_totals(self) -> None:
        claim = submitted_claim(self)
        response = self.get(self.coordinator, claim)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="claim-line"', count=1)
        self.assertContains(response, "TRAJECT-2026-0001")
        self.assertContains(response, "900,00 EUR")
        self.assertContains(response, "<strong>350,00 EUR</strong>", count=2)
        self.assertContains(response, 'data-testid="paid-link"')
        self.assertNotContains(response, 'data-testid="submit-link"')

    def test_the_coordinator_sees_the_names_the_funder_does_not(self) -> None:
        claim = submitted_claim(self)
        name = claim.lines.get().enrolment.organisation.name
        self.assertContains(self.get(self.coordinator, claim), name)
        funder = self.get(self.funder, claim)
        self.assertEqual(funder.status_code, 200)
        self.assertContains(funder, "TRAJECT-2026-0001")
        self.assertNotContains(funder, name)
        self.assertNotContains(funder, 'data-testid="identity"')
        self.assertNotContains(funder, 'data-testid="paid-link"')
        self.assertContains(funder, 'data-testid="download-pdf"')

    def test_the_funder_sees_names_when_the_programme_needs_them(self) -> None:
        claim = submitted_claim(self, funder_sees_identity=True)
        name = claim.lines.get().enrolment.organisation.name
        self.assertContains(self.get(self.funder, claim), name)

    def test_a_draft_offers_rebuild_and_submit_and_is_hidden_from_the_funder(self) -> None:
        claim = draft_claim(self)
        response = self.get(self.coordinator, claim)
        self.assertContains(response, 'data-testid="draft-note"')
        self.assertContains(response, 'data-testid="refresh"')
        self.assertContains(response, 'data-testid="submit-link"')
        self.assertEqual(self.get(self.funder, claim).status_code, 404)

    def test_corrections_are_visible_both_ways(self) -> None:
        first, later = corrected(self)
        response = self.get(self.coordinator, later)
        self.assertContains(response, 'data-testid="line-note"')
        self.assertContains(response, first.period)
        self.assertContains(response, "-170,00 EUR")
        self.assertContains(response, 'data-testid="corrections"')
        # the earlier claim says where its line was corrected: to the coordinator at once,
        # to the funder once the correcting claim is submitted
        self.assertContains(self.get(self.coordinator, first), 'data-testid="corrected-in"')
        self.assertNotContains(self.get(self.funder, first), 'data-testid="corrected-in"')
        actions.submit_claim(actor=self.coordinator, claim=later)
        funder = self.get(self.funder, first)
        self.assertContains(funder, 'data-testid="corrected-in"')
        self.assertContains(funder, later.period)

    def test_others_are_refused_and_unknown_codes_not_found(self) -> None:
        claim = submitted_claim(self)
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, claim).status_code, 403)
        self.assertEqual(self.get(self.outsider, claim).status_code, 404)
        self.assertEqual(self.get(self.coordinator, claim, claim="NOPE").status_code, 404)
        self.assertEqual(self.get(self.coordinator, claim, code="other").status_code, 404)
