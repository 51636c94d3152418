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

import hashlib
import logging
import multiprocessing
import os
import pickle
import socket
import sys
import tempfile
import time
import types
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from belronde.accounts.models import Chapter, User
from belronde.audit.actions import record_event
from belronde.members.importing import sources
from belronde.members.importing.batches import import_dir, mark_interrupted
from belronde.members.importing.sources import FileProblem, Limits, Table
from belronde.members.importing.validation import (
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
from belronde.members.importing.writer import Record, Writer
from belronde.members.messages import row_message
from belronde.members.models import ImportBatch, Organisation

log = logging.getLogger(__name__)


Progress = Callable[[str, int, int], None]


MAX_STORED_ERRORS = 5_000


MAX_STORED_REJECTED_ROWS = 25_000


PROGRESS_EVERY = 0.5  # seconds between progress writes to the batch row


CHUNK_ROWS = 2000


#: files smaller than this are validated in the importing process itself
POOL_MIN_ROWS = 20_000


WORKER_TIMEOUT = 600  # seconds for one chunk: a dead worker must not hang the import


def worker_pool(workers: int, header: HeaderMap) -> Any:
    """Worker processes for validation; spawned (not forked), so no database connection or
    thread of this process is copied into them."""
    from belronde.members.importing import validation

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
        from belronde.members.importing.kbo import read_kbo

        return read_kbo(path, batch.chapter.postal_codes, limits)
    if batch.format == "xlsx":
        return sources.read_xlsx(path, limits)
    return sources.read_csv(path, limits, KNOWN_HEADERS)
