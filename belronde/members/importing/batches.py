"""Import batches: the stored upload, its digest, creating a batch and marking interrupted ones."""

from __future__ import annotations

import contextlib
import hashlib
import os
import socket
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from belronde.accounts.models import Chapter, User
from belronde.members.importing import sources
from belronde.members.importing.sources import FileProblem, Limits
from belronde.members.models import ImportBatch

STALE_AFTER = 600  # seconds without a heartbeat before a running import counts as interrupted


IMPORT_DIR = Path(settings.VAR_DIR) / "imports"


def import_dir() -> Path:
    IMPORT_DIR.mkdir(parents=True, exist_ok=True)
    return IMPORT_DIR


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
