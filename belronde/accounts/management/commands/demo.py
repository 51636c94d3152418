"""`belronde demo`: load the demo chapters, users and data (idempotent).

How it decides that the database is a development one: it refuses unless BELRONDE_DEBUG is on,
and it refuses when a user who is not a demo user has ever logged in (a database in real use).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from belronde.accounts.demo import USERS
from belronde.accounts.models import User
from belronde.audit.actions import record_event
from belronde.lib.commands import BelrondeCommand

#: Demo loaders in dependency order; each is idempotent and returns counts of what it created.
LOADERS = [
    "belronde.accounts.demo.load",
    "belronde.members.demo.load",
    "belronde.campaigns.demo.load",
    "belronde.analyses.demo.load",
    "belronde.knowledge.demo.load",
    "belronde.referrals.demo.load",
    "belronde.coaching.demo.load",
    "belronde.funding.demo.load",
]


def refusal_reason() -> str | None:
    if not settings.DEBUG:
        return _(
            "The demo only runs on a development database: BELRONDE_DEBUG is off, so this looks "
            "like production."
        )
    demo_names = {spec.username for spec in USERS}
    real = User.objects.exclude(username__in=demo_names).filter(last_login__isnull=False).first()
    if real is not None:
        return _(
            "The demo only runs on a development database: user %(username)s, who is not a demo "
            "user, has logged in here."
        ) % {"username": real.username}
    return None


class Command(BelrondeCommand):
    help = __doc__
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2020, help="Random seed (default 2020).")

    def handle(self, *args: Any, **options: Any) -> None:
        reason = refusal_reason()
        if reason:
            raise CommandError(reason)
        totals: dict[str, int] = {}
        with transaction.atomic():
            for dotted in LOADERS:
                module_name, func_name = dotted.rsplit(".", 1)
                loader = getattr(import_module(module_name), func_name)
                result = loader(seed=options["seed"])
                for key, value in result.items():
                    totals[key] = totals.get(key, 0) + value
            if any(totals.values()):
                record_event(actor=None, verb="demo.loaded", payload=totals)
        summary = ", ".join(f"{k}: {v}" for k, v in totals.items())
        self.emit(
            options,
            {"created": totals},
            _("Demo ready (created %(summary)s). Log in as caller1.mechelen / demo.")
            % {"summary": summary},
        )
