"""Consistent, encrypted backups of belronde's database and their restore (RELIABILITY.md 3.5).

- SQLite: SQLite's online backup API copies a consistent snapshot while the application keeps
  writing (WAL: readers do not block writers); the copy is switched to a single-file journal
  and must pass ``PRAGMA integrity_check``. Never a plain file copy, which can miss the WAL or
  copy a torn page.
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot, no downtime), checked by
  ``pg_restore --list``; restored with ``pg_restore`` into an empty database.
- Encryption with GnuPG: to one or more public keys (``--recipient``; the private key stays off
  the server) or with a passphrase file (AES-256). PostgreSQL dumps are piped straight into gpg,
  so no unencrypted copy touches the disk; an SQLite snapshot exists unencrypted only in a
  private (0700) temporary folder next to the output, and is removed at once.

Files are written under a temporary name and renamed when complete, with mode 0600.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext as _

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason for the operator."""


@dataclass(frozen=True)
class Encryption:
    recipients: Sequence[str] = ()
    passphrase_file: Path | None = None

    @property
    def enabled(self) -> bool:
        return bool(self.recipients) or self.passphrase_file is not None


@dataclass
class Outcome:
    path: Path
    engine: str
    bytes: int
    seconds: float
    encrypted: bool
    rows: dict[str, int] = field(default_factory=dict)
    migrations_current: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "engine": self.engine,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
            "encrypted": self.encrypted,
            "tables": len(self.rows),
            "rows": sum(self.rows.values()),
            "migrations_current": self.migrations_current,
        }


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = str(settings_dict["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(
        _("Backups support SQLite and PostgreSQL only, not %(engine)s.") % {"engine": engine}
    )


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL for the database of ``settings_dict`` (for processes that do not share
    these settings, such as a test database in a subprocess)."""
    if engine_of(settings_dict) == "sqlite":
        return f"sqlite:///{settings_dict['NAME']}"
    user = quote(str(settings_dict.get("USER") or ""), safe="")
    password = settings_dict.get("PASSWORD")
    secret = f":{quote(str(password), safe='')}" if password else ""
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    host = settings_dict.get("HOST") or "localhost"
    return f"postgres://{user}{secret}@{host}{port}/{quote(str(settings_dict['NAME']))}"


def default_name(engine: str, encrypted: bool, stamp: str) -> str:
    suffix = ".sqlite3" if engine == "sqlite" else ".pgdump"
    return f"belronde-{stamp}{suffix}{'.gpg' if encrypted else ''}"


# Tools ------------------------------------------------------------------------------------------


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            _("%(tool)s is not installed; install it (Debian: %(package)s).")
            % {
                "tool": name,
                "package": "gnupg" if name == "gpg" else "postgresql-client",
            }
        )
    return found


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    env["PGDATABASE"] = str(settings_dict["NAME"])
    return env


def _gpg_encrypt_command(encryption: Encryption, output: Path) -> list[str]:
    command = [_tool("gpg"), "--batch", "--yes", "--quiet", "--output", str(output)]
    if encryption.recipients:
        command += ["--trust-model", "always", "--encrypt"]
        for recipient in encryption.recipients:
            command += ["--recipient", recipient]
    else:
        assert encryption.passphrase_file is not None
        command += [
            "--pinentry-mode",
            "loopback",
            "--passphrase-file",
            str(encryption.passphrase_file),
            "--symmetric",
            "--cipher-algo",
            "AES256",
        ]
    return command


def _run(command: list[str], what: str, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    done = subprocess.run(command, capture_output=True, check=False, **kwargs)  # noqa: S603
    if done.returncode != 0:
        detail = done.stderr.decode(errors="replace").strip().splitlines()
        raise BackupError(
            _("%(what)s failed: %(detail)s")
            % {"what": what, "detail": detail[-1] if detail else done.returncode}
        )
    return done


@contextlib.contextmanager
def _private_folder(near: Path) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix=".belronde-", dir=near))  # mode 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_passphrase_file(encryption: Encryption) -> None:
    path = encryption.passphrase_file
    if path is not None and (not path.is_file() or not path.read_bytes().strip()):
        raise BackupError(_("The passphrase file %(path)s is missing or empty.") % {"path": path})


# SQLite -----------------------------------------------------------------------------------------


def _sqlite_snapshot(source: str, target: Path) -> None:
    """A consistent copy of ``source`` in ``target`` through the online backup API."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # all pages in one step: one read transaction, one snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        _sqlite_integrity(dst, target)
    finally:
        dst.close()
        src.close()


def _sqlite_integrity(db: sqlite3.Connection, path: Path) -> None:
    result = [row[0] for row in db.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise BackupError(
            _("%(path)s fails SQLite's integrity check: %(problem)s")
            % {"path": path, "problem": "; ".join(result[:3])}
        )


def sqlite_row_counts(path: Path) -> dict[str, int]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        counts = {}
        for table in tables:
            quoted = '"' + table.replace('"', '""') + '"'
            counts[table] = db.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]  # noqa: S608
        return counts
    finally:
        db.close()


# Backup -----------------------------------------------------------------------------------------


def backup(settings_dict: dict[str, Any], output: Path, encryption: Encryption) -> Outcome:
    """Write a consistent backup of the database described by ``settings_dict`` to ``output``."""
    engine = engine_of(settings_dict)
    _check_passphrase_file(encryption)
    if not output.parent.is_dir():
        raise BackupError(_("No such folder: %(path)s") % {"path": output.parent})
    if output.exists():
        raise BackupError(_("%(path)s exists already; backups never overwrite.") % {"path": output})
    started = time.perf_counter()
    partial = output.with_name(output.name + ".partial")
    try:
        if engine == "sqlite":
            name = str(settings_dict["NAME"])
            if name == ":memory:" or "mode=memory" in name or not Path(name).is_file():
                raise BackupError(
                    _("There is no SQLite database file at %(path)s.") % {"path": name}
                )
            with _private_folder(output.parent) as folder:
                snapshot = folder / "snapshot.sqlite3"
                _sqlite_snapshot(name, snapshot)
                if encryption.enabled:
                    _run(
                        [*_gpg_encrypt_command(encryption, partial), str(snapshot)],
                        _("Encryption"),
                    )
                else:
                    snapshot.replace(partial)
        else:
            _pg_dump(settings_dict, partial, encryption)
        partial.chmod(0o600)
        partial.replace(output)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(
        path=output,
        engine=engine,
        bytes=output.stat().st_size,
        seconds=time.perf_counter() - started,
        encrypted=encryption.enabled,
    )


def _pg_dump(settings_dict: dict[str, Any], partial: Path, encryption: Encryption) -> None:
    env = _pg_env(settings_dict)
    dump = [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    if not encryption.enabled:
        _run([*dump, "--file", str(partial)], "pg_dump", env=env)
        _run([_tool("pg_restore"), "--list", str(partial)], _("Checking the dump"))
        return
    with tempfile.TemporaryFile() as dump_errors:
        producer = subprocess.Popen(  # noqa: S603
            dump, stdout=subprocess.PIPE, stderr=dump_errors, env=env
        )
        assert producer.stdout is not None
        try:
            _run(_gpg_encrypt_command(encryption, partial), _("Encryption"), stdin=producer.stdout)
        finally:
            producer.stdout.close()
            code = producer.wait()
        if code != 0:
            dump_errors.seek(0)
            lines = dump_errors.read().decode(errors="replace").strip().splitlines()
            raise BackupError(
                _("%(what)s failed: %(detail)s")
                % {"what": "pg_dump", "detail": lines[-1] if lines else code}
            )


# Restore ----------------------------------------------------------------------------------------


def _decrypt(source: Path, target: Path, encryption: Encryption) -> None:
    command = [_tool("gpg"), "--batch", "--yes", "--quiet", "--pinentry-mode", "loopback"]
    if encryption.passphrase_file is not None:
        command += ["--passphrase-file", str(encryption.passphrase_file)]
    try:
        _run([*command, "--output", str(target), "--decrypt", str(source)], _("Decryption"))
    except BackupError as exc:
        raise BackupError(
            _(
                "%(path)s could not be decrypted: give the right --passphrase-file, or have the "
                "private key of a recipient in gpg's keyring (%(detail)s)."
            )
            % {"path": source, "detail": exc}
        ) from None


def _looks_like_openpgp(head: bytes) -> bool:
    """An OpenPGP message: a binary packet (tag byte with the high bit set) or ASCII armour."""
    return bool(head) and (head[0] & 0x80 != 0 or head.startswith(b"-----BEGIN PGP"))


def _magic(path: Path) -> bytes:
    with path.open("rb") as f:
        return f.read(16)


def restore(
    source: Path,
    target: dict[str, Any],
    encryption: Encryption,
    *,
    force: bool = False,
) -> Outcome:
    """Restore the backup file ``source`` into the database ``target`` (Django settings form).

    The target must be empty unless ``force``; an SQLite backup goes to an SQLite file and a
    PostgreSQL dump into an existing PostgreSQL database. Returns row counts per table."""
    if not source.is_file():
        raise BackupError(_("No such backup file: %(path)s") % {"path": source})
    _check_passphrase_file(encryption)
    engine = engine_of(target)
    started = time.perf_counter()
    work_dir = (
        Path(str(target["NAME"])).resolve().parent
        if engine == "sqlite"
        else Path(tempfile.gettempdir())
    )
    if not work_dir.is_dir():
        raise BackupError(_("No such folder: %(path)s") % {"path": work_dir})
    with _private_folder(work_dir) as folder:
        plain = source
        encrypted = _magic(source)[: len(PGDUMP_MAGIC)] != PGDUMP_MAGIC and not _magic(
            source
        ).startswith(SQLITE_MAGIC)
        if encrypted and not _looks_like_openpgp(_magic(source)):
            raise BackupError(
                _("%(path)s is not a belronde backup (neither a database nor encrypted).")
                % {"path": source}
            )
        if encrypted:
            plain = folder / "backup"
            _decrypt(source, plain, encryption)
        magic = _magic(plain)
        kind = (
            "sqlite"
            if magic.startswith(SQLITE_MAGIC)
            else "postgresql"
            if magic.startswith(PGDUMP_MAGIC)
            else None
        )
        if kind is None:
            raise BackupError(
                _("%(path)s is neither an SQLite backup nor a PostgreSQL dump.") % {"path": source}
            )
        if kind != engine:
            raise BackupError(
                _("%(path)s is a %(kind)s backup; it can only be restored into %(kind)s.")
                % {"path": source, "kind": "SQLite" if kind == "sqlite" else "PostgreSQL"}
            )
        if engine == "sqlite":
            rows = _restore_sqlite(plain, Path(str(target["NAME"])), force=force)
        else:
            rows = _restore_postgresql(plain, target, force=force)
    return Outcome(
        path=source,
        engine=engine,
        bytes=source.stat().st_size,
        seconds=time.perf_counter() - started,
        encrypted=encrypted,
        rows=rows,
    )


def _restore_sqlite(plain: Path, target: Path, *, force: bool) -> dict[str, int]:
    if target.exists() and target.stat().st_size > 0 and sqlite_row_counts(target) and not force:
        raise BackupError(
            _("%(path)s already holds a database; add --force to replace it.") % {"path": target}
        )
    src = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        _sqlite_integrity(src, plain)
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")
        _sqlite_integrity(dst, target)
    finally:
        dst.close()
        src.close()
    return sqlite_row_counts(target)


def _pg_tables(target: dict[str, Any]) -> list[str]:
    import psycopg

    try:
        with psycopg.connect(**_pg_connect_args(target)) as db:
            return [
                r[0]
                for r in db.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                )
            ]
    except psycopg.OperationalError as exc:
        raise BackupError(
            _(
                "Cannot connect to the target database %(name)s (create it first, empty, e.g. "
                "with createdb): %(detail)s"
            )
            % {"name": target["NAME"], "detail": str(exc).strip().splitlines()[-1]}
        ) from None


def _pg_connect_args(target: dict[str, Any]) -> dict[str, Any]:
    args = {"dbname": target["NAME"]}
    for key in ("HOST", "PORT", "USER", "PASSWORD"):
        if target.get(key):
            args[key.lower()] = target[key]
    return args


def pg_row_counts(target: dict[str, Any]) -> dict[str, int]:
    import psycopg
    from psycopg import sql

    with psycopg.connect(**_pg_connect_args(target)) as db:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        counts: dict[str, int] = {}
        for table in tables:
            row = db.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()
            counts[table] = int(row[0]) if row else 0
        return counts


def _restore_postgresql(plain: Path, target: dict[str, Any], *, force: bool) -> dict[str, int]:
    if _pg_tables(target) and not force:
        raise BackupError(
            _("The database %(name)s is not empty; add --force to replace what it holds.")
            % {"name": target["NAME"]}
        )
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        str(target["NAME"]),
    ]
    if force:
        command += ["--clean", "--if-exists"]
    _run([*command, str(plain)], "pg_restore", env=_pg_env(target))
    return pg_row_counts(target)
