"""Altman's distress scores: Z (1968), Z' (private firms), Z'' (non-manufacturers) and EMS.

Coefficients and zone cut-offs, as published by Altman and checked against
``shared/reference/coaching-finance.md`` sections 1.1 to 1.3:

=========  =========================================================  ======================
model      score                                                      zones
=========  =========================================================  ======================
Z          1.2 X1 + 1.4 X2 + 3.3 X3 + 0.6 X4(market) + 1.0 X5        distress < 1.81,
           Altman (1968), Journal of Finance 23(4): 589-609            grey 1.81-2.99,
                                                                      safe > 2.99
Z'         0.717 X1 + 0.847 X2 + 3.107 X3 + 0.420 X4(book)            distress < 1.23,
           + 0.998 X5; Altman (2000), NYU Stern working paper;        grey 1.23-2.90,
           Altman & Hotchkiss (2006)                                  safe > 2.90
Z''        6.56 X1 + 3.26 X2 + 6.72 X3 + 1.05 X4(book)               distress < 1.10,
           Altman, Hartzell & Peck (1995); Altman (2000, 2005)        grey 1.10-2.60,
                                                                      safe > 2.60
EMS        Z'' + 3.25 (Altman 2005, Emerging Markets Review 6)        the Z'' cut-offs
                                                                      + 3.25: 4.35 / 5.85
=========  =========================================================  ======================

with X1 = working capital / total assets, X2 = retained earnings / total assets,
X3 = EBIT / total assets, X4 = equity (market value for Z, book value otherwise) / total
liabilities, X5 = sales / total assets. All ratios are decimals (0.218, not 21.8 %): Altman's
original notation (0.012 X1 ... 0.999 X5 with X1-X4 in percent) is the same model written
differently; we use the decimal form throughout.

Beware the widely copied textbook exercise (Ross/Westerfield/Jaffe, "Seether, LLC") that
gives Z'' as ``6.56 X1 + 3.26 X2 + 1.05 X3 + 6.72 X4``: it swaps Altman's X3 and X4 weights.
belronde follows Altman: 6.72 on EBIT / total assets, 1.05 on book equity / total liabilities.

Zone boundaries are inclusive on the grey side (a Z'' of exactly 1.10 or 2.60 is grey), and
the zone is read from the score as reported (rounded half up to four decimals).

From Belgian annual-account codes (``coaching-finance.md`` 1.7): total assets = 20/58; working
capital = (29/58 - 29) - 42/48 (accruals 490/1 and 492/3 left out); retained earnings = 13 + 14;
EBIT = 9901, the operating result (Altman's EBIT also holds non-operating items); book equity =
10/15; total liabilities = 16 + 17/49; sales = 70. When 70 is not disclosed (abbreviated and
micro models), Z' and Z are not computable and 9900 (gross margin) is never put in its place:
Z'' needs no sales and is the default for Belgian SMEs. No code holds a market value of
equity, so Z needs it given separately (listed firms only).

Scores are screening, never a verdict: re-estimated on Belgian data, Altman's models perform
poorly (Ooghe & Balcaen 2007). Every score carries its components, inputs and their sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from belronde.finance._num import FOUR_PLACES, TWO_PLACES, ZERO, finance_context, round4
from belronde.finance.codes import Schema
from belronde.finance.figures import Figures, How, Lookup

__all__ = [
    "DEFAULT_MODEL",
    "SPECS",
    "AltmanInputs",
    "Component",
    "Model",
    "ModelSpec",
    "NotComputable",
    "Score",
    "Zone",
    "compute_score",
    "compute_scores",
    "inputs_from_figures",
    "needed_for_safe_zone",
    "zone_for",
]


class Model(StrEnum):
    Z = "altman_z"
    Z_PRIME = "altman_z_prime"
    Z_DOUBLE_PRIME = "altman_z_double_prime"
    EMS = "altman_ems"


#: The default for Belgian SMEs: needs no turnover and no market value.
DEFAULT_MODEL = Model.Z_DOUBLE_PRIME


class Zone(StrEnum):
    SAFE = "safe"
    GREY = "grey"
    DISTRESS = "distress"


@dataclass(frozen=True)
class ModelSpec:
    model: Model
    name: str
    weights: Mapping[str, Decimal]
    distress_below: Decimal
    safe_above: Decimal
    constant: Decimal = ZERO
    #: X4 uses the market value of equity (Z) rather than book equity
    market_value: bool = False
    source: str = ""

    @property
    def needs_sales(self) -> bool:
        return "X5" in self.weights


D = Decimal
SPECS: dict[Model, ModelSpec] = {
    Model.Z: ModelSpec(
        Model.Z,
        "Altman Z (1968, public manufacturers)",
        {"X1": D("1.2"), "X2": D("1.4"), "X3": D("3.3"), "X4": D("0.6"), "X5": D("1.0")},
        D("1.81"),
        D("2.99"),
        market_value=True,
        source="Altman (1968), Journal of Finance 23(4): 589-609",
    ),
    Model.Z_PRIME: ModelSpec(
        Model.Z_PRIME,
        "Altman Z' (private firms)",
        {"X1": D("0.717"), "X2": D("0.847"), "X3": D("3.107"), "X4": D("0.420"), "X5": D("0.998")},
        D("1.23"),
        D("2.90"),
        source="Altman (2000), NYU Stern working paper; Altman & Hotchkiss (2006)",
    ),
    Model.Z_DOUBLE_PRIME: ModelSpec(
        Model.Z_DOUBLE_PRIME,
        "Altman Z'' (non-manufacturers)",
        {"X1": D("6.56"), "X2": D("3.26"), "X3": D("6.72"), "X4": D("1.05")},
        D("1.10"),
        D("2.60"),
        source="Altman, Hartzell & Peck (1995); Altman (2000)",
    ),
    Model.EMS: ModelSpec(
        Model.EMS,
        "Altman EMS (Z'' + 3.25)",
        {"X1": D("6.56"), "X2": D("3.26"), "X3": D("6.72"), "X4": D("1.05")},
        D("4.35"),
        D("5.85"),
        constant=D("3.25"),
        source="Altman (2005), Emerging Markets Review 6: 311-323",
    ),
}

#: What each X is: (numerator field, denominator field, English description).
_X: dict[str, tuple[str, str, str]] = {
    "X1": ("working_capital", "total_assets", "working capital / total assets"),
    "X2": ("retained_earnings", "total_assets", "retained earnings / total assets"),
    "X3": ("ebit", "total_assets", "EBIT / total assets"),
    "X4": ("book_equity", "total_liabilities", "book equity / total liabilities"),
    "X5": ("sales", "total_assets", "sales / total assets"),
}

FIELDS = (
    "total_assets",
    "current_assets",
    "current_liabilities",
    "working_capital",
    "retained_earnings",
    "ebit",
    "book_equity",
    "market_value_equity",
    "total_liabilities",
    "sales",
)


@dataclass(frozen=True)
class AltmanInputs:
    """The amounts Altman's models use. ``working_capital`` defaults to current assets minus
    current liabilities. ``sources`` says where each came from (codes and how)."""

    total_assets: Decimal | None = None
    current_assets: Decimal | None = None
    current_liabilities: Decimal | None = None
    working_capital: Decimal | None = None
    retained_earnings: Decimal | None = None
    ebit: Decimal | None = None
    book_equity: Decimal | None = None
    market_value_equity: Decimal | None = None
    total_liabilities: Decimal | None = None
    sales: Decimal | None = None
    sources: Mapping[str, str] = field(default_factory=dict)
    #: the model figures came from (sales missing in the abbreviated and micro models is
    #: "not disclosed"); None for named inputs
    schema: Schema | None = None

    def value(self, name: str) -> Decimal | None:
        if name == "working_capital" and self.working_capital is None:
            if self.current_assets is None or self.current_liabilities is None:
                return None
            with finance_context():
                return self.current_assets - self.current_liabilities
        result: Decimal | None = getattr(self, name)
        return result

    def as_dict(self) -> dict[str, Decimal]:
        """The known inputs, working capital included when it can be computed."""
        found = {name: self.value(name) for name in FIELDS}
        return {name: value for name, value in found.items() if value is not None}

    def scaled(self, factor: Decimal) -> AltmanInputs:
        with finance_context():
            values = {
                name: (None if getattr(self, name) is None else getattr(self, name) * factor)
                for name in FIELDS
            }
        return AltmanInputs(**values, sources=self.sources, schema=self.schema)


def _describe(lookup: Lookup) -> str:
    if lookup.how == How.REPORTED:
        return lookup.code
    if lookup.how == How.DERIVED:
        return f"{lookup.code} (derived: {lookup.formula})"
    if lookup.how == How.BLANK_ZERO:
        return f"{lookup.code} (blank, counted as 0)"
    return f"{lookup.code} (not reported)"


def inputs_from_figures(
    figures: Figures, *, market_value_equity: Decimal | None = None
) -> AltmanInputs:
    """Altman's inputs from one year's annual-account codes (mapping in the module docstring)."""
    ta = figures.lookup("20/58")
    ca_total = figures.lookup("29/58")
    ca_long = figures.lookup_or_zero("29")
    cl = figures.lookup("42/48")
    reserves = figures.lookup_or_zero("13")
    carried = figures.lookup_or_zero("14")
    ebit = figures.lookup("9901")
    equity = figures.lookup("10/15")
    provisions = figures.lookup_or_zero("16")
    debts = figures.lookup("17/49")
    sales = figures.lookup("70")

    def plus(*parts: tuple[int, Lookup]) -> Decimal | None:
        if any(p.value is None for _, p in parts):
            return None
        with finance_context():
            return sum((sign * p.value for sign, p in parts if p.value is not None), ZERO)

    # Retained earnings need at least one of 13 and 14 known for real (both blank is unknown,
    # unless the filing is complete).
    re_known = figures.complete or any(p.how != How.BLANK_ZERO for p in (reserves, carried))
    current_assets = plus((1, ca_total), (-1, ca_long))
    return AltmanInputs(
        total_assets=ta.value,
        current_assets=current_assets,
        current_liabilities=cl.value,
        retained_earnings=plus((1, reserves), (1, carried)) if re_known else None,
        ebit=ebit.value,
        book_equity=equity.value,
        market_value_equity=market_value_equity,
        total_liabilities=plus((1, provisions), (1, debts)),
        sales=sales.value,
        schema=figures.schema,
        sources={
            "total_assets": _describe(ta),
            "current_assets": f"{_describe(ca_total)} - {_describe(ca_long)}",
            "current_liabilities": _describe(cl),
            "working_capital": "current_assets - current_liabilities",
            "retained_earnings": f"{_describe(reserves)} + {_describe(carried)}",
            "ebit": _describe(ebit),
            "book_equity": _describe(equity),
            "total_liabilities": f"{_describe(provisions)} + {_describe(debts)}",
            "sales": _describe(sales),
            "market_value_equity": "given" if market_value_equity is not None else "no code",
        },
    )


@dataclass(frozen=True)
class Component:
    key: str
    description: str
    numerator: str
    denominator: str
    #: the ratio Xn, exact and rounded to four decimals
    exact: Decimal
    weight: Decimal
    exact_contribution: Decimal

    @property
    def value(self) -> Decimal:
        return round4(self.exact)

    @property
    def contribution(self) -> Decimal:
        return round4(self.exact_contribution)


@dataclass(frozen=True)
class Score:
    model: Model
    spec: ModelSpec
    #: as reported: rounded half up to four decimals
    score: Decimal
    exact: Decimal
    zone: Zone
    components: tuple[Component, ...]
    inputs: AltmanInputs

    def component(self, key: str) -> Component:
        return next(c for c in self.components if c.key == key)


@dataclass(frozen=True)
class NotComputable:
    model: Model
    #: ``no_market_value``, ``no_sales``, ``missing_input``, ``condition_failed``
    reason_code: str
    reason: str
    missing: tuple[str, ...] = ()


def zone_for(model: Model, score: Decimal) -> Zone:
    """Altman's zone for a score: safe above the upper cut-off, distress below the lower one,
    grey in between (both cut-offs included)."""
    spec = SPECS[model]
    if score > spec.safe_above:
        return Zone.SAFE
    if score < spec.distress_below:
        return Zone.DISTRESS
    return Zone.GREY


def compute_score(model: Model, inputs: AltmanInputs) -> Score | NotComputable:
    spec = SPECS[model]
    needed = ["total_assets", "working_capital", "retained_earnings", "ebit", "total_liabilities"]
    needed.append("market_value_equity" if spec.market_value else "book_equity")
    if spec.needs_sales:
        needed.append("sales")
    missing = tuple(name for name in needed if inputs.value(name) is None)
    if spec.market_value and "market_value_equity" in missing:
        return NotComputable(
            model,
            "no_market_value",
            "Needs the market value of equity (listed firms only); use Z' or Z'' for a private "
            "firm.",
            missing,
        )
    if "sales" in missing and inputs.schema in {Schema.ABBREVIATED, Schema.MICRO}:
        return NotComputable(
            model,
            "no_sales",
            "Needs sales (turnover, 70), which the abbreviated and micro models need not "
            "disclose; Z'' needs no sales.",
            missing,
        )
    if missing:
        return NotComputable(
            model, "missing_input", "Missing input: " + ", ".join(missing) + ".", missing
        )
    ta = inputs.value("total_assets")
    tl = inputs.value("total_liabilities")
    assert ta is not None and tl is not None
    if ta <= 0:
        return NotComputable(model, "condition_failed", "Total assets must be positive.")
    if tl <= 0:
        return NotComputable(
            model,
            "condition_failed",
            "Total liabilities must be positive: X4 (equity / liabilities) is undefined.",
        )
    components: list[Component] = []
    with finance_context():
        total = spec.constant
        for key, weight in spec.weights.items():
            num_name, den_name, description = _X[key]
            if key == "X4" and spec.market_value:
                num_name, description = (
                    "market_value_equity",
                    "market value of equity / total liabilities",
                )
            numerator = inputs.value(num_name)
            denominator = inputs.value(den_name)
            assert numerator is not None and denominator is not None
            x = numerator / denominator
            contribution = weight * x
            total += contribution
            components.append(
                Component(key, description, num_name, den_name, x, weight, contribution)
            )
    reported = round4(total)
    return Score(model, spec, reported, total, zone_for(model, reported), tuple(components), inputs)


def compute_scores(
    inputs: AltmanInputs, models: Iterable[Model] = tuple(Model)
) -> list[Score | NotComputable]:
    return [compute_score(model, inputs) for model in models]


def needed_for_safe_zone(score: Score) -> dict[str, Decimal]:
    """How much more working capital (X1) or EBIT (X3) alone, all else equal, would lift the
    score just past the safe cut-off. Empty when the score is already safe. Illustrative: it
    ignores that a change in one figure moves others."""
    if score.zone == Zone.SAFE:
        return {}
    ta = score.inputs.value("total_assets")
    assert ta is not None
    result: dict[str, Decimal] = {}
    with finance_context():
        # one unit of the reported precision past the cut-off, which itself is still grey
        gap = score.spec.safe_above + FOUR_PLACES - score.exact
        for key, name in (("X1", "working_capital"), ("X3", "ebit")):
            weight = score.spec.weights[key]
            result[name] = (gap / weight * ta).quantize(TWO_PLACES, rounding=ROUND_CEILING)
    return result
