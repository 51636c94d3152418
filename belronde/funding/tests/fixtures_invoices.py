"""Invoices and bank exports for the invoice tests and the permission matrix, made through the
actions (as a coordinator would)."""

from __future__ import annotations

from typing import Any

from stdnum.be import ogm_vcs

from belronde.funding import actions
from belronde.funding.models import BankImport, Enrolment, ParticipantInvoice, Programme
from belronde.funding.tests.fixtures import enrolled, make_programme

KBC_HEADER = (
    "Rekeningnummer;Rubrieknaam;Naam;Munt;Afschriftnummer;Datum;Omschrijving;Valuta;Bedrag;"
    "Saldo;credit;debet;rekeningnummer tegenpartij;BIC tegenpartij;Naam tegenpartij;"
    "Adres tegenpartij;gestructureerde mededeling;Vrije mededeling"
)
OWN_ACCOUNT = "BE71 0961 2345 6769"


def programme(p: Any) -> Programme:
    """The chapter's active test programme (made once per test)."""
    return Programme.objects.filter(chapter=p.mechelen, code="traject-2026").first() or (
        make_programme(p)
    )


def enrolment(p: Any, name: str = "Bakkerij Peeters", **kw: Any) -> Enrolment:
    programme(p)
    return enrolled(p, name=name, **kw)


def issued(p: Any, name: str = "Bakkerij Peeters", **kw: Any) -> ParticipantInvoice:
    """An invoice of 242,00 EUR (200,00 + 21 % VAT) for a newly enrolled trajectory of ``name``,
    annotated with its status as the access functions give it."""
    invoice = actions.issue_invoice(actor=p.coordinator, enrolment=enrolment(p, name, **kw))
    return with_status(invoice)


def with_status(invoice: ParticipantInvoice) -> ParticipantInvoice:
    from belronde.funding.access import with_status as annotate

    return annotate(ParticipantInvoice.objects.filter(pk=invoice.pk)).get()


def ogm_text(invoice: ParticipantInvoice) -> str:
    return f"+++{ogm_vcs.format(invoice.ogm)}+++"


def kbc_row(
    *,
    booked: str = "15/06/2026",
    amount: str = "242,00",
    name: str = "BAKKERIJ PEETERS BV",
    account: str = "BE43 0689 9999 9501",
    structured: str = "",
    free: str = "",
) -> str:
    """One row of a KBC export (``amount`` as KBC writes it, ``-`` for a debit)."""
    debit = amount.startswith("-")
    return ";".join(
        [
            OWN_ACCOUNT,
            "",
            "ONDERNEMERSFEDERATIE MECHELEN VZW",
            "EUR",
            "00202606",
            booked,
            f"OVERSCHRIJVING VAN {name}",
            booked,
            amount,
            "12.544,81",
            "" if debit else amount,
            amount if debit else "",
            account,
            "GEBABEBB",
            name,
            "",
            structured,
            free,
        ]
    )


def kbc_file(*rows: str) -> bytes:
    return "\r\n".join([KBC_HEADER, *rows]).encode("utf-8")


def paying(invoice: ParticipantInvoice, amount: str = "242,00", **kw: Any) -> str:
    """A KBC row that pays ``invoice`` with its structured communication."""
    return kbc_row(amount=amount, structured=invoice.ogm, **kw)


# Permission matrix ------------------------------------------------------------------------------


def matrix_invoice(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "code": issued(p).public_code}


def matrix_enrolment(p: Any) -> dict[str, Any]:
    return {"chapter": "mechelen", "enrolment": enrolment(p).public_code}


def matrix_bank_import(p: Any) -> dict[str, Any]:
    invoice = issued(p)
    result = actions.import_bank_csv(
        actor=p.coordinator,
        chapter=p.mechelen,
        filename="CSV_export_2026-12-03.csv",
        data=kbc_file(paying(invoice), kbc_row(amount="25,00", free="lidgeld")),
    )
    batch: BankImport = result.bank_import
    return {"chapter": "mechelen", "code": batch.public_code}
