"""Plain objects for the analyses' view and action tests (no factories)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from belronde.accounts.models import Chapter, User
from belronde.analyses import actions
from belronde.analyses.models import FinancialAnalysis
from belronde.analyses.tests.examples import EXAMPLE_A
from belronde.members.models import Organisation

_NUMBERS = iter(range(2_000_000, 9_000_000, 7919))


def enterprise_number() -> str:
    base = next(_NUMBERS)
    return f"{base:08d}{97 - base % 97:02d}"


def make_organisation(
    chapter: Chapter, name: str = "Bakkerij Peeters BV", **extra: Any
) -> Organisation:
    data: dict[str, Any] = {"legal_form": "BV", "postal_code": "2800", "municipality": "Mechelen"}
    data.update(extra)
    data.setdefault("enterprise_number", enterprise_number())
    return Organisation.objects.create(chapter=chapter, name=name, **data)


def make_analysis(
    chapter: Chapter,
    actor: User | None = None,
    *,
    years: tuple[int, ...] = (2020, 2021),
    **extra: Any,
) -> FinancialAnalysis:
    organisation = make_organisation(chapter, **extra)
    analysis = actions.create_analysis(actor=actor, chapter=chapter, organisation=organisation)
    for year in years:
        if actor is None:
            raise ValueError("figures need an actor")
        actions.save_year(
            actor=actor,
            analysis=analysis,
            year=year,
            values={code: Decimal(value) for code, value in EXAMPLE_A.items()},
        )
    return analysis


def make_forecast(analysis: FinancialAnalysis, actor: User, start: dt.date) -> None:
    actions.set_cashflow(
        actor=actor,
        analysis=analysis,
        start_date=start,
        opening_cash=Decimal(10000),
        undrawn_credit=Decimal(2000),
        minimum_buffer=Decimal(5000),
    )
    actions.set_cashflow_cells(
        actor=actor,
        analysis=analysis,
        edits=[
            (1, "collections", "forecast", Decimal(8000)),
            (1, "net_wages", "forecast", Decimal(6000)),
            (1, "rsz", "forecast", Decimal(3000)),
            (2, "collections", "forecast", Decimal(2000)),
            (2, "suppliers", "forecast", Decimal(7000)),
        ],
    )
