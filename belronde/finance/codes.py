"""Belgian annual-account codes (rubriekcodes) used by belronde, with Dutch and English labels.

The codes are those of the National Bank of Belgium's Central Balance Sheet Office (NBB/CBSO)
models for companies: the full model (volledig, VOL: NBB m02/m82), the abbreviated model
(verkort, VKT: m01/m81) and the micro model (MIC: m07/m87). Models ending in 1 or 7 are for
companies *with* capital (NV: code 10 "Kapitaal"), those in 8x for companies *without* capital
(BV, CV since the Companies and Associations Code: code 10/11 "Inbreng").

Only the codes the analyses use are listed. The labels are ours, checked against the NBB
models; the public rubric list in ``shared/data/nbb_cbso_rubrics.csv`` has wrong or truncated
labels for some codes (9900 is "Brutomarge", not a net result; 630, 42 and 45 are truncated
there; 9072 is "Vervallen belastingschulden"), so it is not used for labels.

Micro and abbreviated models need not show turnover (70): they may show only the gross
operating margin (9900). Turnover missing there means "not disclosed", never zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

__all__ = [
    "NAMED_FIELDS",
    "RUBRICS",
    "Rubric",
    "Schema",
    "Section",
    "codes_for",
    "is_known",
    "normalise_code",
    "rubric",
    "schema_from_nbb_model",
]


class Schema(StrEnum):
    """The NBB model a company files its annual accounts in."""

    MICRO = "micro"
    ABBREVIATED = "abbreviated"
    FULL = "full"


class Section(StrEnum):
    ASSETS = "assets"
    LIABILITIES = "liabilities"
    INCOME = "income"
    ANNEX = "annex"


_ALL = frozenset(Schema)
_FA = frozenset({Schema.FULL, Schema.ABBREVIATED})
_F = frozenset({Schema.FULL})
_AM = frozenset({Schema.ABBREVIATED, Schema.MICRO})


@dataclass(frozen=True)
class Rubric:
    code: str
    label_nl: str
    label_en: str
    section: Section
    schemas: frozenset[Schema]
    #: a total or subtotal of the model (shown in bold, checked against its parts)
    total: bool = False
    #: amounts, or a count (9087 is a number of full-time equivalents)
    is_amount: bool = True

    @property
    def non_negative(self) -> bool:
        """A count (a headcount cannot be -5): a negative value is refused wherever figures come
        in (imports, the figures form, the API)."""
        return not self.is_amount

    def label(self, language: str) -> str:
        return self.label_nl if language.startswith("nl") else self.label_en

    def in_schema(self, schema: Schema) -> bool:
        return schema in self.schemas


def _r(
    code: str,
    nl: str,
    en: str,
    section: Section,
    schemas: frozenset[Schema] = _ALL,
    *,
    total: bool = False,
    is_amount: bool = True,
) -> Rubric:
    return Rubric(code, nl, en, section, schemas, total, is_amount)


A, L, PL, X = Section.ASSETS, Section.LIABILITIES, Section.INCOME, Section.ANNEX

#: In the order of the NBB models.
RUBRICS: tuple[Rubric, ...] = (
    # Balance sheet: assets
    _r("20", "Oprichtingskosten", "Formation expenses", A),
    _r("21/28", "Vaste activa", "Fixed assets", A, total=True),
    _r("21", "Immateriële vaste activa", "Intangible fixed assets", A),
    _r("22/27", "Materiële vaste activa", "Tangible fixed assets", A),
    _r("28", "Financiële vaste activa", "Financial fixed assets", A),
    _r("29/58", "Vlottende activa", "Current assets", A, total=True),
    _r("29", "Vorderingen op meer dan één jaar", "Amounts receivable after more than one year", A),
    _r("3", "Voorraden en bestellingen in uitvoering", "Stocks and contracts in progress", A),
    _r("40/41", "Vorderingen op ten hoogste één jaar", "Amounts receivable within one year", A),
    _r("40", "Handelsvorderingen", "Trade debtors", A, _FA),
    _r("41", "Overige vorderingen", "Other amounts receivable", A, _FA),
    _r("50/53", "Geldbeleggingen", "Current investments", A),
    _r("54/58", "Liquide middelen", "Cash at bank and in hand", A),
    _r("490/1", "Overlopende rekeningen (activa)", "Deferred charges and accrued income", A),
    _r("20/58", "Totaal der activa", "Total assets", A, total=True),
    # Balance sheet: equity and liabilities
    _r("10/15", "Eigen vermogen", "Equity", L, total=True),
    _r(
        "10/11",
        "Inbreng (vennootschap zonder kapitaal)",
        "Contribution (company without capital)",
        L,
    ),
    _r("10", "Kapitaal", "Capital", L),
    _r("12", "Herwaarderingsmeerwaarden", "Revaluation surpluses", L),
    _r("13", "Reserves", "Reserves", L),
    _r("14", "Overgedragen winst (verlies)", "Accumulated profits (losses)", L),
    _r("15", "Kapitaalsubsidies", "Investment grants", L),
    _r("16", "Voorzieningen en uitgestelde belastingen", "Provisions and deferred taxes", L),
    _r("17/49", "Schulden", "Amounts payable", L, total=True),
    _r("17", "Schulden op meer dan één jaar", "Amounts payable after more than one year", L),
    _r(
        "170/4",
        "Financiële schulden op meer dan één jaar",
        "Financial debts after one year",
        L,
        _FA,
    ),
    _r(
        "42/48",
        "Schulden op ten hoogste één jaar",
        "Amounts payable within one year",
        L,
        total=True,
    ),
    _r(
        "42",
        "Schulden op meer dan één jaar die binnen het jaar vervallen",
        "Amounts payable after more than one year falling due within one year",
        L,
        _FA,
    ),
    _r("43", "Financiële schulden (korte termijn)", "Financial debts (within one year)", L),
    _r("44", "Handelsschulden", "Trade debts", L),
    _r("46", "Vooruitbetalingen op bestellingen", "Advances received on contracts", L, _FA),
    _r(
        "45",
        "Schulden met betrekking tot belastingen, bezoldigingen en sociale lasten",
        "Taxes, remuneration and social security",
        L,
    ),
    _r("450/3", "Belastingen", "Taxes", L, _FA),
    _r("454/9", "Bezoldigingen en sociale lasten", "Remuneration and social security", L, _FA),
    _r("47/48", "Overige schulden", "Other amounts payable", L),
    _r("492/3", "Overlopende rekeningen (passiva)", "Accrued charges and deferred income", L),
    _r("10/49", "Totaal der passiva", "Total equity and liabilities", L, total=True),
    # Income statement
    _r("70/76A", "Bedrijfsopbrengsten", "Operating income", PL, _F),
    _r("70", "Omzet", "Turnover", PL),
    _r(
        "60",
        "Handelsgoederen, grond- en hulpstoffen",
        "Raw materials, consumables and goods",
        PL,
        _F,
    ),
    _r("61", "Diensten en diverse goederen", "Services and other goods", PL, _F),
    _r("9900", "Brutomarge", "Gross operating margin", PL, _AM, total=True),
    _r(
        "62",
        "Bezoldigingen, sociale lasten en pensioenen",
        "Remuneration, social security and pensions",
        PL,
    ),
    _r(
        "630",
        "Afschrijvingen en waardeverminderingen op oprichtingskosten, immateriële en "
        "materiële vaste activa",
        "Depreciation of and amounts written off formation expenses, intangible and tangible "
        "fixed assets",
        PL,
    ),
    _r(
        "631/4",
        "Waardeverminderingen op voorraden, bestellingen in uitvoering en handelsvorderingen",
        "Amounts written down on stocks, contracts in progress and trade debtors",
        PL,
    ),
    _r("635/8", "Voorzieningen voor risico's en kosten", "Provisions for risks and charges", PL),
    _r("640/8", "Andere bedrijfskosten", "Other operating charges", PL),
    _r("9901", "Bedrijfswinst (bedrijfsverlies)", "Operating profit (loss)", PL, total=True),
    _r("75/76B", "Financiële opbrengsten", "Financial income", PL),
    _r("65/66B", "Financiële kosten", "Financial charges", PL),
    _r("650", "Kosten van schulden", "Debt charges", PL, _F),
    _r(
        "9903",
        "Winst (verlies) van het boekjaar vóór belasting",
        "Profit (loss) before taxes",
        PL,
        total=True,
    ),
    _r("67/77", "Belastingen op het resultaat", "Income taxes", PL),
    _r("9904", "Winst (verlies) van het boekjaar", "Profit (loss) for the period", PL, total=True),
    # Annex
    _r("9072", "Vervallen belastingschulden", "Overdue tax debts", X, _FA),
    _r(
        "9076",
        "Vervallen schulden tegenover de RSZ",
        "Overdue debts to the National Social Security Office (RSZ)",
        X,
        _FA,
    ),
    _r(
        "9087",
        "Gemiddeld personeelsbestand in voltijdse equivalenten",
        "Average number of employees in full-time equivalents",
        X,
        is_amount=False,
    ),
)

_BY_CODE = {r.code: r for r in RUBRICS}

#: Readable names for codes, accepted wherever codes are (``{"total_assets": ...}``).
NAMED_FIELDS: dict[str, str] = {
    "formation_expenses": "20",
    "fixed_assets": "21/28",
    "current_assets_total": "29/58",
    "receivables_after_one_year": "29",
    "stocks": "3",
    "receivables_within_one_year": "40/41",
    "current_investments": "50/53",
    "cash": "54/58",
    "deferred_charges": "490/1",
    "total_assets": "20/58",
    "equity": "10/15",
    "contribution": "10/11",
    "capital": "10",
    "reserves": "13",
    "accumulated_profit": "14",
    "provisions": "16",
    "amounts_payable": "17/49",
    "long_term_debts": "17",
    "short_term_debts": "42/48",
    "tax_and_social_debts": "45",
    "accrued_charges": "492/3",
    "total_equity_and_liabilities": "10/49",
    "turnover": "70",
    "gross_margin": "9900",
    "depreciation": "630",
    "operating_result": "9901",
    "result_before_taxes": "9903",
    "net_result": "9904",
    "overdue_tax_debts": "9072",
    "overdue_rsz_debts": "9076",
    "employees_fte": "9087",
}


def is_known(code: str) -> bool:
    return code in _BY_CODE


def refuses(code: str, value: Decimal) -> bool:
    """Whether ``value`` is out of bounds for ``code`` (a negative count)."""
    return value < 0 and is_known(code) and rubric(code).non_negative


def rubric(code: str) -> Rubric:
    """The rubric for ``code``; KeyError names the code when it is not one belronde uses."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"Unknown annual-account code {code!r}.") from None


def codes_for(schema: Schema) -> tuple[Rubric, ...]:
    """The rubrics of one model, in model order."""
    return tuple(r for r in RUBRICS if r.in_schema(schema))


def normalise_code(text: str) -> str:
    """``" 20 / 58 "`` -> ``"20/58"``; ``"70/76a"`` -> ``"70/76A"``. Does not check the code."""
    return "".join(text.split()).upper().lstrip("'")


def schema_from_nbb_model(model_code: str) -> Schema | None:
    """The schema of an NBB model code (``m01-f``, ``m81-f-p``, ...); None if not a company one."""
    prefix = model_code.strip().lower().split("-", 1)[0]
    return {
        "m01": Schema.ABBREVIATED,
        "m81": Schema.ABBREVIATED,
        "m02": Schema.FULL,
        "m82": Schema.FULL,
        "m07": Schema.MICRO,
        "m87": Schema.MICRO,
    }.get(prefix)
