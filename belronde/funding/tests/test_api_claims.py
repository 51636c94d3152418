"""GET /api/v1/chapters/{slug}/programmes/{code}/claims: the claims with pseudonymous lines; the
funder reads the submitted and paid ones of its programmes only."""

from __future__ import annotations

from belronde.coaching.tests.fixtures_api import CoachingApiTestCase
from belronde.funding.tests.fixtures_claims import (
    corrected,
    draft_claim,
    provincial,
    submitted_claim,
)

PATH = "/programmes/traject-2026/claims"


class ProgrammeClaimsApiTest(CoachingApiTestCase):
    def items(self, user, path: str = PATH) -> list[dict]:
        response = self.call(user, "get", path)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["items"]

    def test_it_gives_each_claim_with_its_lines(self) -> None:
        claim = submitted_claim(self)
        (item,) = self.items(self.funder)
        line = claim.lines.get()
        self.assertEqual(
            item,
            {
                "code": claim.public_code,
                "period": claim.period,
                "period_start": claim.period_start.isoformat(),
                "period_end": claim.period_end.isoformat(),
                "status": "submitted",
                "trajectories": 1,
                "total": "350.00",
                "submitted_at": item["submitted_at"],
                "paid_on": None,
                "paid_amount": None,
                "lines": [
                    {
                        "pseudonym": "TRAJECT-2026-0001",
                        "started_on": line.started_on.isoformat(),
                        "nace_section": "I",
                        "size_band": "5-9",
                        "status": "intake",
                        "outcome": "",
                        "price": "900.00",
                        "amount": "350.00",
                        "kind": "trajectory",
                        "corrects": None,
                        "organisation": None,
                        "enterprise_number": None,
                    }
                ],
            },
        )
        self.assertTrue(item["submitted_at"])
        name = line.enrolment.organisation.name
        self.assertNotIn(name, self.call(self.funder, "get", PATH).content.decode())

    def test_a_correction_refers_to_the_earlier_line(self) -> None:
        first, later = corrected(self)
        items = self.items(self.coordinator)
        self.assertEqual([i["period"] for i in items], [later.period, first.period])
        (line,) = items[0]["lines"]
        self.assertEqual(
            (line["kind"], line["amount"], line["corrects"]),
            ("correction", "-170.00", {"pseudonym": "TRAJECT-2026-0001", "period": first.period}),
        )

    def test_the_funder_does_not_see_drafts(self) -> None:
        draft = draft_claim(self)
        self.assertEqual([i["code"] for i in self.items(self.coordinator)], [draft.public_code])
        self.assertEqual(self.items(self.funder), [])

    def test_names_only_when_the_programme_needs_them(self) -> None:
        claim = submitted_claim(self, funder_sees_identity=True)
        organisation = claim.lines.get().enrolment.organisation
        (line,) = self.items(self.funder)[0]["lines"]
        self.assertEqual(
            (line["organisation"], line["enterprise_number"]),
            (organisation.name, organisation.enterprise_number),
        )

    def test_another_funders_programme_is_not_found(self) -> None:
        other = provincial(self, status="active")
        path = f"/programmes/{other.code}/claims"
        self.assertEqual(self.call(self.funder, "get", path).status_code, 404)
        self.assertEqual(self.call(self.coordinator, "get", path).status_code, 200)
        self.assertEqual(
            self.call(self.coordinator, "get", "/programmes/nope/claims").status_code, 404
        )

    def test_others_are_refused(self) -> None:
        submitted_claim(self)
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.call(user, "get", PATH).status_code, 403)
        self.assertEqual(self.call(self.outsider, "get", PATH).status_code, 404)
