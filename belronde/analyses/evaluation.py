"""Everything an analysis shows, computed once from its rows by belronde.finance.

Views, the PDF and the demo all read an :class:`Evaluation`; none of them computes anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from belronde.analyses.models import CashFlowForecast, FinancialAnalysis
from belronde.finance import cashflow, codes, ratios, scores
from belronde.finance.alarms import (
    AlarmReport,
    NetAssets,
    capital_from_figures,
    check_alarm_bells,
    net_assets_from_figures,
    normalise_legal_form,
)
from belronde.finance.figures import Figures, Inconsistency, Lookup
from belronde.finance.signals import (
    CoachAnswer,
    SignalResult,
    SignalStatus,
    evaluate_signals,
)

#: The models shown, in order; Z needs a market value no annual account holds.
SHOWN_MODELS = (scores.Model.Z_DOUBLE_PRIME, scores.Model.EMS, scores.Model.Z_PRIME)


@dataclass(frozen=True)
class RatioRow:
    definition: ratios.RatioDefinition
    results: list[ratios.RatioResult]
    trend: ratios.Trend | None

    @property
    def latest(self) -> ratios.RatioResult | None:
        return self.results[-1] if self.results else None


#: Besides the totals, the items the PDF report shows.
REPORT_CODES = frozenset({"3", "40/41", "54/58", "14", "45", "70", "9900", "9904"})


@dataclass(frozen=True)
class FigureRow:
    rubric: codes.Rubric
    #: per year, in year order: the amount as reported (None when not reported)
    values: list[Decimal | None]

    @property
    def in_report(self) -> bool:
        return self.rubric.total or self.rubric.code in REPORT_CODES


@dataclass(frozen=True)
class ScoreRow:
    model: scores.Model
    results: list[scores.Score | scores.NotComputable]

    @property
    def latest(self) -> scores.Score | scores.NotComputable | None:
        return self.results[-1] if self.results else None

    @property
    def series(self) -> list[tuple[int, Decimal | None]]:
        return [
            (year, r.score if isinstance(r, scores.Score) else None)
            for year, r in zip(self.years, self.results, strict=True)
        ]

    years: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Evaluation:
    analysis: FinancialAnalysis
    years: list[Figures]
    figure_rows: list[FigureRow]
    ratio_rows: list[RatioRow]
    score_rows: list[ScoreRow]
    net_assets: NetAssets | None
    capital: Lookup | None
    alarms: AlarmReport
    signals: list[SignalResult]
    inconsistencies: dict[int, list[Inconsistency]]
    forecast: cashflow.Forecast | None
    as_of: dt.date

    @property
    def year_numbers(self) -> list[int]:
        return [f.year for f in self.years]

    @property
    def latest(self) -> Figures | None:
        return self.years[-1] if self.years else None

    @property
    def main_score(self) -> ScoreRow:
        return self.score_rows[0]

    @property
    def latest_score(self) -> scores.Score | None:
        latest = self.main_score.latest
        return latest if isinstance(latest, scores.Score) else None

    @property
    def signals_present(self) -> list[SignalResult]:
        return [s for s in self.signals if s.status == SignalStatus.PRESENT]


def figures_of(analysis: FinancialAnalysis) -> list[Figures]:
    years: list[Figures] = []
    for fiscal_year in analysis.years.all().prefetch_related("figures").order_by("year"):
        years.append(
            Figures(
                fiscal_year.year,
                {f.code: f.value for f in fiscal_year.figures.all() if codes.is_known(f.code)},
                codes.Schema(fiscal_year.schema),
                fiscal_year.complete,
                fiscal_year.end_date,
            )
        )
    return years


def cashflow_input(forecast: CashFlowForecast) -> cashflow.CashFlowInput:
    return cashflow.CashFlowInput(
        start=forecast.start_date,
        opening_cash=forecast.opening_cash,
        undrawn_credit=forecast.undrawn_credit,
        minimum_buffer=forecast.minimum_buffer,
        cells=tuple(
            cashflow.Cell(c.week_start, c.category, c.forecast_amount, c.actual_amount)
            for c in forecast.cells.all()
            if (c.week_start - forecast.start_date).days % 7 == 0
        ),
    )


def evaluate(analysis: FinancialAnalysis, *, as_of: dt.date | None = None) -> Evaluation:
    as_of = as_of or timezone.localdate()
    years = figures_of(analysis)
    shown = [r for r in codes.RUBRICS if any(r.code in f.values for f in years)]
    figure_rows = [FigureRow(r, [f.values.get(r.code) for f in years]) for r in shown]
    ratio_rows: list[RatioRow] = []
    for definition in ratios.RATIOS:
        results = [ratios.compute_ratio(definition, f) for f in years]
        better = definition.thresholds.higher_is_better if definition.thresholds else None
        series = [(r.year, r.value) for r in results]
        ratio_rows.append(
            RatioRow(definition, results, ratios.trend(series, higher_is_better=better))
        )
    score_rows: list[ScoreRow] = []
    inputs = [scores.inputs_from_figures(f) for f in years]
    for model in SHOWN_MODELS:
        score_rows.append(
            ScoreRow(
                model, [scores.compute_score(model, i) for i in inputs], [f.year for f in years]
            )
        )
    latest = years[-1] if years else None
    net_assets = (
        net_assets_from_figures(latest, rd_costs=analysis.rd_costs) if latest is not None else None
    )
    capital = capital_from_figures(latest) if latest is not None else None
    alarms = check_alarm_bells(
        legal_form=normalise_legal_form(analysis.legal_form),
        net_assets=net_assets.value if net_assets else None,
        capital=capital.value if capital else None,
        liquidity_doubt_12m=analysis.liquidity_doubt_12m,
        net_assets_at_risk=analysis.net_assets_at_risk,
    )
    answers = {
        a.key: CoachAnswer(SignalStatus(a.status), a.note) for a in analysis.signal_answers.all()
    }
    signal_results = evaluate_signals(
        years,
        as_of=as_of,
        answers=answers,
        last_filed_year_end=analysis.last_filed_year_end,
    )
    forecast: cashflow.Forecast | None = None
    stored = CashFlowForecast.objects.filter(analysis=analysis).prefetch_related("cells").first()
    if stored is not None:
        forecast = cashflow.compute_forecast(cashflow_input(stored), as_of=as_of)
    return Evaluation(
        analysis=analysis,
        years=years,
        figure_rows=figure_rows,
        ratio_rows=ratio_rows,
        score_rows=score_rows,
        net_assets=net_assets,
        capital=capital,
        alarms=alarms,
        signals=signal_results,
        inconsistencies={f.year: f.inconsistencies() for f in years if f.inconsistencies()},
        forecast=forecast,
        as_of=as_of,
    )
