from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from belronde.accounts import actions
from belronde.accounts.models import Membership, PartnerOrganisation, User
from belronde.lib.commands import ChapterCommand


class Command(ChapterCommand):
    help = (
        "Create a user with a role in a chapter: createuser USERNAME --chapter SLUG --role ROLE "
        "[--password-stdin]. Without a password the user sets one through 'forgot password'."
    )
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=Membership.Role.values)
        parser.add_argument(
            "--password-stdin", action="store_true", help="Read the password from stdin."
        )
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--user-language", choices=["nl", "en"], default="nl")
        parser.add_argument("--partner", help="Partner organisation slug (role partner).")

    def handle(self, *args: Any, **options: Any) -> None:
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError(_("No password on stdin."))
            candidate = User(
                username=options["username"],
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
            try:
                validate_password(password, user=candidate)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
        partner = None
        if options["partner"]:
            partner = PartnerOrganisation.objects.filter(slug=options["partner"]).first()
            if partner is None:
                raise CommandError(
                    _("No partner organisation %(slug)s.") % {"slug": options["partner"]}
                )
        chapter = options["chapter"]
        try:
            user = actions.create_user(
                actor=None,
                username=options["username"],
                password=password,
                chapter=chapter,
                role=options["role"],
                region=chapter.region if options["role"] == Membership.Role.REGIONAL else None,
                partner_organisation=partner,
                email=options["email"],
                first_name=options["first_name"],
                last_name=options["last_name"],
                language=options["user_language"],
            )
        except actions.AccountsError as exc:
            raise CommandError(str(exc)) from None
        self.emit(
            options,
            {"username": user.username, "chapter": chapter.slug, "role": options["role"]},
            _("User %(username)s created.") % {"username": user.username},
        )
