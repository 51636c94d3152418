"""Cleaning and validating one cell of a member import. Plain Python, no Django.

Each parser returns the clean value (and sometimes a notice) or raises :class:`CellError` with a
message code and parameters; ``belronde.members.messages`` turns codes into sentences in the
user's language. The same rules serve the CSV/XLSX import, the KBO import, forms and the API.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from decimal import Decimal
from functools import cache
from typing import Any

import phonenumbers
from stdnum.be import vat

from belronde.finance.amounts import AmountError, parse_amount
from belronde.members import reference


class CellError(ValueError):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


# Spaces that are not spaces: no-break, narrow no-break, figure, zero-width, word joiner, BOM.
_SPACES = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\t": " ",
        "\r": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)
#: C0 controls and DEL, plus the bidirectional controls (marks, embeddings, overrides such as
#: U+202E, isolates): in a name they only serve to make text read other than it is stored
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_RUNS = re.compile(r" {2,}")


def clean_text(value: str, *, multiline: bool = False) -> str:
    """NFC, odd spaces made plain, control and bidi characters dropped, runs collapsed, trimmed."""
    if not value:
        return ""
    if value.isascii() and value.isprintable() and "  " not in value:
        return value.strip()  # the common case, fast
    text = unicodedata.normalize("NFC", value).translate(_SPACES)
    text = _CONTROL.sub("", text)
    if multiline:
        lines = [_RUNS.sub(" ", line).strip() for line in text.split("\n")]
        return "\n".join(line for line in lines if line)
    return _RUNS.sub(" ", text.replace("\n", " ")).strip()


def check_length(value: str, limit: int) -> str:
    if len(value) > limit:
        raise CellError("too_long", limit=limit, length=len(value))
    return value


# Enterprise numbers ---------------------------------------------------------------------------

_SCIENTIFIC = re.compile(r"^[+-]?[0-9]+(?:[.,][0-9]+)?[eE][+-]?[0-9]+$")
_NUMBER_PUNCTUATION = re.compile(r"[\s./\-]")
_DOTTED = re.compile(r"^[0-9]{4}\.[0-9]{3}\.[0-9]{3}$")


def format_enterprise_number(compact: str) -> str:
    """0403170701 -> 0403.170.701"""
    return f"{compact[:4]}.{compact[4:7]}.{compact[7:]}" if len(compact) == 10 else compact


def parse_enterprise_number(raw: str) -> tuple[str, str | None]:
    """(10 digits, notice code or None). Accepts 0403.170.701, 0403170701, BE0403170701,
    BE 0403 170 701; a lost leading zero is restored with a notice; Excel's scientific notation
    is refused with a message that says so."""
    text = clean_text(raw)
    if not text:
        raise CellError("required")
    if (len(text) == 12 and _DOTTED.match(text)) or (len(text) == 10 and text.isdigit()):
        digits = text.replace(".", "")  # the common case: 0403.170.701 or 0403170701
        if digits[0] in "01" and vat.checksum(digits) == 0:
            return digits, None
    if _SCIENTIFIC.match(text.replace(" ", "")):
        raise CellError("enterprise_number_scientific")
    upper = text.upper()
    if upper.startswith("BE"):
        upper = upper[2:]
    if upper.endswith(".0") and upper[:-2].isdigit():  # 403170701.0 from a numeric cell
        upper = upper[:-2]
    digits = _NUMBER_PUNCTUATION.sub("", upper)
    if not digits.isdigit():
        raise CellError("enterprise_number_format")
    notice = None
    if len(digits) == 9:
        digits = "0" + digits
        notice = "enterprise_number_leading_zero"
    if len(digits) != 10:
        raise CellError("enterprise_number_length", length=len(digits))
    if digits[0] not in "01":
        raise CellError("enterprise_number_first_digit")
    if vat.checksum(digits) != 0:  # python-stdnum's mod-97 check on the 10 digits
        raise CellError("enterprise_number_checksum")
    return digits, notice


# Phones -------------------------------------------------------------------------------------

_PHONE_PUNCTUATION = re.compile(r"[\s./\-()]")
_E164_BE = re.compile(r"^\+32([1-9][0-9]{7,8})$")
_NATIONAL_BE = re.compile(r"^0([1-9][0-9]{7,8})$")
_LOST_ZERO_BE = re.compile(r"^([1-9][0-9]{7,8})$")
_LETTERS = re.compile(r"[A-Za-z]")
_PHONE_DROP = str.maketrans("", "", " ./-()")


@cache
def _be_descriptions() -> tuple[tuple[re.Pattern[str], frozenset[int]], ...]:
    """phonenumbers' own metadata for Belgium: the general description, then every number
    type in the order phonenumbers tries them (is_valid_number is general and any type)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("BE")
    assert metadata is not None
    names = (
        "general_desc",
        "premium_rate",
        "toll_free",
        "shared_cost",
        "voip",
        "personal_number",
        "pager",
        "uan",
        "voicemail",
        "fixed_line",
        "mobile",
    )
    found = []
    for name in names:
        desc = getattr(metadata, name, None)
        if desc is not None and desc.national_number_pattern:
            found.append(
                (re.compile(desc.national_number_pattern), frozenset(desc.possible_length or ()))
            )
    return tuple(found)


@cache
def _be_by_length() -> dict[int, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Per number length: the general pattern and all type patterns that allow that length."""
    (general, general_lengths), *types = _be_descriptions()
    combined: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}
    for length in general_lengths or range(1, 18):
        allowed = [p.pattern for p, lengths in types if not lengths or length in lengths]
        if allowed:
            combined[length] = (general, re.compile("|".join(f"(?:{p})" for p in allowed)))
    return combined


def _valid_be(national: str) -> bool:
    """phonenumbers.is_valid_number for a Belgian national significant number, from
    phonenumbers' own metadata, without building a PhoneNumber (tested to agree with it)."""
    found = _be_by_length().get(len(national))
    return (
        found is not None
        and bool(found[0].fullmatch(national))
        and bool(found[1].fullmatch(national))
    )


def parse_phone(raw: str) -> tuple[str, str | None]:
    """(E.164 or "", notice or None): Belgian numbers in any usual notation, foreign with +."""
    text = clean_text(raw)
    if not text:
        return "", None
    compact = text.translate(_PHONE_DROP)
    if compact.isdigit() and 9 <= len(compact) <= 10 and compact[0] == "0" and compact[1] != "0":
        if not _valid_be(compact[1:]):  # the common case: 0471 23 45 67, 015/20.30.40
            raise CellError("phone_invalid")
        return "+32" + compact[1:], None
    if _SCIENTIFIC.match(text.replace(" ", "")):
        raise CellError("phone_scientific")
    if _LETTERS.search(text):
        raise CellError("phone_letters")
    compact = _PHONE_PUNCTUATION.sub("", text.replace("(0)", ""))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+320"):
        raise CellError("phone_trunk_zero")
    # Fast paths for the shapes Belgian files use; anything else goes through a full parse.
    match = _E164_BE.match(compact) or _NATIONAL_BE.match(compact)
    if match:
        if not _valid_be(match.group(1)):
            raise CellError("phone_invalid")
        return "+32" + match.group(1), None
    match = _LOST_ZERO_BE.match(compact)
    if match:
        if not _valid_be(match.group(1)):
            raise CellError("phone_invalid")
        return "+32" + match.group(1), "phone_leading_zero"
    try:
        number = phonenumbers.parse(text, "BE")
    except phonenumbers.NumberParseException:
        raise CellError("phone_invalid") from None
    if number.extension or not phonenumbers.is_valid_number(number):
        raise CellError("phone_invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


# Numbers and dates ---------------------------------------------------------------------------

#: how the one Belgian number reader's refusals read in an import report
_AMOUNT_CODES = {"empty": "required", "ambiguous": "number_ambiguous"}


def parse_decimal(raw: str) -> Decimal:
    """A Belgian number, read by :func:`belronde.finance.amounts.parse_amount` (the only
    reader): 1.234,56 / -1.234,56 / 1234,5 / 1234.5 / 1 234; ``1.234`` is 1234 (a dot before
    three digits groups thousands); never a float.

    1,234.56 (an English thousands comma) and 1,2,3 are refused as ambiguous, not guessed.
    """
    text = clean_text(raw)
    if text.count(",") > 1:
        raise CellError("number_ambiguous")
    try:
        return parse_amount(text)
    except AmountError as exc:
        raise CellError(_AMOUNT_CODES.get(exc.code, "number_invalid")) from None


BANDS = {"0": "0", "1-4": "1-4", "5-9": "5-9", "10-19": "10-19", "20-49": "20-49"}
BANDS.update({"50-249": "50-249", "250+": "250+", "250ofmeer": "250+", ">=250": "250+"})
MAX_EMPLOYEES = 1_000_000


def band_for(employees: int | None) -> str:
    if employees is None:
        return ""
    for limit, band in ((0, "0"), (4, "1-4"), (9, "5-9"), (19, "10-19"), (49, "20-49")):
        if employees <= limit:
            return band
    return "50-249" if employees <= 249 else "250+"


def parse_employees(raw: str) -> tuple[int | None, str]:
    """(employees, size band). A whole number; FTE with decimals round up (2,5 -> 3); a size
    band such as 5-9 or 250+ gives the band alone."""
    text = clean_text(raw)
    if not text:
        return None, ""
    if text.isdigit() and len(text) < 7:
        count = int(text)
        return count, band_for(count)
    key = text.replace(" ", "").replace("\u2013", "-").lower()  # an en dash from Word
    if key in BANDS and not key.isdigit():
        return None, BANDS[key]
    try:
        value = parse_decimal(text)
    except CellError as exc:
        raise CellError("employees_invalid" if exc.code == "number_invalid" else exc.code) from None
    if value < 0:
        raise CellError("employees_negative")
    count = math.ceil(value)
    if count > MAX_EMPLOYEES:
        raise CellError("employees_too_large", limit=MAX_EMPLOYEES)
    return count, band_for(count)


_DATE_DMY = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$")
_DATE_ISO = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(raw: str | dt.date) -> dt.date | None:
    """31/12/2025, 31-12-2025, 31.12.2025, 2025-12-31 or an Excel serial (45657); never mm/dd."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = clean_text(raw)
    if not text:
        return None
    try:
        if match := _DATE_DMY.match(text):
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        if match := _DATE_ISO.match(text):
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise CellError("date_invalid", value=text) from None
    if text.isdigit() and 20_000 <= int(text) <= 80_000:  # 1954 .. 2119 as Excel serials
        return _EXCEL_EPOCH + dt.timedelta(days=int(text))
    raise CellError("date_invalid", value=text)


#: no member firm of a Belgian federation joined before the country existed
MEMBER_SINCE_EARLIEST = dt.date(1830, 1, 1)


def check_member_since(value: dt.date | None, *, today: dt.date | None = None) -> dt.date | None:
    """A membership start between 1830 and today (9999-12-31 or a typo'd year is refused)."""
    if value is None:
        return None
    today = today or dt.date.today()
    if value < MEMBER_SINCE_EARLIEST or value > today:
        raise CellError(
            "member_since_range",
            earliest=MEMBER_SINCE_EARLIEST.strftime("%d/%m/%Y"),
            today=today.strftime("%d/%m/%Y"),
        )
    return value


# Codes and short texts -----------------------------------------------------------------------


def parse_postal_code(raw: str) -> str:
    text = clean_text(raw).replace(" ", "")
    if not text:
        return ""
    if len(text) == 4 and text in reference.postal_codes():
        return text
    if text.upper().startswith("B-"):
        text = text[2:]
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"[0-9]{4}", text):
        raise CellError("postal_code_format")
    if text not in reference.postal_codes():
        raise CellError("postal_code_unknown")
    return text


def check_municipality(postal_code: str, municipality: str) -> str:
    """The municipality as written when it fits the postal code, the reference name if empty."""
    if not postal_code:
        return municipality
    if not municipality:
        return reference.postal_codes()[postal_code].locality_nl
    if reference.fold_cached(municipality) not in reference.postal_code_names()[postal_code]:
        raise CellError(
            "municipality_mismatch",
            postal_code=postal_code,
            expected=reference.postal_codes()[postal_code].locality_nl,
        )
    return municipality


def parse_nace(raw: str, version: str | None = None) -> tuple[str, str]:
    """(code digits, version). 47.111, 47111, 4711 and 47 are NACE-BEL 2008 or 2025 codes."""
    text = clean_text(raw).replace(" ", "")
    if not text:
        return "", ""
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    digits = text.replace(".", "")
    if not digits.isdigit() or not 2 <= len(digits) <= 5:
        raise CellError("nace_format")
    found = reference.find_nace(digits, version)
    if found is None:
        raise CellError("nace_unknown")
    return found.code, found.version


def parse_nace_version(raw: str) -> str | None:
    text = clean_text(raw)
    if not text:
        return None
    if text in reference.NACE_VERSIONS:
        return text
    raise CellError("nace_version")


def parse_legal_form(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    found = reference.find_legal_form(text)
    if found is None:
        raise CellError("legal_form_unknown")
    return found


_EMAIL = re.compile(
    r"^[^@\s<>\"(),;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$"
)


def parse_email(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    if text.lower().startswith("mailto:"):
        text = text[7:]
    if len(text) > 254 or not _EMAIL.match(text) or ".." in text:
        raise CellError("email_invalid")
    local, domain = text.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


LANGUAGES = {
    "nl": "nl",
    "nederlands": "nl",
    "dutch": "nl",
    "vlaams": "nl",
    "neerlandais": "nl",
    "n": "nl",
    "fr": "fr",
    "frans": "fr",
    "french": "fr",
    "francais": "fr",
    "f": "fr",
    "en": "en",
    "engels": "en",
    "english": "en",
    "anglais": "en",
    "e": "en",
}


def parse_language(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    found = LANGUAGES.get(reference.fold_cached(text))
    if found is None:
        raise CellError("language_unknown")
    return found


STATUSES = {
    "member": "member",
    "lid": "member",
    "actief": "member",
    "active": "member",
    "former": "former",
    "exlid": "former",
    "oudlid": "former",
    "formermember": "former",
    "uitgeschreven": "former",
    "prospect": "prospect",
    "kandidaatlid": "prospect",
    "kandidaat": "prospect",
}


def parse_status(raw: str) -> str:
    text = clean_text(raw)
    if not text:
        return ""
    found = STATUSES.get(reference.fold_cached(text))
    if found is None:
        raise CellError("status_unknown")
    return found


# Low-cardinality columns repeat the same few hundred values over a whole file: remember them.
_CACHE_LIMIT = 20_000


def _cached(fn: Any) -> Any:
    memory: dict[Any, Any] = {}

    def wrapper(*args: Any) -> Any:
        try:
            found = memory[args]
        except KeyError:
            try:
                found = (True, fn(*args))
            except CellError as exc:
                found = (False, exc)
            if len(memory) < _CACHE_LIMIT:
                memory[args] = found
        if found[0]:
            return found[1]
        raise CellError(found[1].code, **found[1].params)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


parse_postal_code = _cached(parse_postal_code)
check_municipality = _cached(check_municipality)
parse_nace = _cached(parse_nace)
parse_legal_form = _cached(parse_legal_form)
parse_language = _cached(parse_language)
parse_status = _cached(parse_status)
parse_employees = _cached(parse_employees)
