from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from belronde.accounts import actions
from belronde.accounts.models import User
from belronde.lib.commands import BelrondeCommand


class Command(BelrondeCommand):
    help = "Create an API token for USERNAME and print it (it is shown only once)."
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="CLI")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(
                _("No active user %(username)s.") % {"username": options["username"]}
            )
        token, key = actions.create_api_token(actor=user, name=options["name"])
        self.emit(options, {"username": user.username, "token": key, "name": token.name}, key)
