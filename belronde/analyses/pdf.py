"""The analysis as a PDF report for the entrepreneur (WeasyPrint), in Dutch or English."""

from __future__ import annotations

import logging

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from belronde.accounts.models import User
from belronde.analyses import charts, labels
from belronde.analyses.evaluation import evaluate
from belronde.analyses.explain import explain
from belronde.analyses.models import FinancialAnalysis

# WeasyPrint logs every layout step at INFO; keep its warnings (missing fonts, bad CSS) only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def report_html(analysis: FinancialAnalysis, *, language: str, author: User | None) -> str:
    with translation.override(language):
        evaluation = evaluate(analysis)
        score = evaluation.latest_score
        context = {
            "analysis": analysis,
            "ev": evaluation,
            "labels": labels,
            "explanation": explain(score, evaluation.years[-1].year) if score else [],
            "score_chart": charts.score_chart(
                evaluation.main_score.series, width=600, height=220, chart_id="pdf-score"
            )
            if evaluation.years
            else None,
            "cash_chart": charts.cashflow_chart(
                evaluation.forecast, width=600, height=270, chart_id="pdf-cash"
            )
            if evaluation.forecast
            else None,
            "author": author,
            "generated": timezone.localtime(),
            "LANGUAGE_CODE": language,
        }
        return render_to_string("analyses/report.html", context)


def render_report(analysis: FinancialAnalysis, *, language: str, author: User | None) -> bytes:
    from weasyprint import CSS, HTML

    html = report_html(analysis, language=language, author=author)
    stylesheet = finders.find("analyses/report.css")
    assert isinstance(stylesheet, str), "analyses/report.css is missing"
    document = HTML(string=html, base_url=None).render(stylesheets=[CSS(filename=stylesheet)])
    pdf = document.write_pdf()
    assert pdf is not None
    return bytes(pdf)
