"""Early-warning signals as a checklist, each with its evidence.

The list follows Graydon's public "knipperlichten" and the signals the enterprise courts'
chambers for enterprises in difficulty receive (``coaching-finance.md`` sections 1.6 and 1.9):

- equity below half of the capital (or of the contribution, 10/11, for a company without
  capital);
- debt ratio over 100 % (the equity is negative);
- liquidity (in the broad sense) below 0.5;
- a loss (9904 < 0) in the last two consecutive years;
- no annual accounts filed for the last two years (a filing is due seven months after the
  year end);
- overdue tax debts (9072) and overdue debts to the RSZ (9076) in the annex of the accounts;
- arrears with RSZ, VAT or withholding tax (bedrijfsvoorheffing), protested bills and default
  judgments, which only the entrepreneur or a public register can tell: the coach records them.

A signal is *present* when the figures or the coach say so, *absent* when one of them rules it
out and neither reports it, and *unknown* otherwise. Each result carries its evidence.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from belronde.finance._num import finance_context
from belronde.finance.alarms import capital_from_figures
from belronde.finance.figures import Figures, How
from belronde.finance.ratios import compute_ratio

__all__ = [
    "FILING_DELAY_MONTHS",
    "SIGNALS",
    "CoachAnswer",
    "Evidence",
    "SignalDefinition",
    "SignalResult",
    "SignalStatus",
    "evaluate_signals",
    "filing_deadline",
    "overdue_filings",
]

#: Annual accounts are filed at the latest seven months after the year end (approval within
#: six months, filing within thirty days).
FILING_DELAY_MONTHS = 7


class SignalStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SignalDefinition:
    key: str
    name: str
    #: "figures": read from the accounts; "coach": only the coach can record it; "both"
    source: str


SIGNALS: tuple[SignalDefinition, ...] = (
    SignalDefinition("equity_below_half_capital", "Equity below half of the capital", "figures"),
    SignalDefinition("debt_ratio_over_100", "Debt ratio over 100 %", "figures"),
    SignalDefinition("liquidity_below_half", "Liquidity below 0.5", "figures"),
    SignalDefinition("losses_two_years", "Losses two years in a row", "figures"),
    SignalDefinition("accounts_not_filed", "No annual accounts filed for two years", "both"),
    SignalDefinition("overdue_tax_debts", "Overdue tax debts in the accounts", "figures"),
    SignalDefinition("rsz_arrears", "Arrears with the RSZ", "both"),
    SignalDefinition("vat_arrears", "Arrears with VAT", "coach"),
    SignalDefinition("withholding_tax_arrears", "Arrears with withholding tax", "coach"),
    SignalDefinition("protested_bills", "Protested bills", "coach"),
    SignalDefinition("default_judgments", "Default judgments", "coach"),
)
_BY_KEY = {s.key: s for s in SIGNALS}


@dataclass(frozen=True)
class Evidence:
    #: what was compared: ``equity_vs_capital``, ``debt_ratio``, ``liquidity``, ``net_result``,
    #: ``overdue_filings``, ``code_9072``, ``code_9076`` or ``coach``
    key: str
    year: int | None
    values: Mapping[str, Decimal]
    text: str
    note: str = ""


@dataclass(frozen=True)
class CoachAnswer:
    status: SignalStatus
    note: str = ""


@dataclass(frozen=True)
class SignalResult:
    definition: SignalDefinition
    status: SignalStatus
    evidence: tuple[Evidence, ...]
    from_figures: SignalStatus | None
    from_coach: SignalStatus | None

    @property
    def key(self) -> str:
        return self.definition.key


def _add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def filing_deadline(year_end: dt.date) -> dt.date:
    """The last day to file the accounts of a year ending on ``year_end``."""
    return _add_months(year_end, FILING_DELAY_MONTHS)


def overdue_filings(last_filed_year_end: dt.date, as_of: dt.date) -> list[dt.date]:
    """Year ends after the last filed one whose filing deadline has passed on ``as_of``."""
    overdue: list[dt.date] = []
    k = 1
    while True:
        year_end = _add_months(last_filed_year_end, 12 * k)
        if filing_deadline(year_end) >= as_of:
            return overdue
        overdue.append(year_end)
        k += 1


def _combine(figures: SignalStatus | None, coach: SignalStatus | None) -> SignalStatus:
    said = {s for s in (figures, coach) if s is not None}
    if SignalStatus.PRESENT in said:
        return SignalStatus.PRESENT
    if SignalStatus.ABSENT in said:
        return SignalStatus.ABSENT
    return SignalStatus.UNKNOWN


def _from_figures(
    key: str,
    years: Sequence[Figures],
    capital: Decimal | None,
    last_filed_year_end: dt.date | None,
    as_of: dt.date,
) -> tuple[SignalStatus | None, list[Evidence]]:
    latest = years[-1] if years else None
    if key == "accounts_not_filed":
        if last_filed_year_end is None:
            return SignalStatus.UNKNOWN, []
        overdue = overdue_filings(last_filed_year_end, as_of)
        status = SignalStatus.PRESENT if len(overdue) >= 2 else SignalStatus.ABSENT
        return status, [
            Evidence(
                "overdue_filings",
                last_filed_year_end.year,
                {"overdue": Decimal(len(overdue))},
                f"Last accounts filed for the year ending {last_filed_year_end.isoformat()}; "
                f"{len(overdue)} filing(s) overdue on {as_of.isoformat()}.",
            )
        ]
    if latest is None:
        return (SignalStatus.UNKNOWN if _BY_KEY[key].source != "coach" else None), []
    if key == "equity_below_half_capital":
        equity = latest.lookup("10/15").value
        cap = capital if capital is not None else capital_from_figures(latest).value
        if equity is None or cap is None or cap <= 0:
            return SignalStatus.UNKNOWN, []
        with finance_context():
            half = cap / 2
        present = equity < half
        return _yes(present), [
            Evidence(
                "equity_vs_capital",
                latest.year,
                {"equity": equity, "capital": cap, "half": half},
                f"Equity (10/15) {equity} against half of the capital {half} in {latest.year}.",
            )
        ]
    if key in {"debt_ratio_over_100", "liquidity_below_half"}:
        ratio_key = "debt_ratio" if key == "debt_ratio_over_100" else "liquidity_broad"
        result = compute_ratio(ratio_key, latest)
        if result.value is None:
            return SignalStatus.UNKNOWN, []
        limit = Decimal(100) if ratio_key == "debt_ratio" else Decimal("0.5")
        present = result.value > limit if ratio_key == "debt_ratio" else result.value < limit
        name = "debt_ratio" if ratio_key == "debt_ratio" else "liquidity"
        return _yes(present), [
            Evidence(
                name,
                latest.year,
                {"value": result.value, "threshold": limit},
                f"{result.definition.name} {result.value} in {latest.year} (threshold {limit}).",
            )
        ]
    if key == "losses_two_years":
        by_year = {f.year: f for f in years}
        previous = by_year.get(latest.year - 1)
        if previous is None:
            return SignalStatus.UNKNOWN, []
        results = [(f.year, f.lookup("9904").value) for f in (previous, latest)]
        evidence = [
            Evidence(
                "net_result",
                year,
                {"value": value},
                f"Result for the year (9904) {value} in {year}.",
            )
            for year, value in results
            if value is not None
        ]
        if any(value is None for _, value in results):
            return SignalStatus.UNKNOWN, evidence
        return _yes(all(value is not None and value < 0 for _, value in results)), evidence
    if key in {"overdue_tax_debts", "rsz_arrears"}:
        code = "9072" if key == "overdue_tax_debts" else "9076"
        found = latest.lookup(code)
        if found.value is None:
            return SignalStatus.UNKNOWN, []
        what = "Overdue tax debts" if code == "9072" else "Overdue debts to the RSZ"
        blank = " (blank in a complete filing)" if found.how == How.BLANK_ZERO else ""
        return _yes(found.value > 0), [
            Evidence(
                f"code_{code}",
                latest.year,
                {"value": found.value},
                f"{what} ({code}) {found.value} in {latest.year}{blank}.",
            )
        ]
    return None, []


def _yes(present: bool) -> SignalStatus:
    return SignalStatus.PRESENT if present else SignalStatus.ABSENT


def evaluate_signals(
    years: Sequence[Figures],
    *,
    as_of: dt.date,
    answers: Mapping[str, CoachAnswer] | None = None,
    capital: Decimal | None = None,
    last_filed_year_end: dt.date | None = None,
) -> list[SignalResult]:
    """Every signal of :data:`SIGNALS`, from the figures (any order) and the coach's answers.

    The coach's answers count for the signals whose source is "coach" or "both"; an answer of
    "unknown" counts as no answer.
    """
    ordered = sorted(years, key=lambda f: f.year)
    answers = answers or {}
    results: list[SignalResult] = []
    for definition in SIGNALS:
        figures_status: SignalStatus | None = None
        evidence: list[Evidence] = []
        if definition.source in {"figures", "both"}:
            figures_status, evidence = _from_figures(
                definition.key, ordered, capital, last_filed_year_end, as_of
            )
        answer = answers.get(definition.key) if definition.source != "figures" else None
        coach_status = None
        if answer is not None and answer.status != SignalStatus.UNKNOWN:
            coach_status = answer.status
        if answer is not None and (coach_status is not None or answer.note):
            text = f"Coach: {answer.status.value}. {answer.note}".strip()
            evidence.append(Evidence("coach", None, {}, text, answer.note))
        results.append(
            SignalResult(
                definition,
                _combine(figures_status, coach_status),
                tuple(evidence),
                figures_status,
                coach_status,
            )
        )
    return results
