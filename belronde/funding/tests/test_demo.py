"""The demo programme: the seed's parameters, invoices in every state, two claims."""

from __future__ import annotations

from decimal import Decimal

from django.test import TestCase, override_settings
from django.utils import timezone

from belronde.accounts import demo as accounts_demo
from belronde.analyses import demo as analyses_demo
from belronde.coaching import demo as coaching_demo
from belronde.funding import access, demo
from belronde.funding.models import Enrolment, FundingClaim, ParticipantInvoice, Programme
from belronde.members import demo as members_demo
from belronde.referrals import demo as referrals_demo


@override_settings(DEBUG=True)
class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        for module in (accounts_demo, members_demo, analyses_demo, referrals_demo, coaching_demo):
            module.load(seed=2020)
        cls.created = demo.load(seed=2020)

    def test_it_loads_the_mechelen_programme_with_the_seed_parameters(self) -> None:
        self.assertEqual(self.created, {"programmes": 1, "invoices": 7})
        programme = Programme.objects.get(code=demo.CODE)
        terms = programme.terms.get()
        self.assertEqual(
            (terms.price, terms.contribution, terms.participant_cap),
            (Decimal("900"), Decimal("350"), Decimal("200")),
        )
        self.assertTrue(programme.in_window(timezone.localdate()))
        self.assertTrue(programme.funder.users.filter(username="stad.mechelen").exists())
        enrolled = Enrolment.objects.filter(programme=programme, status="enrolled")
        self.assertGreaterEqual(enrolled.count(), 6)
        for enrolment in enrolled:
            self.assertEqual(
                (enrolment.funder_part, enrolment.participant_part, enrolment.federation_part),
                (Decimal("350"), Decimal("200"), Decimal("350")),
            )

    def test_it_has_invoices_in_every_state_and_a_submitted_and_a_draft_claim(self) -> None:
        programme = Programme.objects.get(code=demo.CODE)
        states = {
            access.invoice_state(i)
            for i in access.with_status(ParticipantInvoice.objects.filter(programme=programme))
        }
        self.assertEqual(states, {"open", "partly_paid", "paid", "credited"})
        statuses = set(
            FundingClaim.objects.filter(programme=programme).values_list("status", flat=True)
        )
        self.assertEqual(statuses, {"submitted", "draft"})

    def test_it_loads_once(self) -> None:
        self.assertEqual(demo.load(seed=1), {"programmes": 0, "invoices": 0})
