"""Script items: the questionnaire's building blocks, validation of answers, the default script.

Plain Python apart from gettext for the messages: an item is a dict
``{"key", "type", "label_nl", "label_en", "help_nl", "help_en", "required", "choices", "min", "max",
"maps_to"}``; ``choices`` is a list of ``{"value", "label_nl", "label_en"}``; ``maps_to`` names the
structured conversation field the answer also fills (health, turnover_change, ...).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

ITEM_TYPES = ("open", "single", "multiple", "scale", "number", "yesno", "date")
MAPPABLE_FIELDS = (
    "health",
    "turnover_change",
    "liquidity_horizon",
    "temporary_unemployment",
    "arrears",
    "outlook",
    "asks_for_help",
)
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
MAX_OPEN_LENGTH = 5000


class ScriptError(ValueError):
    """A script definition that cannot be used; the message names the item."""


class AnswerError(ValueError):
    def __init__(self, key: str, code: str) -> None:
        super().__init__(f"{key}: {code}")
        self.key = key
        self.code = code  # required | choice | number | range | date | yesno | length | type


def _choice(value: str, nl: str, en: str) -> dict[str, str]:
    return {"value": value, "label_nl": nl, "label_en": en}


def validate_items(items: Any) -> list[dict[str, Any]]:
    """Check a script definition; returns it normalised or raises ScriptError."""
    if not isinstance(items, list) or not items:
        raise ScriptError(_("A script needs at least one item."))
    seen: set[str] = set()
    clean: list[dict[str, Any]] = []
    mapped: set[str] = set()
    for position, raw in enumerate(items, start=1):
        if not isinstance(raw, Mapping):
            raise ScriptError(_("Item %(position)s is not an object.") % {"position": position})
        key = str(raw.get("key", ""))
        if not KEY_RE.match(key):
            raise ScriptError(
                _("Item %(position)s: key %(key)s must be lowercase letters, digits, _.")
                % {"position": position, "key": key}
            )
        if key in seen:
            raise ScriptError(
                _("Item %(position)s: key %(key)s is used twice.")
                % {"position": position, "key": key}
            )
        seen.add(key)
        kind = raw.get("type")
        if kind not in ITEM_TYPES:
            raise ScriptError(
                _("Item %(key)s: unknown type %(kind)s.") % {"key": key, "kind": kind}
            )
        label_nl = str(raw.get("label_nl", "")).strip()
        label_en = str(raw.get("label_en", "")).strip() or label_nl
        if not label_nl:
            raise ScriptError(_("Item %(key)s: a Dutch label is required.") % {"key": key})
        item: dict[str, Any] = {
            "key": key,
            "type": kind,
            "label_nl": label_nl,
            "label_en": label_en,
            "help_nl": str(raw.get("help_nl", "")).strip(),
            "help_en": str(raw.get("help_en", "")).strip(),
            "required": bool(raw.get("required", False)),
        }
        if kind in ("single", "multiple"):
            choices = raw.get("choices")
            if not isinstance(choices, list) or len(choices) < 2:
                raise ScriptError(
                    _("Item %(key)s: a choice item needs at least two choices.") % {"key": key}
                )
            values = [str(c.get("value", "")) for c in choices if isinstance(c, Mapping)]
            if len(values) != len(choices) or "" in values or len(set(values)) != len(values):
                raise ScriptError(
                    _("Item %(key)s: every choice needs a distinct value.") % {"key": key}
                )
            item["choices"] = [
                _choice(
                    str(c["value"]),
                    str(c.get("label_nl") or c["value"]),
                    str(c.get("label_en") or c.get("label_nl") or c["value"]),
                )
                for c in choices
            ]
        if kind in ("scale", "number"):
            low = raw.get("min", 1 if kind == "scale" else None)
            high = raw.get("max", 5 if kind == "scale" else None)
            if low is not None and high is not None and Decimal(str(low)) > Decimal(str(high)):
                raise ScriptError(_("Item %(key)s: min is above max.") % {"key": key})
            item["min"], item["max"] = low, high
        maps_to = raw.get("maps_to") or ""
        if maps_to:
            if maps_to not in MAPPABLE_FIELDS:
                raise ScriptError(
                    _("Item %(key)s: cannot map to %(mapsto)s.") % {"key": key, "mapsto": maps_to}
                )
            if maps_to in mapped:
                raise ScriptError(
                    _("Item %(key)s: %(mapsto)s is already filled by another item.")
                    % {"key": key, "mapsto": maps_to}
                )
            mapped.add(maps_to)
            item["maps_to"] = maps_to
        clean.append(item)
    return clean


def clean_answer(item: Mapping[str, Any], raw: Any) -> Any:
    """One answer, typed; None when empty. Raises AnswerError with a code."""
    key, kind = item["key"], item["type"]
    empty = raw is None or raw == "" or raw == [] or (isinstance(raw, str) and not raw.strip())
    if empty:
        if item.get("required"):
            raise AnswerError(key, "required")
        return None
    if kind == "open":
        text = str(raw).strip()
        if len(text) > MAX_OPEN_LENGTH:
            raise AnswerError(key, "length")
        return text
    if kind == "single":
        allowed = {c["value"] for c in item["choices"]}
        if str(raw) not in allowed:
            raise AnswerError(key, "choice")
        return str(raw)
    if kind == "multiple":
        given = raw if isinstance(raw, list) else [raw]
        values = [c["value"] for c in item["choices"]]
        picked = [str(v) for v in given]
        if any(v not in values for v in picked):
            raise AnswerError(key, "choice")
        return [v for v in values if v in picked]
    if kind in ("scale", "number"):
        try:
            number = Decimal(str(raw).replace(",", "."))
        except InvalidOperation:
            raise AnswerError(key, "number") from None
        if not number.is_finite():
            raise AnswerError(key, "number")
        low, high = item.get("min"), item.get("max")
        if (low is not None and number < Decimal(str(low))) or (
            high is not None and number > Decimal(str(high))
        ):
            raise AnswerError(key, "range")
        if kind == "scale":
            if number != number.to_integral_value():
                raise AnswerError(key, "number")
            return int(number)
        return str(number)
    if kind == "yesno":
        if raw in (True, "true", "yes", "ja", "1", 1):
            return True
        if raw in (False, "false", "no", "nee", "0", 0):
            return False
        raise AnswerError(key, "yesno")
    if kind == "date":
        try:
            return dt.date.fromisoformat(str(raw)).isoformat()
        except ValueError:
            raise AnswerError(key, "date") from None
    raise AnswerError(key, "type")


def clean_answers(
    items: list[dict[str, Any]], raw: Mapping[str, Any]
) -> tuple[dict[str, Any], list[AnswerError]]:
    """All answers of a script, and every error (not just the first)."""
    answers: dict[str, Any] = {}
    errors: list[AnswerError] = []
    for item in items:
        try:
            value = clean_answer(item, raw.get(item["key"]))
        except AnswerError as exc:
            errors.append(exc)
            continue
        if value is not None:
            answers[item["key"]] = value
    return answers, errors


def mapped_fields(items: list[dict[str, Any]], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The structured conversation fields filled by mapped items."""
    out: dict[str, Any] = {}
    for item in items:
        target = item.get("maps_to")
        if target and item["key"] in answers:
            out[target] = answers[item["key"]]
    return out


def label(item_or_choice: Mapping[str, Any], language: str) -> str:
    return str(item_or_choice.get(f"label_{language}") or item_or_choice.get("label_nl", ""))


#: The four open questions of the programme and the structured items of DESIGN.md.
DEFAULT_ITEMS: list[dict[str, Any]] = [
    {
        "key": "how_is_it_going",
        "type": "open",
        "label_nl": "Hoe gaat het?",
        "label_en": "How is it going?",
        "help_nl": "Laat de ondernemer vrij vertellen; noteer in eigen woorden.",
        "help_en": "Let the entrepreneur talk freely; note it in your own words.",
    },
    {
        "key": "what_still_works",
        "type": "open",
        "label_nl": "Wat werkt nog?",
        "label_en": "What still works?",
    },
    {
        "key": "what_is_hard",
        "type": "open",
        "label_nl": "Waar loop je tegen aan?",
        "label_en": "What are you running into?",
    },
    {
        "key": "how_can_we_help",
        "type": "open",
        "label_nl": "Wat kunnen wij voor u betekenen?",
        "label_en": "What can we do for you?",
    },
    {
        "key": "health",
        "type": "single",
        "required": True,
        "maps_to": "health",
        "label_nl": "Hoe gaat het volgens jou echt met deze onderneming?",
        "label_en": "How is this business really doing, in your judgement?",
        "choices": [
            _choice("green", "Groen: het gaat goed", "Green: doing fine"),
            _choice("orange", "Oranje: zorgen", "Orange: worried"),
            _choice("red", "Rood: in moeilijkheden", "Red: in trouble"),
        ],
    },
    {
        "key": "turnover_change",
        "type": "single",
        "maps_to": "turnover_change",
        "label_nl": "Omzet tegenover vorig jaar",
        "label_en": "Turnover compared with last year",
        "choices": [
            _choice("lt-50", "Meer dan 50% lager", "Down more than 50%"),
            _choice("-50-25", "25 tot 50% lager", "Down 25 to 50%"),
            _choice("-25-10", "10 tot 25% lager", "Down 10 to 25%"),
            _choice("-10+10", "Ongeveer gelijk (±10%)", "About the same (±10%)"),
            _choice("gt+10", "Meer dan 10% hoger", "Up more than 10%"),
        ],
    },
    {
        "key": "liquidity_horizon",
        "type": "single",
        "maps_to": "liquidity_horizon",
        "label_nl": "Hoe lang kan de onderneming met de huidige kaspositie verder?",
        "label_en": "How long can the business carry on with its current cash?",
        "choices": [
            _choice("lt1", "Minder dan 1 maand", "Less than 1 month"),
            _choice("1-3", "1 tot 3 maanden", "1 to 3 months"),
            _choice("3-6", "3 tot 6 maanden", "3 to 6 months"),
            _choice("6-12", "6 tot 12 maanden", "6 to 12 months"),
            _choice("gt12", "Meer dan 12 maanden", "More than 12 months"),
        ],
    },
    {
        "key": "temporary_unemployment",
        "type": "single",
        "maps_to": "temporary_unemployment",
        "label_nl": "Tijdelijke werkloosheid",
        "label_en": "Temporary unemployment",
        "choices": [
            _choice("none", "Nee", "No"),
            _choice("partial", "Voor een deel van het personeel", "Part of the staff"),
            _choice("full", "Voor al het personeel", "All staff"),
        ],
    },
    {
        "key": "arrears",
        "type": "multiple",
        "maps_to": "arrears",
        "label_nl": "Achterstallen",
        "label_en": "Arrears",
        "help_nl": "Duid alles aan wat van toepassing is.",
        "help_en": "Tick everything that applies.",
        "choices": [
            _choice("rsz", "RSZ (sociale zekerheid)", "Social security (RSZ)"),
            _choice("vat", "Btw", "VAT"),
            _choice("withholding", "Bedrijfsvoorheffing", "Withholding tax"),
            _choice("suppliers", "Leveranciers", "Suppliers"),
            _choice("rent", "Huur", "Rent"),
        ],
    },
    {
        "key": "outlook",
        "type": "single",
        "maps_to": "outlook",
        "label_nl": "Verwachting voor de komende drie maanden",
        "label_en": "Outlook for the next three months",
        "choices": [
            _choice("worse", "Slechter", "Worse"),
            _choice("same", "Ongeveer gelijk", "About the same"),
            _choice("better", "Beter", "Better"),
        ],
    },
    {
        "key": "asks_for_help",
        "type": "yesno",
        "maps_to": "asks_for_help",
        "label_nl": "Vraagt de ondernemer om hulp of begeleiding?",
        "label_en": "Does the entrepreneur ask for help or coaching?",
    },
]

DEFAULT_INTRO_NL = (
    "Goedendag, u spreekt met {caller}, bestuurslid van de federatie in {chapter}. Wij bellen onze "
    "leden om te horen hoe het met hen gaat. Hebt u vijf minuten?"
)
DEFAULT_INTRO_EN = (
    "Good day, this is {caller}, a board member of the federation in {chapter}. We are calling our "
    "members to hear how they are doing. Do you have five minutes?"
)
