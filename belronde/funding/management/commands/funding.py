"""`belronde funding split`: who pays what of a trajectory's price (belronde.finance.costsplit).

    belronde funding split --price 900 --contribution 350 --participant-cap 200 --json
    {"price": "900.00", "funder": "350.00", "participant": "200.00", "federation": "350.00"}

Bad input (negative, not a number, more than two decimals) exits with code 2 and a one-line
reason.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser

from belronde.finance import costsplit
from belronde.lib.commands import BelrondeCommand


class Command(BelrondeCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{split}")
        split = actions.add_parser(
            "split",
            help="Split a trajectory's price between the funder, the participant and the "
            "federation (amounts in euro, at most two decimals).",
        )
        split.add_argument("--price", required=True, help="The trajectory's price, e.g. 900.")
        split.add_argument(
            "--contribution", required=True, help="The funder's contribution per trajectory."
        )
        split.add_argument(
            "--participant-cap", required=True, help="The most the participant pays."
        )
        split.add_argument("--json", action="store_true", help="Print JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = costsplit.split(
                options["price"], options["contribution"], options["participant_cap"]
            )
        except costsplit.SplitError as exc:
            raise CommandError(str(exc), returncode=2) from None
        data = result.as_json()
        if options.get("json"):
            self.stdout.write(json.dumps(data))
            return
        width = max(len(v) for v in data.values())
        self.stdout.write(
            "\n".join(
                f"{label:<12} EUR {data[key]:>{width}}"
                for key, label in (
                    ("price", "price"),
                    ("funder", "funder"),
                    ("participant", "participant"),
                    ("federation", "federation"),
                )
            )
        )
