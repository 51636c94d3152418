"""Phase 2 of a member import: upserting the validated rows, keyed by (chapter, enterprise
number), with COPY on PostgreSQL and ``executemany`` on SQLite."""

from __future__ import annotations

import secrets
import time
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from belronde.accounts.models import Chapter
from belronde.lib.models import PUBLIC_CODE_ALPHABET
from belronde.members.importing.validation import (
    HeaderMap,
    validate_row,
)
from belronde.members.models import Organisation, Person
from belronde.members.reference import fold

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


def fast_public_code() -> str:
    return "".join(PUBLIC_CODE_ALPHABET[b & 31] for b in secrets.token_bytes(10))


class Record(NamedTuple):
    number: int
    key: str
    digest: str
    cells: list[Any]
    values: dict[str, Any] | None  # None: known unchanged by its digest, not re-validated
    duplicate_of: int = 0  # an exact duplicate of this earlier row: skipped


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
