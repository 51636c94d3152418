"""prepare_claim: the draft of a period holds the enrolled trajectories started by its end that
no submitted claim holds yet (late ones too), pseudonymous; a submitted claim never changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone, translation

from belronde.audit.models import AuditEvent
from belronde.funding import actions
from belronde.funding.models import FundingClaim
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.funding.tests.fixtures_claims import (
    current_period,
    draft_claim,
    past_day,
    past_period,
    submitted_claim,
)
from belronde.testing import BelrondeTestCase


class PrepareClaimTests(BelrondeTestCase):
    def test_it_claims_the_trajectories_started_by_the_periods_end(self) -> None:
        programme = make_programme(self)
        early = enrolled(self, started_on=past_day())
        enrolled(self, name="Slagerij Janssens")  # today: the current period's
        claim = actions.prepare_claim(
            actor=self.coordinator, programme=programme, period=past_period(programme)
        )
        self.assertEqual(claim.status, FundingClaim.Status.DRAFT)
        self.assertEqual((claim.trajectories, claim.total), (1, Decimal("350.00")))
        (line,) = claim.lines.all()
        self.assertEqual(line.enrolment, early)
        self.assertEqual(line.pseudonym, "TRAJECT-2026-0001")
        self.assertEqual((line.price, line.amount), (Decimal("900.00"), Decimal("350.00")))
        self.assertEqual((line.nace_section, line.size_band), ("I", "5-9"))
        self.assertEqual((line.status, line.note, line.corrects), ("intake", "", None))

    def test_it_holds_no_name_or_enterprise_number(self) -> None:
        claim = draft_claim(self)
        organisation = claim.lines.get().enrolment.organisation
        values = [str(v) for v in claim.lines.values_list().get()]
        self.assertNotIn(organisation.name, " ".join(values))
        self.assertNotIn(organisation.enterprise_number, values)

    def test_it_claims_a_late_enrolment_in_a_later_period_once(self) -> None:
        first = submitted_claim(self)
        programme = first.programme
        late = enrolled(self, name="Slagerij Janssens", started_on=past_day())
        claim = actions.prepare_claim(
            actor=self.coordinator, programme=programme, period=current_period(programme)
        )
        (line,) = claim.lines.all()  # Bakkerij Peeters is not claimed again
        self.assertEqual((line.enrolment, line.note), (late, "late"))
        self.assertEqual((claim.trajectories, claim.total), (1, Decimal("350.00")))

    def test_it_rebuilds_a_draft_in_place(self) -> None:
        claim = draft_claim(self)
        enrolled(self, name="Slagerij Janssens", started_on=past_day())
        again = actions.prepare_claim(
            actor=self.coordinator, programme=claim.programme, period=claim.period
        )
        self.assertEqual(again.pk, claim.pk)
        self.assertEqual(again.version, claim.version + 1)
        self.assertEqual((again.trajectories, again.total), (2, Decimal("700.00")))
        verbs = list(
            AuditEvent.objects.filter(object_code=claim.public_code).values_list("verb", flat=True)
        )
        self.assertEqual(sorted(verbs), ["claim.prepared", "claim.refreshed"])

    def test_it_refuses_to_change_a_submitted_claim(self) -> None:
        claim = submitted_claim(self)
        enrolled(self, name="Slagerij Janssens", started_on=past_day())
        with self.assertRaises(actions.ClaimSubmitted):
            actions.prepare_claim(
                actor=self.coordinator, programme=claim.programme, period=claim.period
            )
        claim.refresh_from_db()
        self.assertEqual((claim.status, claim.lines.count()), ("submitted", 1))

    def test_it_refuses_a_period_that_has_not_started(self) -> None:
        programme = make_programme(self)
        next_quarter = timezone.localdate() + dt.timedelta(days=95)
        with (
            translation.override("en"),
            self.assertRaisesMessage(actions.FundingError, "This period has not started yet."),
        ):
            actions.prepare_claim(
                actor=self.coordinator,
                programme=programme,
                period=actions.period_of(programme, next_quarter),
            )

    def test_it_refuses_a_period_it_cannot_read(self) -> None:
        programme = make_programme(self)
        for period in ("2026Q5", "26Q1", "2026-Q1", "Q1 2026", "", "2026M13", "2026Q"):
            with (
                self.subTest(period=period),
                translation.override("en"),
                self.assertRaisesMessage(actions.FundingError, "A period is written as"),
            ):
                actions.prepare_claim(actor=self.coordinator, programme=programme, period=period)
        self.assertFalse(FundingClaim.objects.exists())

    def test_it_refuses_a_period_of_another_length(self) -> None:
        programme = make_programme(self)  # quarters
        for period in ("2026M03", "2026", "2026Y"):
            with (
                self.subTest(period=period),
                translation.override("en"),
                self.assertRaisesMessage(actions.FundingError, "claims per 3 month(s)"),
            ):
                actions.prepare_claim(actor=self.coordinator, programme=programme, period=period)

    def test_it_reads_a_period_in_lower_case_and_names_it_canonically(self) -> None:
        programme = make_programme(self)
        name = past_period(programme)
        claim = actions.prepare_claim(
            actor=self.coordinator, programme=programme, period=f" {name.lower()} "
        )
        self.assertEqual(claim.period, name)
        start, end = claim.period_start, claim.period_end
        self.assertEqual(start.day, 1)
        self.assertEqual((end + dt.timedelta(days=1)).day, 1)
        self.assertTrue(start <= past_day() <= end)

    def test_it_names_monthly_and_yearly_periods(self) -> None:
        monthly = make_programme(self, code="maand", claim_period_months=1)
        self.assertEqual(
            actions.period_bounds(monthly, "2026m02"),
            ("2026M02", dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        )
        yearly = make_programme(self, code="jaar", claim_period_months=12)
        self.assertEqual(
            actions.period_bounds(yearly, "2026"),
            ("2026Y", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        )
        self.assertEqual(actions.period_of(yearly, dt.date(2026, 7, 1)), "2026Y")
