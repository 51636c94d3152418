"""One financial year's figures by annual-account code, and where each number comes from.

A :class:`Figures` holds the amounts reported for one financial year. Asking for a code gives a
:class:`Lookup`: the amount and *how* it was obtained:

- ``reported``: entered or imported under that code;
- ``derived``: computed from other codes by an identity of the Belgian models (total assets
  equal total equity and liabilities; amounts payable are 17 + 42/48 + 492/3; ...), with the
  formula used;
- ``blank_zero``: not reported and counted as zero. That happens only for detail items the
  models leave blank when nil (stocks, provisions, accruals, ...), when a calculation asks for
  them as such, or for any code of the model in a *complete* filing (an authentic NBB filing
  omits nil rubrics), except turnover (70) in the micro and abbreviated models, which may be
  left out without being nil;
- ``missing``: unknown. A calculation that needs it is "not computable", never guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from belronde.finance._num import ZERO, finance_context, to_decimal
from belronde.finance.codes import NAMED_FIELDS, Schema, is_known, normalise_code, rubric

__all__ = [
    "Figures",
    "How",
    "Inconsistency",
    "Lookup",
    "UnknownCodeError",
]

#: Differences up to this amount are rounding, not inconsistencies.
TOLERANCE = Decimal(1)


class UnknownCodeError(KeyError):
    """A code or field name that belronde does not know."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    def __str__(self) -> str:
        return f"Unknown annual-account code or field {self.code!r}."


class How(StrEnum):
    REPORTED = "reported"
    DERIVED = "derived"
    BLANK_ZERO = "blank_zero"
    MISSING = "missing"


@dataclass(frozen=True)
class Lookup:
    code: str
    value: Decimal | None
    how: How
    #: for derived values, the identity used, e.g. "17/49 = 17 + 42/48 + 492/3"
    formula: str = ""

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class _Rule:
    terms: tuple[tuple[int, str], ...]
    #: codes that must be known; the other terms count as zero when blank. With no required
    #: code, at least one term must be reported or derived.
    required: frozenset[str] = frozenset()

    def formula(self, code: str) -> str:
        text = ""
        for i, (sign, term) in enumerate(self.terms):
            if i == 0:
                text = term if sign > 0 else f"-{term}"
            else:
                text += f" {'+' if sign > 0 else '-'} {term}"
        return f"{code} = {text}"


def _plus(*codes: str, required: Iterable[str] = ()) -> _Rule:
    return _Rule(tuple((1, c) for c in codes), frozenset(required))


_RULES: dict[str, tuple[_Rule, ...]] = {
    "20/58": (_plus("10/49", required=["10/49"]),),
    "10/49": (
        _plus("20/58", required=["20/58"]),
        _plus("10/15", "16", "17/49", required=["10/15", "17/49"]),
    ),
    "10/15": (_Rule(((1, "10/49"), (-1, "16"), (-1, "17/49")), frozenset({"10/49", "17/49"})),),
    "17/49": (_plus("17", "42/48", "492/3", required=["42/48"]),),
    "29/58": (
        _Rule(((1, "20/58"), (-1, "20"), (-1, "21/28")), frozenset({"20/58", "21/28"})),
        _plus("29", "3", "40/41", "50/53", "54/58", "490/1"),
    ),
    "21/28": (_plus("21", "22/27", "28"),),
    "40/41": (_plus("40", "41"),),
    "42/48": (_plus("42", "43", "44", "45", "46", "47/48"),),
    "45": (_plus("450/3", "454/9"),),
}

#: Identities checked between a reported total and its reported parts; the flag says whether
#: every part is non-negative by nature (then parts already exceeding the total are an error
#: even while other parts are blank).
_CHECKS: tuple[tuple[str, _Rule, bool], ...] = (
    ("20/58", _plus("20", "21/28", "29/58"), True),
    ("10/49", _plus("20/58"), True),
    ("10/49", _plus("10/15", "16", "17/49"), False),
    ("21/28", _plus("21", "22/27", "28"), True),
    ("29/58", _plus("29", "3", "40/41", "50/53", "54/58", "490/1"), True),
    ("40/41", _plus("40", "41"), True),
    ("17/49", _plus("17", "42/48", "492/3"), True),
    ("42/48", _plus("42", "43", "44", "45", "46", "47/48"), True),
    ("45", _plus("450/3", "454/9"), True),
)


@dataclass(frozen=True)
class Inconsistency:
    """A reported total that differs from the sum of its reported parts."""

    code: str
    reported: Decimal
    computed: Decimal
    formula: str

    @property
    def difference(self) -> Decimal:
        return self.reported - self.computed


@dataclass(frozen=True)
class Figures:
    """The figures of one financial year. Build with :meth:`from_mapping` or :meth:`from_named`."""

    year: int
    values: Mapping[str, Decimal] = field(default_factory=dict)
    schema: Schema = Schema.FULL
    #: an authentic filing: every code of the model that is absent is nil
    complete: bool = False
    end_date: dt.date | None = None

    def __post_init__(self) -> None:
        for code in self.values:
            if not is_known(code):
                raise UnknownCodeError(code)
        object.__setattr__(self, "values", MappingProxyType(dict(self.values)))

    @classmethod
    def from_mapping(
        cls,
        year: int,
        values: Mapping[str, Decimal | int | str],
        *,
        schema: Schema = Schema.FULL,
        complete: bool = False,
        end_date: dt.date | None = None,
    ) -> Figures:
        """Figures from ``{code: amount}``; codes are normalised (``"20 / 58"`` is ``20/58``)."""
        clean: dict[str, Decimal] = {}
        for key, value in values.items():
            code = normalise_code(key)
            if not is_known(code):
                raise UnknownCodeError(key)
            clean[code] = to_decimal(value)
        return cls(year, clean, schema, complete, end_date)

    @classmethod
    def from_named(
        cls,
        year: int,
        values: Mapping[str, Decimal | int | str],
        *,
        schema: Schema = Schema.FULL,
        complete: bool = False,
    ) -> Figures:
        """Figures from readable names (see ``codes.NAMED_FIELDS``) or codes, mixed."""
        coded: dict[str, Decimal | int | str] = {}
        for key, value in values.items():
            coded[NAMED_FIELDS.get(key, key)] = value
        return cls.from_mapping(year, coded, schema=schema, complete=complete)

    def scaled(self, factor: Decimal) -> Figures:
        """Every amount multiplied by ``factor`` (counts such as 9087 stay as they are)."""
        with finance_context():
            values = {
                code: (value * factor if rubric(code).is_amount else value)
                for code, value in self.values.items()
            }
        return Figures(self.year, values, self.schema, self.complete, self.end_date)

    def reported(self, code: str) -> Decimal | None:
        return self.values.get(code)

    def lookup(self, code: str) -> Lookup:
        """The value of ``code`` as a required input: reported, derived, nil in a complete
        filing, or missing."""
        return self._lookup(code, frozenset(), blank_is_zero=False)

    def lookup_or_zero(self, code: str) -> Lookup:
        """The value of ``code`` as a detail item that is nil when left blank."""
        return self._lookup(code, frozenset(), blank_is_zero=True)

    def _lookup(self, code: str, visiting: frozenset[str], *, blank_is_zero: bool) -> Lookup:
        if code in self.values:
            return Lookup(code, self.values[code], How.REPORTED)
        if code not in visiting:
            derived = self._derive(code, visiting | {code})
            if derived is not None:
                return derived
        if blank_is_zero or self._nil_in_complete_filing(code):
            return Lookup(code, ZERO, How.BLANK_ZERO)
        return Lookup(code, None, How.MISSING)

    def _nil_in_complete_filing(self, code: str) -> bool:
        if not self.complete or not is_known(code) or not rubric(code).in_schema(self.schema):
            return False
        return not (code == "70" and self.schema in {Schema.ABBREVIATED, Schema.MICRO})

    def _derive(self, code: str, visiting: frozenset[str]) -> Lookup | None:
        for rule in _RULES.get(code, ()):
            total = ZERO
            seen_any = False
            usable = True
            for sign, term in rule.terms:
                required = term in rule.required
                part = self._lookup(term, visiting, blank_is_zero=False)
                if part.value is None:
                    if required:
                        usable = False
                        break
                    continue
                if part.how in {How.REPORTED, How.DERIVED}:
                    seen_any = True
                with finance_context():
                    total += sign * part.value
            if usable and (rule.required or seen_any):
                return Lookup(code, total, How.DERIVED, rule.formula(code))
        return None

    def inconsistencies(self) -> list[Inconsistency]:
        """Reported totals that differ by more than EUR 1 from the sum of their parts.

        With every part reported (or in a complete filing, where blanks are nil) any difference
        counts; with parts still blank, only parts that already exceed the total do.
        """
        found: list[Inconsistency] = []
        for code, rule, nonnegative in _CHECKS:
            reported = self.values.get(code)
            parts = [self.values.get(term) for _, term in rule.terms]
            if reported is None or all(value is None for value in parts):
                continue
            with finance_context():
                computed = sum(
                    (
                        sign * (value or ZERO)
                        for (sign, _), value in zip(rule.terms, parts, strict=True)
                    ),
                    ZERO,
                )
            whole = self.complete or all(value is not None for value in parts)
            differs = abs(reported - computed) > TOLERANCE
            exceeds = nonnegative and computed - reported > TOLERANCE
            if (whole and differs) or (not whole and exceeds):
                found.append(Inconsistency(code, reported, computed, rule.formula(code)))
        return found
