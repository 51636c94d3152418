"""The columns of a member import and the validation of one row. Plain Python, no Django.

Header names match case-, accent- and space-insensitively, in Dutch and English (see
README.md, "Importing members"). Only the columns present in a file are imported: a column that
is absent leaves the stored value alone, a present but empty cell clears it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from belronde.members import normalise as n
from belronde.members.importing.sources import FORMULA_WITHOUT_VALUE
from belronde.members.reference import fold, section_for


@dataclass(frozen=True)
class Column:
    key: str  # the English template header, also the field name in the report
    dutch: str  # the Dutch template header
    aliases: tuple[str, ...] = ()
    max_length: int = 0
    required: bool = False
    example: str = ""

    def names(self) -> set[str]:
        return {fold(self.key), fold(self.dutch), *(fold(a) for a in self.aliases)}


COLUMNS: list[Column] = [
    Column(
        "enterprise_number",
        "ondernemingsnummer",
        (
            "kbo",
            "kbo-nummer",
            "ondernemingsnr",
            "btw-nummer",
            "btw",
            "vat",
            "vat number",
            "company number",
            "numéro d'entreprise",
            "bce",
            "kbo nr",
        ),
        required=True,
        example="0403.170.701",
    ),
    Column(
        "name",
        "naam",
        (
            "bedrijfsnaam",
            "firmanaam",
            "onderneming",
            "company name",
            "company",
            "denominatie",
            "nom",
            "dénomination",
        ),
        200,
        required=True,
        example="Bakkerij Peeters",
    ),
    Column("legal_form", "rechtsvorm", ("juridische vorm", "forme juridique"), 20, example="BV"),
    Column("street", "straat", ("adres", "address", "straatnaam", "rue"), 200, example="Bruul"),
    Column(
        "house_number",
        "huisnummer",
        ("nummer", "nr", "huisnr", "number", "house number", "numéro"),
        20,
        example="12",
    ),
    Column(
        "postal_code",
        "postcode",
        ("zip", "zip code", "postal code", "code postal", "postnummer"),
        4,
        example="2800",
    ),
    Column(
        "municipality",
        "gemeente",
        ("stad", "plaats", "woonplaats", "deelgemeente", "city", "town", "commune", "localité"),
        100,
        example="Mechelen",
    ),
    Column(
        "nace_code",
        "nace",
        ("nace-code", "nacebel", "nace-bel", "nace-bel code", "hoofdactiviteit", "activity"),
        5,
        example="10.711",
    ),
    Column("nace_version", "nace-versie", ("nace version",), 4, example="2008"),
    Column(
        "employees",
        "werknemers",
        (
            "aantal werknemers",
            "personeel",
            "personeelsleden",
            "vte",
            "fte",
            "staff",
            "number of employees",
            "grootteklasse",
            "size band",
        ),
        example="6",
    ),
    Column(
        "contact_name",
        "contactpersoon",
        ("contact", "naam contactpersoon", "contact person", "contact name"),
        200,
        example="Els Peeters",
    ),
    Column(
        "contact_role",
        "functie",
        ("rol", "role", "job title", "functie contactpersoon", "fonction"),
        100,
        example="zaakvoerder",
    ),
    Column(
        "phone",
        "telefoon",
        ("tel", "telefoonnummer", "telephone", "phone number", "téléphone"),
        example="015 12 34 56",
    ),
    Column("mobile", "gsm", ("mobiel", "gsm-nummer", "mobile phone", "mobile"), example=""),
    Column(
        "email",
        "e-mail",
        ("emailadres", "e-mailadres", "mail", "courriel"),
        254,
        example="els@bakkerijpeeters.be",
    ),
    Column("language", "taal", ("voertaal", "langue"), example="nl"),
    Column(
        "preferred_call_times",
        "beltijden",
        ("bereikbaar", "voorkeur beltijden", "call times", "preferred call times"),
        200,
        example="na 14u",
    ),
    Column(
        "membership_status",
        "lidstatus",
        ("status", "lidmaatschap", "membership", "membership status"),
        example="lid",
    ),
    Column(
        "member_since",
        "lid sinds",
        ("member since", "lid vanaf", "startdatum lidmaatschap"),
        example="01/01/2015",
    ),
]
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
HEADER_KEYS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in _column.names():
        HEADER_KEYS.setdefault(_name, _column.key)
#: the column our own error report adds; silently ignored when that report is imported again
ERROR_COLUMNS = {"foutmelding", "error", "errors", "fout", "fouten"}
KNOWN_HEADERS = set(HEADER_KEYS) | ERROR_COLUMNS
CONTACT_KEYS = ("contact_role", "language", "preferred_call_times")

# Bump when a rule changes, so rows imported under older rules are checked again (see digest).
RULES_VERSION = "2026-11-1"


@dataclass
class HeaderMap:
    """Which cell holds which field; the file's own column names for the report."""

    index: dict[str, int]
    names: dict[str, str]
    ignored: list[str] = field(default_factory=list)


def map_header(header: list[str]) -> tuple[HeaderMap, list[str], list[str]]:
    """(map, missing required keys, duplicated column names)."""
    index: dict[str, int] = {}
    names: dict[str, str] = {}
    ignored: list[str] = []
    duplicates: list[str] = []
    for i, raw in enumerate(header):
        name = n.clean_text(str(raw))
        folded = fold(name)
        if not folded:
            continue
        key = HEADER_KEYS.get(folded)
        if key is None:
            if folded not in ERROR_COLUMNS:
                ignored.append(name)
            continue
        if key in index:
            duplicates.append(name)
            continue
        index[key] = i
        names[key] = name
    missing = [c.key for c in COLUMNS if c.required and c.key not in index]
    return HeaderMap(index, names, ignored), missing, duplicates


@dataclass
class RowResult:
    number: int
    key: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)
    notices: list[tuple[str, str, str, dict[str, Any]]] = field(default_factory=list)


_ESCAPED = ("'=", "'+", "'-", "'@", "'|", "'\t", "'\r")


def _text(raw: Any) -> str:
    if type(raw) is str and raw[:1] != "'":
        return raw
    if raw is FORMULA_WITHOUT_VALUE:
        raise n.CellError("formula_no_value")
    if isinstance(raw, dt.datetime | dt.date):
        return raw.isoformat()
    text = str(raw)
    if text.startswith(_ESCAPED):
        return text[1:]  # our own export's guard against formulas: read back as written
    return text


def _cell(key: str, raw: Any) -> Any:
    """A cell as the validator takes it: text, a date for ``member_since``, or the marker of
    a formula without a value."""
    if raw is FORMULA_WITHOUT_VALUE or (key == "member_since" and isinstance(raw, dt.date)):
        return raw
    return _text(raw)


def _str(value: Any) -> Any:
    if value is FORMULA_WITHOUT_VALUE:
        raise n.CellError("formula_no_value")
    return value


def _street(key: str, text: str) -> Any:
    return n.check_length(n.clean_text(text, multiline=True), 200)


def _plain_text(key: str, text: str) -> Any:
    column = COLUMN_BY_KEY[key]
    value = n.clean_text(text)
    if column.required and not value:
        raise n.CellError("required")
    return n.check_length(value, column.max_length) if column.max_length else value


#: key -> parser(key, text) for the columns whose value is stored under their own key
_PARSERS: dict[str, Any] = {
    "postal_code": lambda k, t: n.parse_postal_code(t),
    "email": lambda k, t: n.parse_email(t),
    "language": lambda k, t: n.parse_language(t),
    "membership_status": lambda k, t: n.parse_status(t),
    "legal_form": lambda k, t: n.parse_legal_form(t),
    "street": _street,
}


@dataclass
class Cleaned:
    """What :func:`clean_values` made of the values: clean ``values``, ``errors`` as (key,
    code, params) and ``notices`` as (key, code)."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    notices: list[tuple[str, str]] = field(default_factory=list)


def clean_values(raw: dict[str, Any], *, complete: bool = False) -> Cleaned:
    """The one validator of an organisation (and of an import row's contact columns): the
    organisation form, the API and the import all clean with it.

    ``raw`` maps column keys (:data:`COLUMNS`) to text as typed or read from a cell; a date
    for ``member_since`` and a whole number or None for ``employees`` are taken as they are
    (from a form or JSON; a typed count leaves the size band alone). Only the keys present are
    cleaned; the municipality is checked against the postal code (and filled in from it when
    absent), the NACE section derived from the code. With ``complete`` (a new organisation
    from the API) a missing required key is an error too.
    """
    cleaned = Cleaned()
    values, errors, notices = cleaned.values, cleaned.errors, cleaned.notices
    for key, value in raw.items():
        try:
            if key == "enterprise_number":
                values[key], notice = n.parse_enterprise_number(_str(value))
                if notice:
                    notices.append((key, notice))
            elif key == "nace_code":
                version = None
                if "nace_version" in raw:
                    version = n.parse_nace_version(_str(raw["nace_version"]))
                values[key], values["nace_version"] = n.parse_nace(_str(value), version)
            elif key == "nace_version":
                if "nace_code" not in raw:
                    n.parse_nace_version(_str(value))
            elif key == "employees":
                if value is None or type(value) is int:
                    values[key] = value
                else:
                    values[key], values["size_band"] = n.parse_employees(_str(value))
            elif key == "member_since":
                values[key] = n.check_member_since(n.parse_date(_str(value)))
            elif key in ("phone", "mobile"):
                values[key], notice = n.parse_phone(_str(value))
                if notice:
                    notices.append((key, notice))
            else:
                values[key] = _PARSERS.get(key, _plain_text)(key, _str(value))
        except n.CellError as exc:
            errors.append((key, exc.code, exc.params))
    if "municipality" in values or "postal_code" in values:
        try:
            values["municipality"] = n.check_municipality(
                values.get("postal_code", ""), values.get("municipality", "")
            )
            if len(values["municipality"]) > 100:
                raise n.CellError("too_long", limit=100, length=len(values["municipality"]))
        except n.CellError as exc:
            errors.append(("municipality", exc.code, exc.params))
    if "nace_code" in values:
        code = values["nace_code"]
        values["nace_section"] = section_for(code, values["nace_version"]) if code else ""
    if not values.get("contact_name"):
        for key in CONTACT_KEYS:
            if values.get(key):
                errors.append(("contact_name", "contact_name_required", {}))
                break
    if complete:
        for column in COLUMNS:
            if column.required and column.key not in raw:
                errors.append((column.key, "required", {}))
    return cleaned


def validate_row(number: int, cells: list[Any], header: HeaderMap) -> RowResult:
    """Clean every present cell (:func:`clean_values`); collect every error and notice of the
    row, each with the cell's text as read."""
    width = len(cells)
    texts = {key: _cell(key, cells[i] if i < width else "") for key, i in header.index.items()}
    cleaned = clean_values(texts)
    result = RowResult(number, cleaned.values.get("enterprise_number", ""), cleaned.values)
    for key, code in cleaned.notices:
        result.notices.append((key, texts[key], code, {}))
    for key, code, params in cleaned.errors:
        shown = "" if code == "contact_name_required" else _shown(texts.get(key, ""))
        result.errors.append((key, shown, code, params))
    return result


def _shown(value: Any) -> str:
    if value is FORMULA_WITHOUT_VALUE:
        return ""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def digest_prefix(header: HeaderMap) -> str:
    """What every row digest of a file starts with: the rule version and the column mapping."""
    mapping = ",".join(f"{key}={i}" for key, i in sorted(header.index.items()))
    return f"{RULES_VERSION}\x1e{mapping}\x1e"


def row_digest_source(prefix: str, cells: list[Any]) -> bytes:
    """The bytes a row digest is taken over: the prefix and the row's cells as read."""
    try:
        text = "\x1f".join(cells)
    except TypeError:  # XLSX: dates, formula markers
        text = "\x1f".join("\x00formula" if c is FORMULA_WITHOUT_VALUE else str(c) for c in cells)
    return (prefix + text).encode("utf-8", "surrogatepass")


# Worker processes (see belronde.members.importing.engine.worker_pool): this module is pure, so a
# spawned worker imports it without Django.
_WORKER_HEADER: HeaderMap | None = None


def init_worker(header: HeaderMap) -> None:
    global _WORKER_HEADER
    _WORKER_HEADER = header


def validate_chunk(rows: list[tuple[int, list[Any]]]) -> list[RowResult]:
    """Validate rows in a worker process (no database)."""
    assert _WORKER_HEADER is not None
    return [validate_row(number, cells, _WORKER_HEADER) for number, cells in rows]
