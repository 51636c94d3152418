from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from belronde.accounts import actions
from belronde.accounts.models import User
from belronde.lib.commands import BelrondeCommand


class Command(BelrondeCommand):
    help = (
        "Remove the authenticator and recovery codes of USERNAME, for someone who lost both "
        "(check who is asking first). Their next login asks for a new set-up. Audited with "
        "--reason."
    )
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--reason",
            required=True,
            help="Why, for the audit log, without personal details "
            '(e.g. "phone lost; identity checked by a call back on the known number").',
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user %(username)s.") % {"username": options["username"]})
        if not options["reason"].strip():
            raise CommandError(_("Say why in --reason: the reset is audited."))
        try:
            operator = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (containers)
            operator = "unknown"
        devices = actions.reset_two_factor(
            user=user, reason=options["reason"], by=f"belronde resettwofactor ({operator})"
        )
        text = (
            ngettext(
                "Two-factor authentication of %(username)s reset (%(n)s device removed).",
                "Two-factor authentication of %(username)s reset (%(n)s devices removed).",
                devices,
            )
            % {"username": user.username, "n": devices}
            if devices
            else _("%(username)s had no two-factor authentication; nothing changed.")
            % {"username": user.username}
        )
        self.emit(options, {"username": user.username, "devices_removed": devices}, text)
