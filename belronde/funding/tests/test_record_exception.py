"""The coordinator waives a refusing rule with a reason; never the window or the budget."""

from __future__ import annotations

import datetime as dt

from belronde.audit.models import AuditEvent
from belronde.funding import actions
from belronde.funding.models import Enrolment
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.members.models import Organisation
from belronde.testing import BelrondeTestCase

Rule = Enrolment.Rule


class RecordExceptionTests(BelrondeTestCase):
    def test_it_enrols_an_organisation_outside_the_postal_codes_with_a_reason(self) -> None:
        make_programme(self)
        refused = enrolled(self, postal_code="2000")
        enrolment = actions.record_exception(
            actor=self.coordinator, enrolment=refused, reason="Vestiging verhuisd naar Mechelen."
        )
        self.assertEqual(enrolment.status, Enrolment.Status.ENROLLED)
        self.assertEqual(enrolment.waived_rules, [Rule.CHAPTER])
        self.assertEqual(enrolment.number, 1)
        event = AuditEvent.objects.get(verb="enrolment.exception")
        self.assertEqual(event.payload["waived"], Rule.CHAPTER)

    def test_it_checks_the_other_rules_again(self) -> None:
        make_programme(self)
        refused = enrolled(
            self, postal_code="2000", membership_status=Organisation.MembershipStatus.PROSPECT
        )
        self.assertEqual(refused.refused_rule, Rule.CHAPTER)
        again = actions.record_exception(actor=self.coordinator, enrolment=refused, reason="Ok.")
        self.assertEqual((again.status, again.refused_rule), ("refused", Rule.NOT_MEMBER))

    def test_it_refuses_an_exception_for_the_window(self) -> None:
        make_programme(self, window_start=dt.date(2020, 9, 1), window_end=dt.date(2021, 12, 31))
        refused = enrolled(self)
        with self.assertRaises(actions.FundingError):
            actions.record_exception(actor=self.coordinator, enrolment=refused, reason="Graag.")
        refused.refresh_from_db()
        self.assertEqual(refused.status, "refused")

    def test_it_refuses_an_exception_for_the_budget(self) -> None:
        make_programme(self, budget_trajectories=1)
        enrolled(self, name="Eerste")
        refused = enrolled(self, name="Tweede")
        with self.assertRaises(actions.FundingError):
            actions.record_exception(actor=self.coordinator, enrolment=refused, reason="Graag.")

    def test_it_needs_a_reason(self) -> None:
        make_programme(self)
        refused = enrolled(self, postal_code="2000")
        with self.assertRaises(actions.FundingError):
            actions.record_exception(actor=self.coordinator, enrolment=refused, reason="  ")

    def test_an_exception_never_passes_the_budget(self) -> None:
        make_programme(self, budget_trajectories=1)
        enrolled(self, name="Eerste")
        refused = enrolled(self, name="Tweede", postal_code="2000")
        self.assertEqual(refused.refused_rule, Rule.CHAPTER)
        again = actions.record_exception(actor=self.coordinator, enrolment=refused, reason="Ok.")
        self.assertEqual(again.refused_rule, Rule.BUDGET)
