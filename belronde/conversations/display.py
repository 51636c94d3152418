"""How a conversation reads on screen: the script's questions with the answers, in a language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from belronde.campaigns import script_items
from belronde.conversations.models import Conversation


@dataclass(frozen=True)
class AnswerRow:
    key: str
    question: str
    answer: str
    open: bool


def _display(item: dict[str, Any], value: Any, language: str) -> str:
    kind = item["type"]
    if kind in ("single", "multiple"):
        labels = {c["value"]: script_items.label(c, language) for c in item.get("choices", [])}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if kind == "yesno":
        return _("Yes") if value else _("No")
    return str(value)


def answer_rows(conversation: Conversation, language: str) -> list[AnswerRow]:
    """Every answered item in script order, then answers to items the script no longer has."""
    items = conversation.script_version.items if conversation.script_version else []
    answers = conversation.answers or {}
    rows = [
        AnswerRow(
            item["key"],
            script_items.label(item, language),
            _display(item, answers[item["key"]], language),
            item["type"] == "open",
        )
        for item in items
        if item["key"] in answers
    ]
    known = {item["key"] for item in items}
    rows.extend(
        AnswerRow(key, key, str(value), isinstance(value, str))
        for key, value in answers.items()
        if key not in known
    )
    return rows
