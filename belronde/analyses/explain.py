"""A score explained in plain words: which figures push it up or down, and by how much."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from belronde.analyses import labels
from belronde.finance.scores import Score, Zone, needed_for_safe_zone
from belronde.lib.money import format_money, format_number


def _n(value: Decimal, places: int = 2) -> str:
    return format_number(value, places)


def _pct(value: Decimal) -> str:
    return format_number(value * 100, 1) + " %"


def explain(score: Score, year: int) -> list[str]:
    """Sentences explaining a Z'' (or EMS, Z') score: the zone, then each component from the
    one that pulls the score down most to the one that holds it up most, then what it would
    take to reach the safe zone."""
    spec = score.spec
    inputs = score.inputs
    params = {
        "model": labels.label(labels.MODELS, score.model.value),
        "score": _n(score.score),
        "year": year,
        "zone": labels.label(labels.ZONES, score.zone.value),
        "low": _n(spec.distress_below),
        "high": _n(spec.safe_above),
    }
    sentences = [
        _(
            "The %(model)s score for %(year)s is %(score)s: %(zone)s (below %(low)s is the "
            "distress zone, above %(high)s the safe zone)."
        )
        % params
    ]
    for component in sorted(score.components, key=lambda c: (c.exact_contribution, c.key)):
        contribution = _n(abs(component.contribution))
        x = component.exact
        if component.key == "X1":
            wc = inputs.value("working_capital") or Decimal(0)
            if x < 0:
                text = _(
                    "The working capital is negative (%(amount)s): the short-term debts exceed "
                    "the current assets. That lowers the score by %(points)s."
                )
            else:
                text = _(
                    "The working capital (%(amount)s, %(share)s of total assets) adds "
                    "%(points)s to the score."
                )
            sentences.append(
                text % {"amount": format_money(wc), "share": _pct(x), "points": contribution}
            )
        elif component.key == "X2":
            re = inputs.value("retained_earnings") or Decimal(0)
            if x < 0:
                text = _(
                    "Reserves and results carried forward are negative together (%(amount)s): "
                    "past losses have eaten into the equity. That lowers the score by %(points)s."
                )
            else:
                text = _(
                    "Reserves and results carried forward (%(amount)s) add %(points)s to the score."
                )
            sentences.append(text % {"amount": format_money(re), "points": contribution})
        elif component.key == "X3":
            ebit = inputs.value("ebit") or Decimal(0)
            if x < 0:
                text = _(
                    "The operating result is a loss (%(amount)s). It weighs most in the score "
                    "and lowers it by %(points)s."
                )
            else:
                text = _(
                    "The operating result (%(amount)s, %(share)s of total assets) weighs most "
                    "in the score and adds %(points)s."
                )
            sentences.append(
                text % {"amount": format_money(ebit), "share": _pct(x), "points": contribution}
            )
        elif component.key == "X4":
            equity_name = "market_value_equity" if spec.market_value else "book_equity"
            equity = inputs.value(equity_name) or Decimal(0)
            debts = inputs.value("total_liabilities") or Decimal(0)
            if x < 0:
                text = _(
                    "The equity is negative (%(amount)s against %(debts)s of debts and "
                    "provisions). That lowers the score by %(points)s."
                )
            else:
                text = _(
                    "The equity (%(amount)s) is %(times)s times the debts and provisions "
                    "(%(debts)s) and adds %(points)s."
                )
            sentences.append(
                text
                % {
                    "amount": format_money(equity),
                    "debts": format_money(debts),
                    "times": _n(x),
                    "points": contribution,
                }
            )
        elif component.key == "X5":
            sentences.append(
                _("Turnover (%(share)s of total assets) adds %(points)s.")
                % {"share": _pct(x), "points": contribution}
            )
    if spec.constant:
        sentences.append(
            _("The EMS variant adds a constant %(constant)s to the Z'' score.")
            % {"constant": _n(spec.constant)}
        )
    needed = needed_for_safe_zone(score)
    if needed:
        sentences.append(
            _(
                "To reach the safe zone the score has to rise by %(gap)s: for example with "
                "%(ebit)s more operating result, or %(wc)s more working capital, all other "
                "figures unchanged."
            )
            % {
                "gap": _n(spec.safe_above - score.score + Decimal("0.0001"), 4),
                "ebit": format_money(needed["ebit"]),
                "wc": format_money(needed["working_capital"]),
            }
        )
    elif score.zone == Zone.SAFE:
        margin = score.score - spec.safe_above
        sentences.append(
            _("The score lies %(margin)s above the safe threshold.") % {"margin": _n(margin)}
        )
    return sentences
