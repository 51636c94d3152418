"""Every state change of financial analyses: atomic, audited, shared by views, demo and tests.

Audit payloads hold codes, years and counts, never amounts or notes (those are financial data
of a named entrepreneur).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from belronde.accounts.models import Chapter, User
from belronde.analyses.models import (
    CashFlowCell,
    CashFlowForecast,
    Figure,
    FinancialAnalysis,
    FiscalYear,
    LegalForm,
    Schema,
    SignalAnswer,
)
from belronde.audit.actions import record_event
from belronde.finance import cashflow, codes, signals
from belronde.finance.alarms import normalise_legal_form
from belronde.finance.imports import ParsedImport
from belronde.lib.errors import ActionError
from belronde.lib.money import format_number
from belronde.members.models import Organisation

#: The largest amount a figure holds (DecimalField(12, 2)).
MAX_AMOUNT = Decimal("9999999999.99")


class AnalysisError(ActionError, ValueError):
    """A financial-analysis request that cannot be carried out (``belronde.lib.errors``)."""


def clean_amount(value: Decimal) -> Decimal:
    """``value`` rounded to cents; AnalysisError when it does not fit (over ten billion)."""
    rounded = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if abs(rounded) > MAX_AMOUNT:
        raise AnalysisError(
            _("%(amount)s is too large: amounts go up to %(max)s.")
            % {"amount": format_number(value, 2), "max": format_number(MAX_AMOUNT, 2)}
        )
    return rounded


def _touch(analysis: FinancialAnalysis) -> None:
    analysis.updated_at = timezone.now()
    analysis.save(update_fields=["updated_at"])


def default_legal_form(organisation: Organisation) -> str:
    form = normalise_legal_form(organisation.legal_form)
    return form.value if form.value in LegalForm.values else LegalForm.OTHER


@transaction.atomic
def create_analysis(
    *,
    actor: User | None,
    chapter: Chapter,
    organisation: Organisation,
    schema: str = Schema.ABBREVIATED,
    legal_form: str | None = None,
) -> FinancialAnalysis:
    if organisation.chapter_id != chapter.pk:
        raise AnalysisError(_("This organisation is not a member of this chapter."))
    if schema not in Schema.values:
        raise AnalysisError(_("Unknown annual-accounts model: %(schema)s.") % {"schema": schema})
    form = legal_form or default_legal_form(organisation)
    if form not in LegalForm.values:
        raise AnalysisError(_("Unknown legal form: %(form)s.") % {"form": form})
    analysis = FinancialAnalysis.objects.create(
        chapter=chapter,
        organisation=organisation,
        schema=schema,
        legal_form=form,
        created_by=actor,
    )
    record_event(
        actor=actor,
        verb="analysis.created",
        chapter=chapter,
        obj=analysis,
        payload={"organisation": organisation.public_code, "schema": schema},
    )
    return analysis


def record_view(
    *, actor: User, analysis: FinancialAnalysis, page: str, request: HttpRequest | None = None
) -> None:
    """Every look at an analysis is audited (who saw which page of whose analysis, when)."""
    record_event(
        actor=actor,
        verb="analysis.viewed",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"page": page, "organisation": analysis.organisation.public_code},
        request=request,
    )


def _fiscal_year(
    analysis: FinancialAnalysis,
    year: int,
    *,
    end_date: dt.date | None,
    schema: str | None,
    source: str,
    source_ref: str,
    complete: bool | None,
) -> FiscalYear:
    fiscal_year = (
        FiscalYear.objects.select_for_update().filter(analysis=analysis, year=year).first()
    )
    if fiscal_year is None:
        return FiscalYear.objects.create(
            chapter=analysis.chapter,
            analysis=analysis,
            year=year,
            end_date=end_date or FiscalYear.default_end(year),
            schema=schema or analysis.schema,
            complete=bool(complete),
            source=source,
            source_ref=source_ref[:100],
        )
    fiscal_year.end_date = end_date or fiscal_year.end_date
    fiscal_year.schema = schema or fiscal_year.schema
    if complete is not None:
        fiscal_year.complete = complete
    fiscal_year.source = source
    fiscal_year.source_ref = source_ref[:100]
    fiscal_year.updated_at = timezone.now()
    fiscal_year.save(
        update_fields=["end_date", "schema", "complete", "source", "source_ref", "updated_at"]
    )
    return fiscal_year


def _check_year(year: int) -> None:
    if not 1950 <= year <= 2100:
        raise AnalysisError(
            _("%(year)s is not a financial year between 1950 and 2100.") % {"year": year}
        )


def _write_figures(
    *,
    actor: User | None,
    fiscal_year: FiscalYear,
    values: Mapping[str, Decimal | None],
    source: str,
    source_ref: str,
) -> tuple[int, int]:
    """Set (or, for None, clear) codes; returns (set, cleared)."""
    existing = {f.code: f for f in fiscal_year.figures.all()}
    now = timezone.now()
    written = cleared = 0
    for code, value in values.items():
        if not codes.is_known(code):
            raise AnalysisError(_("Unknown annual-account code: %(code)s.") % {"code": code})
        current = existing.get(code)
        if value is None:
            if current is not None:
                current.delete()
                cleared += 1
            continue
        if codes.refuses(code, value):
            raise AnalysisError(
                _("%(code)s is a number of people: it cannot be negative.") % {"code": code}
            )
        value = clean_amount(value)
        if current is None:
            Figure.objects.create(
                chapter=fiscal_year.chapter,
                fiscal_year=fiscal_year,
                code=code,
                value=value,
                source=source,
                source_ref=source_ref[:100],
                updated_by=actor,
                updated_at=now,
            )
            written += 1
        elif current.value != value or current.source != source:
            current.value = value
            current.source = source
            current.source_ref = source_ref[:100]
            current.updated_by = actor
            current.updated_at = now
            current.save(
                update_fields=["value", "source", "source_ref", "updated_by", "updated_at"]
            )
            written += 1
    return written, cleared


@transaction.atomic
def save_year(
    *,
    actor: User,
    analysis: FinancialAnalysis,
    year: int,
    values: Mapping[str, Decimal | None],
    end_date: dt.date | None = None,
) -> FiscalYear:
    """Manual entry by code for one year: codes with an amount are set, codes with None
    cleared; codes not mentioned are left alone."""
    _check_year(year)
    fiscal_year = _fiscal_year(
        analysis,
        year,
        end_date=end_date,
        schema=None,
        source=FiscalYear.Source.MANUAL,
        source_ref="",
        complete=None,
    )
    written, cleared = _write_figures(
        actor=actor,
        fiscal_year=fiscal_year,
        values=values,
        source=FiscalYear.Source.MANUAL,
        source_ref="",
    )
    _touch(analysis)
    record_event(
        actor=actor,
        verb="analysis.figures_saved",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"year": year, "set": written, "cleared": cleared},
    )
    return fiscal_year


@transaction.atomic
def import_figures(
    *, actor: User, analysis: FinancialAnalysis, parsed: ParsedImport, filename: str
) -> list[int]:
    """Write a parsed file: all of it or nothing. An NBB filing replaces the year's figures
    (it is the authentic, complete set); a CSV sets the codes it holds and leaves the rest."""
    if not parsed.ok:
        raise AnalysisError(_("The file has errors; nothing was imported."))
    expected = analysis.organisation.enterprise_number
    for number in parsed.enterprise_numbers:
        if number != expected:
            raise AnalysisError(
                _("These accounts belong to enterprise %(number)s, not to %(expected)s.")
                % {"number": number, "expected": expected}
            )
    years: list[int] = []
    count = 0
    last_filed = analysis.last_filed_year_end
    for imported in parsed.years:
        _check_year(imported.year)
        source = FiscalYear.Source.NBB if imported.source == "nbb" else FiscalYear.Source.CSV
        reference = imported.reference or filename
        fiscal_year = _fiscal_year(
            analysis,
            imported.year,
            end_date=imported.end_date,
            schema=imported.schema.value if imported.schema else None,
            source=source,
            source_ref=reference,
            complete=True if imported.complete else None,
        )
        values: dict[str, Decimal | None] = dict(imported.values)
        if imported.complete:
            for figure in fiscal_year.figures.all():
                values.setdefault(figure.code, None)
        written, _cleared = _write_figures(
            actor=actor,
            fiscal_year=fiscal_year,
            values=values,
            source=source,
            source_ref=reference,
        )
        count += written
        years.append(imported.year)
        if imported.source == "nbb" and not imported.from_previous_year_column:
            end = imported.end_date or FiscalYear.default_end(imported.year)
            last_filed = max(last_filed, end) if last_filed else end
    if last_filed != analysis.last_filed_year_end:
        analysis.last_filed_year_end = last_filed
        analysis.save(update_fields=["last_filed_year_end"])
    _touch(analysis)
    record_event(
        actor=actor,
        verb="analysis.figures_imported",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"kind": parsed.kind, "years": years, "figures": count},
    )
    return years


@transaction.atomic
def delete_year(*, actor: User, analysis: FinancialAnalysis, year: int) -> None:
    deleted, _detail = FiscalYear.objects.filter(analysis=analysis, year=year).delete()
    if not deleted:
        raise AnalysisError(_("There are no figures for %(year)s.") % {"year": year})
    _touch(analysis)
    record_event(
        actor=actor,
        verb="analysis.year_deleted",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"year": year},
    )


SETTINGS_FIELDS = (
    "schema",
    "legal_form",
    "liquidity_doubt_12m",
    "net_assets_at_risk",
    "rd_costs",
    "last_filed_year_end",
)


@transaction.atomic
def update_settings(
    *, actor: User, analysis: FinancialAnalysis, **values: object
) -> FinancialAnalysis:
    """Change the model, legal form and the judgements the alarm bells need."""
    unknown = set(values) - set(SETTINGS_FIELDS)
    if unknown:
        raise AnalysisError(
            _("Unknown setting: %(names)s.") % {"names": ", ".join(sorted(unknown))}
        )
    if "schema" in values and values["schema"] not in Schema.values:
        raise AnalysisError(
            _("Unknown annual-accounts model: %(schema)s.") % {"schema": values["schema"]}
        )
    if "legal_form" in values and values["legal_form"] not in LegalForm.values:
        raise AnalysisError(_("Unknown legal form: %(form)s.") % {"form": values["legal_form"]})
    rd_costs = values.get("rd_costs")
    if isinstance(rd_costs, Decimal):
        values["rd_costs"] = clean_amount(rd_costs)
    changed = [name for name, value in values.items() if getattr(analysis, name) != value]
    if changed:
        for name in changed:
            setattr(analysis, name, values[name])
        analysis.updated_at = timezone.now()
        analysis.save(update_fields=[*changed, "updated_at"])
        record_event(
            actor=actor,
            verb="analysis.settings_changed",
            chapter=analysis.chapter,
            obj=analysis,
            payload={"fields": changed},
        )
    return analysis


@transaction.atomic
def record_signal(
    *, actor: User, analysis: FinancialAnalysis, key: str, status: str, note: str = ""
) -> SignalAnswer:
    if key not in {s.key for s in signals.SIGNALS}:
        raise AnalysisError(_("Unknown warning signal: %(key)s.") % {"key": key})
    if status not in SignalAnswer.Status.values:
        raise AnalysisError(_("Unknown status: %(status)s.") % {"status": status})
    answer, _created = SignalAnswer.objects.update_or_create(
        analysis=analysis,
        key=key,
        defaults={
            "chapter": analysis.chapter,
            "status": status,
            "note": note.strip()[:500],
            "answered_by": actor,
            "answered_at": timezone.now(),
        },
    )
    _touch(analysis)
    record_event(
        actor=actor,
        verb="analysis.signal_recorded",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"signal": key, "status": status},
    )
    return answer


@transaction.atomic
def save_conclusion(*, actor: User, analysis: FinancialAnalysis, text: str) -> FinancialAnalysis:
    text = text.strip()
    if len(text) > 10000:
        raise AnalysisError(_("The conclusion is longer than 10,000 characters."))
    if text != analysis.conclusion:
        analysis.conclusion = text
        analysis.conclusion_updated_at = timezone.now()
        analysis.updated_at = analysis.conclusion_updated_at
        analysis.save(update_fields=["conclusion", "conclusion_updated_at", "updated_at"])
        record_event(
            actor=actor,
            verb="analysis.conclusion_saved",
            chapter=analysis.chapter,
            obj=analysis,
            payload={"length": len(text)},
        )
    return analysis


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@transaction.atomic
def set_cashflow(
    *,
    actor: User,
    analysis: FinancialAnalysis,
    start_date: dt.date,
    opening_cash: Decimal,
    undrawn_credit: Decimal,
    minimum_buffer: Decimal,
) -> CashFlowForecast:
    """Create or change the forecast's settings. Moving the start keeps the cells (they are
    shown again when their week is back in the window)."""
    if undrawn_credit < 0 or minimum_buffer < 0:
        raise AnalysisError(_("Undrawn credit and the buffer cannot be negative."))
    values = {
        "start_date": start_date,
        "opening_cash": clean_amount(opening_cash),
        "undrawn_credit": clean_amount(undrawn_credit),
        "minimum_buffer": clean_amount(minimum_buffer),
    }
    forecast = CashFlowForecast.objects.select_for_update().filter(analysis=analysis).first()
    if forecast is None:
        forecast = CashFlowForecast.objects.create(
            chapter=analysis.chapter, analysis=analysis, **values
        )
    else:
        if forecast.cells.exists() and (start_date - forecast.start_date).days % 7:
            raise AnalysisError(
                _("Move the start by whole weeks, so the amounts stay in their weeks.")
            )
        for name, value in values.items():
            setattr(forecast, name, value)
        forecast.updated_at = timezone.now()
        forecast.save(update_fields=[*values, "updated_at"])
    _touch(analysis)
    record_event(
        actor=actor,
        verb="analysis.cashflow_changed",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"what": "settings"},
    )
    return forecast


#: One edit of the grid: (week 1..13, category key, "forecast" or "actual", amount or None).
CellEdit = tuple[int, str, str, Decimal | None]


@transaction.atomic
def set_cashflow_cells(
    *, actor: User, analysis: FinancialAnalysis, edits: Iterable[CellEdit]
) -> int:
    """Write grid cells; an empty amount clears it. Returns the number of cells changed."""
    forecast = CashFlowForecast.objects.select_for_update().filter(analysis=analysis).first()
    if forecast is None:
        raise AnalysisError(_("Set up the cash-flow forecast first."))
    existing = {(c.week_start, c.category): c for c in forecast.cells.all()}
    changed = 0
    now = timezone.now()
    for week, key, kind, amount in edits:
        if not 1 <= week <= cashflow.WEEKS:
            raise AnalysisError(_("There is no week %(week)s in the forecast.") % {"week": week})
        try:
            cashflow.category(key)
        except KeyError:
            raise AnalysisError(_("Unknown cash-flow category: %(key)s.") % {"key": key}) from None
        if kind not in {"forecast", "actual"}:
            raise AnalysisError(_("Unknown kind of amount: %(kind)s.") % {"kind": kind})
        if amount is not None:
            if amount < 0:
                raise AnalysisError(
                    _("Enter a positive amount: the row says whether money comes in or goes out.")
                )
            amount = clean_amount(amount)
        week_start = forecast.start_date + dt.timedelta(weeks=week - 1)
        field = "forecast_amount" if kind == "forecast" else "actual_amount"
        cell = existing.get((week_start, key))
        if cell is None:
            if amount is None:
                continue
            cell = CashFlowCell.objects.create(
                chapter=analysis.chapter,
                forecast=forecast,
                week_start=week_start,
                category=key,
                **{field: amount},
            )
            existing[(week_start, key)] = cell
            changed += 1
            continue
        if getattr(cell, field) == amount:
            continue
        setattr(cell, field, amount)
        if cell.forecast_amount is None and cell.actual_amount is None:
            cell.delete()
            del existing[(week_start, key)]
        else:
            cell.updated_at = now
            cell.save(update_fields=[field, "updated_at"])
        changed += 1
    if changed:
        forecast.updated_at = now
        forecast.save(update_fields=["updated_at"])
        _touch(analysis)
        record_event(
            actor=actor,
            verb="analysis.cashflow_changed",
            chapter=analysis.chapter,
            obj=analysis,
            payload={"what": "cells", "cells": changed},
        )
    return changed


@transaction.atomic
def roll_cashflow(
    *,
    actor: User,
    analysis: FinancialAnalysis,
    as_of: dt.date,
    bank_balance: Decimal | None = None,
) -> CashFlowForecast:
    """Move the 13-week window one week on (week 1 drops out, week 14 comes in)."""
    from belronde.analyses.evaluation import cashflow_input

    forecast = CashFlowForecast.objects.select_for_update().filter(analysis=analysis).first()
    if forecast is None:
        raise AnalysisError(_("Set up the cash-flow forecast first."))
    if bank_balance is not None:
        bank_balance = clean_amount(bank_balance)
    rolled = cashflow.roll_forward(cashflow_input(forecast), as_of=as_of, bank_balance=bank_balance)
    forecast.start_date = rolled.start
    forecast.opening_cash = clean_amount(rolled.opening_cash)
    forecast.updated_at = timezone.now()
    forecast.save(update_fields=["start_date", "opening_cash", "updated_at"])
    _touch(analysis)
    record_event(
        actor=actor,
        verb="analysis.cashflow_rolled",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"start": rolled.start.isoformat(), "reconciled": bank_balance is not None},
    )
    return forecast


def record_report(
    *, actor: User, analysis: FinancialAnalysis, language: str, request: HttpRequest | None
) -> None:
    record_event(
        actor=actor,
        verb="analysis.report_downloaded",
        chapter=analysis.chapter,
        obj=analysis,
        payload={"language": language, "organisation": analysis.organisation.public_code},
        request=request,
    )
