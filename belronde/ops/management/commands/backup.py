"""`belronde backup [--output FILE|FOLDER] (--recipient KEY ... | --passphrase-file F | --plain)`:
a consistent backup of the configured database (SQLite online backup API, or pg_dump's custom
format), encrypted with GnuPG. Unencrypted backups need --plain, and are refused outside debug."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from belronde.audit.actions import record_event
from belronde.lib.commands import BelrondeCommand
from belronde.ops import backup


class Command(BelrondeCommand):
    help = __doc__
    json_output = True

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            default=str(settings.VAR_DIR / "backups"),
            help="A file, or a folder for a dated file name (default: var/backups/).",
        )
        parser.add_argument(
            "--recipient",
            action="append",
            default=[],
            help="Encrypt to this GnuPG public key (repeatable); its private key stays elsewhere.",
        )
        parser.add_argument(
            "--passphrase-file", help="Encrypt with the passphrase in this file (AES-256)."
        )
        parser.add_argument(
            "--plain",
            action="store_true",
            help="Write an unencrypted backup (development only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        encryption = backup.Encryption(
            recipients=tuple(options["recipient"]),
            passphrase_file=Path(options["passphrase_file"])
            if options["passphrase_file"]
            else None,
        )
        if encryption.recipients and encryption.passphrase_file:
            raise CommandError(_("Give --recipient or --passphrase-file, not both."))
        if not encryption.enabled and not options["plain"]:
            raise CommandError(
                _(
                    "Backups hold every member's data and must be encrypted: give --recipient "
                    "KEY or --passphrase-file FILE (or --plain, in development only)."
                )
            )
        if options["plain"] and encryption.enabled:
            raise CommandError(_("--plain cannot be combined with encryption."))
        if options["plain"] and not settings.DEBUG:
            raise CommandError(_("Unencrypted backups are refused outside development."))
        engine = backup.engine_of(connection.settings_dict)
        output = Path(options["output"])
        if output.is_dir() or str(options["output"]).endswith("/"):
            output.mkdir(parents=True, exist_ok=True)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = output / backup.default_name(engine, encryption.enabled, stamp)
        try:
            outcome = backup.backup(connection.settings_dict, output, encryption)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from None
        record_event(
            actor=None,
            verb="ops.backup_made",
            payload={
                "engine": outcome.engine,
                "bytes": outcome.bytes,
                "encrypted": outcome.encrypted,
            },
        )
        data = outcome.as_dict()
        self.emit(
            options,
            {k: data[k] for k in ("path", "engine", "bytes", "seconds", "encrypted")},
            _("Backup written to %(path)s (%(size)s, %(seconds)s s, %(state)s).")
            % {
                "path": outcome.path,
                "size": f"{outcome.bytes / 1_000_000:.1f} MB",
                "seconds": f"{outcome.seconds:.1f}",
                "state": _("encrypted") if outcome.encrypted else _("NOT encrypted"),
            },
        )
