"""The member import engine: read, validate every row, then write in one transaction.

Phase 1 streams the file, validates each row and spools the result to a temporary file (memory
stays flat for a million rows); it reports every error with the row number as the spreadsheet
shows it. Phase 2 runs only when the file may be written (no errors, or ``partial``): in one
transaction, holding the chapter's import lock, it upserts keyed by (chapter, enterprise number).

A row whose raw cells, under the same rules (``validation.RULES_VERSION``), produced the stored
record last time (its digest) is unchanged by definition and skips re-validation; any edit
through the app clears the digest. Writes use COPY on PostgreSQL and ``executemany`` on SQLite.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import pickle
import secrets
import socket
import sys
import tempfile
import time
import types
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from belronde.accounts.models import Chapter, User
from belronde.audit.actions import record_event
from belronde.lib.models import PUBLIC_CODE_ALPHABET
from belronde.members import sources
from belronde.members.messages import file_message, notice_message, row_message
from belronde.members.models import ImportBatch, Organisation, Person
from belronde.members.reference import fold
from belronde.members.sources import FileProblem, Limits, Table
from belronde.members.validation import (
    COLUMNS,
    KNOWN_HEADERS,
    HeaderMap,
    RowResult,
    digest_prefix,
    map_header,
    row_digest_source,
    validate_chunk,
    validate_row,
)

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
MAX_STORED_ERRORS = 5_000
MAX_STORED_REJECTED_ROWS = 25_000
PROGRESS_EVERY = 0.5  # seconds between progress writes to the batch row
STALE_AFTER = 600  # seconds without a heartbeat before a running import counts as interrupted
IMPORT_DIR = Path(settings.VAR_DIR) / "imports"
CHUNK_ROWS = 2000
#: files smaller than this are validated in the importing process itself
POOL_MIN_ROWS = 20_000
WORKER_TIMEOUT = 600  # seconds for one chunk: a dead worker must not hang the import

#: organisation fields an import writes (when their column is present)
ORG_FIELDS = (
    "name",
    "legal_form",
    "street",
    "house_number",
    "postal_code",
    "municipality",
    "nace_code",
    "nace_version",
    "nace_section",
    "employees",
    "size_band",
    "phone",
    "email",
    "membership_status",
    "member_since",
)
PERSON_FIELDS = ("name", "role", "phone", "mobile", "email", "language", "preferred_call_times")


def worker_pool(workers: int, header: HeaderMap) -> Any:
    """Worker processes for validation; spawned (not forked), so no database connection or
    thread of this process is copied into them."""
    from belronde.members import validation

    context = multiprocessing.get_context("spawn")
    # A spawned worker re-imports the program's main module unless there is none to import;
    # `python -m belronde` and scripts without a __main__ guard would run again in each worker.
    # The workers need only the pure validation module, so hide the main module while they start.
    main = sys.modules.get("__main__")
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        return context.Pool(workers, initializer=validation.init_worker, initargs=(header,))
    finally:
        if main is not None:
            sys.modules["__main__"] = main


class Rejected(Exception):
    """Rows were rejected in all-or-nothing mode: roll the write phase back."""


class DryRun(Exception):
    """A dry run computed its counts: roll the write phase back."""


def import_dir() -> Path:
    IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    return IMPORT_DIR


def fast_public_code() -> str:
    return "".join(PUBLIC_CODE_ALPHABET[b & 31] for b in secrets.token_bytes(10))


def file_digest(path: Path) -> tuple[str, int]:
    if path.is_dir():
        h = hashlib.sha256()
        size = 0
        for child in sorted(path.iterdir()):
            if child.is_file():
                d, s = file_digest(child)
                h.update(child.name.encode() + d.encode())
                size += s
        return h.hexdigest(), size
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as f:
        while chunk := f.read(1024 * 1024):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# Batches -------------------------------------------------------------------------------------


def create_batch(
    *,
    actor: User | None,
    chapter: Chapter,
    path: Path,
    original_filename: str,
    format: str | None,
    partial: bool,
    dry_run: bool,
    source: str,
    stored_name: str = "",
    limits: Limits = sources.WEB_LIMITS,
) -> ImportBatch:
    """Record an import before it runs (with the file's hash); file problems found this early
    (size, type) give a failed batch rather than an exception."""
    batch = ImportBatch(
        chapter=chapter,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        source=source,
        original_filename=original_filename[:255] or "upload",
        stored_name=stored_name,
        partial=partial,
        dry_run=dry_run,
        format=format or "",
        status=ImportBatch.Status.QUEUED,
        heartbeat_at=timezone.now(),
    )
    try:
        batch.sha256, batch.size = file_digest(path)
        detected = sources.detect_format(path, original_filename)
        if detected == "kbo" or format == "kbo":
            batch.format = "kbo"
        else:
            if path.is_file():
                sources.check_size(path, limits)
            batch.format = detected
    except FileProblem as problem:
        batch.format = batch.format or "csv"
        batch.status = ImportBatch.Status.FAILED
        batch.file_problem = {"code": problem.code, "params": problem.params}
        batch.finished_at = timezone.now()
    batch.save()
    return batch


def mark_interrupted(chapter: Chapter | None = None) -> int:
    """Running imports whose process is gone (or silent for too long) are marked failed."""
    now = timezone.now()
    host = socket.gethostname()[:255]
    running = ImportBatch.objects.filter(status__in=ImportBatch.RUNNING)
    if chapter is not None:
        running = running.filter(chapter=chapter)
    stale: list[int] = []
    for batch in running.only("pk", "pid", "hostname", "heartbeat_at", "created_at", "status"):
        seen = batch.heartbeat_at or batch.created_at
        silent = (now - seen).total_seconds() > STALE_AFTER
        gone = batch.pid and batch.hostname == host and not _alive(batch.pid)
        if silent or gone:
            stale.append(batch.pk)
    if stale:
        ImportBatch.objects.filter(pk__in=stale, status__in=ImportBatch.RUNNING).update(
            status=ImportBatch.Status.FAILED,
            file_problem={"code": "interrupted", "params": {}},
            finished_at=now,
        )
    return len(stale)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(OSError), open(f"/proc/{pid}/stat") as f:  # a zombie is not alive
        if f.read().split(")")[-1].split()[0] == "Z":
            return False
    return True


# The run -------------------------------------------------------------------------------------


def existing_numbers(chapter: Chapter) -> dict[str, tuple[int, str, bool]]:
    """enterprise number -> (pk, import digest, merged) for every organisation of a chapter."""
    table = Organisation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT enterprise_number, id, import_digest, merged_into_id FROM {table} "  # noqa: S608
            "WHERE chapter_id = %s",
            [chapter.pk],
        )
        return {number: (pk, digest, merged is not None) for number, pk, digest, merged in cursor}


class Record(NamedTuple):
    number: int
    key: str
    digest: str
    cells: list[Any]
    values: dict[str, Any] | None  # None: known unchanged by its digest, not re-validated
    duplicate_of: int = 0  # an exact duplicate of this earlier row: skipped


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)
    notices: list[dict[str, Any]] = field(default_factory=list)
    errors_total: int = 0


class Run:
    """One import run over an opened table."""

    def __init__(
        self,
        batch: ImportBatch,
        table: Table,
        progress: Progress | None,
        error_sink: Callable[[list[str], int, list[Any], str], None] | None,
        workers: int = 1,
    ) -> None:
        self.batch = batch
        self.workers = workers
        self.table = table
        self.progress = progress
        self.error_sink = error_sink
        self.outcome = Outcome()
        self.header, missing, duplicates = map_header(table.header)
        if duplicates:
            raise FileProblem("duplicate_columns", columns=", ".join(duplicates))
        if missing:
            raise FileProblem(
                "missing_columns",
                columns=", ".join(f"{c.dutch} / {c.key}" for c in COLUMNS if c.key in missing),
            )
        for code, params in table.notices:
            self.notice(0, "", "", code, params)
        if self.header.ignored:
            self.notice(0, "", "", "unknown_columns", {"columns": ", ".join(self.header.ignored)})
        self.row_errors: dict[int, list[str]] = {}
        self.rejected_rows: list[tuple[int, list[Any]]] = []
        self.spool = tempfile.TemporaryFile(dir=import_dir())  # noqa: SIM115
        self.chunks = 0
        self.rows_seen = 0
        self.last_beat = 0.0
        delay = os.environ.get("BELRONDE_TEST_IMPORT_ROW_DELAY", "")
        self.row_delay = float(delay) if delay and settings.DEBUG else 0.0

    # reporting --------------------------------------------------------------------------------

    def column_name(self, key: str) -> str:
        return self.header.names.get(key, key)

    def error(self, number: int, key: str, value: str, code: str, params: dict[str, Any]) -> None:
        self.outcome.errors_total += 1
        self.row_errors.setdefault(number, []).append(code)
        if len(self.outcome.errors) < MAX_STORED_ERRORS:
            self.outcome.errors.append(
                {
                    "row": number,
                    "column": self.column_name(key) if key else "",
                    "value": value[:100],
                    "code": code,
                    "params": params,
                }
            )

    def notice(self, number: int, key: str, value: str, code: str, params: dict[str, Any]) -> None:
        if len(self.outcome.notices) < MAX_STORED_ERRORS:
            self.outcome.notices.append(
                {
                    "row": number,
                    "column": self.column_name(key) if key else "",
                    "value": value[:100],
                    "code": code,
                    "params": params,
                }
            )

    def beat(self, phase: str, done: int, total: int, *, force: bool = False) -> None:
        if self.progress:
            self.progress(phase, done, total)
        now = time.monotonic()
        if phase == "validating" and (force or now - self.last_beat > PROGRESS_EVERY):
            self.last_beat = now
            ImportBatch.objects.filter(pk=self.batch.pk).update(
                rows_processed=done, rows_total=max(total, done), heartbeat_at=timezone.now()
            )

    # phase 1 ----------------------------------------------------------------------------------

    def validate(self) -> None:
        chapter = self.batch.chapter
        self.existing = existing_numbers(chapter)
        known = {digest: number for number, (_pk, digest, _m) in self.existing.items() if digest}
        merged: dict[str, tuple[str, str]] = {
            number: (name, into)
            for number, name, into in Organisation.objects.filter(
                chapter=chapter, merged_into__isnull=False
            ).values_list(
                "enterprise_number", "merged_into__name", "merged_into__enterprise_number"
            )
        }
        # enterprise number (as an int) -> row number << 64 | 64 bits of the row digest: compact,
        # so a million rows fit in the memory budget
        seen: dict[int, int] = {}
        repeats: dict[str, list[int]] = {}
        bad_keys: dict[str, int] = {}
        total = self.table.estimated_rows
        buffer: list[Record] = []
        for number, cells, digest, known_key, result in self._checked_rows(known, total):
            self.rows_seen += 1
            key = known_key
            values: dict[str, Any] | None = None
            if result is not None:
                key = result.key
                values = result.values
                for column, value, code, params in result.errors:
                    self.error(number, column, value, code, params)
                for column, value, code, params in result.notices:
                    self.notice(number, column, value, code, params)
                if key in merged:
                    name, into = merged[key]
                    self.error(
                        number, "enterprise_number", key, "merged", {"name": name, "number": into}
                    )
            duplicate_of = 0
            if key:
                short = int(digest[:16], 16)
                packed = seen.get(int(key))
                if packed is None:
                    seen[int(key)] = number << 64 | short
                else:
                    first_row = packed >> 64
                    repeats.setdefault(key, []).append(number)
                    if packed & 0xFFFFFFFFFFFFFFFF == short:
                        duplicate_of = first_row
                        self.notice(
                            number, "enterprise_number", key, "same_as_row", {"row": first_row}
                        )
                    else:
                        self.error(
                            number, "enterprise_number", key, "duplicate_of_row", {"row": first_row}
                        )
                        if "repeated_in_row" not in self.row_errors.get(first_row, []):
                            self.error(
                                first_row,
                                "enterprise_number",
                                key,
                                "repeated_in_row",
                                {"row": number},
                            )
                if number in self.row_errors:
                    bad_keys.setdefault(key, number)
            buffer.append(Record(number, key, digest, cells, values, duplicate_of))
            if len(buffer) >= 5000:
                self._spool(buffer)
                buffer = []
                self.beat("validating", self.rows_seen, max(total, self.rows_seen))
        self._spool(buffer)
        # A key with an error in any of its rows is rejected as a whole (no half-merged record).
        for key, bad_row in bad_keys.items():
            for number in (seen[int(key)] >> 64, *repeats.get(key, [])):
                if number not in self.row_errors:
                    self.error(
                        number, "enterprise_number", key, "entity_rejected", {"row": bad_row}
                    )
        self.beat("validating", self.rows_seen, self.rows_seen, force=True)
        if self.rows_seen == 0:
            raise FileProblem("empty")

    def _checked_rows(
        self, known: dict[str, str], total: int
    ) -> Iterator[tuple[int, list[Any], str, str, RowResult | None]]:
        """Each row with its digest, and either the key known from the digest or the result of
        validating it. Large files are validated by a pool of worker processes, chunk by chunk
        and in order, with a bounded number of chunks in flight (memory stays flat)."""
        prefix = digest_prefix(self.header)
        blake2b = hashlib.blake2b

        def prepared() -> Iterator[list[tuple[int, list[Any], str, str]]]:
            chunk: list[tuple[int, list[Any], str, str]] = []
            for number, cells in self.table.rows:
                digest = blake2b(row_digest_source(prefix, cells), digest_size=16).hexdigest()
                chunk.append((number, cells, digest, known.get(digest, "")))
                if len(chunk) >= CHUNK_ROWS:
                    yield chunk
                    chunk = []
            if chunk:
                yield chunk

        pool = None
        if self.workers > 1 and total >= POOL_MIN_ROWS:
            pool = worker_pool(self.workers, self.header)
        try:
            if pool is None:
                header = self.header
                for chunk in prepared():
                    for number, cells, digest, key in chunk:
                        yield (
                            number,
                            cells,
                            digest,
                            key,
                            (None if key else validate_row(number, cells, header)),
                        )
                return
            inflight: deque[tuple[list[tuple[int, list[Any], str, str]], Any]] = deque()

            def drain_one() -> Iterator[tuple[int, list[Any], str, str, RowResult | None]]:
                chunk, pending = inflight.popleft()
                results = iter(pending.get(timeout=WORKER_TIMEOUT))
                for number, cells, digest, key in chunk:
                    yield number, cells, digest, key, (None if key else next(results))

            for chunk in prepared():
                todo = [(number, cells) for number, cells, _digest, key in chunk if not key]
                inflight.append((chunk, pool.apply_async(validate_chunk, (todo,))))
                if len(inflight) > 2 * self.workers:
                    yield from drain_one()
            while inflight:
                yield from drain_one()
        finally:
            if pool is not None:
                pool.terminate()
                pool.join()

    def _spool(self, records: list[Record]) -> None:
        if records:
            pickle.dump(records, self.spool, protocol=pickle.HIGHEST_PROTOCOL)
            self.chunks += 1

    def records(self) -> Iterator[Record]:
        self.spool.seek(0)
        for _ in range(self.chunks):
            yield from pickle.load(self.spool)  # noqa: S301  (our own temporary file)

    # phase 2 ----------------------------------------------------------------------------------

    def collect_rejected(self) -> None:
        if not self.row_errors:
            return
        header = self.table.header
        for record in self.records():
            if record.number in self.row_errors:
                self.outcome.rejected += 1
                if self.error_sink is not None:
                    self.error_sink(
                        header, record.number, record.cells, self.messages_for(record.number)
                    )
                if len(self.rejected_rows) < MAX_STORED_REJECTED_ROWS:
                    self.rejected_rows.append((record.number, [_plain(c) for c in record.cells]))

    def messages_for(self, number: int) -> str:
        return (
            " | ".join(
                f"{e['column']}: {row_message(e['code'], e['params'])}"
                if e["column"]
                else row_message(e["code"], e["params"])
                for e in self.outcome.errors
                if e["row"] == number
            )
            if number in self.row_errors
            else ""
        )

    def write(self, *, dry_run: bool) -> None:
        writer = Writer(self.batch.chapter, self.header, self.existing, self.row_delay)
        done = 0
        total = self.rows_seen
        for record in self.records():
            done += 1
            if record.number in self.row_errors or record.duplicate_of:
                continue
            writer.add(record)
            if writer.pending >= writer.batch_size:
                writer.flush()
                self.beat("writing", done, total)
        writer.flush()
        self.beat("writing", total, total)
        self.outcome.created = writer.created
        self.outcome.updated = writer.updated
        self.outcome.unchanged = writer.unchanged
        for number, key, value, code, params in writer.late_errors:
            self.error(number, key, value, code, params)
        if writer.late_errors and not self.batch.partial:
            raise Rejected
        if dry_run:
            raise DryRun


def _plain(cell: Any) -> Any:
    if cell is sources.FORMULA_WITHOUT_VALUE:
        return ""
    if hasattr(cell, "isoformat"):
        return cell.isoformat()
    return cell


def run_batch(
    batch: ImportBatch,
    path: Path,
    *,
    limits: Limits = sources.WEB_LIMITS,
    progress: Progress | None = None,
    error_sink: Callable[[list[str], int, list[Any], str], None] | None = None,
    actor: User | None = None,
    workers: int = 1,
) -> ImportBatch:
    """Run a queued batch to the end. Never raises for bad input: the batch says what happened.

    ``workers`` > 1 validates large files in that many processes (the command line does).
    """
    if batch.status == ImportBatch.Status.FAILED:
        _cleanup(batch, path)
        return batch
    mark_interrupted(batch.chapter)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.VALIDATING,
        pid=os.getpid(),
        hostname=socket.gethostname()[:255],
        heartbeat_at=timezone.now(),
    )
    batch.refresh_from_db()
    table: Table | None = None
    run: Run | None = None
    try:
        table = open_table(batch, path, limits)
        batch.encoding = table.encoding
        batch.delimiter = table.delimiter
        ImportBatch.objects.filter(pk=batch.pk).update(
            encoding=batch.encoding, delimiter=batch.delimiter, rows_total=table.estimated_rows
        )
        run = Run(batch, table, progress, error_sink, workers)
        run.validate()
        run.collect_rejected()
        has_errors = bool(run.row_errors)
        status = ImportBatch.Status.COMMITTED
        if has_errors and not batch.partial:
            status = ImportBatch.Status.REJECTED
        else:
            ImportBatch.objects.filter(pk=batch.pk).update(
                status=ImportBatch.Status.WRITING, heartbeat_at=timezone.now()
            )
            try:
                with transaction.atomic():
                    run.write(dry_run=batch.dry_run)
                    _finish(batch, run, ImportBatch.Status.COMMITTED)
                    record_event(
                        actor=actor or batch.created_by,
                        verb="members.imported",
                        chapter=batch.chapter,
                        obj=batch,
                        payload={
                            "created": run.outcome.created,
                            "updated": run.outcome.updated,
                            "unchanged": run.outcome.unchanged,
                            "rejected": run.outcome.rejected,
                            "format": batch.format,
                            "sha256": batch.sha256[:16],
                        },
                    )
                return batch
            except DryRun:
                status = ImportBatch.Status.DRY_RUN
            except Rejected:
                status = ImportBatch.Status.REJECTED
                run.outcome.created = run.outcome.updated = run.outcome.unchanged = 0
                run.row_errors = {e["row"]: [e["code"]] for e in run.outcome.errors}
        if status == ImportBatch.Status.REJECTED:
            run.outcome.created = run.outcome.updated = run.outcome.unchanged = 0
        _finish(batch, run, status)
        if status == ImportBatch.Status.REJECTED:
            record_event(
                actor=actor or batch.created_by,
                verb="members.import_rejected",
                chapter=batch.chapter,
                obj=batch,
                payload={"rejected": run.outcome.rejected, "errors": run.outcome.errors_total},
            )
    except FileProblem as problem:
        batch.status = ImportBatch.Status.FAILED
        batch.file_problem = {"code": problem.code, "params": problem.params}
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "file_problem", "finished_at"])
        record_event(
            actor=actor or batch.created_by,
            verb="members.import_failed",
            chapter=batch.chapter,
            obj=batch,
            payload={"problem": problem.code},
        )
    except Exception:
        log.exception("member import %s failed", batch.public_code)
        batch.status = ImportBatch.Status.FAILED
        batch.file_problem = {"code": "internal", "params": {}}
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "file_problem", "finished_at"])
    finally:
        if table is not None:
            table.close()
        if run is not None:
            run.spool.close()
        _cleanup(batch, path)
    return batch


def _finish(batch: ImportBatch, run: Run, status: str) -> None:
    outcome = run.outcome
    batch.status = status
    batch.rows_total = run.rows_seen
    batch.rows_processed = run.rows_seen
    batch.created = outcome.created
    batch.updated = outcome.updated
    batch.unchanged = outcome.unchanged
    batch.rejected = outcome.rejected
    batch.errors = sorted(outcome.errors, key=lambda e: e["row"])
    batch.notices = sorted(outcome.notices, key=lambda e: e["row"])
    batch.rejected_rows = {
        "header": [str(h) for h in run.table.header],
        "rows": run.rejected_rows,
    }
    batch.finished_at = timezone.now()
    batch.heartbeat_at = batch.finished_at
    batch.save(
        update_fields=[
            "status",
            "rows_total",
            "rows_processed",
            "created",
            "updated",
            "unchanged",
            "rejected",
            "errors",
            "notices",
            "rejected_rows",
            "finished_at",
            "heartbeat_at",
        ]
    )


def _cleanup(batch: ImportBatch, path: Path) -> None:
    """Delete the uploaded copy (only files we stored ourselves, never a CLI user's file)."""
    if batch.stored_name and path.is_file() and path.parent == import_dir():
        path.unlink(missing_ok=True)


def open_table(batch: ImportBatch, path: Path, limits: Limits) -> Table:
    if batch.format == "kbo":
        from belronde.members.kbo import read_kbo

        return read_kbo(path, batch.chapter.postal_codes, limits)
    if batch.format == "xlsx":
        return sources.read_xlsx(path, limits)
    return sources.read_csv(path, limits, KNOWN_HEADERS)


# The report ------------------------------------------------------------------------------------


def report(batch: ImportBatch) -> dict[str, Any]:
    """The --json / API report, messages in the active language."""
    status = {
        ImportBatch.Status.COMMITTED: "committed",
        ImportBatch.Status.DRY_RUN: "dry-run",
    }.get(batch.status, "rejected")  # type: ignore[call-overload]
    errors = [
        {
            "row": e["row"],
            "column": e["column"],
            "value": e["value"],
            "message": row_message(e["code"], e["params"]),
        }
        for e in batch.errors
    ]
    if batch.file_problem:
        errors.insert(
            0,
            {
                "row": 0,
                "column": "",
                "value": "",
                "message": file_message(
                    batch.file_problem.get("code", ""), batch.file_problem.get("params", {})
                ),
            },
        )
    return {
        "status": status,
        "created": batch.created,
        "updated": batch.updated,
        "unchanged": batch.unchanged,
        "rejected": batch.rejected,
        "errors": errors,
        "notices": [
            {
                "row": e["row"],
                "column": e["column"],
                "value": e["value"],
                "message": notice_message(e["code"], e["params"]),
            }
            for e in batch.notices
        ],
        "batch": batch.public_code,
        "encoding": batch.encoding,
        "delimiter": batch.delimiter,
        "sha256": batch.sha256,
    }


def exit_code(batch: ImportBatch) -> int:
    """0 written or a clean dry run, 1 rows rejected and nothing written, 2 file unusable."""
    if batch.status == ImportBatch.Status.FAILED:
        return 2
    if batch.status == ImportBatch.Status.COMMITTED:
        return 0
    if batch.status == ImportBatch.Status.DRY_RUN:
        return 0 if not batch.errors else 1
    return 1


# Writing ---------------------------------------------------------------------------------------


class Writer:
    """Upserts validated rows into one chapter, in batches, inside the caller's transaction."""

    def __init__(
        self,
        chapter: Chapter,
        header: HeaderMap,
        existing: dict[str, tuple[int, str, bool]],
        row_delay: float = 0.0,
    ) -> None:
        """``existing`` was read before the write transaction: rows found unchanged by their
        digest need no more checking (a concurrent edit since is newer than the file), and
        rows that look new are checked again under the lock before they are inserted."""
        self.chapter = chapter
        self.header = header
        self.present = set(header.index)
        self.row_delay = row_delay
        self.batch_size = 10 if row_delay else 2000
        self.created = self.updated = self.unchanged = 0
        self.late_errors: list[tuple[int, str, str, str, dict[str, Any]]] = []
        self.inserts: list[Record] = []
        self.compares: list[tuple[int, Record]] = []
        self.digest_only: list[tuple[str, int]] = []
        self.now = timezone.now()
        self.pg = connection.vendor == "postgresql"
        if self.pg:
            Chapter.objects.select_for_update().filter(pk=chapter.pk).first()  # the import lock
        self.existing = existing
        self._numbers: dict[int, str] | None = None
        self.org_table = Organisation._meta.db_table
        self.person_table = Person._meta.db_table

    @property
    def pending(self) -> int:
        return len(self.inserts) + len(self.compares)

    def add(self, record: Record) -> None:
        found = self.existing.get(record.key)
        if found is None:  # rows of one number reach here once: validation held repeats back
            self.inserts.append(record)
            return
        pk, digest, merged = found
        if merged:
            self.late_errors.append(
                (
                    record.number,
                    "enterprise_number",
                    record.key,
                    "merged",
                    {"name": "", "number": ""},
                )
            )
            return
        if digest == record.digest:
            self.unchanged += 1
            return
        if record.values is None:
            values = self._revalidate(record)
            if values is None:
                return
            record = record._replace(values=values)
        self.compares.append((pk, record))

    def _revalidate(self, record: Record) -> dict[str, Any] | None:
        """A row skipped by its digest whose record changed or vanished meanwhile: check it."""
        result = validate_row(record.number, record.cells, self.header)
        if result.errors:
            for column, value, code, params in result.errors:
                self.late_errors.append((record.number, column, value, code, params))
            return None
        return result.values

    def flush(self) -> None:
        if self.inserts:
            self._insert(self.inserts)
            self.inserts = []
        if self.compares:
            self._compare(self.compares)
            self.compares = []
        if self.digest_only:
            self._executemany(
                f"UPDATE {self.org_table} SET import_digest = %s WHERE id = %s",  # noqa: S608
                self.digest_only,
            )
            self.digest_only = []

    # inserts --------------------------------------------------------------------------------

    def _present(self, numbers: list[str]) -> dict[str, int]:
        """Which of these numbers the chapter has now (one query; an array on PostgreSQL)."""
        if not self.pg:
            return dict(
                Organisation.objects.filter(
                    chapter=self.chapter, enterprise_number__in=numbers
                ).values_list("enterprise_number", "pk")
            )
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT enterprise_number, id FROM {self.org_table} "  # noqa: S608
                "WHERE chapter_id = %s AND enterprise_number = ANY(%s)",
                [self.chapter.pk, numbers],
            )
            return dict(cursor.fetchall())

    def _ids(self, table: str, count: int) -> list[int]:
        with connection.cursor() as cursor:
            if self.pg:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608
            start = int(cursor.fetchone()[0]) + 1
            return list(range(start, start + count))

    def _org_row(self, values: dict[str, Any], *, org_id: int, digest: str, key: str) -> list[Any]:
        contact = bool(values.get("contact_name"))
        row = {f: values.get(f) for f in ORG_FIELDS}
        for f in (
            "name",
            "legal_form",
            "street",
            "house_number",
            "postal_code",
            "municipality",
            "nace_code",
            "nace_version",
            "nace_section",
            "size_band",
        ):
            row[f] = row[f] or ""
        row["phone"], row["email"] = ("", "") if contact else _org_contact(values)
        row["membership_status"] = values.get("membership_status") or "member"
        now = self.now
        return [
            org_id,
            self.chapter.pk,
            fast_public_code(),
            key,
            *(row[f] for f in ORG_FIELDS),
            False,
            "",
            now,
            now,
            Organisation.search_text_for(str(row["name"]), str(row["municipality"]), key),
            digest,
            1,
        ]

    ORG_INSERT_COLUMNS = (
        "id",
        "chapter_id",
        "public_code",
        "enterprise_number",
        *ORG_FIELDS,
        "do_not_call",
        "do_not_call_reason",
        "created_at",
        "updated_at",
        "search_text",
        "import_digest",
        "version",
    )
    PERSON_INSERT_COLUMNS = (
        "id",
        "chapter_id",
        "organisation_id",
        "public_code",
        *PERSON_FIELDS,
        "is_primary",
        "created_at",
        "updated_at",
    )

    def _insert(self, records: list[Record]) -> None:
        # rows that looked new when the file was checked: another import may have added some
        now_there = self._present([r.key for r in records])
        if now_there:
            for record in records:
                if record.key in now_there:
                    self.existing[record.key] = (now_there[record.key], "", False)
                    self.add(record)
            records = [r for r in records if r.key not in now_there]
            if self.compares:
                self._compare(self.compares)
                self.compares = []
            if not records:
                return
        ids = self._ids(self.org_table, len(records))
        org_rows: list[list[Any]] = []
        persons: list[tuple[int, dict[str, Any], bool]] = []
        for org_id, record in zip(ids, records, strict=True):
            if record.values is None:
                values = self._revalidate(record)
                if values is None:
                    continue
                record = record._replace(values=values)
            assert record.values is not None
            org_rows.append(
                self._org_row(record.values, org_id=org_id, digest=record.digest, key=record.key)
            )
            if record.values.get("contact_name"):
                persons.append((org_id, record.values, True))
            if self.row_delay:
                time.sleep(self.row_delay)
        self._bulk_insert(self.org_table, self.ORG_INSERT_COLUMNS, org_rows)
        if persons:
            self._insert_persons(persons)
        self.created += len(records)

    def _insert_persons(self, persons: list[tuple[int, dict[str, Any], bool]]) -> None:
        ids = self._ids(self.person_table, len(persons))
        now = self.now
        rows = []
        for person_id, (org_id, values, primary) in zip(ids, persons, strict=True):
            rows.append(
                [
                    person_id,
                    self.chapter.pk,
                    org_id,
                    fast_public_code(),
                    *(v for v in _person_values(values, None).values()),
                    primary,
                    now,
                    now,
                ]
            )
        self._bulk_insert(self.person_table, self.PERSON_INSERT_COLUMNS, rows)

    def _bulk_insert(self, table: str, columns: tuple[str, ...], rows: list[list[Any]]) -> None:
        if not rows:
            return
        names = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if self.pg:
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608

    def _executemany(self, sql: str, rows: list[Any]) -> None:
        if rows:
            with connection.cursor() as cursor:
                cursor.executemany(sql, rows)

    # updates --------------------------------------------------------------------------------

    def _compare(self, pairs: list[tuple[int, Record]]) -> None:
        ids = [pk for pk, _ in pairs]
        current = {
            row["id"]: row
            for row in Organisation.objects.filter(pk__in=ids).values("id", *ORG_FIELDS)
        }
        persons: dict[int, list[dict[str, Any]]] = {}
        for person in Person.objects.filter(organisation_id__in=ids).values(
            "id", "organisation_id", "is_primary", *PERSON_FIELDS
        ):
            persons.setdefault(person["organisation_id"], []).append(person)
        org_updates: list[tuple[int, dict[str, Any], str]] = []
        person_updates: list[tuple[int, dict[str, Any]]] = []
        person_inserts: list[tuple[int, dict[str, Any], bool]] = []
        for pk, record in pairs:
            values = record.values
            assert values is not None
            old = current[pk]
            changes = self._org_changes(old, values)
            person_changed = False
            if values.get("contact_name"):
                existing = persons.get(pk, [])
                match = next(
                    (p for p in existing if fold(p["name"]) == fold(values["contact_name"])), None
                )
                if match is None:
                    person_inserts.append((pk, values, not any(p["is_primary"] for p in existing)))
                    person_changed = True
                else:
                    new = _person_values(values, self.present)
                    diff = {k: v for k, v in new.items() if match[k] != v}
                    if diff:
                        person_updates.append((match["id"], diff))
                        person_changed = True
            if changes or person_changed:
                org_updates.append((pk, changes, record.digest))
                self.updated += 1
            else:
                self.digest_only.append((record.digest, pk))
                self.unchanged += 1
            if self.row_delay:
                time.sleep(self.row_delay)
        for pk, changes, digest in org_updates:
            fields = {**changes, "import_digest": digest, "updated_at": self.now}
            if "name" in changes or "municipality" in changes:
                merged = {**current[pk], **changes}
                fields["search_text"] = Organisation.search_text_for(
                    merged["name"], merged["municipality"], self._number_of(pk)
                )
            Organisation.objects.filter(pk=pk).update(**fields)
        for person_id, diff in person_updates:
            Person.objects.filter(pk=person_id).update(**diff, updated_at=self.now)
        if person_inserts:
            self._insert_persons(person_inserts)

    def _number_of(self, pk: int) -> str:
        if self._numbers is None:
            self._numbers = {v[0]: k for k, v in self.existing.items()}
        return self._numbers[pk]

    def _org_changes(self, old: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
        present = self.present
        new: dict[str, Any] = {}
        for f in (
            "name",
            "legal_form",
            "street",
            "house_number",
            "postal_code",
            "municipality",
            "member_since",
        ):
            if f in present:
                new[f] = values.get(f) if f == "member_since" else values.get(f) or ""
        if "postal_code" in present and "municipality" not in present:
            new["municipality"] = values.get("municipality") or ""
        if "nace_code" in present:
            new["nace_code"] = values.get("nace_code") or ""
            new["nace_version"] = values.get("nace_version") or ""
            new["nace_section"] = values.get("nace_section") or ""
        if "employees" in present:
            new["employees"] = values.get("employees")
            new["size_band"] = values.get("size_band") or ""
        if values.get("membership_status"):
            new["membership_status"] = values["membership_status"]
        if not values.get("contact_name"):
            phone, email = _org_contact(values)
            if "phone" in present or "mobile" in present:
                new["phone"] = phone
            if "email" in present:
                new["email"] = email
        return {k: v for k, v in new.items() if old.get(k) != v}


def _org_contact(values: dict[str, Any]) -> tuple[str, str]:
    return (values.get("phone") or values.get("mobile") or ""), (values.get("email") or "")


def _person_values(values: dict[str, Any], present: set[str] | None) -> dict[str, Any]:
    """Person fields from a row; with ``present`` only the columns the file has."""
    mapping = {
        "name": "contact_name",
        "role": "contact_role",
        "phone": "phone",
        "mobile": "mobile",
        "email": "email",
        "language": "language",
        "preferred_call_times": "preferred_call_times",
    }
    result: dict[str, Any] = {}
    for field_name, key in mapping.items():
        if present is not None and key not in present:
            continue
        value = values.get(key) or ""
        if field_name == "language" and not value:
            if present is not None:
                continue
            value = "nl"
        result[field_name] = value
    return result
