"""Financial ratios with NBB-style definitions, computation conditions, traffic lights and trends.

Definitions follow the families of the NBB "Ondernemingsdossier" (liquidity, solvency,
profitability) as summarised in ``shared/reference/coaching-finance.md`` section 1.7, with the
NBB's practice of a computation condition per ratio (a denominator must be positive; turnover
must be reported). A ratio whose inputs are missing, or whose condition fails, is *not
computable* with the reason; it is never estimated.

Two equivalent ways to write the liquidity numerators exist. By the model's own identity
``29/58 = 29 + 3 + 40/41 + 50/53 + 54/58 + 490/1``, so

- liquidity in the broad sense: ``(3 + 40/41 + 50/53 + 54/58 + 490/1) / (42/48 + 492/3)``
  = ``(29/58 - 29) / (42/48 + 492/3)``;
- liquidity in the narrow sense: ``(40/41 + 50/53 + 54/58 + 490/1) / (42/48 + 492/3)``
  = ``(29/58 - 29 - 3) / (42/48 + 492/3)``.

belronde computes the second form, which needs only the totals plus the detail items 29 and 3
(nil when blank), and shows it.

Traffic lights use coaching rules of thumb, not legal or NBB norms (the NBB compares with the
sector instead): they are in :data:`RATIOS` next to each ratio and are easy to change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from belronde.finance._num import HUNDRED, ZERO, finance_context, round2, round4
from belronde.finance.codes import Schema
from belronde.finance.figures import Figures, How, Lookup

__all__ = [
    "RATIOS",
    "Direction",
    "Light",
    "RatioDefinition",
    "RatioResult",
    "Thresholds",
    "Trend",
    "Unit",
    "compute_ratio",
    "compute_ratios",
    "trend",
]


class Unit(StrEnum):
    RATIO = "ratio"
    PERCENT = "percent"
    AMOUNT = "amount"


class Light(StrEnum):
    GREEN = "green"
    ORANGE = "orange"
    RED = "red"


@dataclass(frozen=True)
class Thresholds:
    """Green at or beyond ``good``, red beyond ``bad`` the other way, orange in between."""

    good: Decimal
    bad: Decimal
    higher_is_better: bool = True

    def light(self, value: Decimal) -> Light:
        if self.higher_is_better:
            if value >= self.good:
                return Light.GREEN
            return Light.RED if value < self.bad else Light.ORANGE
        if value <= self.good:
            return Light.GREEN
        return Light.RED if value > self.bad else Light.ORANGE


#: (sign, code, required): a required code must be known; the others are nil when blank.
Term = tuple[int, str, bool]


@dataclass(frozen=True)
class RatioDefinition:
    key: str
    name: str
    numerator: tuple[Term, ...]
    denominator: tuple[Term, ...] | None
    unit: Unit
    formula: str
    condition: str
    thresholds: Thresholds | None
    #: denominator codes that must be strictly positive (beyond the denominator as a whole)
    positive: tuple[str, ...] = ()


@dataclass(frozen=True)
class RatioResult:
    definition: RatioDefinition
    year: int
    #: rounded to four decimals (amounts to cents); percentages in percent (24.5 is 24.5 %)
    value: Decimal | None
    light: Light | None
    #: why it is not computable: ``missing_input``, ``turnover_not_disclosed``,
    #: ``condition_failed``; empty when computed
    reason_code: str
    reason: str
    missing: tuple[str, ...]
    inputs: tuple[Lookup, ...]

    @property
    def key(self) -> str:
        return self.definition.key

    @property
    def computable(self) -> bool:
        return self.value is not None

    @property
    def blank_codes(self) -> tuple[str, ...]:
        """Codes counted as nil because they were left blank (shown next to the ratio)."""
        return tuple(i.code for i in self.inputs if i.how == How.BLANK_ZERO)

    @property
    def derived_inputs(self) -> tuple[Lookup, ...]:
        return tuple(i for i in self.inputs if i.how == How.DERIVED)


def _t(code: str, sign: int = 1, *, required: bool = True) -> Term:
    return (sign, code, required)


def _opt(code: str, sign: int = 1) -> Term:
    return (sign, code, False)


_CURRENT_LIABILITIES = (_t("42/48"), _opt("492/3"))

RATIOS: tuple[RatioDefinition, ...] = (
    RatioDefinition(
        key="liquidity_broad",
        name="Liquidity in the broad sense (current ratio)",
        numerator=(_t("29/58"), _opt("29", -1)),
        denominator=_CURRENT_LIABILITIES,
        unit=Unit.RATIO,
        formula="(29/58 - 29) / (42/48 + 492/3)",
        condition="42/48 + 492/3 > 0",
        thresholds=Thresholds(Decimal("1.5"), Decimal("1.0")),
    ),
    RatioDefinition(
        key="liquidity_narrow",
        name="Liquidity in the narrow sense (quick ratio)",
        numerator=(_t("29/58"), _opt("29", -1), _opt("3", -1)),
        denominator=_CURRENT_LIABILITIES,
        unit=Unit.RATIO,
        formula="(29/58 - 29 - 3) / (42/48 + 492/3)",
        condition="42/48 + 492/3 > 0",
        thresholds=Thresholds(Decimal("1.0"), Decimal("0.5")),
    ),
    RatioDefinition(
        key="solvency",
        name="Solvency (degree of financial independence)",
        numerator=(_t("10/15"),),
        denominator=(_t("10/49"),),
        unit=Unit.PERCENT,
        formula="10/15 / 10/49 x 100",
        condition="10/49 > 0",
        thresholds=Thresholds(Decimal(30), Decimal(15)),
    ),
    RatioDefinition(
        key="debt_ratio",
        name="Debt ratio",
        numerator=(_opt("16"), _t("17/49")),
        denominator=(_t("10/49"),),
        unit=Unit.PERCENT,
        formula="(16 + 17/49) / 10/49 x 100",
        condition="10/49 > 0",
        thresholds=Thresholds(Decimal(70), Decimal(85), higher_is_better=False),
    ),
    RatioDefinition(
        key="tax_social_debt_pressure",
        name="Tax and social debt pressure",
        numerator=(_t("45"),),
        denominator=(_t("42/48"),),
        unit=Unit.PERCENT,
        formula="45 / 42/48 x 100",
        condition="42/48 > 0",
        thresholds=Thresholds(Decimal(20), Decimal(35), higher_is_better=False),
    ),
    RatioDefinition(
        key="return_on_equity",
        name="Return on equity after tax",
        numerator=(_t("9904"),),
        denominator=(_t("10/15"),),
        unit=Unit.PERCENT,
        formula="9904 / 10/15 x 100",
        condition="10/15 > 0",
        thresholds=Thresholds(Decimal(5), Decimal(0)),
    ),
    RatioDefinition(
        key="operating_margin",
        name="Operating margin",
        numerator=(_t("9901"),),
        denominator=(_t("70"),),
        unit=Unit.PERCENT,
        formula="9901 / 70 x 100",
        condition="70 > 0",
        thresholds=Thresholds(Decimal(5), Decimal(0)),
    ),
    RatioDefinition(
        key="operating_result_to_gross_margin",
        name="Operating result on gross margin",
        numerator=(_t("9901"),),
        denominator=(_t("9900"),),
        unit=Unit.PERCENT,
        formula="9901 / 9900 x 100",
        condition="9900 > 0",
        thresholds=Thresholds(Decimal(10), Decimal(0)),
    ),
    RatioDefinition(
        key="cash_flow",
        name="Cash flow (result plus non-cash charges)",
        numerator=(_t("9904"), _opt("630"), _opt("631/4"), _opt("635/8")),
        denominator=None,
        unit=Unit.AMOUNT,
        formula="9904 + 630 + 631/4 + 635/8",
        condition="",
        thresholds=Thresholds(ZERO, ZERO),
    ),
    RatioDefinition(
        key="cash_flow_to_total_assets",
        name="Cash flow on total assets",
        numerator=(_t("9904"), _opt("630"), _opt("631/4"), _opt("635/8")),
        denominator=(_t("20/58"),),
        unit=Unit.PERCENT,
        formula="(9904 + 630 + 631/4 + 635/8) / 20/58 x 100",
        condition="20/58 > 0",
        thresholds=Thresholds(Decimal(6), Decimal(0)),
    ),
)

_BY_KEY = {d.key: d for d in RATIOS}


def _sum(figures: Figures, terms: Sequence[Term]) -> tuple[Decimal | None, list[Lookup]]:
    total = ZERO
    lookups: list[Lookup] = []
    complete = True
    for sign, code, required in terms:
        found = figures.lookup(code) if required else figures.lookup_or_zero(code)
        lookups.append(found)
        if found.value is None:
            complete = False
            continue
        with finance_context():
            total += sign * found.value
    return (total if complete else None), lookups


def compute_ratio(definition: RatioDefinition | str, figures: Figures) -> RatioResult:
    """One ratio for one year's figures."""
    d = _BY_KEY[definition] if isinstance(definition, str) else definition
    numerator, lookups = _sum(figures, d.numerator)
    denominator: Decimal | None = Decimal(1)
    if d.denominator is not None:
        denominator, more = _sum(figures, d.denominator)
        lookups += more
    missing = tuple(i.code for i in lookups if i.value is None)

    def fail(code: str, reason: str) -> RatioResult:
        return RatioResult(d, figures.year, None, None, code, reason, missing, tuple(lookups))

    if missing:
        if "70" in missing and figures.schema in {Schema.ABBREVIATED, Schema.MICRO}:
            return fail(
                "turnover_not_disclosed",
                "Turnover (70) is not reported; the abbreviated and micro models need not "
                "disclose it.",
            )
        return fail("missing_input", "Not reported: " + ", ".join(missing) + ".")
    assert numerator is not None and denominator is not None
    if d.denominator is not None and denominator <= 0:
        return fail("condition_failed", f"Computation condition not met: {d.condition}.")
    with finance_context():
        exact = numerator / denominator
        if d.unit == Unit.PERCENT:
            exact *= HUNDRED
    value = round2(exact) if d.unit == Unit.AMOUNT else round4(exact)
    light = d.thresholds.light(value) if d.thresholds else None
    return RatioResult(d, figures.year, value, light, "", "", (), tuple(lookups))


def compute_ratios(figures: Figures) -> list[RatioResult]:
    """Every ratio of :data:`RATIOS` for one year, in that order."""
    return [compute_ratio(d, figures) for d in RATIOS]


class Direction(StrEnum):
    UP = "up"
    DOWN = "down"
    STABLE = "stable"


@dataclass(frozen=True)
class Trend:
    direction: Direction
    from_year: int
    to_year: int
    change: Decimal
    #: None when the ratio has no better direction
    improving: bool | None


#: A change of at most 2 % of the earlier value reads as stable.
STABLE_BAND = Decimal("0.02")


def trend(
    series: Sequence[tuple[int, Decimal | None]], *, higher_is_better: bool | None = True
) -> Trend | None:
    """The movement between the last two years with a value (None with fewer than two)."""
    known = [(year, value) for year, value in sorted(series) if value is not None]
    if len(known) < 2:
        return None
    (y0, v0), (y1, v1) = known[-2], known[-1]
    with finance_context():
        change = v1 - v0
        band = abs(v0) * STABLE_BAND
    if change == 0 or (v0 != 0 and abs(change) <= band):
        direction = Direction.STABLE
    else:
        direction = Direction.UP if change > 0 else Direction.DOWN
    improving: bool | None = None
    if higher_is_better is not None and direction != Direction.STABLE:
        improving = (direction == Direction.UP) == higher_is_better
    return Trend(direction, y0, y1, round4(change), improving)
