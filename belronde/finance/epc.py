"""The payload of an EPC "SEPA credit transfer" QR code (EPC069-12) for a participant invoice.

Pure (no Django), exact (``Decimal``). :func:`epc_payload` writes the text a banking app reads
when the participant scans the QR code on the invoice: the federation's name, IBAN and BIC, the
amount and the invoice's Belgian structured communication (OGM/VCS, ``+++ddd/dddd/ddddd+++``);
:func:`parse_epc_payload` reads such a text back (the tests decode the QR code on the PDF and
check what it says). :mod:`belronde.lib.qr` draws the code (error correction level M, as the
guideline prescribes).

The payload, one element per line, separated by ``"\\n"`` (EPC069-12 version 3.0, section 3.4):

    1  BCD                     service tag
    2  002                     version (002: the BIC is optional within the EEA)
    3  1                       character set: UTF-8
    4  SCT                     identification: SEPA credit transfer
    5  GKCCBEBB                BIC of the beneficiary's bank (8 or 11 characters)
    6  Unizo Mechelen          name of the beneficiary (at most 70 characters)
    7  BE71096123456769        IBAN of the beneficiary
    8  EUR200.00               amount (EUR 0.01 to 999999999.99, a dot, two decimals)
    9                          purpose code (empty)
    10 010806817183            structured remittance information: the OGM, 12 digits
    11                         unstructured remittance information (empty: one or the other)
    12 Factuur 2026-0007       beneficiary to originator information (at most 70 characters)

Trailing empty elements are left out, as the guideline asks; the whole payload is at most 331
bytes (the capacity of a version 13 QR code at level M).

**Where the OGM goes.** The guideline offers two remittance elements, either a structured
creditor reference (element 10, up to 35 characters) or free text (element 11, up to 140), never
both. Belgian practice is the structured element with the 12 digits alone:

* Febelfin's rules for SEPA credit transfers (pain.001, ``RmtInf/Strd/CdtrRefInf``) carry the
  Belgian structured communication as a *structured* creditor reference (type ``SCOR``, issuer
  ``BBA``, the 12 digits), not in the free text (summarised at
  wiki.xmldation.com/Support/Febelfin/Strd and .../RBS/CT_Rules/Access_Online/BBA);
* Odoo, much used for Belgian invoicing, writes a valid Belgian reference into element 10,
  stripped of ``+++`` and slashes (``account_qr_code_sepa/models/res_bank.py`` with
  ``account/tools/structured_reference.py``: ``+++020/3430/57642+++`` -> ``020343057642``), and
  leaves element 11 empty; a free text that is not a valid reference goes to element 11 instead
  (odoo/odoo pull requests 199735 and 231373);
* letspeppol issue 274 (2026) reports the failure of the other choice: with the
  ``+++...+++`` text in the free element, a Belgian banking app filled in an unstructured
  message instead of a structured communication, so the payment could not be matched;
  Dolibarr pull request 38880 moves its Belgian reference to the structured element for the
  same reason.

So the OGM goes into element 10 as 12 digits and element 11 stays empty; the optional ``text``
(an invoice number, say) goes into element 12, which the app shows to the payer but does not
send with the transfer. Not checked against a real banking app here: the invoice PDF test
decodes the QR code, it does not pay it.

Anything that would give a wrong or unreadable code is refused with :class:`EpcError` (a
``ValueError``), a short English reason that names the field, for example
``iban: not a valid IBAN (invalid checksum)``.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TypedDict

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum.be import ogm_vcs
from stdnum.exceptions import ValidationError

__all__ = [
    "MAX_AMOUNT",
    "MAX_BYTES",
    "MIN_AMOUNT",
    "EpcError",
    "EpcFields",
    "epc_payload",
    "normalise_ogm",
    "parse_epc_payload",
]

#: the largest payload the guideline allows (a version 13 QR code at error correction level M)
MAX_BYTES = 331
MIN_AMOUNT = Decimal("0.01")
MAX_AMOUNT = Decimal("999999999.99")
#: lengths of the text elements (EPC069-12, section 3.4)
MAX_NAME = 70
MAX_INFORMATION = 70

_CENT = Decimal("0.01")
_HEADER = ("BCD", "002", "1", "SCT")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class EpcError(ValueError):
    """A value that cannot go into an EPC QR code. ``field`` names it; the message says why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


class EpcFields(TypedDict):
    """What :func:`parse_epc_payload` reads from a payload."""

    name: str
    iban: str
    bic: str
    amount: Decimal
    ogm: str
    text: str


def normalise_ogm(value: str, field: str = "ogm") -> str:
    """The 12 digits of a Belgian structured communication written as ``+++010/8068/17183+++``,
    ``***010/8068/17183***``, ``010/8068/17183`` or ``010806817183``; :class:`EpcError` when the
    check digits (the first ten modulo 97, 97 for 0) do not match or it is not 12 digits."""
    raw = value.strip() if isinstance(value, str) else ""
    for mark in ("+++", "***"):
        if raw.startswith(mark) and raw.endswith(mark) and len(raw) > 2 * len(mark):
            raw = raw[len(mark) : -len(mark)]
            break
    compact = re.sub(r"[\s/.\-]", "", raw)
    if not compact.isdigit() or len(compact) != 12:
        raise EpcError(field, "a structured communication has 12 digits (+++ddd/dddd/ddddd+++)")
    try:
        return str(ogm_vcs.validate(compact))
    except ValidationError:
        raise EpcError(
            field, "the check digits of the structured communication are wrong"
        ) from None


def _text(value: str, field: str, limit: int, *, required: bool) -> str:
    if not isinstance(value, str):
        raise EpcError(field, "must be text")
    if _CONTROL.search(value):
        raise EpcError(field, "contains a line break or another control character")
    text = " ".join(value.split())
    if required and not text:
        raise EpcError(field, "is empty")
    if len(text) > limit:
        raise EpcError(field, f"is longer than {limit} characters")
    return text


def _reason(exc: ValidationError) -> str:
    """python-stdnum's sentence as a clause: "The number has an invalid length." -> "the
    number has an invalid length"."""
    message = str(getattr(exc, "message", "") or exc).rstrip(".")
    return message[:1].lower() + message[1:]


def _iban(value: str) -> str:
    try:
        number = str(stdnum_iban.validate(value if isinstance(value, str) else ""))
    except ValidationError as exc:
        raise EpcError("iban", f"not a valid IBAN ({_reason(exc)})") from None
    if len(number) > 34:
        raise EpcError("iban", "is longer than 34 characters")
    return number


def _bic(value: str) -> str:
    if not isinstance(value, str):
        raise EpcError("bic", "must be text")
    if not value.strip():
        return ""
    try:
        return str(stdnum_bic.validate(value))
    except ValidationError as exc:
        raise EpcError("bic", f"not a valid BIC ({_reason(exc)})") from None


def _amount(value: Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise EpcError("amount", "must be a Decimal (an exact amount, not a float)")
    number = Decimal(value)
    if not number.is_finite():
        raise EpcError("amount", "is not a number")
    if number != number.quantize(_CENT):
        raise EpcError("amount", "has more than two decimals")
    if not MIN_AMOUNT <= number <= MAX_AMOUNT:
        raise EpcError("amount", f"must be between {MIN_AMOUNT} and {MAX_AMOUNT} euro")
    return number.quantize(_CENT)


def epc_payload(
    *, name: str, iban: str, bic: str, amount: Decimal, ogm: str, text: str = ""
) -> str:
    """The EPC069-12 payload that asks to pay ``amount`` euro to ``name``'s account ``iban``
    (``bic``; empty is allowed by version 002) with the structured communication ``ogm`` (with
    or without ``+++`` and slashes); ``text`` is shown to the payer. See the module docstring."""
    fields = [
        *_HEADER,
        _bic(bic),
        _text(name, "name", MAX_NAME, required=True),
        _iban(iban),
        f"EUR{_amount(amount):.2f}",
        "",
        normalise_ogm(ogm),
        "",
        _text(text, "text", MAX_INFORMATION, required=False),
    ]
    while fields[-1] == "":
        fields.pop()
    payload = "\n".join(fields)
    size = len(payload.encode("utf-8"))
    if size > MAX_BYTES:
        raise EpcError("payload", f"is {size} bytes, more than the {MAX_BYTES} an EPC code holds")
    return payload


def _read_amount(element: str) -> Decimal:
    if not element.startswith("EUR"):
        raise EpcError("amount", "must start with EUR")
    digits = element[3:]
    if not re.fullmatch(r"\d{1,9}(?:\.\d{1,2})?", digits):
        raise EpcError("amount", f"is not an amount: {digits!r}")
    try:
        return _amount(Decimal(digits))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise EpcError("amount", f"is not an amount: {digits!r}") from None


def parse_epc_payload(payload: str) -> EpcFields:
    """The name, IBAN, BIC, amount (a Decimal), OGM (12 digits, or "" when the payload has none)
    and text (element 12) of an EPC payload such as :func:`epc_payload` writes, or one of
    another issuer (version 001 or 002, ``\\n`` or ``\\r\\n``, the OGM in the structured or the
    unstructured element). :class:`EpcError` when it is not an EPC credit transfer."""
    if not isinstance(payload, str) or not payload:
        raise EpcError("payload", "is empty")
    if len(payload.encode("utf-8")) > MAX_BYTES:
        raise EpcError("payload", f"is longer than {MAX_BYTES} bytes")
    elements = payload.replace("\r\n", "\n").split("\n")
    if len(elements) > 12:
        raise EpcError("payload", "has more than 12 elements")
    elements += [""] * (12 - len(elements))
    tag, version, charset, identification = elements[:4]
    if tag != "BCD":
        raise EpcError("payload", "does not start with the service tag BCD")
    if version not in {"001", "002"}:
        raise EpcError("version", f"must be 001 or 002, not {version!r}")
    if charset not in {str(n) for n in range(1, 9)}:
        raise EpcError("character set", f"must be 1 to 8, not {charset!r}")
    if identification != "SCT":
        raise EpcError("identification", f"must be SCT, not {identification!r}")
    bic = _bic(elements[4])
    if version == "001" and not bic:
        raise EpcError("bic", "is required in version 001")
    name = _text(elements[5], "name", MAX_NAME, required=True)
    iban = _iban(elements[6])
    amount = _read_amount(elements[7])
    structured, unstructured = elements[9].strip(), elements[10].strip()
    if structured and unstructured:
        raise EpcError("remittance", "holds both a structured reference and a text")
    ogm = ""
    if structured:
        ogm = normalise_ogm(structured)
    elif unstructured:
        match = re.search(r"(?:\+{3}|\*{3})[\d/\s]{12,16}(?:\+{3}|\*{3})", unstructured)
        if match:
            ogm = normalise_ogm(match.group(0))
    text = _text(elements[11], "text", MAX_INFORMATION, required=False)
    return EpcFields(name=name, iban=iban, bic=bic, amount=amount, ogm=ogm, text=text)
