"""Statutory alarm bells of the Belgian Companies and Associations Code (WVV/CSA, 2019).

Source: ``shared/reference/coaching-finance.md`` section 1.8. Re-check the text on Justel before
relying on it in a procedure; these are screening aids for a coach, not legal advice.

- **BV, art. 5:153** (and the cooperative **CV, art. 6:119**, same scheme): (a) the net assets
  risk becoming or have become negative; (b) the board finds it no longer certain that the
  company can pay its debts as they fall due over at least the next twelve months. The board
  convenes the general meeting within two months of the finding (or of when it should have been
  made) to deliberate on dissolution or on measures for continuity, with a special report.
- **NV, art. 7:228**: net assets below half of the capital: general meeting within two months,
  with a special report on dissolution or recovery measures.
- **NV, art. 7:229**: net assets below a quarter of the capital: the same procedure, and
  dissolution can be decided by a quarter of the votes cast.
- **NV, art. 7:230**: net assets below the legal minimum capital (EUR 61,500, art. 7:2): any
  interested party may ask the court to dissolve the company.

Net assets as the Code defines them (art. 5:142 BV / 7:212 NV): total assets less provisions
and debts, and (barring exceptions) less formation expenses and research and development costs
not yet written off. From the codes: ``20/58 - 16 - 17/49 - 20``, less R&D costs when known
(the models keep them inside intangible fixed assets, 21, so they must be given separately).

Art. 5:142/5:143 and 7:212 are *distribution* tests, not alarm bells, and are not checked here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from belronde.finance._num import ZERO, finance_context
from belronde.finance.figures import Figures, How, Lookup

__all__ = [
    "LEGAL_FORM_SPELLINGS",
    "NV_MINIMUM_CAPITAL",
    "AlarmCheck",
    "AlarmReport",
    "LegalForm",
    "NetAssets",
    "Status",
    "capital_from_figures",
    "check_alarm_bells",
    "net_assets_from_figures",
    "normalise_legal_form",
    "triggered_articles",
]

#: The minimum capital of an NV (WVV art. 7:2).
NV_MINIMUM_CAPITAL = Decimal(61500)


class LegalForm(StrEnum):
    BV = "BV"
    NV = "NV"
    CV = "CV"
    OTHER = "other"


#: Spellings and KBO juridical-form codes, old and new, mapped to the form the Code tests.
_FORMS: dict[str, LegalForm] = {
    **dict.fromkeys(
        ["BV", "BVBA", "EBVBA", "SRL", "SPRL", "SPRLU", "610", "015", "010", "510", "515", "215"],
        LegalForm.BV,
    ),
    **dict.fromkeys(["NV", "SA", "014", "514", "214"], LegalForm.NV),
    **dict.fromkeys(
        ["CV", "CVBA", "CVOA", "SC", "SCRL", "706", "008", "006", "016", "508"], LegalForm.CV
    ),
}


#: every accepted spelling, for schemas that list them (the API)
LEGAL_FORM_SPELLINGS: tuple[str, ...] = tuple(sorted(_FORMS))


def normalise_legal_form(text: str) -> LegalForm:
    """``"bvba"``, ``"B.V."``, ``"610"`` -> BV; ``"014"`` -> NV; unknown -> OTHER."""
    key = "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return _FORMS.get(key, LegalForm.OTHER)


class Status(StrEnum):
    TRIGGERED = "triggered"
    CLEAR = "clear"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class AlarmCheck:
    article: str
    #: ``net_assets_negative``, ``net_assets_at_risk``, ``liquidity_12_months``,
    #: ``below_half_capital``, ``below_quarter_capital``, ``below_minimum_capital``
    trigger: str
    status: Status
    description: str
    consequence: str
    #: the amounts compared, e.g. {"net_assets": ..., "threshold": ...}
    evidence: dict[str, Decimal]

    @property
    def triggered(self) -> bool:
        return self.status == Status.TRIGGERED


@dataclass(frozen=True)
class AlarmReport:
    legal_form: LegalForm
    applicable: bool
    checks: tuple[AlarmCheck, ...]
    note: str = ""

    @property
    def triggered(self) -> tuple[AlarmCheck, ...]:
        return tuple(c for c in self.checks if c.triggered)

    @property
    def articles_triggered(self) -> tuple[str, ...]:
        seen: list[str] = []
        for check in self.triggered:
            if check.article not in seen:
                seen.append(check.article)
        return tuple(seen)


_GM_TWO_MONTHS = (
    "The board must convene the general meeting within two months of establishing this (or of "
    "when it should have been established) to deliberate on dissolving the company or on "
    "measures to secure its continuity; the board's special report with the proposed measures "
    "is sent with the notice of the meeting."
)
_CONSEQUENCES = {
    "5:153": _GM_TWO_MONTHS,
    "6:119": _GM_TWO_MONTHS,
    "7:228": (
        "The board must convene the general meeting within two months of establishing this (or "
        "of when it should have been established) to deliberate on dissolution or on recovery "
        "measures, with a special report; if it does not, damage suffered by third parties is "
        "presumed to result from that failure."
    ),
    "7:229": (
        "The same procedure as art. 7:228 (general meeting within two months, special report); "
        "dissolution can then be decided by a quarter of the votes cast."
    ),
    "7:230": "Any interested party may ask the court to dissolve the company.",
}


@dataclass(frozen=True)
class NetAssets:
    """Net assets as the Code defines them, with the codes used."""

    value: Decimal | None
    inputs: tuple[Lookup, ...]
    rd_costs: Decimal | None
    formula: str = "20/58 - 16 - 17/49 - 20"

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(i.code for i in self.inputs if i.value is None)


def net_assets_from_figures(figures: Figures, *, rd_costs: Decimal | None = None) -> NetAssets:
    """``20/58 - 16 - 17/49 - 20`` (less unamortised R&D costs when given)."""
    inputs = (
        figures.lookup("20/58"),
        figures.lookup_or_zero("16"),
        figures.lookup("17/49"),
        figures.lookup_or_zero("20"),
    )
    if any(i.value is None for i in inputs):
        return NetAssets(None, inputs, rd_costs)
    ta, provisions, debts, formation = (i.value or ZERO for i in inputs)
    with finance_context():
        value = ta - provisions - debts - formation - (rd_costs or ZERO)
    return NetAssets(value, inputs, rd_costs)


def capital_from_figures(figures: Figures) -> Lookup:
    """The capital (10) of a company with capital, else the contribution (10/11) of one
    without; the lookup of 10 (missing) when neither is known."""
    capital = figures.lookup("10")
    if capital.value is not None and capital.how != How.BLANK_ZERO:
        return capital
    contribution = figures.lookup("10/11")
    if contribution.value is not None and contribution.how != How.BLANK_ZERO:
        return contribution
    return capital


def _status(condition: bool | None) -> Status:
    if condition is None:
        return Status.UNKNOWN
    return Status.TRIGGERED if condition else Status.CLEAR


def check_alarm_bells(
    *,
    legal_form: LegalForm | str,
    net_assets: Decimal | None,
    capital: Decimal | None = None,
    liquidity_doubt_12m: bool | None = None,
    net_assets_at_risk: bool | None = None,
) -> AlarmReport:
    """Run the alarm bells of the Code for one company.

    ``liquidity_doubt_12m`` and ``net_assets_at_risk`` are the board's (or coach's) judgement;
    None means not assessed, which leaves that trigger unknown rather than clear.
    """
    form = legal_form if isinstance(legal_form, LegalForm) else normalise_legal_form(legal_form)
    checks: list[AlarmCheck] = []
    if form in {LegalForm.BV, LegalForm.CV}:
        article = "5:153" if form == LegalForm.BV else "6:119"
        consequence = _CONSEQUENCES[article]
        negative = None if net_assets is None else net_assets < 0
        checks.append(
            AlarmCheck(
                article,
                "net_assets_negative",
                _status(negative),
                "The net assets have become negative.",
                consequence,
                {} if net_assets is None else {"net_assets": net_assets, "threshold": ZERO},
            )
        )
        at_risk: bool | None = net_assets_at_risk
        if negative:
            at_risk = None  # already negative: the first trigger says it
        checks.append(
            AlarmCheck(
                article,
                "net_assets_at_risk",
                Status.UNKNOWN if negative else _status(at_risk),
                "The net assets risk becoming negative.",
                consequence,
                {} if net_assets is None else {"net_assets": net_assets},
            )
        )
        checks.append(
            AlarmCheck(
                article,
                "liquidity_12_months",
                _status(liquidity_doubt_12m),
                "It is no longer certain that the company can pay its debts as they fall due "
                "over at least the next twelve months.",
                consequence,
                {},
            )
        )
        return AlarmReport(form, True, tuple(checks))
    if form == LegalForm.NV:
        with finance_context():
            half = None if capital is None else capital / 2
            quarter = None if capital is None else capital / 4
        for article, trigger, threshold, description in (
            ("7:228", "below_half_capital", half, "The net assets are below half of the capital."),
            (
                "7:229",
                "below_quarter_capital",
                quarter,
                "The net assets are below a quarter of the capital.",
            ),
            (
                "7:230",
                "below_minimum_capital",
                NV_MINIMUM_CAPITAL,
                "The net assets are below the legal minimum capital of an NV (EUR 61,500).",
            ),
        ):
            below = None if net_assets is None or threshold is None else net_assets < threshold
            evidence: dict[str, Decimal] = {}
            if net_assets is not None:
                evidence["net_assets"] = net_assets
            if threshold is not None:
                evidence["threshold"] = threshold
            if capital is not None and article != "7:230":
                evidence["capital"] = capital
            checks.append(
                AlarmCheck(
                    article,
                    trigger,
                    _status(below),
                    description,
                    _CONSEQUENCES[article],
                    evidence,
                )
            )
        return AlarmReport(form, True, tuple(checks))
    return AlarmReport(
        form,
        False,
        (),
        "The alarm-bell procedures of the Code apply to BV, NV and CV companies only.",
    )


def triggered_articles(reports: Iterable[AlarmReport]) -> tuple[str, ...]:
    seen: list[str] = []
    for report in reports:
        for article in report.articles_triggered:
            if article not in seen:
                seen.append(article)
    return tuple(seen)
