"""Demo financial analyses for Mechelen (idempotent; runs after the members loader).

Three analyses of Mechelen member organisations, made by coach.mechelen:

- a BV filing the abbreviated model, three years, sliding into losses (Z'' in the grey zone,
  "losses two years in a row"), with a 13-week cash-flow forecast;
- an NV with alarm bells: net assets below half of the capital (art. 7:228), overdue RSZ and
  tax debts, and a forecast that drops below the cash buffer;
- a small BV filing the micro model, two healthy years.

The figures are invented but consistent (each total equals the sum of its parts). When the
chapter has no organisations yet (no members demo), nothing is created.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from belronde.accounts.models import Chapter, User
from belronde.analyses import actions
from belronde.analyses.models import FinancialAnalysis, Schema
from belronde.members.models import Organisation

D = Decimal

# Figures per year: the last completed year is year offset -1.
BV_ABBREVIATED: dict[int, dict[str, int | Decimal]] = {
    -3: {
        "21/28": 180000, "29/58": 220000, "3": 40000, "40/41": 90000, "54/58": 85000,
        "490/1": 5000, "20/58": 400000, "10/15": 150000, "10/11": 18600, "13": 1860,
        "14": 129540, "17/49": 250000, "17": 120000, "42/48": 125000, "43": 20000,
        "44": 60000, "45": 30000, "47/48": 15000, "492/3": 5000, "10/49": 400000,
        "9900": 520000, "62": 380000, "630": 35000, "9901": 105000, "9904": 70000,
        "9087": D("8.4"),
    },
    -2: {
        "21/28": 170000, "29/58": 190000, "3": 45000, "40/41": 85000, "54/58": 55000,
        "490/1": 5000, "20/58": 360000, "10/15": 130000, "10/11": 18600, "13": 1860,
        "14": 109540, "17/49": 230000, "17": 100000, "42/48": 125000, "43": 25000,
        "44": 55000, "45": 30000, "47/48": 15000, "492/3": 5000, "10/49": 360000,
        "9900": 450000, "62": 390000, "630": 32000, "9901": 28000, "9904": -20000,
        "9087": D("8.6"),
    },
    -1: {
        "21/28": 160000, "29/58": 150000, "3": 40000, "40/41": 70000, "54/58": 35000,
        "490/1": 5000, "20/58": 310000, "10/15": 115000, "10/11": 18600, "13": 1860,
        "14": 94540, "17/49": 195000, "17": 80000, "42/48": 110000, "43": 15000,
        "44": 50000, "45": 35000, "47/48": 10000, "492/3": 5000, "10/49": 310000,
        "9900": 430000, "62": 395000, "630": 30000, "9901": -8000, "9904": -15000,
        "9087": D("8.5"),
    },
}  # fmt: skip

NV_ALARM: dict[int, dict[str, int | Decimal]] = {
    -2: {
        "21/28": 350000, "29/58": 250000, "3": 60000, "40/41": 120000, "54/58": 60000,
        "490/1": 10000, "20/58": 600000, "10/15": 150000, "10": 200000, "13": 20000,
        "14": -70000, "16": 10000, "17/49": 440000, "17": 200000, "42/48": 230000,
        "43": 60000, "44": 110000, "45": 45000, "47/48": 15000, "492/3": 10000,
        "10/49": 600000, "9900": 700000, "630": 45000, "9901": -40000, "9904": -60000,
        "9076": 12000, "9072": 0,
    },
    -1: {
        "21/28": 330000, "29/58": 210000, "3": 55000, "40/41": 100000, "54/58": 45000,
        "490/1": 10000, "20/58": 540000, "10/15": 80000, "10": 200000, "13": 20000,
        "14": -140000, "16": 10000, "17/49": 450000, "17": 180000, "42/48": 260000,
        "43": 70000, "44": 120000, "45": 55000, "47/48": 15000, "492/3": 10000,
        "10/49": 540000, "9900": 620000, "630": 42000, "9901": -50000, "9904": -70000,
        "9076": 25000, "9072": 8000,
    },
}  # fmt: skip

BV_MICRO: dict[int, dict[str, int | Decimal]] = {
    -2: {
        "21/28": 40000, "29/58": 85000, "3": 5000, "40/41": 30000, "54/58": 50000,
        "20/58": 125000, "10/15": 70000, "10/11": 20000, "13": 2000, "14": 48000,
        "17/49": 55000, "17": 15000, "42/48": 40000, "10/49": 125000, "9900": 160000,
        "630": 8000, "9901": 30000, "9904": 22000,
    },
    -1: {
        "21/28": 36000, "29/58": 104000, "3": 6000, "40/41": 34000, "54/58": 64000,
        "20/58": 140000, "10/15": 92000, "10/11": 20000, "13": 2000, "14": 70000,
        "17/49": 48000, "17": 10000, "42/48": 38000, "10/49": 140000, "9900": 175000,
        "630": 7000, "9901": 33000, "9904": 22000,
    },
}  # fmt: skip


def _weekly(rng: random.Random, base: int, spread: float) -> Decimal:
    return D(round(base * (1 + rng.uniform(-spread, spread)), -2))


def _forecast(
    analysis: FinancialAnalysis,
    actor: User | None,
    rng: random.Random,
    *,
    opening: int,
    buffer: int,
    credit: int,
    collections: int,
    suppliers: int,
    wages: int,
) -> None:
    today = timezone.localdate()
    start = actions.monday_of(today) - dt.timedelta(weeks=1)
    assert actor is not None
    actions.set_cashflow(
        actor=actor,
        analysis=analysis,
        start_date=start,
        opening_cash=D(opening),
        undrawn_credit=D(credit),
        minimum_buffer=D(buffer),
    )
    edits: list[tuple[int, str, str, Decimal | None]] = []
    for week in range(1, 14):
        edits.append((week, "collections", "forecast", _weekly(rng, collections, 0.15)))
        edits.append((week, "cash_sales", "forecast", _weekly(rng, collections // 5, 0.3)))
        edits.append((week, "suppliers", "forecast", _weekly(rng, suppliers, 0.2)))
        edits.append((week, "rent_utilities", "forecast", D(900) if week % 4 == 1 else None))
        if week % 2 == 0:
            edits.append((week, "net_wages", "forecast", D(wages)))
        if week % 4 == 3:
            edits.append((week, "rsz", "forecast", D(round(wages * 0.9, -2))))
            edits.append((week, "withholding_tax", "forecast", D(round(wages * 0.45, -2))))
            edits.append((week, "vat_payable", "forecast", D(round(collections * 0.6, -2))))
        if week in {6, 12}:
            edits.append((week, "loan_repayments", "forecast", D(4500)))
        if week == 9:
            edits.append((week, "tax_prepayments", "forecast", D(3000)))
    # Week 1 has passed: what really happened.
    edits.append((1, "collections", "actual", _weekly(rng, collections, 0.25)))
    edits.append((1, "suppliers", "actual", _weekly(rng, suppliers, 0.1)))
    actions.set_cashflow_cells(actor=actor, analysis=analysis, edits=edits)


def _pick(
    candidates: list[Organisation], rng: random.Random, taken: set[int]
) -> Organisation | None:
    free = [o for o in candidates if o.pk not in taken]
    if not free:
        return None
    choice = rng.choice(free)
    taken.add(choice.pk)
    return choice


def load(*, seed: int) -> dict[str, int]:
    created = {"financial_analyses": 0}
    chapter = Chapter.objects.filter(slug="mechelen").first()
    if chapter is None or FinancialAnalysis.objects.filter(chapter=chapter).exists():
        return created
    orgs = list(
        Organisation.objects.filter(chapter=chapter, merged_into__isnull=True).order_by(
            "enterprise_number"
        )
    )
    if not orgs:
        return created  # no members demo yet: nothing to analyse
    actor = User.objects.filter(username="coach.mechelen").first()
    if actor is None:
        return created
    rng = random.Random(seed)
    last_year = timezone.localdate().year - 1

    def by_form(form: str, *, small: bool) -> list[Organisation]:
        found = [
            o
            for o in orgs
            if o.legal_form.upper() == form
            and ((o.employees or 0) < 5 if small else (o.employees or 0) >= 5)
        ]
        return found or [o for o in orgs if o.legal_form.upper() == form]

    taken: set[int] = set()
    plans: list[tuple[list[Organisation], str, str, dict[int, dict[str, int | Decimal]], str]] = [
        (by_form("BV", small=False), "BV", Schema.ABBREVIATED, BV_ABBREVIATED, "abbreviated"),
        (by_form("NV", small=False), "NV", Schema.ABBREVIATED, NV_ALARM, "alarm"),
        (by_form("BV", small=True), "BV", Schema.MICRO, BV_MICRO, "micro"),
    ]
    with transaction.atomic():
        for candidates, form, schema, years, kind in plans:
            organisation = _pick(candidates, rng, taken)
            if organisation is None:
                continue
            analysis = actions.create_analysis(
                actor=actor,
                chapter=chapter,
                organisation=organisation,
                schema=schema,
                legal_form=form,
            )
            for offset, values in sorted(years.items()):
                actions.save_year(
                    actor=actor,
                    analysis=analysis,
                    year=last_year + 1 + offset,
                    values={code: D(value) for code, value in values.items()},
                )
            if kind == "abbreviated":
                actions.update_settings(actor=actor, analysis=analysis, liquidity_doubt_12m=False)
                _forecast(analysis, actor, rng, opening=42000, buffer=20000, credit=15000,
                          collections=12500, suppliers=5500, wages=8000)  # fmt: skip
            elif kind == "alarm":
                actions.update_settings(
                    actor=actor,
                    analysis=analysis,
                    last_filed_year_end=dt.date(last_year - 1, 12, 31),
                )
                actions.record_signal(
                    actor=actor,
                    analysis=analysis,
                    key="vat_arrears",
                    status="present",
                    note="Btw van het laatste kwartaal niet betaald (zegt de zaakvoerder).",
                )
                _forecast(analysis, actor, rng, opening=26000, buffer=25000, credit=10000,
                          collections=17000, suppliers=9000, wages=11000)  # fmt: skip
                actions.save_conclusion(
                    actor=actor,
                    analysis=analysis,
                    text=(
                        "Twee verlieslatende jaren hebben het eigen vermogen onder de helft van "
                        "het kapitaal gebracht: de raad van bestuur moet de algemene vergadering "
                        "binnen twee maanden bijeenroepen (art. 7:228 WVV). De achterstand bij de "
                        "RSZ en de btw vraagt een afbetalingsplan; de kasprognose zakt binnen "
                        "enkele weken onder de buffer."
                    ),
                )
            created["financial_analyses"] += 1
    return created
