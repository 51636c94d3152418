from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from belronde.accounts import actions
from belronde.accounts.models import Region
from belronde.lib.commands import BelrondeCommand


class Command(BelrondeCommand):
    help = (
        "Create a chapter: createchapter SLUG --name NAME --region SLUG [--postal-codes 2800,2801]"
    )
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--region", required=True, help="Region slug; created if new.")
        parser.add_argument("--region-name", help="Name for a new region (default: the slug).")
        parser.add_argument("--postal-codes", default="", help="Comma-separated, e.g. 2800,2801.")

    def handle(self, *args: Any, **options: Any) -> None:
        region, _created = Region.objects.get_or_create(
            slug=options["region"],
            defaults={"name": options["region_name"] or options["region"].title()},
        )
        codes = [c for c in options["postal_codes"].split(",") if c.strip()]
        try:
            chapter = actions.create_chapter(
                actor=None,
                slug=options["slug"],
                name=options["name"],
                region=region,
                postal_codes=codes,
            )
        except actions.AccountsError as exc:
            raise CommandError(str(exc)) from None
        self.emit(
            options,
            {
                "slug": chapter.slug,
                "name": chapter.name,
                "region": region.slug,
                "postal_codes": chapter.postal_codes,
            },
            _("Chapter %(slug)s created.") % {"slug": chapter.slug},
        )
