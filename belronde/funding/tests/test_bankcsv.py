"""belronde.finance.bankcsv: payments from the CSV exports of KBC, BNP Paribas Fortis, Belfius,
ING Belgium and any file with recognisable headers, with their structured communications.

The sample files are bytes written here (not .csv files, whose line ends an editor or git could
change: KBC separates rows by a bare carriage return). Their columns follow the real exports;
accounts and names are made up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from stdnum.be import ogm_vcs

from belronde.finance.bankcsv import (
    BankCsvError,
    BankStatement,
    Problem,
    find_ogm,
    parse_bank_csv,
)

OWN = "BE71096123456769"
PAYER = "BE43068999999501"
OTHER = "BE62510007547061"
# valid structured communications (the last two digits: the first ten modulo 97)
OGM_1, OGM_2, OGM_3, OGM_4, OGM_5 = (
    "026000000137",
    "026000000238",
    "026000000339",
    "026000000440",
    "026000000541",
)
WRONG = "026000000138"  # OGM_1 with a wrong check digit


def test_the_sample_communications_are_what_they_claim() -> None:
    for ogm in (OGM_1, OGM_2, OGM_3, OGM_4, OGM_5):
        assert ogm_vcs.is_valid(ogm)
    assert not ogm_vcs.is_valid(WRONG)


def _by_row(statement: BankStatement) -> dict[int, object]:
    return {line.row: line for line in statement.lines}


def _problem(statement: BankStatement, code: str) -> Problem:
    (problem,) = [p for p in statement.problems if p.code == code]
    return problem


# KBC ------------------------------------------------------------------------------------------

KBC_HEADER = (
    "Rekeningnummer;Rubrieknaam;Naam;Munt;Afschriftnummer;Datum;Omschrijving;Valuta;Bedrag;"
    "Saldo;credit;debet;rekeningnummer tegenpartij;BIC tegenpartij;Naam tegenpartij;"
    "Adres tegenpartij;gestructureerde mededeling;Vrije mededeling"
)


def kbc_row(
    *,
    datum: str = "15/06/2026",
    bedrag: str = "200,00",
    omschrijving: str = "OVERSCHRIJVING VAN BAKKERIJ PEETERS BV",
    tegenpartij: str = "BE43 0689 9999 9501",
    naam: str = "BAKKERIJ PEETERS BV",
    gestructureerd: str = "",
    vrij: str = "",
) -> str:
    """One row as KBC writes it: cells padded with spaces, the holder's name in Naam."""
    debit = bedrag.startswith("-")
    return ";".join(
        [
            OWN,
            " " * 50,
            "UNIZO MECHELEN VZW",
            "EUR",
            "  00202606",
            datum,
            omschrijving,
            datum,
            bedrag,
            "12.544,81",
            " " * 14 if debit else bedrag,
            bedrag if debit else " " * 14,
            tegenpartij.ljust(34),
            "GEBABEBB".ljust(11),
            naam.ljust(71),
            " " * 71,
            gestructureerd.ljust(35),
            vrij.ljust(140),
        ]
    )


def kbc_file(*rows: str) -> bytes:
    return "\r".join([KBC_HEADER, *rows]).encode("utf-8")


KBC = kbc_file(
    kbc_row(gestructureerd=OGM_1),
    kbc_row(datum="16/06/2026", bedrag="350,00", vrij=f"Factuur 7 +++{ogm_vcs.format(OGM_2)}+++"),
    kbc_row(
        datum="17/06/2026",
        bedrag="-9,66",
        omschrijving="BETALING VIA BANCONTACT  17-06 OM 18.53 UUR KANTOORBOEKHANDEL",
        tegenpartij="",
        naam="",
    ),
    kbc_row(datum="18/06/2026", vrij=f"+++{ogm_vcs.format(WRONG)}+++"),
)


def test_it_reads_a_kbc_export_with_its_padding_and_bare_carriage_returns() -> None:
    statement = parse_bank_csv(KBC)
    assert statement.layout == "kbc"
    lines = _by_row(statement)
    assert sorted(lines) == [2, 3, 4, 5]
    first = lines[2]
    assert first.booked_on == dt.date(2026, 6, 15)
    assert first.amount == D("200.00")
    assert first.ogm == OGM_1
    assert first.counterparty == "BAKKERIJ PEETERS BV"  # never the holder in "Naam"
    assert first.counterparty_account == PAYER
    assert first.communication == OGM_1  # the structured column, the free one being empty
    assert lines[3].ogm == OGM_2
    assert lines[3].communication == "Factuur 7 +++026/0000/00238+++"


def test_it_returns_a_debit_without_ogm_and_with_the_bank_s_description() -> None:
    debit = _by_row(parse_bank_csv(KBC))[4]
    assert debit.amount == D("-9.66")
    assert debit.ogm == ""
    assert debit.counterparty == ""
    assert debit.communication.startswith("BETALING VIA BANCONTACT 17-06")


def test_an_ogm_with_wrong_check_digits_is_not_taken_and_is_reported() -> None:
    statement = parse_bank_csv(KBC)
    line = _by_row(statement)[5]
    assert line.ogm == ""
    problem = _problem(statement, "bad_ogm")
    assert (problem.row, problem.column) == (5, "Vrije mededeling")
    assert problem.params == {"value": "026/0000/00138"}
    assert not problem.skipped
    assert "check digits" in problem.message


# BNP Paribas Fortis --------------------------------------------------------------------------

BNP_HEADER = (
    "Volgnummer;Uitvoeringsdatum;Valutadatum;Bedrag;Valuta rekening;Rekeningnummer;"
    "Type verrichting;Tegenpartij;Naam van de tegenpartij;Mededeling;Details;Status;"
    "Reden van weigering"
)


def bnp_row(
    *,
    volgnummer: str,
    datum: str = "02/07/2026",
    bedrag: str = "1.234,56",
    tegenpartij: str = PAYER,
    naam: str = "Drukkerij Janssens NV",
    mededeling: str = "",
    status: str = "Geaccepteerd",
    reden: str = "",
) -> str:
    details = f"OVERSCHRIJVING IN EURO VAN REKENING {tegenpartij} {naam.upper()}"
    return ";".join(
        [
            volgnummer,
            datum,
            datum,
            bedrag,
            "EUR",
            OWN,
            "Overschrijving in euro",
            tegenpartij,
            naam,
            mededeling,
            details,
            status,
            reden,
        ]
    )


BNP = (
    "\r\n".join(
        [
            BNP_HEADER,
            bnp_row(volgnummer="2026-0101", mededeling=f"***{ogm_vcs.format(OGM_3)}***"),
            bnp_row(
                volgnummer="2026-0102",
                bedrag="-200,00",
                mededeling="huur juli",
                status="Geweigerd",
                reden="Onvoldoende saldo",
            ),
            bnp_row(volgnummer="2026-0103", bedrag="-45,00", mededeling="huur juli"),
        ]
    )
    + "\r\n"
).encode("utf-8-sig")


def test_it_reads_a_bnp_paribas_fortis_export_with_a_bom_and_thousands() -> None:
    statement = parse_bank_csv(BNP)
    assert statement.layout == "bnp"
    first, debit = statement.lines
    assert first.row == 2
    assert first.amount == D("1234.56")
    assert first.booked_on == dt.date(2026, 7, 2)
    assert first.ogm == OGM_3
    assert first.counterparty == "Drukkerij Janssens NV"
    assert first.counterparty_account == PAYER
    assert first.communication == "***026/0000/00339***"
    assert (debit.row, debit.amount, debit.ogm) == (4, D("-45.00"), "")


def test_a_movement_the_bank_refused_is_skipped_with_a_problem() -> None:
    problem = _problem(parse_bank_csv(BNP), "refused")
    assert (problem.row, problem.column, problem.params) == (3, "Status", {"value": "Geweigerd"})
    assert problem.skipped


# Belfius -------------------------------------------------------------------------------------

BELFIUS_PREAMBLE = [
    "Boekingsdatum vanaf;01/06/2026",
    "Boekingsdatum tot en met;30/06/2026",
    "Bedrag vanaf;",
    "Bedrag tot en met;",
    "Rekeningnummer;BE71 0961 2345 6769",
    "Laatste saldo;12.544,81 EUR",
    "Datum/uur van het laatste saldo;30/06/2026 23:59:59",
    ";",
]
BELFIUS_HEADER = (
    "Rekening;Boekingsdatum;Afschriftnummer;Transactienummer;Rekening tegenpartij;"
    "Naam tegenpartij bevat;Straat en nummer;Postcode en plaats;Transactie;Valutadatum;"
    "Bedrag;Devies;BIC;Landcode;Mededelingen"
)


def belfius_row(
    *, datum: str, bedrag: str, naam: str, mededelingen: str, tegenpartij: str = OTHER
) -> str:
    return ";".join(
        [
            "BE71 0961 2345 6769",
            datum,
            "00006",
            "00051",
            tegenpartij,
            naam,
            "Kerkstraat 12",
            "2800 Mechelen",
            f"EUROPESE OVERSCHRIJVING VAN {naam.upper()}",
            datum,
            bedrag,
            "EUR",
            "GKCCBEBB",
            "BE",
            mededelingen,
        ]
    )


BELFIUS = "\r\n".join(
    [
        *BELFIUS_PREAMBLE,
        BELFIUS_HEADER,
        belfius_row(
            datum="10/06/2026",
            bedrag="200,00",
            naam="Électricité Lefèvre SRL",
            mededelingen=f"+++{ogm_vcs.format(OGM_4)}+++",
        ),
        belfius_row(
            datum="11/06/2026", bedrag="twee honderd", naam="Brasserie Dée", mededelingen=""
        ),
        belfius_row(datum="31/06/2026", bedrag="50,00", naam="Brasserie Dée", mededelingen=""),
    ]
).encode("cp1252")


def test_it_reads_a_belfius_export_in_windows_1252_below_its_preamble() -> None:
    statement = parse_bank_csv(BELFIUS)
    assert statement.layout == "belfius"
    (line,) = statement.lines
    assert line.row == len(BELFIUS_PREAMBLE) + 2
    assert line.counterparty == "Électricité Lefèvre SRL"
    assert line.counterparty_account == OTHER
    assert (line.amount, line.ogm) == (D("200.00"), OGM_4)


def test_an_unreadable_amount_or_date_skips_the_row_with_its_row_and_column() -> None:
    statement = parse_bank_csv(BELFIUS)
    header_row = len(BELFIUS_PREAMBLE) + 1
    amount = _problem(statement, "bad_amount")
    assert (amount.row, amount.column, amount.params) == (
        header_row + 2,
        "Bedrag",
        {"value": "twee honderd"},
    )
    date = _problem(statement, "bad_date")
    assert (date.row, date.column, date.params) == (
        header_row + 3,
        "Boekingsdatum",
        {"value": "31/06/2026"},
    )
    assert amount.skipped and date.skipped
    assert amount.message == "'twee honderd' is not an amount in euro with at most two decimals."


# ING Belgium ---------------------------------------------------------------------------------

ING = "\n".join(
    [
        "Rekeningnummer;Naam van de rekening;Rekening tegenpartij;Omzetnummer;Boekingsdatum;"
        "Valutadatum;Bedrag;Munteenheid;Omschrijving;Detail van de omzet;Bericht",
        f"{OWN};UNIZO MECHELEN VZW;{PAYER};2026/00117;05-06-2026;05-06-2026;350,00;EUR;"
        f"Europese overschrijving;Van: Kapsalon Nora - {PAYER} - Mededeling: "
        f"{ogm_vcs.format(OGM_5)};",
        f"{OWN};UNIZO MECHELEN VZW;;2026/00118;06-06-2026;06-06-2026;-12,10;EUR;"
        "Betaling met debetkaart;Bakkerij Mechelen;",
    ]
).encode("utf-8")


def test_it_reads_an_ing_export_and_finds_the_ogm_in_the_details() -> None:
    statement = parse_bank_csv(ING)
    assert statement.layout == "ing"
    credit, debit = statement.lines
    assert credit.booked_on == dt.date(2026, 6, 5)
    assert (credit.amount, credit.ogm, credit.counterparty_account) == (D("350.00"), OGM_5, PAYER)
    assert credit.counterparty == ""  # ING has no column for it
    assert "Kapsalon Nora" in credit.communication
    assert (debit.amount, debit.ogm) == (D("-12.10"), "")


# Generic layouts -----------------------------------------------------------------------------

GENERIC = "\n".join(
    [
        "Date,Amount,Currency,Counterparty,Counterparty account,Communication",
        f"2026-06-15,200.00,EUR,Bakkerij Peeters,{PAYER},+++{ogm_vcs.format(OGM_1)}+++",
        f"2026-06-15,25.00,EUR,Kapsalon Nora,{OTHER},lidgeld",
        f"2026-06-15,25.00,EUR,Kapsalon Nora,{OTHER},lidgeld",
        "2026-06-16,99.00,USD,Acme Inc,,invoice 12",
    ]
).encode("utf-8")


def test_it_reads_a_generic_english_file_with_a_decimal_point() -> None:
    statement = parse_bank_csv(GENERIC)
    assert statement.layout == "generic"
    first = statement.lines[0]
    assert (first.booked_on, first.amount, first.ogm) == (dt.date(2026, 6, 15), D("200.00"), OGM_1)
    assert (first.counterparty, first.counterparty_account) == ("Bakkerij Peeters", PAYER)
    not_eur = _problem(statement, "not_eur")
    assert (not_eur.row, not_eur.column, not_eur.params) == (5, "Currency", {"value": "USD"})


def test_identical_lines_in_one_file_get_different_fingerprints() -> None:
    lines = parse_bank_csv(GENERIC).lines
    assert lines[1].communication == lines[2].communication == "lidgeld"
    assert lines[1].fingerprint != lines[2].fingerprint
    assert len({line.fingerprint for line in lines}) == len(lines)
    assert all(len(line.fingerprint) == 64 for line in lines)


def test_the_same_file_twice_gives_the_same_fingerprints() -> None:
    for data in (KBC, BNP, BELFIUS, ING, GENERIC):
        first = [line.fingerprint for line in parse_bank_csv(data).lines]
        assert first == [line.fingerprint for line in parse_bank_csv(data).lines]


def test_an_overlapping_export_shares_the_fingerprints_of_the_lines_it_repeats() -> None:
    june = parse_bank_csv(kbc_file(kbc_row(gestructureerd=OGM_1), kbc_row(bedrag="-5,00")))
    june_july = parse_bank_csv(
        kbc_file(
            kbc_row(gestructureerd=OGM_1),
            kbc_row(bedrag="-5,00"),
            kbc_row(datum="01/07/2026", vrij="lidgeld"),
        )
    )
    assert [line.fingerprint for line in june.lines] == [
        line.fingerprint for line in june_july.lines[:2]
    ]


def test_it_reads_french_headers_tabs_and_dotted_dates() -> None:
    data = "\n".join(
        [
            "Date d'exécution\tMontant\tNom de la contrepartie\tCompte contrepartie\tCommunication",
            f"15.06.2026\t1 234,50\tBoulangerie Dupré\t{PAYER}\t+++{ogm_vcs.format(OGM_2)}+++",
        ]
    ).encode("utf-8-sig")
    statement = parse_bank_csv(data)
    assert statement.layout == "generic"
    (line,) = statement.lines
    assert (line.booked_on, line.amount, line.ogm) == (dt.date(2026, 6, 15), D("1234.50"), OGM_2)
    assert line.counterparty == "Boulangerie Dupré"


def test_it_reads_dutch_credit_and_debit_columns() -> None:
    data = (
        "Datum;Naam tegenpartij;Tegenrekening;Mededeling;Credit;Debet\n"
        f"15/06/2026;Bakkerij Peeters;{PAYER};{ogm_vcs.format(OGM_3)};200,00;\n"
        "16/06/2026;Proximus;;factuur;;45,10\n"
    ).encode()
    credit, debit = parse_bank_csv(data).lines
    assert (credit.amount, credit.ogm) == (D("200.00"), OGM_3)
    assert (debit.amount, debit.ogm) == (D("-45.10"), "")


def test_more_than_two_decimals_is_a_bad_amount() -> None:
    data = b"Date;Amount;Communication\n15/06/2026;12,345;x\n"
    assert _problem(parse_bank_csv(data), "bad_amount").params == {"value": "12,345"}


# The file as a whole -------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"\xef\xbb\xbf", b"\r\n\r\n", b";;;\n;;\n"])
def test_an_empty_file_is_refused(data: bytes) -> None:
    with pytest.raises(BankCsvError) as caught:
        parse_bank_csv(data)
    assert caught.value.code == "empty"


@pytest.mark.parametrize(
    "data",
    [
        b"Naam;Adres;Postcode\nPeeters;Kerkstraat 1;2800\n",
        b"Datum;Bedrag\n15/06/2026;200,00\n",  # no communication to match by
        b"Vorige saldo;12.544,81\n" * 50 + b"Datum;Bedrag;Mededeling\n",  # too far down
    ],
)
def test_a_file_without_a_recognisable_header_is_refused(data: bytes) -> None:
    with pytest.raises(BankCsvError) as caught:
        parse_bank_csv(data)
    assert caught.value.code == "no_header"
    assert "header" in str(caught.value)


def test_a_file_mixing_encodings_is_refused() -> None:
    data = "Datum;Bedrag;Mededeling\n15/06/2026;1,00;café\n".encode() + "Dée\n".encode("cp1252")
    with pytest.raises(BankCsvError) as caught:
        parse_bank_csv(data)
    assert caught.value.code == "encoding"


# Finding the structured communication --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("+++026/0000/00137+++", OGM_1),
        ("betaling ***026/0000/00137*** dank", OGM_1),
        ("+++ 026 / 0000 / 00137 +++", OGM_1),
        ("factuur 026/0000/00137", OGM_1),
        ("factuur 026 0000 00137", OGM_1),
        ("MEDEDELING : SCOR BBA 026000000137", OGM_1),
        ("026000000137", ""),  # 12 bare digits in free text: too easily something else
        ("ref 1026/0000/00137", ""),  # part of a longer number
        ("no communication", ""),
    ],
)
def test_it_finds_an_ogm_written_as_people_and_banks_write_it(text: str, expected: str) -> None:
    assert find_ogm(text)[0] == expected


def test_in_a_structured_column_any_twelve_digits_count() -> None:
    assert find_ogm("026000000137", structured=True) == (OGM_1, "")
    assert find_ogm("026000000138", structured=True) == ("", WRONG)


def test_a_valid_ogm_after_a_wrong_one_is_taken() -> None:
    assert find_ogm("+++026/0000/00138+++ sorry: +++026/0000/00137+++") == (OGM_1, WRONG)
