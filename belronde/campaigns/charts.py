"""The campaign's "calls per day" chart, drawn by `belronde.lib.charts`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import dateformat
from django.utils.translation import gettext as _

from belronde.lib.charts import Chart, Series


def day_label(day: dt.date) -> str:
    """The weekday over the date, as Belgians write them: "ma" over "23/11"."""
    return f"{dateformat.format(day, 'D')}\n{dateformat.format(day, 'd/m')}"


def timeline_chart(timeline: Sequence[Mapping[str, Any]], *, days: int) -> Chart:
    """Stacked bars per day: the calls that reached someone, then the others; ``timeline``
    holds one ``{"day", "attempts", "reached"}`` per day, oldest first."""
    reached = [int(d["reached"]) for d in timeline]
    attempts = [int(d["attempts"]) for d in timeline]
    total, total_reached = sum(attempts), sum(reached)
    return Chart(
        kind="stacked",
        title=_("Calls per day"),
        description=_(
            "Calls in the last %(days)s days: %(n)s, of which %(reached)s reached someone. "
            "The numbers per day are in the table."
        )
        % {"days": days, "n": total, "reached": total_reached},
        categories=[day_label(d["day"]) for d in timeline],
        series=[
            Series(_("Reached"), reached, tone="brand"),
            Series(
                _("Not reached"),
                [a - r for a, r in zip(attempts, reached, strict=True)],
                tone="light",
            ),
        ],
        category_label=_("Day"),
        value_label=_("calls"),
        total_label=_("Attempts"),
        empty_message=_(
            "No calls in the last %(days)s days yet. The chart fills in as the callers log "
            "their calls."
        )
        % {"days": days},
        width=360,
        height=220,
        id="timeline",
        test_id="timeline-chart",
    )
