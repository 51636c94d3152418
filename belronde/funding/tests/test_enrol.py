"""Enrolment when a trajectory starts: each rule of issue 14 point 2 refuses by name."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from belronde.audit.models import AuditEvent
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.funding import actions
from belronde.funding.models import Enrolment
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.members.models import Organisation
from belronde.testing import BelrondeTestCase

Rule = Enrolment.Rule
TODAY = timezone.localdate


class EnrolTests(BelrondeTestCase):
    def test_it_enrols_a_starting_trajectory_with_the_seed_split(self) -> None:
        make_programme(self)
        enrolment = enrolled(self)
        self.assertEqual(enrolment.status, Enrolment.Status.ENROLLED)
        self.assertEqual(enrolment.number, 1)
        self.assertEqual(
            (enrolment.price, enrolment.funder_part, enrolment.participant_part),
            (Decimal("900.00"), Decimal("350.00"), Decimal("200.00")),
        )
        self.assertEqual(enrolment.federation_part, Decimal("350.00"))
        self.assertEqual(enrolment.pseudonym, "TRAJECT-2026-0001")
        self.assertTrue(AuditEvent.objects.filter(verb="enrolment.enrolled").exists())

    def test_it_numbers_enrolments_one_after_the_other(self) -> None:
        make_programme(self)
        first = enrolled(self, name="Bakkerij Een")
        second = enrolled(self, name="Bakkerij Twee")
        self.assertEqual((first.number, second.number), (1, 2))

    def test_it_does_nothing_without_an_active_programme(self) -> None:
        make_programme(self, status="draft")
        trajectory = make_trajectory(self)
        self.assertFalse(Enrolment.objects.filter(trajectory=trajectory).exists())

    def test_it_refuses_outside_the_window(self) -> None:
        make_programme(self, window_start=dt.date(2020, 9, 1), window_end=dt.date(2021, 12, 31))
        trajectory = make_trajectory(self)
        enrolment = Enrolment.objects.get(trajectory=trajectory)
        self.assertEqual((enrolment.status, enrolment.refused_rule), ("refused", Rule.WINDOW))
        self.assertIsNone(enrolment.number)

    def test_it_refuses_an_organisation_outside_the_postal_codes(self) -> None:
        make_programme(self)
        enrolment = enrolled(self, postal_code="2000")
        self.assertEqual(enrolment.refused_rule, Rule.CHAPTER)

    def test_it_refuses_an_organisation_that_is_not_a_member(self) -> None:
        make_programme(self)
        enrolment = enrolled(self, membership_status=Organisation.MembershipStatus.PROSPECT)
        self.assertEqual(enrolment.refused_rule, Rule.NOT_MEMBER)

    def test_it_refuses_a_member_who_joined_after_the_start(self) -> None:
        make_programme(self)
        enrolment = enrolled(self, member_since=TODAY() + dt.timedelta(days=3))
        self.assertEqual(enrolment.refused_rule, Rule.NOT_MEMBER)

    def test_it_refuses_a_second_funded_trajectory_of_one_organisation(self) -> None:
        programme = make_programme(self)
        first = enrolled(self)
        organisation = first.organisation
        assert organisation is not None
        second = make_trajectory(self, name="Bakkerij Peeters bis")
        second.organisation = organisation
        second.save()
        Enrolment.objects.filter(trajectory=second).delete()
        refused = actions.enrol(actor=self.coordinator, trajectory=second, programme=programme)
        assert refused is not None
        self.assertEqual(refused.refused_rule, Rule.ALREADY_FUNDED)

    def test_it_refuses_over_the_trajectory_budget(self) -> None:
        make_programme(self, budget_trajectories=1)
        enrolled(self, name="Eerste")
        self.assertEqual(enrolled(self, name="Tweede").refused_rule, Rule.BUDGET)

    def test_it_refuses_over_the_amount_budget(self) -> None:
        make_programme(self, budget_amount=Decimal("600.00"))
        enrolled(self, name="Eerste")
        self.assertEqual(enrolled(self, name="Tweede").refused_rule, Rule.BUDGET)

    def test_it_names_the_rule_in_the_refusal_message(self) -> None:
        make_programme(self, window_start=dt.date(2020, 9, 1), window_end=dt.date(2021, 12, 31))
        enrolment = Enrolment.objects.get(trajectory=make_trajectory(self))
        from django.utils import translation

        with translation.override("en"):
            self.assertIn("outside the window", actions.refusal_message(enrolment))


class OriginalProgrammeTests(BelrondeTestCase):
    """The programme as it ran (2020-09-01 to 2021-12-31), the seed's parameters."""

    def test_it_refuses_a_trajectory_starting_on_3_january_2022_for_the_window(self) -> None:
        make_programme(
            self,
            code="traject-2020",
            window_start=dt.date(2020, 9, 1),
            window_end=dt.date(2021, 12, 31),
        )
        late = enrolled(self, started_on=dt.date(2022, 1, 3))
        self.assertEqual((late.status, late.refused_rule), ("refused", Rule.WINDOW))
        on_time = enrolled(self, name="Slagerij Tijdig", started_on=dt.date(2021, 12, 31))
        self.assertEqual(on_time.status, "enrolled")
        self.assertEqual(
            (on_time.funder_part, on_time.participant_part, on_time.federation_part),
            (Decimal("350.00"), Decimal("200.00"), Decimal("350.00")),
        )
