"""actions.import_bank_csv: payments from the bank's CSV export, matched by the structured
communication, once; a report of every line that did not match, with its reason."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation
from stdnum.be import ogm_vcs

from belronde.audit.models import AuditEvent
from belronde.funding import access, actions
from belronde.funding.models import BankImport, ParticipantInvoice, Payment
from belronde.funding.tests.fixtures_invoices import (
    issued,
    kbc_file,
    kbc_row,
    ogm_text,
    paying,
    with_status,
)
from belronde.testing import BelrondeTestCase

State = ParticipantInvoice.State
#: a structured communication with right check digits that no invoice has
STRANGER = "090933755493"


class ImportBankCsvTests(BelrondeTestCase):
    def setUp(self) -> None:
        self.invoice = issued(self)

    def run_import(self, data: bytes, chapter=None, filename: str = "CSV_export_2026-12-03.csv"):
        return actions.import_bank_csv(
            actor=self.coordinator,
            chapter=chapter or self.mechelen,
            filename=filename,
            data=data,
        )

    def state(self, invoice: ParticipantInvoice | None = None) -> str:
        return access.invoice_state(with_status(invoice or self.invoice))

    def reasons(self, batch: BankImport) -> list[tuple[int, str]]:
        return [(entry["row"], entry["reason"]) for entry in batch.report]

    def test_it_pays_the_invoice_whose_structured_communication_the_line_has(self) -> None:
        result = self.run_import(kbc_file(paying(self.invoice)))
        payment = Payment.objects.get()
        self.assertEqual(payment.invoice_id, self.invoice.pk)
        self.assertEqual(
            (payment.amount, payment.paid_on), (Decimal("242.00"), dt.date(2026, 6, 15))
        )
        self.assertEqual(payment.counterparty, "BAKKERIJ PEETERS BV")
        self.assertEqual(payment.bank_import, result.bank_import)
        self.assertTrue(payment.fingerprint)
        self.assertEqual(self.state(), State.PAID)
        self.assertEqual(result.matched, [(2, self.invoice.number)])
        batch = result.bank_import
        self.assertEqual((batch.lines, batch.matched, batch.already_known), (1, 1, 0))
        self.assertEqual((batch.layout, batch.report), ("kbc", []))
        self.assertEqual(batch.filename, "CSV_export_2026-12-03.csv")

    def test_it_finds_the_structured_communication_in_the_free_text(self) -> None:
        self.run_import(kbc_file(kbc_row(free=f"factuur {ogm_text(self.invoice)} bedankt")))
        self.assertEqual(self.state(), State.PAID)

    def test_a_part_of_the_amount_makes_the_invoice_partly_paid(self) -> None:
        self.run_import(kbc_file(paying(self.invoice, amount="100,00")))
        self.assertEqual(self.state(), State.PARTLY_PAID)
        self.run_import(kbc_file(paying(self.invoice, amount="142,00", booked="20/06/2026")))
        self.assertEqual(self.state(), State.PAID)

    def test_two_invoices_in_one_file(self) -> None:
        other = issued(self, "Slagerij Claes")
        result = self.run_import(kbc_file(paying(self.invoice), paying(other, name="CLAES")))
        self.assertEqual(result.bank_import.matched, 2)
        self.assertEqual((self.state(), self.state(other)), (State.PAID, State.PAID))

    def test_the_same_file_twice_pays_once(self) -> None:
        data = kbc_file(paying(self.invoice), kbc_row(amount="25,00", free="lidgeld"))
        self.run_import(data)
        second = self.run_import(data, filename="Afschriften KBC.csv").bank_import
        self.assertEqual(Payment.objects.count(), 1)
        self.assertEqual(with_status(self.invoice).paid, Decimal("242.00"))
        self.assertEqual((second.matched, second.already_known), (0, 1))
        self.assertEqual(self.reasons(second), [(3, "no_ogm")])

    def test_an_overlapping_export_pays_only_the_new_lines(self) -> None:
        other = issued(self, "Slagerij Claes")
        first_line = paying(self.invoice)
        self.run_import(kbc_file(first_line))
        later = self.run_import(kbc_file(first_line, paying(other, name="CLAES"))).bank_import
        self.assertEqual((later.matched, later.already_known), (1, 1))
        self.assertEqual(Payment.objects.count(), 2)

    def test_two_identical_transfers_in_one_file_are_two_payments(self) -> None:
        line = paying(self.invoice, amount="121,00")
        self.run_import(kbc_file(line, line))
        self.assertEqual(Payment.objects.count(), 2)
        self.assertEqual(self.state(), State.PAID)

    def test_a_credited_invoice_is_reported_and_not_paid(self) -> None:
        actions.issue_credit_note(actor=self.coordinator, invoice=self.invoice, reason="Fout")
        batch = self.run_import(kbc_file(paying(self.invoice))).bank_import
        self.assertFalse(Payment.objects.exists())
        self.assertEqual(self.reasons(batch), [(2, "credited")])
        self.assertEqual(batch.report[0]["invoice"], self.invoice.number)

    def test_an_unknown_structured_communication_is_reported(self) -> None:
        self.assertTrue(ogm_vcs.is_valid(STRANGER))
        batch = self.run_import(kbc_file(kbc_row(structured=STRANGER))).bank_import
        self.assertFalse(Payment.objects.exists())
        self.assertEqual(self.reasons(batch), [(2, "unknown_ogm")])
        entry = batch.report[0]
        self.assertEqual(entry["ogm"], "+++090/9337/55493+++")
        self.assertEqual((entry["amount"], entry["date"]), ("242.00", "2026-06-15"))
        with translation.override("en"):
            self.assertEqual(
                actions.not_matched_message("unknown_ogm"),
                "no invoice with this structured communication",
            )

    def test_another_chapters_invoice_is_not_matched(self) -> None:
        batch = self.run_import(kbc_file(paying(self.invoice)), chapter=self.lier).bank_import
        self.assertFalse(Payment.objects.exists())
        self.assertEqual(self.reasons(batch), [(2, "unknown_ogm")])

    def test_a_line_without_structured_communication_is_reported(self) -> None:
        batch = self.run_import(kbc_file(kbc_row(free="lidgeld 2026"))).bank_import
        self.assertEqual(self.reasons(batch), [(2, "no_ogm")])
        self.assertEqual(batch.report[0]["communication"], "lidgeld 2026")

    def test_outgoing_transfers_are_left_out(self) -> None:
        batch = self.run_import(kbc_file(kbc_row(amount="-242,00", structured=self.invoice.ogm)))
        self.assertFalse(Payment.objects.exists())
        self.assertEqual(batch.bank_import.report, [])
        self.assertEqual(batch.bank_import.lines, 1)

    def test_paying_more_than_the_total_is_recorded_and_reported(self) -> None:
        batch = self.run_import(kbc_file(paying(self.invoice, amount="300,00"))).bank_import
        self.assertEqual(Payment.objects.get().amount, Decimal("300.00"))
        self.assertEqual(self.reasons(batch), [(2, "overpaid")])

    def test_a_row_that_cannot_be_read_is_reported_with_its_reason(self) -> None:
        batch = self.run_import(
            kbc_file(
                kbc_row(booked="31/02/2026", structured=self.invoice.ogm), paying(self.invoice)
            )
        ).bank_import
        self.assertEqual(batch.matched, 1)
        self.assertEqual(self.reasons(batch), [(2, "problem")])
        self.assertEqual(batch.report[0]["column"], "Datum")
        self.assertTrue(batch.report[0]["detail"])

    def test_it_is_audited(self) -> None:
        batch = self.run_import(kbc_file(paying(self.invoice), kbc_row(free="x"))).bank_import
        event = AuditEvent.objects.get(verb="invoice.bank_import")
        self.assertEqual(event.object_code, batch.public_code)
        self.assertEqual(event.payload, {"lines": 2, "matched": 1, "not_matched": 1})

    def test_a_file_that_is_not_a_bank_export_is_refused_with_a_clear_message(self) -> None:
        cases = {
            b"": "The file is empty.",
            b"naam,adres\nPeeters,Markt 1\n": "No bank export header found",
            b"%PDF-1.7\x00\x00\x01binary": "NUL bytes",
        }
        for data, message in cases.items():
            with (
                self.subTest(data=data[:10]),
                translation.override("en"),
                self.assertRaisesMessage(actions.FundingError, message),
            ):
                self.run_import(data)
        self.assertFalse(BankImport.objects.exists())
        self.assertFalse(Payment.objects.exists())
