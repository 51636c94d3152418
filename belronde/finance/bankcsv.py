"""Payments read from a Belgian bank's CSV account export, to match them to invoices by OGM.

Pure (no Django), exact (``Decimal``). :func:`parse_bank_csv` takes the bytes of the file a
treasurer downloads from the bank and gives a :class:`BankStatement`: the layout it recognised,
one :class:`BankLine` per booked movement (credits and debits alike: the caller ignores debits)
and the :class:`Problem` of every row it could not read. Nothing is written here.

**Layouts.** The header row is looked for in the first rows of the file (Belfius puts a dozen
lines of search criteria above it), compared without regard to case, accents or punctuation:

* ``kbc``: KBC / CBC (Touch, Mobile) ``Rekeningnummer;Rubrieknaam;Naam;Munt;Afschriftnummer;
  Datum;Omschrijving;Valuta;Bedrag;Saldo;credit;debet;rekeningnummer tegenpartij;BIC
  tegenpartij;Naam tegenpartij;Adres tegenpartij;gestructureerde mededeling;Vrije mededeling``
  (rows often end in a bare carriage return, cells are padded with spaces, "Valuta" is the
  value date and "Naam" the account holder, never the counterparty);
* ``bnp``: BNP Paribas Fortis (Easy Banking) ``Volgnummer;Uitvoeringsdatum;Valutadatum;Bedrag;
  Valuta rekening;Rekeningnummer;Type verrichting;Tegenpartij;Naam van de tegenpartij;
  Mededeling;Details;Status;Reden van weigering`` (with a BOM; a refused movement is skipped);
* ``belfius``: Belfius ``Rekening;Boekingsdatum;Afschriftnummer;Transactienummer;Rekening
  tegenpartij;Naam tegenpartij bevat;Straat en nummer;Postcode en plaats;Transactie;
  Valutadatum;Bedrag;Devies;BIC;Landcode;Mededelingen`` (Windows-1252, below its preamble);
* ``ing``: ING Belgium (Home'Bank) ``Rekeningnummer;Naam van de rekening;Rekening tegenpartij;
  Omzetnummer;Boekingsdatum;Valutadatum;Bedrag;Munteenheid;Omschrijving;Detail van de omzet;
  Bericht`` (no column for the counterparty's name: :attr:`BankLine.counterparty` stays empty);
* ``generic``: any other file whose header names a date, an amount (or a credit and a debit
  column) and a communication in Dutch, French or English (``Datum`` / ``Date`` /
  ``Booking date``, ``Bedrag`` / ``Montant`` / ``Amount``, ``Mededeling`` / ``Communication``,
  ``Naam tegenpartij`` / ``Nom de la contrepartie`` / ``Counterparty``, ``Rekening tegenpartij``
  / ``Compte contrepartie`` / ``Counterparty account``, ... see ``_GENERIC``); also the French
  and English exports of the four banks.

The four bank layouts follow the column names of their real exports as documented by projects
that import them (e.g. the Belgian presets of open-source budget tools); the test files in
``belronde/funding/tests/test_bankcsv.py`` are written after them.

**Reading.** UTF-8 with or without BOM, or Windows-1252 (:func:`belronde.lib.csvfiles.decode`);
``;``, ``,`` or a tab between cells, whichever gives a recognised header; amounts as
:func:`belronde.finance.amounts.parse_amount` reads them (``1.234,56``, ``-200,00``,
``200.00``), at most two decimals; dates ``dd/mm/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy`` or
``yyyy-mm-dd`` (a time after the date is ignored). Another currency than EUR, a refused
movement, a bad date or a bad amount is a :class:`Problem` and the row is skipped.

**The structured communication** (OGM/VCS) is taken from the structured-communication column
(12 digits, written any way) or else found in the free communication and then the bank's
description: ``+++123/4567/89002+++``, ``***123/4567/89002***``, 12 digits in groups of 3, 4
and 5 (``123/4567/89002``, ``123 4567 89002``) or after ``BBA`` (how KBC writes a Belgian
reference). It is kept only when its check digits are right (python-stdnum ``be.ogm_vcs``); a
communication that looks like one with wrong check digits gives a ``bad_ogm`` problem, and the
line is still returned, without OGM, for the report of what did not match.

**Fingerprints.** :attr:`BankLine.fingerprint` is a SHA-256 of the account, the date, the amount,
the communication, the counterparty and its account, and how many identical lines came before in
the same file; the same movement in the same or an overlapping export gets the same fingerprint,
two identical movements on one day get two, so a second import is detected line by line.

A file that cannot be read as a whole raises :class:`BankCsvError` with a stable ``code``:
``empty``, ``no_header``, ``too_large``, ``encoding`` (mixed or unknown encoding), ``nul``.
Codes and parameters are for the caller to translate; the English messages are for logs and
tests.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from stdnum.be import ogm_vcs

from belronde.finance.amounts import AmountError, parse_amount
from belronde.lib import csvfiles

__all__ = [
    "MAX_BYTES",
    "SKIPPING_CODES",
    "BankCsvError",
    "BankLine",
    "BankStatement",
    "Problem",
    "find_ogm",
    "parse_bank_csv",
]

#: the largest file read (a year of a busy account is well under a megabyte)
MAX_BYTES = 10 * 1024 * 1024
#: how many rows from the top the header row is looked for in
HEADER_ROWS = 40
DELIMITERS = (";", ",", "\t")
#: problem codes whose row gives no line (``bad_ogm`` keeps its line, without OGM)
SKIPPING_CODES = frozenset({"bad_date", "bad_amount", "not_eur", "refused"})

_MESSAGES = {
    "empty": "The file is empty.",
    "no_header": "No header row with a date, an amount and a communication column was found.",
    "too_large": "The file is larger than {limit} MB.",
    "encoding": "The file mixes encodings (line {line}); export it again as UTF-8.",
    "encoding_utf16": "The file is not valid UTF-16.",
    "nul": "The file holds NUL bytes (line {line}): it is not a CSV export.",
    "delimiter": "The file has no columns.",
    "bad_date": "{value!r} is not a date (dd/mm/yyyy).",
    "bad_amount": "{value!r} is not an amount in euro with at most two decimals.",
    "not_eur": "The movement is in {value}, not in euro.",
    "refused": "The bank refused this movement ({value}).",
    "bad_ogm": "{value!r} looks like a structured communication but its check digits are wrong.",
}


def _message(code: str, params: Mapping[str, object]) -> str:
    try:
        return _MESSAGES[code].format(**params)
    except (KeyError, IndexError):
        return code


class BankCsvError(ValueError):
    """The file as a whole cannot be read: ``code`` names why, ``params`` fill the sentence."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(_message(code, params))


@dataclass(frozen=True)
class Problem:
    """A row that could not be read (or, for ``bad_ogm``, a communication that was not taken).

    ``row`` counts the file's rows from 1, as a spreadsheet shows them (the header included);
    ``column`` is the header of the offending cell as the file writes it ("" for the row);
    ``code`` names the problem for translation and ``params`` fill its sentence."""

    row: int
    column: str
    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def skipped(self) -> bool:
        """True when the row gave no :class:`BankLine`."""
        return self.code in SKIPPING_CODES

    @property
    def message(self) -> str:
        """The problem in English (the caller translates from ``code`` and ``params``)."""
        return _message(self.code, self.params)


@dataclass(frozen=True)
class BankLine:
    """One booked movement: a credit (``amount`` > 0) or a debit (< 0)."""

    row: int
    booked_on: dt.date
    amount: Decimal
    #: the valid structured communication, 12 digits, or ""
    ogm: str
    counterparty: str
    #: the counterparty's account, compact (``BE68539007547034``), or ""
    counterparty_account: str
    #: the free communication, or else the bank's description, spaces collapsed
    communication: str
    #: SHA-256 hex of the movement and its occurrence in the file (see the module docstring)
    fingerprint: str


@dataclass(frozen=True)
class BankStatement:
    lines: list[BankLine]
    problems: list[Problem]
    #: ``kbc``, ``bnp``, ``belfius``, ``ing`` or ``generic``
    layout: str


# Header names ---------------------------------------------------------------------------------


def _key(cell: str) -> str:
    """A header as compared: lowercase, without accents, punctuation and spaces collapsed
    ("Date d'exécution" -> "date d execution")."""
    folded = unicodedata.normalize("NFKD", cell.replace("\ufeff", "")).casefold()
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+|_", " ", plain).split())


# Each field lists the header names it is read from, most specific first; a column feeds one
# field only. ``structured``, ``free`` and ``details`` are the three places an OGM is looked for,
# in that order.
_FIELDS = (
    "date",
    "amount",
    "credit",
    "debit",
    "currency",
    "account",
    "counterparty",
    "counterparty_account",
    "structured",
    "free",
    "details",
    "status",
)


@dataclass(frozen=True)
class _Layout:
    name: str
    #: every group must name a header of the row for the layout to apply
    signature: tuple[tuple[str, ...], ...]
    columns: Mapping[str, tuple[str, ...]]


_KBC = _Layout(
    "kbc",
    signature=(
        ("afschriftnummer", "numero d extrait", "statement number"),
        (
            "gestructureerde mededeling",
            "vrije mededeling",
            "communication structuree",
            "communication libre",
            "standard format reference",
            "free format reference",
        ),
    ),
    columns={
        "date": ("datum", "date"),
        "amount": ("bedrag", "montant", "amount"),
        "currency": ("munt", "devise", "currency"),
        "account": ("rekeningnummer", "numero de compte", "account number"),
        "counterparty": ("naam tegenpartij", "nom contrepartie", "counterparty name"),
        "counterparty_account": (
            "rekeningnummer tegenpartij",
            "compte contrepartie",
            "numero de compte contrepartie",
            "counterparty account number",
            "counterparty s account number",
        ),
        "structured": (
            "gestructureerde mededeling",
            "communication structuree",
            "standard format reference",
        ),
        "free": ("vrije mededeling", "communication libre", "free format reference"),
        "details": ("omschrijving", "description"),
    },
)

_BNP = _Layout(
    "bnp",
    signature=(
        ("volgnummer", "numero de sequence", "sequence number"),
        ("uitvoeringsdatum", "date d execution", "execution date"),
    ),
    columns={
        "date": ("uitvoeringsdatum", "date d execution", "execution date"),
        "amount": ("bedrag", "montant", "amount"),
        "currency": ("valuta rekening", "devise du compte", "currency of the account"),
        "account": ("rekeningnummer", "numero de compte", "account number"),
        "counterparty": ("naam van de tegenpartij", "nom de la contrepartie", "counterparty name"),
        "counterparty_account": ("tegenpartij", "contrepartie", "counterparty"),
        "free": ("mededeling", "communication", "message"),
        "details": ("details", "detail"),
        "status": ("status", "statut"),
    },
)

_BELFIUS = _Layout(
    "belfius",
    signature=(
        ("transactienummer", "numero de transaction", "transaction number"),
        ("naam tegenpartij bevat", "nom contrepartie contient", "counterparty name contains"),
    ),
    columns={
        "date": ("boekingsdatum", "date de comptabilisation", "booking date"),
        "amount": ("bedrag", "montant", "amount"),
        "currency": ("devies", "devise", "currency"),
        "account": ("rekening", "compte", "account"),
        "counterparty": (
            "naam tegenpartij bevat",
            "nom contrepartie contient",
            "counterparty name contains",
        ),
        "counterparty_account": ("rekening tegenpartij", "compte contrepartie", "counterparty"),
        "free": ("mededelingen", "communications", "communication", "messages"),
        "details": ("transactie", "transaction"),
    },
)

_ING = _Layout(
    "ing",
    signature=(
        ("omzetnummer", "numero de mouvement", "transaction number"),
        ("detail van de omzet", "details du mouvement", "transaction details"),
    ),
    columns={
        "date": ("boekingsdatum", "date comptable", "booking date"),
        "amount": ("bedrag", "montant", "amount"),
        "currency": ("munteenheid", "devise", "currency"),
        "account": ("rekeningnummer", "numero de compte", "account number"),
        "counterparty_account": (
            "rekening tegenpartij",
            "compte de la contrepartie",
            "compte contrepartie",
            "counterparty account",
        ),
        "free": ("bericht", "message"),
        "details": (
            "detail van de omzet",
            "details du mouvement",
            "transaction details",
            "omschrijving",
            "libelles",
            "description",
        ),
    },
)

_GENERIC = _Layout(
    "generic",
    signature=(),
    columns={
        "date": (
            "boekingsdatum",
            "datum boeking",
            "uitvoeringsdatum",
            "verrichtingsdatum",
            "transactiedatum",
            "datum",
            "date comptable",
            "date de comptabilisation",
            "date d execution",
            "date de l operation",
            "date operation",
            "date",
            "booking date",
            "transaction date",
            "execution date",
            "posting date",
            "valutadatum",
            "date valeur",
            "value date",
        ),
        "amount": (
            "bedrag",
            "bedrag eur",
            "bedrag in eur",
            "montant",
            "montant eur",
            "montant en eur",
            "amount",
            "amount eur",
            "amount in eur",
        ),
        "credit": ("credit", "bij", "bijschrijving", "ontvangen", "paid in", "money in"),
        "debit": ("debet", "debit", "af", "afschrijving", "paid out", "money out"),
        "currency": (
            "munt",
            "munteenheid",
            "devies",
            "valuta rekening",
            "devise",
            "devise du compte",
            "currency",
        ),
        "account": (
            "rekeningnummer",
            "rekening",
            "eigen rekening",
            "numero de compte",
            "compte",
            "account number",
            "account",
        ),
        "counterparty": (
            "naam tegenpartij",
            "naam van de tegenpartij",
            "tegenpartij naam",
            "naam tegenpartij bevat",
            "naam begunstigde",
            "naam opdrachtgever",
            "nom contrepartie",
            "nom de la contrepartie",
            "nom contrepartie contient",
            "counterparty name",
            "name of the counterparty",
            "counterparty",
            "payer",
            "payer name",
        ),
        "counterparty_account": (
            "rekening tegenpartij",
            "rekeningnummer tegenpartij",
            "tegenrekening",
            "iban tegenpartij",
            "compte contrepartie",
            "compte de la contrepartie",
            "numero de compte contrepartie",
            "iban contrepartie",
            "counterparty account",
            "counterparty iban",
            "iban counterparty",
            "payer account",
            "payer iban",
        ),
        "structured": (
            "gestructureerde mededeling",
            "communication structuree",
            "structured communication",
            "structured reference",
            "ogm",
            "vcs",
        ),
        "free": (
            "vrije mededeling",
            "mededeling",
            "mededelingen",
            "communicatie",
            "bericht",
            "communication libre",
            "communication",
            "communications",
            "message",
            "remittance information",
            "payment reference",
            "reference",
        ),
        "details": (
            "omschrijving",
            "details",
            "detail",
            "libelle",
            "libelles",
            "description",
            "transaction details",
        ),
        "status": ("status", "statut", "state"),
    },
)

_BANKS = (_KBC, _BNP, _BELFIUS, _ING)
_REFUSED = {"geweigerd", "refuse", "refused", "rejected", "declined", "failed"}


@dataclass(frozen=True)
class _Header:
    layout: str
    row: int  # index of the header row among the file's rows (0-based)
    columns: dict[str, list[int]]  # field -> cell indexes, most specific first
    names: list[str]  # the header cells as written


def _map(keys: Sequence[str], layout: _Layout) -> dict[str, list[int]]:
    taken: set[int] = set()
    columns: dict[str, list[int]] = {}
    for name in _FIELDS:
        for alias in layout.columns.get(name, ()):
            for index, key in enumerate(keys):
                if key == alias and index not in taken:
                    taken.add(index)
                    columns.setdefault(name, []).append(index)
            if name in {"date", "amount", "credit", "debit", "currency", "account"} and (
                name in columns
            ):
                break  # one column for a single value
    return columns


def _usable(columns: Mapping[str, list[int]]) -> bool:
    has_amount = "amount" in columns or ("credit" in columns and "debit" in columns)
    has_text = any(name in columns for name in ("structured", "free", "details"))
    return "date" in columns and has_amount and has_text


def _header(rows: Sequence[Sequence[str]]) -> _Header | None:
    """The first row, among the first :data:`HEADER_ROWS`, that is a bank's header or else the
    first that names the generic columns."""
    generic: _Header | None = None
    for position, cells in enumerate(rows[:HEADER_ROWS]):
        keys = [_key(cell) for cell in cells]
        present = set(keys)
        for layout in _BANKS:
            if all(any(alias in present for alias in group) for group in layout.signature):
                columns = _map(keys, layout)
                if _usable(columns):
                    return _Header(layout.name, position, columns, list(cells))
        if generic is None:
            columns = _map(keys, _GENERIC)
            if _usable(columns):
                generic = _Header("generic", position, columns, list(cells))
    return generic


def _rows(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))


# Values ----------------------------------------------------------------------------------------

_DATE_FORMATS = (
    (re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})"), "dmy"),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), "dmy"),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), "ymd"),
)
_TIME = re.compile(r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")


def _date(value: str) -> dt.date | None:
    text = value.strip()
    for pattern, order in _DATE_FORMATS:
        match = pattern.match(text)
        if match and _TIME.fullmatch(text[match.end() :]):
            first, second, third = (int(part) for part in match.groups())
            year, month, day = (first, second, third) if order == "ymd" else (third, second, first)
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None


def _amount(value: str) -> Decimal | None:
    try:
        number = parse_amount(value)
    except AmountError:
        return None
    if number != number.quantize(Decimal("0.01")) or abs(number) >= Decimal("1e12"):
        return None
    return number.quantize(Decimal("0.01"))


def _compact_account(value: str) -> str:
    return re.sub(r"[\s.\-/]", "", value).upper()


def _collapse(value: str) -> str:
    return " ".join(value.split())


# The structured communication ----------------------------------------------------------------

_MARKED = re.compile(r"(?:\+{3}|\*{3})\s*(\d{3})\s*/?\s*(\d{4})\s*/?\s*(\d{5})\s*(?:\+{3}|\*{3})")
_GROUPED = re.compile(r"(?<![\d/])(\d{3})([/ .])(\d{4})\2(\d{5})(?![\d/])")
_BBA = re.compile(r"\bBBA\s*(\d{12})(?!\d)", re.IGNORECASE)


def _candidates(text: str, *, structured: bool) -> list[str]:
    """The 12-digit strings in ``text`` that are written like a structured communication, in
    the order they appear; in a structured-communication column, any 12 digits."""
    if structured:
        digits = re.sub(r"[\s+*/.\-]", "", text)
        if digits.isdigit() and len(digits) == 12:
            return [digits]
    found: list[tuple[int, str]] = []
    for pattern in (_MARKED, _GROUPED, _BBA):
        for match in pattern.finditer(text):
            groups = [g for g in match.groups() if g and g.isdigit()]
            found.append((match.start(), "".join(groups)))
    return [digits for _, digits in sorted(found)]


def find_ogm(text: str, *, structured: bool = False) -> tuple[str, str]:
    """(the first valid structured communication in ``text`` as 12 digits or "", the first
    candidate with wrong check digits or "") — see the module docstring for what is looked
    for; ``structured`` for a cell of a structured-communication column (any 12 digits)."""
    wrong = ""
    for digits in _candidates(text, structured=structured):
        if ogm_vcs.is_valid(digits):
            return digits, wrong
        wrong = wrong or digits
    return "", wrong


# Parsing ----------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if len(data) > MAX_BYTES:
        raise BankCsvError("too_large", limit=MAX_BYTES // (1024 * 1024))
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise BankCsvError("empty")
    try:
        text, _codec = csvfiles.decode(data)
    except csvfiles.FileProblem as exc:
        raise BankCsvError(exc.code, **exc.params) from None
    text = text.removeprefix("\ufeff")
    if not any(c.isalnum() for c in text):
        raise BankCsvError("empty")
    return text


def _find_layout(text: str) -> tuple[_Header, list[list[str]]]:
    """The header and the rows of the file, split by the delimiter that gives a bank's header,
    or else the generic header with the most known columns (found in the file's first 64 KiB)."""
    sample = text[: csvfiles.SNIFF_BYTES]
    best: tuple[int, _Header, str] | None = None
    for delimiter in DELIMITERS:
        header = _header(_rows(sample, delimiter))
        if header is None:
            continue
        score = (200 if header.layout != "generic" else 100) + len(header.columns)
        if best is None or score > best[0]:
            best = (score, header, delimiter)
    if best is None:
        raise BankCsvError("no_header")
    return best[1], _rows(text, best[2])


class _Row:
    def __init__(self, cells: Sequence[str], header: _Header) -> None:
        self.cells = cells
        self.header = header

    def first(self, name: str) -> tuple[str, str]:
        """(value, column name) of the first non-empty cell of the field, or ("", first
        column name)."""
        indexes = self.header.columns.get(name, [])
        for index in indexes:
            value = self.cells[index].strip() if index < len(self.cells) else ""
            if value:
                return value, self.header.names[index].strip()
        column = self.header.names[indexes[0]].strip() if indexes else ""
        return "", column

    def texts(self, name: str) -> list[tuple[str, str]]:
        values = []
        for index in self.header.columns.get(name, []):
            value = self.cells[index].strip() if index < len(self.cells) else ""
            if value:
                values.append((_collapse(value), self.header.names[index].strip()))
        return values


def _row_amount(row: _Row) -> tuple[Decimal | None, str, str]:
    """(amount or None, column, text) of a row: its amount column, or its credit minus its
    debit column when the file has no amount column."""
    if "amount" in row.header.columns:
        raw, column = row.first("amount")
        return _amount(raw), column, raw
    raw_credit, credit_column = row.first("credit")
    raw_debit, debit_column = row.first("debit")
    if not raw_credit and not raw_debit:
        return None, credit_column, ""
    credit = _amount(raw_credit) if raw_credit else Decimal("0.00")
    if credit is None:
        return None, credit_column, raw_credit
    debit = _amount(raw_debit) if raw_debit else Decimal("0.00")
    if debit is None:
        return None, debit_column, raw_debit
    return (
        credit - abs(debit),
        credit_column if raw_credit else debit_column,
        raw_credit or raw_debit,
    )


def parse_bank_csv(data: bytes) -> BankStatement:
    """The movements of a bank's CSV export (see the module docstring)."""
    text = _decode(data)
    header, rows = _find_layout(text)
    lines: list[BankLine] = []
    problems: list[Problem] = []
    seen: dict[tuple[str, ...], int] = {}
    for position in range(header.row + 1, len(rows)):
        cells = rows[position]
        if not any(cell.strip() for cell in cells):
            continue
        number = position + 1
        row = _Row(cells, header)

        raw_date, date_column = row.first("date")
        booked_on = _date(raw_date)
        if booked_on is None:
            problems.append(Problem(number, date_column, "bad_date", {"value": raw_date}))
            continue

        amount, amount_column, raw_amount = _row_amount(row)
        if amount is None:
            problems.append(Problem(number, amount_column, "bad_amount", {"value": raw_amount}))
            continue

        currency, currency_column = row.first("currency")
        if currency and currency.upper() not in {"EUR", "€", "EURO"}:
            problems.append(Problem(number, currency_column, "not_eur", {"value": currency}))
            continue

        status, status_column = row.first("status")
        if _key(status) in _REFUSED:
            problems.append(Problem(number, status_column, "refused", {"value": status}))
            continue

        ogm, wrong, wrong_column = "", "", ""
        for name in ("structured", "free", "details"):
            for value, column in row.texts(name):
                found, bad = find_ogm(value, structured=name == "structured")
                if bad and not wrong:
                    wrong, wrong_column = bad, column
                if found:
                    ogm = found
                    break
            if ogm:
                break
        if wrong and not ogm:
            problems.append(
                Problem(number, wrong_column, "bad_ogm", {"value": ogm_vcs.format(wrong)})
            )

        communication = next(
            (
                " ".join(value for value, _ in row.texts(name))
                for name in ("free", "structured", "details")
                if row.texts(name)
            ),
            "",
        )
        account = _compact_account(row.first("account")[0])
        counterparty = _collapse(row.first("counterparty")[0])
        counterparty_account = _compact_account(row.first("counterparty_account")[0])

        identity = (
            account,
            booked_on.isoformat(),
            f"{amount:.2f}",
            communication,
            counterparty,
            counterparty_account,
        )
        occurrence = seen.get(identity, 0)
        seen[identity] = occurrence + 1
        fingerprint = hashlib.sha256(
            "\x1f".join(("bankcsv/1", *identity, str(occurrence))).encode("utf-8")
        ).hexdigest()
        lines.append(
            BankLine(
                row=number,
                booked_on=booked_on,
                amount=amount,
                ogm=ogm,
                counterparty=counterparty,
                counterparty_account=counterparty_account,
                communication=communication,
                fingerprint=fingerprint,
            )
        )
    return BankStatement(lines=lines, problems=problems, layout=header.layout)
