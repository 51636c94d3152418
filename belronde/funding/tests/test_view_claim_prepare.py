"""funding:claim_prepare: the coordinator prepares (or rebuilds) the draft of a period chosen
from the programme's open periods; anything else is shown on the list with the reason."""

from __future__ import annotations

from django.urls import reverse

from belronde.funding.models import FundingClaim
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.funding.tests.fixtures_claims import past_day, past_period, submitted_claim
from belronde.testing import BelrondeTestCase

URL = reverse("funding:claim_prepare", kwargs={"chapter": "mechelen", "code": "traject-2026"})


class ClaimPrepareTest(BelrondeTestCase):
    def post(self, user, period: str):
        self.client.force_login(user)
        return self.client.post(URL, {"period": period})

    def test_it_prepares_the_draft_and_opens_it(self) -> None:
        programme = make_programme(self)
        enrolled(self, started_on=past_day())
        response = self.post(self.coordinator, past_period(programme))
        claim = FundingClaim.objects.get()
        self.assertRedirects(
            response,
            reverse(
                "funding:claim_detail",
                kwargs={"chapter": "mechelen", "code": programme.code, "claim": claim.public_code},
            ),
        )
        self.assertEqual((claim.status, claim.trajectories), ("draft", 1))

    def test_it_says_when_a_draft_holds_nothing(self) -> None:
        programme = make_programme(self)
        response = self.post(self.coordinator, past_period(programme))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(FundingClaim.objects.get().lines.count(), 0)

    def test_it_refuses_a_period_that_is_not_offered(self) -> None:
        claim = submitted_claim(self)
        for period in (claim.period, "2099Q1", "<script>", "2026M01"):
            with self.subTest(period=period):
                response = self.post(self.coordinator, period)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(response.context["form"].errors["period"])
        self.assertEqual(FundingClaim.objects.count(), 1)

    def test_only_the_coordinator_prepares(self) -> None:
        programme = make_programme(self)
        period = past_period(programme)
        for user in (self.funder, self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.post(user, period).status_code, 403)
        self.assertEqual(self.post(self.outsider, period).status_code, 404)
        self.assertFalse(FundingClaim.objects.exists())

    def test_get_is_not_allowed(self) -> None:
        make_programme(self)
        self.client.force_login(self.coordinator)
        self.assertEqual(self.client.get(URL).status_code, 405)
