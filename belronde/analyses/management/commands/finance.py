"""`belronde finance score|alarms`: the financial calculators, JSON on stdin, JSON on stdout.

    echo '{"codes": {"20/58": 500000, ...}}' | belronde finance score
    echo '{"legal_form": "NV", "capital": 100000, "net_assets": 40000}' | belronde finance alarms

Malformed input exits with code 2 and a one-line reason. See belronde.finance.service.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from django.core.management.base import CommandError, CommandParser

from belronde.finance import service
from belronde.lib.commands import BelrondeCommand


class Command(BelrondeCommand):
    help = __doc__
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{score,alarms}")
        actions.add_parser(
            "score",
            help="Altman Z, Z', Z'' and EMS (and, from codes, the ratios) for one JSON object.",
        )
        actions.add_parser(
            "alarms",
            help="The alarm bells of the Companies Code (BV 5:153, NV 7:228-7:230) for one JSON "
            "object.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stream = options.get("stdin") or sys.stdin
        text = stream.read()
        try:
            payload = json.loads(text, parse_float=Decimal)
        except ValueError as exc:
            reason = str(exc).splitlines()[0] if str(exc) else "invalid JSON"
            raise CommandError(f"Input is not valid JSON: {reason}.", returncode=2) from None
        try:
            if options["action"] == "score":
                result = service.score(payload)
            else:
                result = service.alarms(payload)
        except service.InputError as exc:
            raise CommandError(str(exc).replace("\n", " "), returncode=2) from None
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
