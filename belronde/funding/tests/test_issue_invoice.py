"""actions.issue_invoice: the participant's part, numbered per chapter and year without gaps."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from stdnum.be import ogm_vcs

from belronde.audit.models import AuditEvent
from belronde.funding import actions
from belronde.funding.models import InvoiceCounter, ParticipantInvoice
from belronde.funding.tests.fixtures import enrolled, make_programme, seed_cost
from belronde.funding.tests.fixtures_invoices import enrolment, issued
from belronde.members.models import Person
from belronde.testing import BelrondeTestCase


class IssueInvoiceTests(BelrondeTestCase):
    def test_it_invoices_the_participants_part_with_vat(self) -> None:
        invoice = issued(self)
        today = timezone.localdate()
        self.assertEqual(invoice.kind, ParticipantInvoice.Kind.INVOICE)
        self.assertEqual((invoice.year, invoice.sequence), (today.year, 1))
        self.assertEqual(invoice.number, f"MECHELEN-{today.year}-00001")
        self.assertEqual(
            (invoice.net, invoice.vat_rate, invoice.vat, invoice.total),
            (Decimal("200.00"), Decimal("21.00"), Decimal("42.00"), Decimal("242.00")),
        )
        self.assertEqual(invoice.issued_on, today)
        self.assertEqual(invoice.due_on, today + dt.timedelta(days=30))
        self.assertEqual(invoice.buyer_name, "Bakkerij Peeters BV")
        self.assertEqual(invoice.language, "nl")
        self.assertEqual(invoice.created_by, self.coordinator)
        event = AuditEvent.objects.get(verb="invoice.issued")
        self.assertEqual(event.object_code, invoice.public_code)
        self.assertEqual(event.payload, {"number": invoice.number, "total": "242.00"})

    def test_its_structured_communication_is_valid_and_unique(self) -> None:
        first = issued(self, "Bakkerij Een")
        second = issued(self, "Bakkerij Twee")
        for invoice in (first, second):
            self.assertEqual(len(invoice.ogm), 12)
            self.assertTrue(ogm_vcs.is_valid(invoice.ogm))
        self.assertNotEqual(first.ogm, second.ogm)
        self.assertRegex(actions.format_ogm(first.ogm), r"^\+\+\+\d{3}/\d{4}/\d{5}\+\+\+$")

    def test_it_numbers_invoices_one_after_the_other(self) -> None:
        numbers = [issued(self, f"Bakkerij {n}").sequence for n in range(4)]
        self.assertEqual(numbers, [1, 2, 3, 4])

    def test_a_new_year_starts_again_at_one(self) -> None:
        year = timezone.localdate().year
        issued(self, "Bakkerij Een")
        later = actions.issue_invoice(
            actor=self.coordinator,
            enrolment=enrolment(self, "Bakkerij Twee"),
            issued_on=dt.date(year + 1, 1, 2),
        )
        self.assertEqual((later.year, later.sequence), (year + 1, 1))
        self.assertEqual(later.number, f"MECHELEN-{year + 1}-00001")

    def test_each_chapter_has_its_own_numbers(self) -> None:
        issued(self)
        year = timezone.localdate().year
        self.assertEqual(actions._next_sequence(self.lier, year), 1)
        self.assertEqual(InvoiceCounter.objects.get(chapter=self.mechelen, year=year).last, 1)

    def test_it_writes_the_invoice_in_the_main_contacts_language(self) -> None:
        found = enrolment(self)
        assert found.organisation is not None
        Person.objects.filter(organisation=found.organisation).update(is_primary=False)
        Person.objects.create(
            chapter=self.mechelen,
            organisation=found.organisation,
            name="Jeanne Dupont",
            language="fr",
            is_primary=True,
        )
        invoice = actions.issue_invoice(actor=self.coordinator, enrolment=found)
        self.assertEqual(invoice.language, "fr")

    def test_it_refuses_a_second_invoice_for_the_same_trajectory(self) -> None:
        invoice = issued(self)
        with self.assertRaises(actions.AlreadyInvoiced):
            actions.issue_invoice(actor=self.coordinator, enrolment=invoice.enrolment)
        self.assertEqual(ParticipantInvoice.objects.count(), 1)

    def test_after_a_credit_note_the_trajectory_is_invoiced_again(self) -> None:
        invoice = issued(self)
        actions.issue_credit_note(actor=self.coordinator, invoice=invoice, reason="Fout adres")
        again = actions.issue_invoice(actor=self.coordinator, enrolment=invoice.enrolment)
        self.assertEqual(again.sequence, 3)  # 1 the invoice, 2 its credit note
        self.assertNotEqual(again.ogm, invoice.ogm)

    def test_it_refuses_a_refused_enrolment(self) -> None:
        make_programme(self)
        refused = enrolled(self, postal_code="2000")
        with self.assertRaises(actions.NotEnrolled):
            actions.issue_invoice(actor=self.coordinator, enrolment=refused)
        self.assertFalse(ParticipantInvoice.objects.exists())
        self.assertFalse(InvoiceCounter.objects.exists())

    def test_it_refuses_when_the_participant_pays_nothing(self) -> None:
        make_programme(self, cost=seed_cost(participant_cap=Decimal("0")))
        free = enrolled(self)
        self.assertEqual(free.participant_part, Decimal("0.00"))
        with self.assertRaises(actions.FundingError):
            actions.issue_invoice(actor=self.coordinator, enrolment=free)
        self.assertFalse(ParticipantInvoice.objects.exists())

    def test_an_invoice_cannot_be_changed_or_deleted_through_the_model(self) -> None:
        invoice = ParticipantInvoice.objects.get(pk=issued(self).pk)
        invoice.total = Decimal("1.00")
        with self.assertRaisesMessage(ValueError, "never changed"):
            invoice.save()
        with self.assertRaisesMessage(ValueError, "never deleted"):
            invoice.delete()
        self.assertEqual(ParticipantInvoice.objects.get(pk=invoice.pk).total, Decimal("242.00"))
