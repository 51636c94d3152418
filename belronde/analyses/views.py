"""Screens of financial analyses, for the chapter's coaches and coordinators.

Every page that shows an analysis records an ``analysis.viewed`` audit event.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from belronde.accounts import roles
from belronde.accounts.access import ChapterRequest, chapter_view
from belronde.analyses import actions, charts, labels
from belronde.analyses.access import (
    analyses_for,
    forecast_of,
    get_analysis,
    get_organisation,
    search_organisations,
    trajectories_of,
)
from belronde.analyses.evaluation import Evaluation, evaluate
from belronde.analyses.explain import explain
from belronde.analyses.forms import (
    AnalysisCreateForm,
    CashflowSettingsForm,
    CellForm,
    ConclusionForm,
    FiguresForm,
    GridForm,
    ImportForm,
    RollForm,
    SettingsForm,
    SignalForm,
    code_field_name,
    grid_field_name,
)
from belronde.analyses.models import CashFlowForecast, FinancialAnalysis
from belronde.analyses.pdf import render_report
from belronde.conversations.models import (
    Arrears,
    LiquidityHorizon,
    TemporaryUnemployment,
    TurnoverChange,
)
from belronde.finance import cashflow, codes
from belronde.finance.imports import parse_import
from belronde.lib.downloads import attachment
from belronde.lib.errors import show_error

ROLES = tuple(roles.ANALYSIS_ROLES)
PAGE_SIZE = 50


def _htmx(request: ChapterRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@chapter_view(*ROLES)
@require_GET
def analysis_list(request: ChapterRequest) -> HttpResponse:
    analyses = analyses_for(request.access).order_by("-updated_at", "-id")
    query = request.GET.get("q", "").strip()[:100]
    if query:
        analyses = analyses.filter(organisation__name__icontains=query)
    page = Paginator(analyses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "analyses/list.html", {"page": page, "query": query})


@chapter_view(*ROLES)
@require_http_methods(["GET", "POST"])
def analysis_create(request: ChapterRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    form = AnalysisCreateForm(
        request.POST or None, initial={"organisation": request.GET.get("organisation", "")}
    )
    chosen = None
    code = (
        request.POST.get("organisation")
        if request.method == "POST"
        else request.GET.get("organisation")
    ) or ""
    if code:
        chosen = get_organisation(request.access, code)
    if request.method == "POST" and form.is_valid():
        organisation = get_organisation(request.access, form.cleaned_data["organisation"])
        try:
            analysis = actions.create_analysis(
                actor=request.user,
                chapter=request.chapter,
                organisation=organisation,
                schema=form.cleaned_data["schema"],
            )
        except actions.AnalysisError as exc:
            show_error(request, exc, form=form)
        else:
            messages.success(request, _("Analysis created. Enter the figures of the last years."))
            return redirect(
                "analyses:figures", chapter=request.chapter.slug, code=analysis.public_code
            )
    results = search_organisations(request.access, query) if query else []
    return render(
        request,
        "analyses/create.html",
        {"form": form, "query": query, "results": results, "chosen": chosen},
    )


@chapter_view(*ROLES)
@require_GET
def organisation_search(request: ChapterRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    results = search_organisations(request.access, query)
    return render(
        request, "analyses/_organisation_results.html", {"results": results, "query": query}
    )


def _detail_context(evaluation: Evaluation) -> dict[str, Any]:
    score = evaluation.latest_score
    return {
        "analysis": evaluation.analysis,
        "ev": evaluation,
        "labels": labels,
        "explanation": explain(score, evaluation.years[-1].year) if score else [],
        "score_chart": charts.score_chart(evaluation.main_score.series)
        if evaluation.years
        else None,
        "cash_chart": charts.cashflow_chart(evaluation.forecast) if evaluation.forecast else None,
    }


@chapter_view(*ROLES)
@require_GET
def analysis_detail(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    evaluation = evaluate(analysis)
    actions.record_view(actor=request.user, analysis=analysis, page="detail", request=request)
    context = _detail_context(evaluation)
    context.update(
        {
            "settings_form": SettingsForm(
                initial={
                    "schema": analysis.schema,
                    "legal_form": analysis.legal_form,
                    "liquidity_doubt_12m": analysis.liquidity_doubt_12m,
                    "net_assets_at_risk": analysis.net_assets_at_risk,
                    "rd_costs": analysis.rd_costs,
                    "last_filed_year_end": analysis.last_filed_year_end,
                }
            ),
            "conclusion_form": ConclusionForm(initial={"conclusion": analysis.conclusion}),
            "signal_forms": _signal_forms(evaluation),
            "call_facts": _call_facts(analysis.call_facts),
            "trajectories": trajectories_of(request.access, request.user, analysis),
        }
    )
    return render(request, "analyses/detail.html", context)


def _label(choices: type[models.TextChoices], value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return ""


def _call_facts(facts: dict[str, Any] | None) -> dict[str, Any] | None:
    """What the call said before the analysis started (``coaching.actions.call_facts``), with
    the labels the caller chose from; None when the analysis was not started from a call."""
    if not facts or not facts.get("held_on"):
        return None
    try:
        held_on = dt.date.fromisoformat(str(facts["held_on"]))
    except ValueError:
        return None
    return {
        "held_on": held_on,
        "arrears": [
            label for label in (_label(Arrears, a) for a in facts.get("arrears") or []) if label
        ],
        "liquidity_horizon": _label(LiquidityHorizon, facts.get("liquidity_horizon")),
        "temporary_unemployment": _label(
            TemporaryUnemployment, facts.get("temporary_unemployment")
        ),
        "turnover_change": _label(TurnoverChange, facts.get("turnover_change")),
    }


def _signal_forms(evaluation: Evaluation) -> dict[str, SignalForm]:
    answers = {a.key: a for a in evaluation.analysis.signal_answers.all()}
    forms: dict[str, SignalForm] = {}
    for result in evaluation.signals:
        if result.definition.source == "figures":
            continue
        answer = answers.get(result.key)
        forms[result.key] = SignalForm(
            initial={
                "key": result.key,
                "status": answer.status if answer else "unknown",
                "note": answer.note if answer else "",
            },
            prefix=result.key,
        )
    return forms


@chapter_view(*ROLES)
@require_http_methods(["GET", "POST"])
def figures(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    language = translation.get_language() or "nl"
    show_all = request.GET.get("all") == "1"
    existing = {y.year: y for y in analysis.years.prefetch_related("figures")}
    year_param = request.POST.get("year") or request.GET.get("year")
    try:
        year = int(year_param) if year_param else None
    except ValueError:
        year = None
    fiscal_year = existing.get(year) if year else None
    schema = codes.Schema(fiscal_year.schema if fiscal_year else analysis.schema)
    if request.method == "POST":
        form = FiguresForm(request.POST, schema=schema, language=language, show_all=show_all)
        if form.is_valid():
            try:
                saved = actions.save_year(
                    actor=request.user,
                    analysis=analysis,
                    year=form.cleaned_data["year"],
                    end_date=form.cleaned_data["end_date"],
                    values=form.values(),
                )
            except actions.AnalysisError as exc:
                show_error(request, exc, form=form)
            else:
                messages.success(
                    request, _("The figures for %(year)s are saved.") % {"year": saved.year}
                )
                target = reverse(
                    "analyses:figures", kwargs={"chapter": request.chapter.slug, "code": code}
                )
                return redirect(f"{target}?year={saved.year}&saved=1")
    else:
        initial: dict[str, Any] = {}
        if fiscal_year is not None:
            initial = {"year": fiscal_year.year, "end_date": fiscal_year.end_date}
            for figure in fiscal_year.figures.all():
                initial[code_field_name(figure.code)] = figure.value
        elif existing:
            initial = {"year": max(existing) + 1}
        else:
            initial = {"year": timezone.localdate().year - 1}
        form = FiguresForm(initial=initial, schema=schema, language=language, show_all=show_all)
    actions.record_view(actor=request.user, analysis=analysis, page="figures", request=request)
    inconsistencies = []
    if fiscal_year is not None and request.method == "GET":
        from belronde.analyses.evaluation import figures_of

        for figures_year in figures_of(analysis):
            if figures_year.year == fiscal_year.year:
                inconsistencies = figures_year.inconsistencies()
    return render(
        request,
        "analyses/figures.html",
        {
            "analysis": analysis,
            "form": form,
            "years": sorted(existing),
            "fiscal_year": fiscal_year,
            "show_all": show_all,
            "inconsistencies": inconsistencies,
        },
    )


@chapter_view(*ROLES)
@require_POST
def delete_year(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    try:
        year = int(request.POST.get("year", ""))
        actions.delete_year(actor=request.user, analysis=analysis, year=year)
    except (ValueError, actions.AnalysisError) as exc:
        messages.error(
            request, str(exc) if isinstance(exc, actions.AnalysisError) else _("Choose a year.")
        )
    else:
        messages.success(request, _("The figures for %(year)s are deleted.") % {"year": year})
    return redirect("analyses:figures", chapter=request.chapter.slug, code=code)


@chapter_view(*ROLES)
@require_http_methods(["GET", "POST"])
def import_figures(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    form = ImportForm(request.POST or None, request.FILES or None)
    issues: list[dict[str, Any]] = []
    notices: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        parsed = parse_import(upload.read(), reference=upload.name[:100])
        for issue in parsed.errors:
            issues.append(
                {
                    "row": issue.row,
                    "column": issue.column or "",
                    "value": issue.value,
                    "reason": labels.label(labels.IMPORT_ISSUES, issue.code, **issue.params)
                    if issue.code in labels.IMPORT_ISSUES
                    else issue.message,
                }
            )
        notices = [labels.label(labels.IMPORT_ISSUES, n.code, **n.params) for n in parsed.notices]
        if not issues:
            try:
                years = actions.import_figures(
                    actor=request.user, analysis=analysis, parsed=parsed, filename=upload.name
                )
            except actions.AnalysisError as exc:
                issues.append({"row": None, "column": "", "value": "", "reason": str(exc)})
            else:
                for notice in notices:
                    messages.info(request, notice)
                messages.success(
                    request,
                    _("Imported %(count)s figures for %(years)s.")
                    % {"count": parsed.figure_count, "years": ", ".join(str(y) for y in years)},
                )
                return redirect("analyses:detail", chapter=request.chapter.slug, code=code)
    actions.record_view(actor=request.user, analysis=analysis, page="import", request=request)
    status = 400 if issues else 200
    return render(
        request,
        "analyses/import.html",
        {"analysis": analysis, "form": form, "issues": issues, "notices": notices},
        status=status,
    )


@chapter_view(*ROLES)
@require_POST
def update_settings(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    form = SettingsForm(request.POST)
    if form.is_valid():
        actions.update_settings(actor=request.user, analysis=analysis, **form.cleaned_data)
        messages.success(request, _("Settings saved."))
    else:
        errors = "; ".join(
            f"{form.fields[name].label}: {' '.join(str(m) for m in field_errors)}"
            for name, field_errors in form.errors.items()
            if name in form.fields
        )
        messages.error(
            request, _("Not saved: %(errors)s") % {"errors": errors or _("invalid input")}
        )
    return redirect(
        reverse("analyses:detail", kwargs={"chapter": request.chapter.slug, "code": code})
        + "#alarms"
    )


@chapter_view(*ROLES)
@require_POST
def record_signal(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    key = request.POST.get("key", "")
    form = SignalForm(request.POST, prefix=key) if key in labels.SIGNALS else None
    if form is None:
        return HttpResponse(_("Unknown warning signal."), status=400)
    if form.is_valid():
        actions.record_signal(
            actor=request.user,
            analysis=analysis,
            key=form.cleaned_data["key"],
            status=form.cleaned_data["status"],
            note=form.cleaned_data["note"],
        )
    if _htmx(request):
        evaluation = evaluate(analysis)
        result = next(s for s in evaluation.signals if s.key == key)
        if form.is_valid():
            form = _signal_forms(evaluation)[key]
        return render(
            request,
            "analyses/_signal.html",
            {"signal": result, "form": form, "analysis": analysis, "labels": labels, "saved": True},
            status=200 if form.is_bound is False or not form.errors else 400,
        )
    if form.is_valid():
        messages.success(request, _("Warning signal recorded."))
    else:
        messages.error(request, _("Not saved: check the evidence (at most 500 characters)."))
    return redirect(
        reverse("analyses:detail", kwargs={"chapter": request.chapter.slug, "code": code})
        + "#signals"
    )


@chapter_view(*ROLES)
@require_POST
def save_conclusion(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    form = ConclusionForm(request.POST)
    saved = False
    if form.is_valid():
        actions.save_conclusion(
            actor=request.user, analysis=analysis, text=form.cleaned_data["conclusion"]
        )
        saved = True
    if _htmx(request):
        return render(
            request,
            "analyses/_conclusion.html",
            {"analysis": analysis, "conclusion_form": form, "saved": saved},
            status=200 if saved else 400,
        )
    if saved:
        messages.success(request, _("Conclusion saved."))
    else:
        messages.error(request, _("The conclusion is longer than 10,000 characters."))
    return redirect(
        reverse("analyses:detail", kwargs={"chapter": request.chapter.slug, "code": code})
        + "#conclusion"
    )


# Cash flow -----------------------------------------------------------------------------------


def _cash_context(analysis: FinancialAnalysis, forecast: CashFlowForecast | None) -> dict[str, Any]:
    evaluation = evaluate(analysis)
    result = evaluation.forecast
    today = evaluation.as_of
    weeks: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    if forecast is not None and result is not None:
        cells = {(c.week_start, c.category): c for c in forecast.cells.all()}
        for week in result.weeks:
            weeks.append({"week": week, "started": week.start <= today})
        for category in cashflow.CATEGORIES:
            label = labels.label(labels.CATEGORIES, category.key)
            row_cells = []
            for week in result.weeks:
                cell = cells.get((week.start, category.key))
                row_cells.append(
                    {
                        "week": week.index,
                        "started": week.start <= today,
                        "forecast": cell.forecast_amount if cell else None,
                        "actual": cell.actual_amount if cell else None,
                        "forecast_name": grid_field_name("forecast", week.index, category.key),
                        "actual_name": grid_field_name("actual", week.index, category.key),
                        "category": category.key,
                        "label": label,
                    }
                )
            rows.append(
                {
                    "category": category,
                    "label": label,
                    "cells": row_cells,
                    "total": result.total(category.key),
                }
            )
    return {
        "analysis": analysis,
        "forecast": result,
        "stored": forecast,
        "weeks": weeks,
        "rows": rows,
        "chart": charts.cashflow_chart(result) if result else None,
        "today": today,
    }


def _started_weeks(forecast: CashFlowForecast) -> set[int]:
    today = timezone.localdate()
    return {
        w
        for w in range(1, cashflow.WEEKS + 1)
        if forecast.start_date + dt.timedelta(weeks=w - 1) <= today
    }


@chapter_view(*ROLES)
@require_http_methods(["GET", "POST"])
def cashflow_view(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    forecast = forecast_of(analysis)
    errors: list[str] = []
    if request.method == "POST":
        if forecast is None:
            return redirect("analyses:cashflow", chapter=request.chapter.slug, code=code)
        grid = GridForm(request.POST, actual_weeks=_started_weeks(forecast))
        if grid.is_valid():
            changed = actions.set_cashflow_cells(
                actor=request.user, analysis=analysis, edits=grid.edits()
            )
            messages.success(
                request, _("Forecast saved (%(count)s cells changed).") % {"count": changed}
            )
            return redirect("analyses:cashflow", chapter=request.chapter.slug, code=code)
        errors = [_("Some amounts are not valid: enter positive amounts such as 1.234,56.")]
    today = timezone.localdate()
    settings_form = CashflowSettingsForm(
        initial={
            "start_date": forecast.start_date if forecast else actions.monday_of(today),
            "opening_cash": forecast.opening_cash if forecast else None,
            "undrawn_credit": forecast.undrawn_credit if forecast else None,
            "minimum_buffer": forecast.minimum_buffer if forecast else None,
        }
    )
    actions.record_view(actor=request.user, analysis=analysis, page="cashflow", request=request)
    context = _cash_context(analysis, forecast)
    context.update({"settings_form": settings_form, "roll_form": RollForm(), "errors": errors})
    return render(request, "analyses/cashflow.html", context, status=400 if errors else 200)


@chapter_view(*ROLES)
@require_POST
def cashflow_settings(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    form = CashflowSettingsForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.set_cashflow(
                actor=request.user,
                analysis=analysis,
                start_date=data["start_date"],
                opening_cash=data["opening_cash"],
                undrawn_credit=data["undrawn_credit"] or Decimal(0),
                minimum_buffer=data["minimum_buffer"] or Decimal(0),
            )
        except actions.AnalysisError as exc:
            show_error(request, exc)
        else:
            messages.success(request, _("Forecast settings saved."))
        return redirect("analyses:cashflow", chapter=request.chapter.slug, code=code)
    forecast = forecast_of(analysis)
    context = _cash_context(analysis, forecast)
    context.update({"settings_form": form, "roll_form": RollForm(), "errors": []})
    return render(request, "analyses/cashflow.html", context, status=400)


@chapter_view(*ROLES)
@require_POST
def cashflow_cell(request: ChapterRequest, code: str) -> HttpResponse:
    """One cell of the grid, edited in place (HTMX): the cell comes back with the totals, the
    balances table and the chart swapped out of band."""
    analysis = get_analysis(request.access, code)
    forecast = forecast_of(analysis)
    data = request.POST.copy()
    # The cell's input is named after its place in the grid (f_3_rsz); read it as "amount".
    name = data.get("name", "")
    if name and name in data:
        data["amount"] = data.get(name, "")
    form = CellForm(data)
    error = ""
    if forecast is None:
        error = _("Set up the cash-flow forecast first.")
    elif form.is_valid():
        week, key, kind = (
            form.cleaned_data["week"],
            form.cleaned_data["category"],
            form.cleaned_data["kind"],
        )
        if kind == "actual" and week not in _started_weeks(forecast):
            error = _("Actual amounts can be entered once the week has begun.")
        else:
            try:
                actions.set_cashflow_cells(
                    actor=request.user,
                    analysis=analysis,
                    edits=[(week, key, kind, form.cleaned_data["amount"])],
                )
            except actions.AnalysisError as exc:
                error = str(exc)
    else:
        error = " ".join(str(m) for errors in form.errors.values() for m in errors)
    context = _cash_context(analysis, forecast)
    # The fields that are valid come back even when the amount is not: the cell is re-drawn
    # with the rejected text, marked invalid.
    cleaned = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    week_no, key = cleaned.get("week"), cleaned.get("category")
    cell = None
    for row in context["rows"]:
        if row["category"].key == key:
            cell = next((c for c in row["cells"] if c["week"] == week_no), None)
    context.update(
        {
            "cell": cell,
            "kind": cleaned.get("kind", "forecast"),
            "error": error,
            "raw": data.get("amount", ""),
        }
    )
    if not _htmx(request):
        if error:
            messages.error(request, error)
        return redirect("analyses:cashflow", chapter=request.chapter.slug, code=code)
    # 200 even for a refused amount: htmx swaps only successful responses, and the refused cell
    # comes back marked invalid with the reason in the status line.
    return render(request, "analyses/_cashflow_cell.html", context)


@chapter_view(*ROLES)
@require_POST
def cashflow_roll(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    form = RollForm(request.POST)
    if form.is_valid():
        try:
            forecast = actions.roll_cashflow(
                actor=request.user,
                analysis=analysis,
                as_of=timezone.localdate(),
                bank_balance=form.cleaned_data["bank_balance"],
            )
        except actions.AnalysisError as exc:
            show_error(request, exc)
        else:
            messages.success(
                request,
                _("The forecast now starts on %(date)s.")
                % {"date": forecast.start_date.strftime("%d/%m/%Y")},
            )
    else:
        messages.error(request, _("The bank balance is not a valid amount."))
    return redirect("analyses:cashflow", chapter=request.chapter.slug, code=code)


@chapter_view(*ROLES)
@require_GET
def report(request: ChapterRequest, code: str) -> HttpResponse:
    analysis = get_analysis(request.access, code)
    language = request.GET.get("lang") or translation.get_language() or "nl"
    language = "en" if language.startswith("en") else "nl"
    pdf = render_report(analysis, language=language, author=request.user)
    actions.record_report(actor=request.user, analysis=analysis, language=language, request=request)
    filename = f"financiele-analyse-{analysis.public_code}-{language}.pdf"
    return attachment(pdf, filename, "application/pdf")
