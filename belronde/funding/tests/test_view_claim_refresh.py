"""funding:claim_refresh: the coordinator rebuilds a draft; a submitted claim stays as it is."""

from __future__ import annotations

from django.urls import reverse

from belronde.funding.tests.fixtures import enrolled
from belronde.funding.tests.fixtures_claims import (
    claim_kwargs,
    draft_claim,
    past_day,
    submitted_claim,
)
from belronde.testing import BelrondeTestCase


class ClaimRefreshTest(BelrondeTestCase):
    def post(self, user, claim):
        self.client.force_login(user)
        return self.client.post(reverse("funding:claim_refresh", kwargs=claim_kwargs(claim)))

    def test_it_rebuilds_the_draft(self) -> None:
        claim = draft_claim(self)
        enrolled(self, name="Slagerij Janssens", started_on=past_day())
        response = self.post(self.coordinator, claim)
        self.assertRedirects(response, reverse("funding:claim_detail", kwargs=claim_kwargs(claim)))
        claim.refresh_from_db()
        self.assertEqual(claim.trajectories, 2)

    def test_a_submitted_claim_is_not_rebuilt(self) -> None:
        claim = submitted_claim(self)
        enrolled(self, name="Slagerij Janssens", started_on=past_day())
        response = self.post(self.coordinator, claim)
        self.assertEqual(response.status_code, 302)
        messages = [str(m) for m in response.wsgi_request._messages]
        self.assertEqual(len(messages), 1)
        claim.refresh_from_db()
        self.assertEqual((claim.status, claim.trajectories), ("submitted", 1))

    def test_only_the_coordinator_rebuilds(self) -> None:
        claim = draft_claim(self)
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, claim).status_code, 403)
        self.assertEqual(self.post(self.outsider, claim).status_code, 404)
