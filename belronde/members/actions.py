"""Every state change of the member registry: atomic, audited, shared by views, API and CLI."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from belronde.accounts.models import Chapter, User
from belronde.audit.actions import record_event
from belronde.audit.models import AuditEvent
from belronde.lib.errors import ActionError
from belronde.members.importing import batches, engine, sources
from belronde.members.models import ImportBatch, Organisation, Person

log = logging.getLogger(__name__)

#: how many imports one user may have running at once (RELIABILITY.md IMP-SIZE-03)
MAX_RUNNING_IMPORTS_PER_USER = 2
#: stored uploads older than this are purged (they belong to imports that never ran)
STALE_UPLOAD_SECONDS = 24 * 3600
#: the sliding window of the export cap (SEC-BL-02)
EXPORT_WINDOW = dt.timedelta(hours=1)

ORG_EDIT_FIELDS = (
    "enterprise_number",
    "name",
    "legal_form",
    "nace_code",
    "nace_version",
    "employees",
    "street",
    "house_number",
    "postal_code",
    "municipality",
    "phone",
    "email",
    "membership_status",
    "member_since",
)
PERSON_EDIT_FIELDS = (
    "name",
    "role",
    "phone",
    "mobile",
    "email",
    "language",
    "preferred_call_times",
    "is_primary",
)


class MembersError(ActionError, ValueError):
    """A member-registry request that cannot be carried out (``belronde.lib.errors``)."""


class DuplicateOrganisation(MembersError):
    """The chapter already has an organisation with that enterprise number."""

    code = "duplicate"
    status = 409


class StaleEdit(MembersError):
    """Someone else saved the organisation since the form was opened."""

    code = "stale_edit"
    status = 409


# Organisations ---------------------------------------------------------------------------------


@transaction.atomic
def create_organisation(
    *, actor: User | None, chapter: Chapter, data: dict[str, Any]
) -> Organisation:
    if Organisation.objects.filter(
        chapter=chapter, enterprise_number=data["enterprise_number"]
    ).exists():
        raise DuplicateOrganisation(_("This chapter already has an organisation with that number."))
    org = Organisation(chapter=chapter)
    for field in ORG_EDIT_FIELDS:
        if field in data:
            setattr(org, field, data[field] if data[field] is not None else _empty(field))
    org.size_band = data.get("size_band") or Organisation.band_for(org.employees)
    org.refresh_derived()
    org.save()
    record_event(actor=actor, verb="organisation.created", chapter=chapter, obj=org)
    return org


def _empty(field: str) -> Any:
    return None if field in ("employees", "member_since") else ""


@transaction.atomic
def update_organisation(
    *, actor: User | None, organisation: Organisation, data: dict[str, Any], version: int | None
) -> Organisation:
    """Save changed fields only; refuse when the row changed since ``version`` was read."""
    changed = [f for f in ORG_EDIT_FIELDS if f in data and getattr(organisation, f) != data[f]]
    if "enterprise_number" in changed and (
        Organisation.objects.filter(
            chapter=organisation.chapter, enterprise_number=data["enterprise_number"]
        )
        .exclude(pk=organisation.pk)
        .exists()
    ):
        raise DuplicateOrganisation(_("This chapter already has an organisation with that number."))
    if not changed:
        return organisation
    for field in changed:
        setattr(organisation, field, data[field])
    if "size_band" in data and organisation.employees is None:
        organisation.size_band = data["size_band"] or ""
    organisation.refresh_derived()
    fields = [*changed, "size_band", "nace_section", "search_text"]
    values = {f: getattr(organisation, f) for f in fields}
    query = Organisation.objects.filter(pk=organisation.pk)
    if version is not None:
        query = query.filter(version=version)
    now = timezone.now()
    updated = query.update(**values, updated_at=now, import_digest="", version=F("version") + 1)
    if not updated:
        raise StaleEdit(
            _(
                "Someone else saved this organisation while you were editing it. Your changes "
                "are still in the form: check the current values and save again."
            )
        )
    organisation.refresh_from_db()
    record_event(
        actor=actor,
        verb="organisation.updated",
        chapter=organisation.chapter,
        obj=organisation,
        payload={"fields": changed},
    )
    return organisation


@transaction.atomic
def mark_do_not_call(*, actor: User, organisation: Organisation, reason: str) -> Organisation:
    """Never call this firm again: from its page, the API or a call's outcome.

    The version moves on (an edit form opened before is refused as stale) and the firm leaves
    every campaign's queue: its open assignments become do-not-call. One being called right now
    keeps its caller, whose recorded outcome closes it.
    """
    from belronde.campaigns.models import Assignment

    reason = reason.strip()
    if not reason:
        raise MembersError(_("Give a reason, so colleagues know why this member is not called."))
    now = timezone.now()
    Organisation.objects.filter(pk=organisation.pk).update(
        do_not_call=True,
        do_not_call_reason=reason[:200],
        do_not_call_at=now,
        do_not_call_by=actor,
        updated_at=now,
        version=F("version") + 1,
    )
    Assignment.objects.filter(organisation=organisation, status=Assignment.Status.OPEN).update(
        status=Assignment.Status.DO_NOT_CALL, updated_at=now
    )
    organisation.refresh_from_db()
    record_event(
        actor=actor, verb="organisation.do_not_call", chapter=organisation.chapter, obj=organisation
    )
    return organisation


@transaction.atomic
def clear_do_not_call(*, actor: User, organisation: Organisation) -> Organisation:
    if not organisation.do_not_call:
        return organisation
    Organisation.objects.filter(pk=organisation.pk).update(
        do_not_call=False,
        do_not_call_reason="",
        do_not_call_at=None,
        do_not_call_by=None,
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    organisation.refresh_from_db()
    record_event(
        actor=actor,
        verb="organisation.may_call_again",
        chapter=organisation.chapter,
        obj=organisation,
    )
    return organisation


@transaction.atomic
def merge_organisations(*, actor: User, keep: Organisation, remove: Organisation) -> Organisation:
    """Merge a duplicate into ``keep``: its contact persons move over, empty fields of ``keep``
    are filled from it, and the duplicate stays (marked merged, out of lists) so its history and
    audit trail remain readable."""
    if keep.pk == remove.pk:
        raise MembersError(_("Choose two different organisations."))
    if keep.chapter_id != remove.chapter_id:
        raise MembersError(_("Only organisations of one chapter can be merged."))
    if keep.merged_into_id or remove.merged_into_id:
        raise MembersError(_("One of these organisations was already merged."))
    filled = []
    for field in (
        "legal_form",
        "nace_code",
        "nace_version",
        "street",
        "house_number",
        "postal_code",
        "municipality",
        "phone",
        "email",
        "member_since",
    ):
        if not getattr(keep, field) and getattr(remove, field):
            setattr(keep, field, getattr(remove, field))
            filled.append(field)
    if keep.employees is None and remove.employees is not None:
        keep.employees = remove.employees
        filled.append("employees")
    if remove.do_not_call and not keep.do_not_call:
        keep.do_not_call = True
        keep.do_not_call_reason = remove.do_not_call_reason
        keep.do_not_call_at = remove.do_not_call_at
        keep.do_not_call_by = remove.do_not_call_by
        filled.append("do_not_call")
    keep.refresh_derived()
    keep.import_digest = ""
    keep.version += 1
    keep.updated_at = timezone.now()
    keep.save()
    has_primary = keep.persons.filter(is_primary=True).exists()
    moved = Person.objects.filter(organisation=remove).update(
        organisation=keep, **({"is_primary": False} if has_primary else {})
    )
    Organisation.objects.filter(pk=remove.pk).update(
        merged_into=keep,
        membership_status=Organisation.MembershipStatus.FORMER,
        import_digest="",
        updated_at=timezone.now(),
        version=F("version") + 1,
    )
    for obj, role in ((keep, "kept"), (remove, "merged")):
        record_event(
            actor=actor,
            verb="organisation.merged",
            chapter=keep.chapter,
            obj=obj,
            payload={
                "role": role,
                "kept": keep.public_code,
                "merged": remove.public_code,
                "persons_moved": moved,
                "fields_filled": filled,
            },
        )
    keep.refresh_from_db()
    return keep


# Persons ---------------------------------------------------------------------------------------


def _touch(organisation: Organisation) -> None:
    Organisation.objects.filter(pk=organisation.pk).update(
        import_digest="", updated_at=timezone.now()
    )


@transaction.atomic
def create_person(*, actor: User, organisation: Organisation, data: dict[str, Any]) -> Person:
    person = Person(organisation=organisation, chapter=organisation.chapter)
    for field in PERSON_EDIT_FIELDS:
        if field in data:
            setattr(person, field, data[field])
    if not organisation.persons.filter(is_primary=True).exists():
        person.is_primary = True
    elif person.is_primary:
        organisation.persons.update(is_primary=False)
    person.save()
    _touch(organisation)
    record_event(
        actor=actor,
        verb="person.created",
        chapter=organisation.chapter,
        obj=person,
        payload={"organisation": organisation.public_code},
    )
    return person


@transaction.atomic
def update_person(*, actor: User, person: Person, data: dict[str, Any]) -> Person:
    changed = [f for f in PERSON_EDIT_FIELDS if f in data and getattr(person, f) != data[f]]
    if not changed:
        return person
    for field in changed:
        setattr(person, field, data[field])
    if "is_primary" in changed and person.is_primary:
        Person.objects.filter(organisation_id=person.organisation_id).exclude(pk=person.pk).update(
            is_primary=False
        )
    person.updated_at = timezone.now()
    person.save(update_fields=[*changed, "updated_at"])
    _touch(person.organisation)
    record_event(
        actor=actor,
        verb="person.updated",
        chapter=person.chapter,
        obj=person,
        payload={"fields": changed, "organisation": person.organisation.public_code},
    )
    return person


@transaction.atomic
def delete_person(*, actor: User, person: Person) -> None:
    organisation = person.organisation
    code = person.public_code
    was_primary = person.is_primary
    person.delete()
    if was_primary:
        successor = organisation.persons.order_by("name").first()
        if successor is not None:
            Person.objects.filter(pk=successor.pk).update(is_primary=True)
    _touch(organisation)
    record_event(
        actor=actor,
        verb="person.deleted",
        chapter=organisation.chapter,
        obj=organisation,
        payload={"person": code},
    )


# Imports and exports ---------------------------------------------------------------------------


def import_members(
    *,
    actor: User | None,
    chapter: Chapter,
    path: Path,
    original_filename: str,
    format: str | None = None,
    partial: bool = False,
    dry_run: bool = False,
    source: str = "cli",
    limits: sources.Limits = sources.CLI_LIMITS,
    progress: engine.Progress | None = None,
    error_sink: Callable[[list[str], int, list[Any], str], None] | None = None,
    workers: int = 1,
) -> ImportBatch:
    """Import a file now (CLI, API): record the batch, check every row, write or refuse.

    The write is one transaction with an audit event (see belronde.members.importing.engine).
    """
    batch = batches.create_batch(
        actor=actor,
        chapter=chapter,
        path=path,
        original_filename=original_filename,
        format=format,
        partial=partial,
        dry_run=dry_run,
        source=source,
        limits=limits,
    )
    return engine.run_batch(
        batch,
        path,
        limits=limits,
        progress=progress,
        error_sink=error_sink,
        actor=actor,
        workers=workers,
    )


def store_upload(upload: IO[bytes], *, limit: int) -> tuple[Path, str, int]:
    """Copy an upload outside the web root under a generated name; refuse it past ``limit``
    bytes while copying (nothing more is read)."""
    directory = batches.import_dir()
    _purge_stale_uploads(directory)
    name = f"upload-{secrets.token_hex(16)}"
    target = directory / name
    size = 0
    with target.open("wb") as out:
        while chunk := upload.read(1024 * 1024):
            size += len(chunk)
            if size > limit:
                break
            out.write(chunk)
    if size > limit:
        target.unlink(missing_ok=True)
        raise sources.FileProblem("too_large", size=size, limit=limit)
    return target, name, size


def _purge_stale_uploads(directory: Path) -> None:
    cutoff = timezone.now().timestamp() - STALE_UPLOAD_SECONDS
    for child in directory.glob("upload-*"):
        try:
            if child.stat().st_mtime < cutoff:
                child.unlink(missing_ok=True)
        except OSError:
            continue


def running_imports(actor: User) -> int:
    batches.mark_interrupted()
    return ImportBatch.objects.filter(created_by=actor, status__in=ImportBatch.RUNNING).count()


def start_import(
    *,
    actor: User,
    chapter: Chapter,
    upload: IO[bytes],
    original_filename: str,
    partial: bool,
    dry_run: bool = False,
    source: str = "web",
    background: bool = True,
) -> ImportBatch:
    """Store an uploaded file and import it: in the background (web) or now (API)."""
    running = running_imports(actor)
    if running >= MAX_RUNNING_IMPORTS_PER_USER:
        raise sources.FileProblem("quota", count=running)
    path, stored_name, _size = store_upload(upload, limit=sources.WEB_LIMITS.max_bytes)
    batch = batches.create_batch(
        actor=actor,
        chapter=chapter,
        path=path,
        original_filename=_safe_name(original_filename),
        format=None,
        partial=partial,
        dry_run=dry_run,
        source=source,
        stored_name=stored_name,
        limits=sources.WEB_LIMITS,
    )
    record_event(
        actor=actor,
        verb="members.import_started",
        chapter=chapter,
        obj=batch,
        payload={"sha256": batch.sha256[:16], "size": batch.size, "format": batch.format},
    )
    if batch.status == ImportBatch.Status.FAILED:
        path.unlink(missing_ok=True)
        return batch
    if not background:
        return engine.run_batch(batch, path, limits=sources.WEB_LIMITS, actor=actor)
    transaction.on_commit(lambda: _run_in_background(batch.pk))
    return batch


def _safe_name(name: str) -> str:
    """The uploaded name, for display only (never used as a path)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable() and c not in "\r\n\x00")[:255] or "upload"


def _run_in_background(batch_pk: int) -> None:
    """Enqueue the import task for the worker; when no worker is alive (a laptop running
    `make run`), run it in a thread of this process so the page still follows it to the end."""
    from belronde.members.tasks import run_import_task
    from belronde.ops.actions import latest_heartbeat, stale_after

    heartbeat = latest_heartbeat()
    if heartbeat is not None and timezone.now() - heartbeat.seen_at <= stale_after():
        run_import_task.enqueue(batch_pk)
        return
    thread = threading.Thread(
        target=_thread_main, args=(batch_pk,), name=f"import-{batch_pk}", daemon=True
    )
    thread.start()


def _thread_main(batch_pk: int) -> None:
    try:
        run_stored_batch(batch_pk)
    finally:
        connections.close_all()  # this thread's connections only


def run_stored_batch(batch_pk: int) -> str:
    """Run a queued web import whose file waits in the import folder."""
    batch = ImportBatch.objects.select_related("chapter", "created_by").get(pk=batch_pk)
    if batch.status != ImportBatch.Status.QUEUED:
        return batch.status
    path = batches.import_dir() / batch.stored_name
    if not batch.stored_name or not path.exists():
        batch.status = ImportBatch.Status.FAILED
        batch.file_problem = {"code": "interrupted", "params": {}}
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "file_problem", "finished_at"])
        return batch.status
    engine.run_batch(batch, path, limits=sources.WEB_LIMITS, actor=batch.created_by)
    return ImportBatch.objects.values_list("status", flat=True).get(pk=batch_pk)


def record_export(*, actor: User | None, chapter: Chapter, count: int, format: str) -> None:
    record_event(
        actor=actor,
        verb="members.exported",
        chapter=chapter,
        payload={"rows": count, "format": format},
    )


class ExportLimitReached(MembersError):
    """The person made as many member exports in the last hour as they may (SEC-BL-02)."""

    code = "export_limit"
    status = 429

    def __init__(self, limit: int, retry_at: dt.datetime) -> None:
        self.limit = limit
        self.retry_at = retry_at
        super().__init__(
            ngettext(
                "You made %(limit)s member export in the last hour, the most allowed. "
                "You can export again from %(time)s.",
                "You made %(limit)s member exports in the last hour, the most allowed. "
                "You can export again from %(time)s.",
                limit,
            )
            % {"limit": limit, "time": formats.time_format(timezone.localtime(retry_at), "H:i")}
        )


def export_members(
    *,
    actor: User,
    chapter: Chapter,
    count: int,
    format: str,
    now: dt.datetime | None = None,
) -> None:
    """Allow and record one member export from the web, at most ``BELRONDE_EXPORTS_PER_HOUR``
    per person in any sliding hour, over all their chapters (SEC-BL-02: a stolen session cannot
    walk off with every chapter's list in a loop). A refusal is audited too. Operators exporting
    with the CLI (``belronde export-members``) are not counted: they hold the server already."""
    now = now or timezone.now()
    limit = int(settings.BELRONDE_EXPORTS_PER_HOUR)
    with transaction.atomic():
        # Two exports at once: the second waits for the first's event, so both are counted.
        User.objects.select_for_update().filter(pk=actor.pk).values_list("pk", flat=True).first()
        recent = list(
            AuditEvent.objects.filter(
                actor=actor, verb="members.exported", at__gt=now - EXPORT_WINDOW
            )
            .order_by("at")
            .values_list("at", flat=True)[:limit]
        )
        if len(recent) >= limit:
            record_event(
                actor=actor,
                verb="members.export_refused",
                chapter=chapter,
                payload={"limit": limit, "format": format},
            )
            refusal = ExportLimitReached(limit, recent[0] + EXPORT_WINDOW)
        else:
            record_export(actor=actor, chapter=chapter, count=count, format=format)
            return
    raise refusal
