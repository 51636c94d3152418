"""A tailored trajectory: hours x the hourly rate replace the standard price."""

from __future__ import annotations

from decimal import Decimal

from belronde.funding import actions
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.testing import BelrondeTestCase


class SetHoursTests(BelrondeTestCase):
    def test_it_prices_six_hours_at_the_hourly_rate(self) -> None:
        make_programme(self)
        enrolment = enrolled(self)
        changed = actions.set_hours(
            actor=self.coordinator,
            enrolment=enrolment,
            hours=Decimal("6"),
            expected_version=enrolment.version,
        )
        self.assertEqual(changed.price, Decimal("540.00"))
        self.assertEqual(
            (changed.funder_part, changed.participant_part, changed.federation_part),
            (Decimal("350.00"), Decimal("190.00"), Decimal("0.00")),
        )

    def test_it_refuses_a_stale_version(self) -> None:
        make_programme(self)
        enrolment = enrolled(self)
        with self.assertRaises(actions.EditConflict):
            actions.set_hours(
                actor=self.coordinator,
                enrolment=enrolment,
                hours=Decimal("6"),
                expected_version=enrolment.version + 1,
            )

    def test_it_refuses_once_invoiced(self) -> None:
        make_programme(self)
        enrolment = enrolled(self)
        actions.issue_invoice(actor=self.coordinator, enrolment=enrolment)
        with self.assertRaises(actions.AlreadyInvoiced):
            actions.set_hours(
                actor=self.coordinator,
                enrolment=enrolment,
                hours=Decimal("6"),
                expected_version=None,
            )

    def test_it_refuses_without_an_hourly_rate(self) -> None:
        from belronde.funding.tests.fixtures import seed_cost

        make_programme(self, cost=seed_cost(hourly_rate=None))
        enrolment = enrolled(self)
        with self.assertRaises(actions.FundingError):
            actions.set_hours(
                actor=self.coordinator,
                enrolment=enrolment,
                hours=Decimal("6"),
                expected_version=None,
            )
