"""`belronde restore FILE --target DATABASE_URL [--passphrase-file F] [--force]`: restore a
backup made by `belronde backup` into an empty database (an SQLite file, or an existing
PostgreSQL database), then count the rows per table and check the migrations against this
version of belronde."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from belronde.lib.commands import BelrondeCommand
from belronde.ops import backup


def migrations_current(url: str) -> bool:
    """Whether the database at ``url`` has every migration of this version applied."""
    done = subprocess.run(
        [sys.executable, "-m", "belronde", "migrate", "--check", "--skip-checks"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


class Command(BelrondeCommand):
    help = __doc__
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The backup file (.sqlite3, .pgdump, or .gpg).")
        parser.add_argument(
            "--target",
            required=True,
            help="The database to restore into: sqlite:///path or postgres://.../name.",
        )
        parser.add_argument("--passphrase-file", help="The passphrase of a symmetric backup.")
        parser.add_argument(
            "--force", action="store_true", help="Replace what the target holds already."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            target = dj_database_url.parse(options["target"])
        except ValueError:
            raise CommandError(
                _(
                    "--target must look like sqlite:///path/file.sqlite3 or postgres://user@host/name."
                )
            ) from None
        encryption = backup.Encryption(
            passphrase_file=Path(options["passphrase_file"]) if options["passphrase_file"] else None
        )
        try:
            outcome = backup.restore(
                Path(options["file"]), dict(target), encryption, force=options["force"]
            )
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        outcome.migrations_current = migrations_current(options["target"])
        data = outcome.as_dict()
        data["rows_per_table"] = outcome.rows
        text = _("Restored %(path)s in %(seconds)s s: %(tables)s tables, %(rows)s rows.") % {
            "path": outcome.path,
            "seconds": f"{outcome.seconds:.1f}",
            "tables": data["tables"],
            "rows": data["rows"],
        }
        text += " " + (
            _("Its migrations are those of this version.")
            if outcome.migrations_current
            else _("It needs `belronde migrate` before use (an older version made it).")
        )
        self.emit(options, data, text)
