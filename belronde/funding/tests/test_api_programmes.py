"""GET /api/v1/chapters/{slug}/programmes: the coordinator's every programme, a funder user's
own (not a draft), with today's cost model, the window and the budget as strings of money."""

from __future__ import annotations

from decimal import Decimal

from belronde.coaching.tests.fixtures_api import CoachingApiTestCase
from belronde.funding import actions
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.funding.tests.fixtures_claims import provincial, submitted_claim


class ProgrammeListApiTest(CoachingApiTestCase):
    def codes(self, user) -> list[str]:
        response = self.call(user, "get", "/programmes")
        self.assertEqual(response.status_code, 200, response.content)
        return [item["code"] for item in response.json()["items"]]

    def test_it_gives_the_cost_model_window_and_budget(self) -> None:
        claim = submitted_claim(self, budget_amount=Decimal("1000.00"), budget_trajectories=10)
        actions.mark_claim_paid(
            actor=self.coordinator,
            claim=claim,
            paid_on=claim.submitted_at.date(),
            amount=Decimal("300"),
        )
        enrolment = claim.lines.get().enrolment
        actions.issue_invoice(actor=self.coordinator, enrolment=enrolment)
        programme = claim.programme
        response = self.call(self.coordinator, "get", "/programmes")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual(body["count"], 1)
        self.assertEqual(
            body["items"][0],
            {
                "code": "traject-2026",
                "name": "Begeleidingstrajecten Mechelen",
                "status": "active",
                "funder": "Stad Mechelen",
                "price": "900.00",
                "contribution": "350.00",
                "participant_cap": "200.00",
                "window_start": programme.window_start.isoformat(),
                "window_end": programme.window_end.isoformat(),
                "claim_period_months": 3,
                "budget": {
                    "trajectories": 1,
                    "trajectory_cap": 10,
                    "remaining_trajectories": 9,
                    "amount": "1000.00",
                    "committed": "350.00",
                    "invoiced": "242.00",
                    "claimed": "350.00",
                    "paid": "300.00",
                    "remaining": "650.00",
                    "used_percent": 35,
                    "state": "ok",
                },
            },
        )

    def test_a_programme_without_caps_says_so(self) -> None:
        make_programme(self)
        budget = self.call(self.coordinator, "get", "/programmes").json()["items"][0]["budget"]
        self.assertEqual(
            (budget["amount"], budget["remaining"], budget["used_percent"], budget["state"]),
            (None, None, None, "ok"),
        )

    def test_it_warns_from_80_percent(self) -> None:
        make_programme(self, budget_trajectories=1)
        enrolled(self)
        budget = self.call(self.coordinator, "get", "/programmes").json()["items"][0]["budget"]
        self.assertEqual((budget["used_percent"], budget["state"]), (100, "full"))

    def test_the_funder_sees_only_its_own_programmes_and_no_draft(self) -> None:
        make_programme(self)
        make_programme(self, code="concept", status="draft")
        provincial(self, status="active")
        self.assertEqual(
            sorted(self.codes(self.coordinator)), ["concept", "provincie-2027", "traject-2026"]
        )
        self.assertEqual(self.codes(self.funder), ["traject-2026"])

    def test_others_are_refused_and_other_chapters_not_found(self) -> None:
        make_programme(self)
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.call(user, "get", "/programmes").status_code, 403)
        self.assertEqual(self.call(self.outsider, "get", "/programmes").status_code, 404)
        lier = self.call(self.coordinator, "get", "/api/v1/chapters/lier/programmes")
        self.assertEqual(lier.status_code, 404)
