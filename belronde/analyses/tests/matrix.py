"""Permission-matrix rows for every URL and API operation of financial analyses."""

from __future__ import annotations

from typing import Any

from tests.permission_matrix import CHAPTER, SIGNED_IN, Role, Row

ANALYSTS = frozenset({Role.COORDINATOR, Role.COACH})


def _analysis(case: Any) -> dict[str, Any]:
    from belronde.analyses.tests.fixtures import make_analysis

    analysis = make_analysis(case.mechelen, case.coordinator, years=(2021,))
    return {"chapter": "mechelen", "code": analysis.public_code}


def _row(name: str, method: str = "GET", data: dict[str, Any] | None = None) -> Row:
    return Row(
        f"analyses:{name}",
        method=method,
        scope=CHAPTER,
        roles=ANALYSTS,
        kwargs=_analysis,
        data=data,
    )


ROWS = [
    Row("analyses:list", roles=ANALYSTS),
    Row("analyses:create", roles=ANALYSTS),
    Row("analyses:create", method="POST", roles=ANALYSTS, data={"schema": "abbreviated"}),
    Row("analyses:organisation_search", roles=ANALYSTS),
    _row("detail"),
    _row("figures"),
    _row("figures", "POST", {"year": "2021", "c_20_58": "1.000"}),
    _row("delete_year", "POST", {"year": "2021"}),
    _row("import"),
    _row("import", "POST"),
    _row("settings", "POST", {"schema": "micro", "legal_form": "BV"}),
    _row(
        "signal",
        "POST",
        {"key": "vat_arrears", "vat_arrears-key": "vat_arrears", "vat_arrears-status": "present"},
    ),
    _row("conclusion", "POST", {"conclusion": "Gezond."}),
    _row("cashflow"),
    _row("cashflow", "POST"),
    _row("cashflow_settings", "POST", {"start_date": "2021-03-01", "opening_cash": "100"}),
    _row(
        "cashflow_cell", "POST", {"week": "1", "category": "rsz", "kind": "forecast", "amount": "5"}
    ),
    _row("cashflow_roll", "POST"),
    _row("report"),
    Row(
        "/api/v1/finance/score",
        method="POST",
        scope=SIGNED_IN,
        kwargs={},
        data={"total_assets": 100},
    ),
    Row(
        "/api/v1/finance/alarms",
        method="POST",
        scope=SIGNED_IN,
        kwargs={},
        data={"legal_form": "BV", "net_assets": 1},
    ),
]
