"""`belronde import-members FILE --chapter SLUG [--format csv|xlsx|kbo] [--dry-run] [--partial]
[--json]`: import a chapter's members from CSV, Excel or the KBO open-data extract.

Every row is checked first and every error reported (row numbers as the spreadsheet shows them,
the header being row 1); then the file is written in one transaction, or not at all. With
--partial the valid rows are written and the rejected rows go to an error file that can be
fixed and imported again. Exit code 0 when written (or a clean dry run), 1 when rows were
rejected and nothing was written, 2 when the file itself is unusable.
"""

from __future__ import annotations

import csv
import shutil
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from belronde.lib.commands import ChapterCommand
from belronde.members import actions
from belronde.members.exports import safe_cell
from belronde.members.importing.report import exit_code, report
from belronde.members.importing.sources import CLI_LIMITS
from belronde.members.messages import file_message


class ErrorFile:
    """The rejected rows, as read, plus a last column with the reasons (re-importable)."""

    def __init__(self, path: Path, delimiter: str) -> None:
        self.path = path
        self.delimiter = delimiter or ";"
        self.handle: Any = None
        self.writer: Any = None
        self.count = 0

    def __call__(self, header: list[str], number: int, cells: list[Any], message: str) -> None:
        if self.writer is None:
            self.handle = self.path.open("w", encoding="utf-8-sig", newline="")
            self.writer = csv.writer(self.handle, delimiter=self.delimiter)
            self.writer.writerow([*(str(h) for h in header), _("error")])
        padded = [*cells, *[""] * (len(header) - len(cells))]
        self.writer.writerow([safe_cell(c) for c in padded[: len(header)]] + [safe_cell(message)])
        self.count += 1

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()


class Command(ChapterCommand):
    help = __doc__
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A .csv or .xlsx file, or a KBO extract folder or zip.")
        parser.add_argument("--format", choices=["csv", "xlsx", "kbo"], help="Default: detected.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check everything, write nothing."
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Write the valid rows; put the rejected ones in an error file.",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=1,
            help="Processes that check the rows of a file of 20,000 rows or more (default 1: "
            "on two cores the hand-over costs more than it saves; try the core count on more).",
        )
        parser.add_argument(
            "--error-file",
            help="Where the rejected rows go (default: FILE.errors.csv next to the file).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(_("No such file: %(path)s") % {"path": path})
        progress = None
        bar = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            bars: dict[str, Any] = {}

            def progress(phase: str, done: int, total: int) -> None:
                current = bars.get(phase)
                if current is None:
                    for other in bars.values():
                        other.close()
                    label = _("Checking") if phase == "validating" else _("Writing")
                    size = shutil.get_terminal_size((100, 20))
                    current = bars[phase] = tqdm(
                        total=total or None,
                        desc=label,
                        unit=_("rows"),
                        file=sys.stderr,
                        ncols=size.columns or 100,
                        nrows=size.lines or 20,
                        bar_format="{desc}: {n}/{total} {bar} {rate_fmt} {remaining}",
                    )
                if total and current.total != total:
                    current.total = total
                current.update(done - current.n)

            bar = bars
        error_path = (
            Path(options["error_file"])
            if options.get("error_file")
            else path.with_name(path.name + ".errors.csv")
        )
        sink = ErrorFile(error_path, ";") if options["partial"] else None
        try:
            batch = actions.import_members(
                actor=None,
                chapter=options["chapter"],
                path=path,
                original_filename=path.name,
                format=options.get("format"),
                partial=options["partial"],
                dry_run=options["dry_run"],
                source="cli",
                limits=CLI_LIMITS,
                progress=progress,
                error_sink=sink,
                workers=max(1, options["workers"]),
            )
        finally:
            if sink is not None:
                sink.close()
            if bar:
                for b in bar.values():
                    b.close()
        data = report(batch)
        if options.get("json"):
            self.emit(options, data, "")
        else:
            self.stdout.write(self.summary(batch, data, sink))
        code = exit_code(batch)
        if code:
            sys.exit(code)

    def summary(self, batch: Any, data: dict[str, Any], sink: ErrorFile | None) -> str:
        lines: list[str] = []
        if batch.file_problem:
            return file_message(batch.file_problem["code"], batch.file_problem.get("params", {}))
        for error in data["errors"]:
            where = _("row %(row)s") % {"row": error["row"]}
            column = f", {error['column']}" if error["column"] else ""
            value = f" ({error['value']!r})" if error["value"] else ""
            lines.append(f"{where}{column}{value}: {error['message']}")
        for notice in data["notices"][:50]:
            where = _("row %(row)s") % {"row": notice["row"]} if notice["row"] else _("file")
            lines.append(f"{where}: {notice['message']}")
        status = {
            "committed": _("Imported"),
            "dry-run": _("Dry run, nothing written"),
            "rejected": _("Rejected, nothing written"),
        }[data["status"]]
        lines.append(
            _(
                "%(status)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s rejected."
            )
            % {**data, "status": status}
        )
        if sink is not None and sink.count:
            lines.append(
                _("The rejected rows are in %(path)s: fix them and import that file.")
                % {"path": sink.path}
            )
        return "\n".join(lines)
