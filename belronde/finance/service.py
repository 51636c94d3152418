"""JSON in, JSON out: the calculators behind ``belronde finance score|alarms`` and the API.

:func:`score` takes one JSON object, either Altman's named inputs::

    {"total_assets": 1000000, "current_assets": 400000, "current_liabilities": 250000,
     "retained_earnings": 200000, "ebit": 100000, "book_equity": 500000,
     "total_liabilities": 500000, "sales": 1500000, "models": ["altman_z_double_prime"]}

or annual-account codes (plus, optionally, ``market_value_equity`` and ``schema``)::

    {"codes": {"20/58": 500000, "29/58": 300000, "42/48": 260000, ...}, "schema": "abbreviated"}

and returns the scores (model, score, zone, cut-offs, components, inputs), the ratios (for
codes) and the models that could not be computed, with the reason. :func:`alarms` takes
``{"legal_form": "BV"|"NV"|"CV", "capital": ..., "net_assets": ..., "liquidity_doubt_12m":
true|false, "net_assets_at_risk": true|false}`` and returns the articles triggered.

Amounts are JSON numbers or strings (Belgian ``1.234,56`` is accepted in strings); numbers in
the output are JSON numbers, rounded as reported (scores and ratios to four decimals, amounts
to cents). Malformed input raises :class:`InputError` with a one-line reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from belronde.finance.alarms import LegalForm, check_alarm_bells, normalise_legal_form
from belronde.finance.amounts import AmountError, parse_amount
from belronde.finance.codes import Schema, is_known, normalise_code, refuses
from belronde.finance.figures import Figures
from belronde.finance.ratios import compute_ratios
from belronde.finance.scores import (
    FIELDS,
    AltmanInputs,
    Model,
    NotComputable,
    Score,
    compute_scores,
    inputs_from_figures,
)

__all__ = ["InputError", "alarms", "score"]


class InputError(ValueError):
    """Malformed input: the message is one line, fit for a terminal or an API error."""


_SCORE_KEYS = frozenset(FIELDS) | {"codes", "models", "schema", "year"}
_ALARM_KEYS = frozenset(
    {"legal_form", "capital", "net_assets", "liquidity_doubt_12m", "net_assets_at_risk"}
)


def _amount(name: str, value: Any) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool):
        raise InputError(f"{name} must be a number, not true or false.")
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{name} must be a finite number.")
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in {float("inf"), float("-inf")}:
            raise InputError(f"{name} must be a finite number.")
        return Decimal(repr(value))
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except AmountError as exc:
            raise InputError(f"{name}: {exc.message}") from None
    raise InputError(f"{name} must be a number.")


def _object(payload: Any) -> Mapping[str, Any]:
    if not isinstance(payload, Mapping):
        raise InputError("Expected one JSON object.")
    return payload


def _unknown(payload: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(str(k) for k in payload if k not in allowed)
    if unknown:
        raise InputError(
            "Unknown field(s): "
            + ", ".join(unknown)
            + ". Allowed: "
            + ", ".join(sorted(allowed))
            + "."
        )


def _num(value: Decimal) -> float:
    """A reported (already rounded) Decimal as a JSON number; its repr keeps the digits."""
    return float(value)


def _score_out(result: Score, *, with_sources: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": result.model.value,
        "name": result.spec.name,
        "score": _num(result.score),
        "zone": result.zone.value,
        "cutoffs": {
            "distress_below": _num(result.spec.distress_below),
            "safe_above": _num(result.spec.safe_above),
        },
        "components": {
            c.key: {
                "description": c.description,
                "value": _num(c.value),
                "weight": _num(c.weight),
                "contribution": _num(c.contribution),
            }
            for c in result.components
        },
        "inputs": {
            k: _num(v.quantize(Decimal("0.01"))) for k, v in result.inputs.as_dict().items()
        },
        "source": result.spec.source,
    }
    if result.spec.constant:
        out["constant"] = _num(result.spec.constant)
    if with_sources:
        out["input_sources"] = dict(result.inputs.sources)
    return out


def _not_computable_out(result: NotComputable) -> dict[str, Any]:
    return {
        "model": result.model.value,
        "reason_code": result.reason_code,
        "reason": result.reason,
        "missing": list(result.missing),
    }


def _models(value: Any) -> list[Model]:
    if value is None:
        return list(Model)
    if not isinstance(value, list) or not value:
        raise InputError("models must be a non-empty list of model names.")
    chosen: list[Model] = []
    for name in value:
        try:
            model = Model(name)
        except ValueError:
            raise InputError(
                f"Unknown model {name!r}; use " + ", ".join(m.value for m in Model) + "."
            ) from None
        if model not in chosen:
            chosen.append(model)
    return chosen


def score(payload: Any) -> dict[str, Any]:
    """Distress scores (and, from codes, ratios) for one JSON request; see the module doc."""
    data = _object(payload)
    _unknown(data, _SCORE_KEYS)
    models = _models(data.get("models"))
    named = {k: _amount(k, data[k]) for k in FIELDS if k in data}
    codes = data.get("codes")
    schema_name = data.get("schema", Schema.FULL.value)
    try:
        schema = Schema(schema_name)
    except ValueError:
        raise InputError("schema must be micro, abbreviated or full.") from None
    ratios: list[dict[str, Any]] = []
    if codes is not None:
        if not isinstance(codes, Mapping) or not codes:
            raise InputError("codes must be a non-empty object of code to amount.")
        extra = sorted(k for k in named if k != "market_value_equity")
        if extra:
            raise InputError(
                "Give either named fields or codes, not both (with codes, only "
                "market_value_equity may be added): " + ", ".join(extra) + "."
            )
        values: dict[str, Decimal] = {}
        for key, raw in codes.items():
            code = normalise_code(str(key))
            if not is_known(code):
                raise InputError(f"Unknown annual-account code {key!r}.")
            amount = _amount(f"codes[{key}]", raw)
            if amount is not None and refuses(code, amount):
                raise InputError(f"codes[{key}] is a number of people: it cannot be negative.")
            if amount is not None:
                values[code] = amount
        year = data.get("year", 0)
        if not isinstance(year, int) or isinstance(year, bool):
            raise InputError("year must be a whole number.")
        figures = Figures(year, values, schema)
        inputs = inputs_from_figures(figures, market_value_equity=named.get("market_value_equity"))
        for r in compute_ratios(figures):
            ratios.append(
                {
                    "key": r.key,
                    "name": r.definition.name,
                    "unit": r.definition.unit.value,
                    "value": None if r.value is None else _num(r.value),
                    "light": None if r.light is None else r.light.value,
                    "formula": r.definition.formula,
                    "condition": r.definition.condition,
                    "computable": r.computable,
                    "reason": r.reason or None,
                    "blank_codes": list(r.blank_codes),
                }
            )
        kind = "codes"
    else:
        if not any(v is not None for v in named.values()):
            raise InputError(
                "Give Altman's named fields (total_assets, current_assets, ...) or "
                '{"codes": {"20/58": ...}}.'
            )
        inputs = AltmanInputs(
            total_assets=named.get("total_assets"),
            current_assets=named.get("current_assets"),
            current_liabilities=named.get("current_liabilities"),
            working_capital=named.get("working_capital"),
            retained_earnings=named.get("retained_earnings"),
            ebit=named.get("ebit"),
            book_equity=named.get("book_equity"),
            market_value_equity=named.get("market_value_equity"),
            total_liabilities=named.get("total_liabilities"),
            sales=named.get("sales"),
        )
        kind = "named"
    results = compute_scores(inputs, models)
    return {
        "input": kind,
        "scores": [
            _score_out(r, with_sources=kind == "codes") for r in results if isinstance(r, Score)
        ],
        "ratios": ratios,
        "not_computable": [_not_computable_out(r) for r in results if isinstance(r, NotComputable)],
    }


def _flag(name: str, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise InputError(f"{name} must be true or false.")


def alarms(payload: Any) -> dict[str, Any]:
    """The alarm bells of the Companies and Associations Code for one JSON request."""
    data = _object(payload)
    _unknown(data, _ALARM_KEYS)
    raw_form = data.get("legal_form")
    if not isinstance(raw_form, str) or not raw_form.strip():
        raise InputError("legal_form is required: BV, NV or CV.")
    form = normalise_legal_form(raw_form)
    if form == LegalForm.OTHER:
        raise InputError(
            f"legal_form {raw_form!r} is not a BV, NV or CV (the forms the alarm bells apply to)."
        )
    if data.get("net_assets") is None:
        raise InputError("net_assets is required.")
    net_assets = _amount("net_assets", data.get("net_assets"))
    capital = _amount("capital", data.get("capital"))
    if capital is not None and capital < 0:
        raise InputError("capital cannot be negative.")
    report = check_alarm_bells(
        legal_form=form,
        net_assets=net_assets,
        capital=capital,
        liquidity_doubt_12m=_flag("liquidity_doubt_12m", data.get("liquidity_doubt_12m")),
        net_assets_at_risk=_flag("net_assets_at_risk", data.get("net_assets_at_risk")),
    )

    def check_out(check: Any) -> dict[str, Any]:
        return {
            "article": check.article,
            "trigger": check.trigger,
            "status": check.status.value,
            "description": check.description,
            "consequence": check.consequence,
            "evidence": {k: _num(v.quantize(Decimal("0.01"))) for k, v in check.evidence.items()},
        }

    return {
        "legal_form": report.legal_form.value,
        "articles": list(report.articles_triggered),
        "triggered": [check_out(c) for c in report.triggered],
        "checks": [check_out(c) for c in report.checks],
    }
