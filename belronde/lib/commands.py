"""The base of belronde's management commands: one-line errors, --json, and --chapter."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _


class BelrondeCommand(BaseCommand):
    """Adds ``--json`` where a command reports results; runs in English unless --language."""

    json_output = False

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument(
            "--language",
            choices=["nl", "en"],
            default="en",
            help="Language of messages (default: en).",
        )
        if self.json_output:
            parser.add_argument("--json", action="store_true", help="Print JSON.")
        return parser

    def execute(self, *args: Any, **options: Any) -> str | None:
        with translation.override(options.get("language") or "en"):
            return super().execute(*args, **options)

    def emit(self, options: dict[str, Any], data: dict[str, Any], text: str) -> None:
        if options.get("json"):
            self.stdout.write(json.dumps(data, ensure_ascii=False, default=str))
        else:
            self.stdout.write(text)


class ChapterCommand(BelrondeCommand):
    """A command that acts on one chapter: ``--chapter SLUG`` is required and resolved here."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("--chapter", required=True, help="The chapter's slug, e.g. mechelen.")
        return parser

    def execute(self, *args: Any, **options: Any) -> str | None:
        from belronde.accounts.models import Chapter

        slug = options.get("chapter") or ""
        try:
            options["chapter"] = Chapter.objects.select_related("region").get(slug=slug)
        except Chapter.DoesNotExist:
            known = ", ".join(Chapter.objects.order_by("slug").values_list("slug", flat=True))
            with translation.override(options.get("language") or "en"):
                raise CommandError(
                    _("No chapter %(slug)s. Known chapters: %(known)s.")
                    % {"slug": slug, "known": known or _("none yet")}
                ) from None
        return super().execute(*args, **options)
