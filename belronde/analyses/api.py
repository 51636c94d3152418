"""POST /api/v1/finance/score and /api/v1/finance/alarms: the pure calculators over HTTP.

Any signed-in user (token) may compute: nothing is read from or written to the database. The
same code answers ``belronde finance score|alarms`` (see belronde.finance.service).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, StrictBool

from belronde.api.schemas import ErrorOut, ValidationErrorOut
from belronde.finance import service
from belronde.finance.alarms import LEGAL_FORM_SPELLINGS

router = Router(tags=["finance"])

LegalFormSpelling = Literal[LEGAL_FORM_SPELLINGS]  # type: ignore[valid-type]
ModelName = Literal["altman_z", "altman_z_prime", "altman_z_double_prime", "altman_ems"]
Amount = Decimal | str


class ScoreIn(Schema):
    """Altman's named inputs, or annual-account codes (with, optionally, the market value)."""

    model_config = ConfigDict(extra="forbid")

    total_assets: Amount | None = None
    current_assets: Amount | None = None
    current_liabilities: Amount | None = None
    working_capital: Amount | None = None
    retained_earnings: Amount | None = None
    ebit: Amount | None = None
    book_equity: Amount | None = None
    market_value_equity: Amount | None = None
    total_liabilities: Amount | None = None
    sales: Amount | None = None
    codes: dict[str, Amount] | None = Field(
        None,
        min_length=1,
        description='Annual-account codes, e.g. {"20/58": 500000, "9901": 40000}.',
    )
    schema_: Literal["micro", "abbreviated", "full"] | None = Field(
        None, alias="schema", description="The NBB model the codes come from (default full)."
    )
    year: int | None = Field(None, ge=1900, le=2100)
    models: list[ModelName] | None = Field(None, min_length=1)


class ComponentOut(Schema):
    description: str
    value: float
    weight: float
    contribution: float


class CutoffsOut(Schema):
    distress_below: float
    safe_above: float


class ScoreOut(Schema):
    model: str
    name: str
    score: float
    zone: Literal["safe", "grey", "distress"]
    cutoffs: CutoffsOut
    components: dict[str, ComponentOut]
    inputs: dict[str, float]
    source: str
    constant: float | None = None
    input_sources: dict[str, str] | None = None


class RatioOut(Schema):
    key: str
    name: str
    unit: Literal["ratio", "percent", "amount"]
    value: float | None
    light: Literal["green", "orange", "red"] | None
    formula: str
    condition: str
    computable: bool
    reason: str | None
    blank_codes: list[str]


class NotComputableOut(Schema):
    model: str
    reason_code: str
    reason: str
    missing: list[str]


class ScoreResultOut(Schema):
    input: Literal["named", "codes"]
    scores: list[ScoreOut]
    ratios: list[RatioOut]
    not_computable: list[NotComputableOut]


class AlarmsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    legal_form: LegalFormSpelling = Field(
        ..., description="BV, NV or CV, or an older name (BVBA, CVBA, ...) or a KBO form code."
    )
    net_assets: Amount
    capital: Amount | None = None
    liquidity_doubt_12m: StrictBool | None = None
    net_assets_at_risk: StrictBool | None = None


class CheckOut(Schema):
    article: str
    trigger: str
    status: Literal["triggered", "clear", "unknown"]
    description: str
    consequence: str
    evidence: dict[str, float]


class AlarmsOut(Schema):
    legal_form: str
    articles: list[str]
    triggered: list[CheckOut]
    checks: list[CheckOut]


def _bad_request(exc: service.InputError) -> Status:
    return Status(400, {"detail": str(exc)})


def _payload(schema: Schema) -> dict[str, Any]:
    data = schema.model_dump(by_alias=True, exclude_none=True)
    return data


@router.post(
    "/finance/score",
    response={200: ScoreResultOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
    url_name="finance_score",
    summary="Altman distress scores (and ratios, from codes)",
)
def finance_score(request: HttpRequest, payload: ScoreIn) -> Any:
    try:
        return service.score(_payload(payload))
    except service.InputError as exc:
        return _bad_request(exc)
    except (ArithmeticError, ValueError):
        return Status(400, {"detail": _("The amounts cannot be computed with.")})


@router.post(
    "/finance/alarms",
    response={200: AlarmsOut, 400: ErrorOut, 401: ErrorOut, 422: ValidationErrorOut},
    url_name="finance_alarms",
    summary="Alarm bells of the Companies and Associations Code",
)
def finance_alarms(request: HttpRequest, payload: AlarmsIn) -> Any:
    try:
        return service.alarms(_payload(payload))
    except service.InputError as exc:
        return _bad_request(exc)
    except (ArithmeticError, ValueError):  # e.g. an amount of 1e308 (found by the fuzzer)
        return Status(400, {"detail": _("The amounts cannot be computed with.")})
