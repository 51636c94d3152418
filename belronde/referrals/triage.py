"""Triage: transparent rules that suggest a referral after a conversation. Pure Python.

The rules only *suggest*; a person decides (GDPR Art. 22: no decision based solely on automated
processing), and both the suggestion and the decision are recorded. Each rule that fires gives a
reason code the screen shows in words, so the caller sees why.

Rules (issue 5, DESIGN.md):

- ``health_red``: the caller judged the business red (in trouble);
- ``short_liquidity``: cash lasts less than 3 months;
- ``public_arrears``: arrears with social security (RSZ), VAT or withholding tax;
- ``asks_for_help``: the entrepreneur asks for help or coaching;
- ``two_rounds_worrying``: orange or worse in this round and in the previous round.

Where to: the federation's coaching by default. Long-term support (the partner, e.g. Dyzo) is
suggested when the trouble looks deep and lasting: red in two rounds in a row, or red with cash
for less than a month together with public arrears.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

WORRYING = frozenset({"orange", "red"})
SHORT_HORIZONS = frozenset({"lt1", "1-3"})
VERY_SHORT_HORIZONS = frozenset({"lt1"})
PUBLIC_ARREARS = ("rsz", "vat", "withholding")

COACHING = "coaching"
PARTNER = "partner"

RULE_CODES = (
    "health_red",
    "short_liquidity",
    "public_arrears",
    "asks_for_help",
    "two_rounds_worrying",
)


@dataclass(frozen=True)
class Facts:
    """What triage looks at: one conversation's structured answers (and the previous round's)."""

    health: str
    liquidity_horizon: str = ""
    arrears: tuple[str, ...] = ()
    asks_for_help: bool = False
    previous_health: str = ""


@dataclass(frozen=True)
class Reason:
    code: str
    #: the values that made the rule fire, e.g. ("rsz", "vat") or ("orange", "red")
    values: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "values": list(self.values)}


@dataclass(frozen=True)
class Suggestion:
    reasons: tuple[Reason, ...] = field(default_factory=tuple)
    target: str = ""  # "coaching" | "partner" | "" (no referral suggested)

    @property
    def refer(self) -> bool:
        return bool(self.reasons)

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    def as_dicts(self) -> list[dict[str, object]]:
        return [r.as_dict() for r in self.reasons]


def suggest(facts: Facts) -> Suggestion:
    reasons: list[Reason] = []
    if facts.health == "red":
        reasons.append(Reason("health_red"))
    if facts.liquidity_horizon in SHORT_HORIZONS:
        reasons.append(Reason("short_liquidity", (facts.liquidity_horizon,)))
    public = tuple(a for a in PUBLIC_ARREARS if a in set(facts.arrears))
    if public:
        reasons.append(Reason("public_arrears", public))
    if facts.asks_for_help:
        reasons.append(Reason("asks_for_help"))
    if facts.health in WORRYING and facts.previous_health in WORRYING:
        reasons.append(Reason("two_rounds_worrying", (facts.previous_health, facts.health)))
    if not reasons:
        return Suggestion()
    deep = (facts.health == "red" and facts.previous_health == "red") or (
        facts.health == "red" and facts.liquidity_horizon in VERY_SHORT_HORIZONS and bool(public)
    )
    return Suggestion(tuple(reasons), PARTNER if deep else COACHING)


def reasons_from_dicts(items: Iterable[dict[str, object]]) -> list[Reason]:
    """Reasons stored as JSON back as Reason objects (unknown codes are kept as they are)."""
    found = []
    for item in items:
        values = item.get("values") or []
        found.append(
            Reason(
                str(item.get("code", "")),
                tuple(str(v) for v in values) if isinstance(values, list) else (),
            )
        )
    return found
