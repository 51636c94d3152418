"""Reading annual-account figures from files: the NBB's authentic-data JSON and a simple CSV.

**CSV** ``code;value;year``: one amount per row, for example ``20/58;1.234.567,89;2021``.
A header row (``code;value;year``, ``rubriek;waarde;jaar``, ...) is optional; with one, the
columns may come in any order. The separator is ``;`` (Belgian Excel), ``,``, a tab or ``|``.
Amounts are read as in :mod:`belronde.finance.amounts`. Files are read as UTF-8 (with or without
BOM), UTF-16 with BOM, or else Windows-1252 (with a notice); the encoding and the separator are
found by :mod:`belronde.lib.csvfiles`, as for the member import.

**NBB authentic data** (CBSO): one filing or a list of filings, each a JSON object with a
``Rubrics`` entry: a list of ``{"Code": "10/15", "Value": "123456.78", "Period": "N"}`` (period
``N`` is the year of the filing, ``NM1`` the year before) or a map ``{"10/15": 123456.78}``.
The year is the year of ``ExerciseDates.endDate`` (or ``EndDate``, or ``Year``). ``ModelType``
(``m01-f`` ...) gives the model, ``ReferenceNumber`` the source, ``EnterpriseNumber`` the firm.
Keys are matched without regard to case. An authentic filing omits nil rubrics, so its years
are *complete*; rubrics belronde does not use are skipped and counted. The previous-year
column (NM1) fills a year for which the file holds no filing of its own.

Nothing is written here: the result lists the years found, the errors (each with the row or
filing, the column, the offending value and a reason code) and notices. A caller writes only
when there are no errors (all or nothing).

XBRL is not read: the NBB's XBRL filings name concepts of the NBB taxonomy, and turning them
into rubric codes needs that taxonomy (not shipped with any maintained Python library, and not
reachable offline); the JSON of the same filing carries the codes directly.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from belronde.finance.amounts import AmountError, parse_amount
from belronde.finance.codes import (
    Schema,
    is_known,
    normalise_code,
    refuses,
    schema_from_nbb_model,
)
from belronde.lib import csvfiles

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportIssue",
    "ImportedYear",
    "ParsedImport",
    "parse_csv",
    "parse_import",
    "parse_nbb_json",
]

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MIN_YEAR, MAX_YEAR = 1950, 2100

_HEADERS = {
    "code": {"code", "rubriek", "rubriekcode", "rubric", "rubrique", "rubriccode"},
    "value": {"value", "waarde", "bedrag", "amount", "montant", "valeur"},
    "year": {"year", "jaar", "boekjaar", "annee", "année", "exercice", "fiscalyear"},
}
_KNOWN_HEADERS = set().union(*_HEADERS.values())
_ENCODING_NAMES = {"utf-16": "UTF-16", "cp1252": "Windows-1252"}


@dataclass(frozen=True)
class ImportIssue:
    """A problem (or notice) in a file. ``code`` names it for translation; ``params`` fill it."""

    code: str
    message: str
    row: int | None = None
    column: str | None = None
    value: str = ""
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportedYear:
    year: int
    values: dict[str, Decimal]
    source: str
    reference: str
    end_date: dt.date | None = None
    schema: Schema | None = None
    complete: bool = False
    enterprise_number: str | None = None
    #: for NBB data: taken from the previous-year column of another filing
    from_previous_year_column: bool = False


@dataclass(frozen=True)
class ParsedImport:
    kind: str
    years: tuple[ImportedYear, ...]
    errors: tuple[ImportIssue, ...]
    notices: tuple[ImportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.years)

    @property
    def figure_count(self) -> int:
        return sum(len(y.values) for y in self.years)

    @property
    def enterprise_numbers(self) -> set[str]:
        return {y.enterprise_number for y in self.years if y.enterprise_number}


def _fail(kind: str, issue: ImportIssue) -> ParsedImport:
    return ParsedImport(kind, (), (issue,))


def _decode(data: bytes) -> tuple[str, str | None]:
    """The text and, when not UTF-8, the encoding used (for a notice); the rules are
    :mod:`belronde.lib.csvfiles`' (the member import's). Latin-1 (bytes that Windows-1252 does
    not use) is not text here: :class:`UnicodeDecodeError`, as is a file that mixes UTF-8 and
    Windows-1252."""
    try:
        text, codec = csvfiles.decode(data)
    except csvfiles.FileProblem as exc:
        raise UnicodeDecodeError(
            "utf-8", data[:1], 0, 1, f"not one text encoding ({exc.code})"
        ) from None
    if codec == "latin-1":
        raise UnicodeDecodeError("cp1252", data[:1], 0, 1, "bytes Windows-1252 does not use")
    return text, _ENCODING_NAMES.get(codec)


def parse_import(data: bytes, *, reference: str = "") -> ParsedImport:
    """A CSV or an NBB JSON file, told apart by content (``{`` or ``[`` opens JSON)."""
    if len(data) > MAX_BYTES:
        return _fail(
            "unknown",
            ImportIssue(
                "too_large",
                f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB.",
                params={"limit": str(MAX_BYTES // (1024 * 1024))},
            ),
        )
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in {b"{", b"["}:
        return parse_nbb_json(data, reference=reference)
    return parse_csv(data, reference=reference)


# CSV -----------------------------------------------------------------------------------------


def _sniff(sample: str) -> str:
    """The delimiter (``;``, ``,``, a tab or ``|``) that best splits the sample into the known
    column names and consistent rows (:func:`belronde.lib.csvfiles.sniff_delimiter`); ``,``
    when none gives two columns."""
    try:
        return csvfiles.sniff_delimiter(sample, _KNOWN_HEADERS, lambda cell: cell.strip().lower())
    except csvfiles.FileProblem:
        return ","


def _header_map(cells: Sequence[str]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = cell.strip().lower()
        for key, names in _HEADERS.items():
            if name in names:
                found[key] = index
    return found if found else None


def parse_csv(data: bytes, *, reference: str = "") -> ParsedImport:
    kind = "csv"
    if b"\x00" in data and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _fail(kind, ImportIssue("nul_bytes", "The file contains NUL bytes: not a CSV file."))
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        return _fail(kind, ImportIssue("encoding", "The file is not a text file (CSV)."))
    notices: list[ImportIssue] = []
    if encoding == "Windows-1252":
        notices.append(ImportIssue("encoding_cp1252", "Read as Windows-1252 (not UTF-8)."))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = next((line for line in text.split("\n") if line.strip()), "")
    if not first:
        return _fail(kind, ImportIssue("no_data", "The file holds no figures."))
    reader = csv.reader(io.StringIO(text), delimiter=_sniff(text[: csvfiles.SNIFF_BYTES]))
    errors: list[ImportIssue] = []
    columns = {"code": 0, "value": 1, "year": 2}
    seen: dict[tuple[int, str], tuple[int, Decimal]] = {}
    by_year: dict[int, dict[str, Decimal]] = {}
    rows = 0
    header_done = False
    try:
        for cells in reader:
            line = reader.line_num
            cells = [c.strip() for c in cells]
            if not any(cells):
                continue
            if not header_done:
                header_done = True
                header = _header_map(cells)
                if header is not None:
                    missing = [k for k in ("code", "value", "year") if k not in header]
                    if missing:
                        return _fail(
                            kind,
                            ImportIssue(
                                "missing_columns",
                                "Missing column(s): " + ", ".join(missing) + ".",
                                row=line,
                                params={"columns": ", ".join(missing)},
                            ),
                        )
                    columns = header
                    continue
            rows += 1
            if rows > MAX_ROWS:
                return _fail(
                    kind,
                    ImportIssue(
                        "too_many_rows",
                        f"More than {MAX_ROWS} rows.",
                        params={"limit": str(MAX_ROWS)},
                    ),
                )
            while cells and not cells[-1] and len(cells) > max(columns.values()) + 1:
                cells.pop()  # trailing empty columns (;;;)
            if len(cells) <= max(columns.values()):
                errors.append(
                    ImportIssue(
                        "columns",
                        "Expected three columns: code;value;year.",
                        row=line,
                        value=_clip(";".join(cells)),
                    )
                )
                continue
            raw_code, raw_value, raw_year = (cells[columns[k]] for k in ("code", "value", "year"))
            code = normalise_code(raw_code)
            row_ok = True
            if not is_known(code):
                errors.append(
                    ImportIssue(
                        "unknown_code",
                        f"Unknown annual-account code {raw_code!r}.",
                        row=line,
                        column="code",
                        value=_clip(raw_code),
                    )
                )
                row_ok = False
            try:
                amount = parse_amount(raw_value)
            except AmountError as exc:
                errors.append(
                    ImportIssue(
                        f"amount_{exc.code}",
                        exc.message,
                        row=line,
                        column="value",
                        value=_clip(raw_value),
                    )
                )
                row_ok = False
            if row_ok and refuses(code, amount):
                errors.append(_negative_count(code, raw_value, row=line, column="value"))
                row_ok = False
            year = _year(raw_year)
            if year is None:
                errors.append(
                    ImportIssue(
                        "bad_year",
                        f"{raw_year!r} is not a year between {MIN_YEAR} and {MAX_YEAR}.",
                        row=line,
                        column="year",
                        value=_clip(raw_year),
                    )
                )
                row_ok = False
            if not row_ok or year is None:
                continue
            earlier = seen.get((year, code))
            if earlier is not None:
                if earlier[1] != amount:
                    errors.append(
                        ImportIssue(
                            "duplicate",
                            f"Code {code} for {year} is already on row {earlier[0]} with "
                            "another amount.",
                            row=line,
                            column="code",
                            value=_clip(raw_code),
                            params={"first_row": str(earlier[0]), "code": code, "year": str(year)},
                        )
                    )
                continue
            seen[(year, code)] = (line, amount)
            by_year.setdefault(year, {})[code] = amount
    except csv.Error as exc:
        return _fail(kind, ImportIssue("csv_error", f"Not a readable CSV file: {exc}."))
    if not by_year and not errors:
        errors.append(ImportIssue("no_data", "The file holds no figures."))
    years = tuple(
        ImportedYear(year, values, "csv", reference) for year, values in sorted(by_year.items())
    )
    return ParsedImport(kind, years if not errors else (), tuple(errors), tuple(notices))


def _year(text: str) -> int | None:
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text):
        return None
    year = int(text)
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# NBB JSON ------------------------------------------------------------------------------------


def _get(obj: Mapping[str, Any], *names: str) -> Any:
    lowered = {str(k).lower(): v for k, v in obj.items()}
    for name in names:
        if name.lower() in lowered:
            return lowered[name.lower()]
    return None


def _date(value: Any) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def parse_nbb_json(data: bytes, *, reference: str = "") -> ParsedImport:
    kind = "nbb_json"
    try:
        text, _encoding = _decode(data)
        document = json.loads(text, parse_float=Decimal)
    except (UnicodeDecodeError, ValueError) as exc:
        return _fail(kind, ImportIssue("json_error", f"Not a readable JSON file: {exc}."))
    filings = document if isinstance(document, list) else [document]
    if not filings or not all(isinstance(f, dict) for f in filings):
        return _fail(
            kind,
            ImportIssue("json_shape", "Expected a filing (a JSON object) or a list of filings."),
        )
    errors: list[ImportIssue] = []
    notices: list[ImportIssue] = []
    current: dict[int, ImportedYear] = {}
    previous: dict[int, ImportedYear] = {}
    skipped: set[str] = set()
    for number, filing in enumerate(filings, start=1):
        ref = str(_get(filing, "ReferenceNumber", "Reference") or reference or f"#{number}")
        dates = _get(filing, "ExerciseDates") or {}
        end = _date(_get(dates, "endDate", "EndDate") if isinstance(dates, dict) else None)
        end = end or _date(_get(filing, "EndDate", "ExerciseEndDate"))
        year_value = _get(filing, "Year", "FiscalYear")
        year = end.year if end else (_year(str(year_value)) if year_value is not None else None)
        if year is None:
            errors.append(
                ImportIssue(
                    "no_year",
                    "The filing has no financial year (ExerciseDates.endDate).",
                    row=number,
                    column="ExerciseDates",
                    value=ref,
                )
            )
            continue
        model = _get(filing, "ModelType", "Model")
        schema: Schema | None = None
        if model is not None:
            schema = schema_from_nbb_model(str(model))
            if schema is None:
                errors.append(
                    ImportIssue(
                        "unsupported_model",
                        f"Model {model} is not a company model belronde reads (full, "
                        "abbreviated or micro).",
                        row=number,
                        column="ModelType",
                        value=_clip(str(model)),
                    )
                )
                continue
        enterprise = _get(filing, "EnterpriseNumber", "CompanyNumber")
        enterprise_number = re.sub(r"\D", "", str(enterprise)) if enterprise else None
        rubrics = _get(filing, "Rubrics")
        entries: list[tuple[Any, Any, str]] = []
        if isinstance(rubrics, dict):
            entries = [(code, value, "N") for code, value in rubrics.items()]
        elif isinstance(rubrics, list) and all(isinstance(r, dict) for r in rubrics):
            entries = [
                (_get(r, "Code"), _get(r, "Value"), str(_get(r, "Period") or "N").upper())
                for r in rubrics
            ]
        else:
            errors.append(
                ImportIssue(
                    "no_rubrics",
                    "The filing has no Rubrics (a list of Code/Value or a map of code to value).",
                    row=number,
                    column="Rubrics",
                    value=ref,
                )
            )
            continue
        values: dict[int, dict[str, Decimal]] = {year: {}, year - 1: {}}
        for raw_code, raw_value, period in entries:
            if period not in {"N", "NM1"}:
                continue
            code = normalise_code(str(raw_code or ""))
            if not is_known(code):
                skipped.add(code)
                continue
            amount = _json_amount(raw_value)
            if amount is None:
                errors.append(
                    ImportIssue(
                        "amount_not_a_number",
                        f"The value of {code} is not an amount.",
                        row=number,
                        column=code,
                        value=_clip(str(raw_value)),
                    )
                )
                continue
            if refuses(code, amount):
                errors.append(_negative_count(code, str(raw_value), row=number, column=code))
                continue
            values[year if period == "N" else year - 1][code] = amount
        if year in current:
            errors.append(
                ImportIssue(
                    "duplicate_year",
                    f"Two filings for {year}: keep one per year.",
                    row=number,
                    column="ExerciseDates",
                    value=ref,
                    params={"year": str(year)},
                )
            )
            continue
        current[year] = ImportedYear(
            year, values[year], "nbb", ref, end, schema, True, enterprise_number
        )
        if values[year - 1]:
            previous[year - 1] = ImportedYear(
                year - 1,
                values[year - 1],
                "nbb",
                ref,
                _year_before(end),
                schema,
                True,
                enterprise_number,
                from_previous_year_column=True,
            )
    numbers = {y.enterprise_number for y in current.values() if y.enterprise_number}
    if len(numbers) > 1:
        errors.append(
            ImportIssue(
                "several_enterprises",
                "The filings belong to more than one enterprise: "
                + ", ".join(sorted(numbers))
                + ".",
                params={"numbers": ", ".join(sorted(numbers))},
            )
        )
    for year, imported in previous.items():
        if year not in current:
            current[year] = imported
            notices.append(
                ImportIssue(
                    "previous_year_column",
                    f"{year} taken from the previous-year column of filing {imported.reference}.",
                    params={"year": str(year), "reference": imported.reference},
                )
            )
    if skipped:
        notices.append(
            ImportIssue(
                "skipped_codes",
                f"{len(skipped)} rubric code(s) not used by belronde were skipped.",
                params={"count": str(len(skipped))},
            )
        )
    if not current and not errors:
        errors.append(ImportIssue("no_data", "The file holds no figures."))
    years = tuple(current[y] for y in sorted(current)) if not errors else ()
    return ParsedImport(kind, years, tuple(errors), tuple(notices))


def _negative_count(code: str, raw: str, *, row: int | None, column: str) -> ImportIssue:
    return ImportIssue(
        "negative_count",
        f"{code} is a number of people: it cannot be negative.",
        row=row,
        column=column,
        value=_clip(raw),
        params={"code": code},
    )


def _json_amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        return value if value.is_finite() else None
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
            return Decimal(text)  # machine format: a point is always the decimal point
        try:
            return parse_amount(text)
        except AmountError:
            return None
    return None


def _year_before(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
