"""`belronde export-members --chapter SLUG --format csv|xlsx --output FILE [filters]`: the
chapter's member list (the main contact on each row), safe against formula injection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from belronde.lib.commands import ChapterCommand
from belronde.members import actions, exports
from belronde.members.models import Organisation
from belronde.members.search import export_rows, filter_organisations
from belronde.members.views import export_header


class Command(ChapterCommand):
    help = __doc__
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--q", default="", help="Search text (name, place, number).")
        parser.add_argument("--sector", default="", help="NACE section letter, e.g. G.")
        parser.add_argument("--size-band", default="", help="e.g. 5-9, 10-19, 250+.")
        parser.add_argument("--postal-code", default="")
        parser.add_argument(
            "--status", default="", help="member, former, prospect, do-not-call or all."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chapter = options["chapter"]
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(_("No such folder: %(path)s") % {"path": output.parent})
        organisations = filter_organisations(
            Organisation.objects.filter(chapter=chapter, merged_into__isnull=True),
            q=options["q"],
            sector=options["sector"],
            size_band=options["size_band"],
            postal_code=options["postal_code"],
            status=options["status"],
        )
        header = export_header(options.get("language") or "en")
        count = organisations.count()
        if options["format"] == "xlsx":
            output.write_bytes(
                exports.xlsx_bytes(header, export_rows(organisations), title=chapter.name)
            )
        else:
            with output.open("w", encoding="utf-8", newline="") as f:
                for line in exports.csv_lines(header, export_rows(organisations)):
                    f.write(line)
        actions.record_export(actor=None, chapter=chapter, count=count, format=options["format"])
        self.emit(
            options,
            {"rows": count, "output": str(output), "format": options["format"]},
            _("%(count)s organisations written to %(path)s.") % {"count": count, "path": output},
        )
