"""`belronde coaching late --chapter SLUG [--coach USERNAME] [--json]`: late activities.

Lists the open activities of the chapter's trajectories that are past their date, and the
follow-ups after closure that are past due, oldest first: the trajectory's code, the firm, the
coach, the activity, its due date and how many days late it is. ``--json`` prints a JSON list.

Example:
  belronde coaching late --chapter mechelen
  belronde coaching late --chapter mechelen --coach cora.coach --json
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from belronde.accounts.models import User
from belronde.coaching import access
from belronde.coaching.actions import is_coach
from belronde.lib.commands import ChapterCommand


class Command(ChapterCommand):
    help = __doc__
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=["late"],
            help="late: the activities past their date, oldest first.",
        )
        parser.add_argument(
            "--coach", default="", help="Only this coach's trajectories (a username)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chapter = options["chapter"]
        coach = None
        if options["coach"]:
            coach = User.objects.filter(username=options["coach"], is_active=True).first()
            if coach is None or not is_coach(coach, chapter):
                raise CommandError(
                    _("%(username)s is not a coach of chapter %(chapter)s.")
                    % {"username": options["coach"], "chapter": chapter.slug}
                )
        rows = access.late_activities(chapter.pk, coach=coach)
        if options.get("json"):
            self.stdout.write(
                json.dumps(
                    [
                        {
                            "trajectory": r.trajectory,
                            "organisation": r.organisation,
                            "coach": r.coach,
                            "activity": r.activity,
                            "kind": r.kind,
                            "due_on": r.due_on.isoformat(),
                            "days_late": r.days_late,
                        }
                        for r in rows
                    ],
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        if not rows:
            self.stdout.write(_("No late activities in %(chapter)s.") % {"chapter": chapter.name})
            return
        header = [
            _("Trajectory"),
            _("Firm"),
            _("Coach"),
            _("Activity"),
            _("Due on"),
            _("Days late"),
        ]
        body = [
            [
                r.trajectory,
                r.organisation,
                r.coach,
                r.activity,
                r.due_on.strftime("%d/%m/%Y"),
                str(r.days_late),
            ]
            for r in rows
        ]
        self.stdout.write(table(header, body))
        self.stdout.write(
            ngettext(
                "%(count)s late activity in %(chapter)s.",
                "%(count)s late activities in %(chapter)s.",
                len(rows),
            )
            % {"count": len(rows), "chapter": chapter.name}
        )


def table(header: list[str], rows: list[list[str]]) -> str:
    """Columns as wide as their widest cell, a rule under the header; the last column (a
    number) aligned to the right."""
    widths = [max(len(line[i]) for line in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [
            cell.rjust(width) if i == len(cells) - 1 else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(header), rule, *(line(row) for row in rows)])
