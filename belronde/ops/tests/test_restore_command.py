"""`belronde restore` (RELIABILITY.md 3.5, OPS-BKP-03): the restore equals the source, and
every way it can go wrong is refused with a reason, leaving the target as it was."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from belronde.audit.actions import audit_maintenance, record_event
from belronde.audit.models import AuditEvent
from belronde.campaigns import actions as campaign_actions
from belronde.campaigns.tests.fixtures import make_campaign
from belronde.ops import backup
from belronde.ops.tests.fixtures import restore, scratch_database
from belronde.testing import Personas

pytestmark = pytest.mark.django_db(transaction=True)

KEY_TABLES = [
    "members_organisation",
    "members_person",
    "campaigns_assignment",
    "campaigns_claim",
    "audit_auditevent",
    "accounts_user",
]


def on_sqlite() -> bool:
    return connection.vendor == "sqlite"


@pytest.fixture
def passphrase(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text("een andere lange zin die alleen de coördinator kent\n")
    return path


@pytest.fixture
def target(tmp_path: Path):
    """Settings of an empty database to restore into; dropped afterwards on PostgreSQL."""
    with scratch_database(tmp_path, "restore") as settings:
        yield settings


def make_backup(tmp_path: Path, passphrase: Path) -> Path:
    out = StringIO()
    call_command(
        "backup",
        "--output",
        str(tmp_path),
        "--passphrase-file",
        str(passphrase),
        "--json",
        stdout=out,
    )
    return Path(json.loads(out.getvalue())["path"])


def row_counts(settings: dict) -> dict[str, int]:
    if backup.engine_of(settings) == "sqlite":
        return backup.sqlite_row_counts(Path(settings["NAME"]))
    return backup.pg_row_counts(settings)


def digest(settings: dict, table: str) -> str:
    """A hash of every row of ``table`` in primary-key order, as text."""
    query = f'SELECT * FROM "{table}" ORDER BY 1'
    if backup.engine_of(settings) == "sqlite":
        lite = sqlite3.connect(settings["NAME"])
        try:
            rows = lite.execute(query).fetchall()
        finally:
            lite.close()
    else:
        import psycopg

        with psycopg.connect(**backup._pg_connect_args(settings)) as db:
            rows = db.execute(query).fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def seed():
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=5)
    campaign_actions.claim_next(actor=Personas.caller, campaign=campaign)
    record_event(actor=Personas.coordinator, verb="audit.viewed", chapter=Personas.mechelen)


def test_ops_bkp_03_the_restore_has_the_same_rows_and_content(tmp_path, passphrase, target):
    seed()
    path = make_backup(tmp_path, passphrase)
    with audit_maintenance():
        AuditEvent.objects.filter(verb="ops.backup_made").delete()  # written after the snapshot
    source = dict(connection.settings_dict)
    result = restore(path, target, "--passphrase-file", str(passphrase))
    assert result["migrations_current"] is True
    assert result["rows_per_table"] == row_counts(target) == row_counts(source)
    assert row_counts(source)["campaigns_claim"] == 1
    for table in KEY_TABLES:
        assert digest(target, table) == digest(source, table), table


def test_a_non_empty_target_needs_force_and_is_left_alone_without(tmp_path, passphrase, target):
    seed()
    path = make_backup(tmp_path, passphrase)
    restore(path, target, "--passphrase-file", str(passphrase))
    before = digest(target, "accounts_user")
    with pytest.raises(CommandError, match="--force"):
        restore(path, target, "--passphrase-file", str(passphrase))
    assert digest(target, "accounts_user") == before
    again = restore(path, target, "--passphrase-file", str(passphrase), "--force")
    assert again["rows_per_table"]["accounts_user"] == row_counts(target)["accounts_user"]


def test_a_wrong_passphrase_is_refused_before_the_target_is_touched(tmp_path, passphrase, target):
    seed()
    path = make_backup(tmp_path, passphrase)
    wrong = tmp_path / "wrong"
    wrong.write_text("niet de juiste zin\n")
    with pytest.raises(CommandError, match="could not be decrypted"):
        restore(path, target, "--passphrase-file", str(wrong))
    if on_sqlite():
        assert not Path(target["NAME"]).exists()
    else:
        assert row_counts(target) == {}


def test_files_that_are_not_backups_are_explained(tmp_path, target):
    with pytest.raises(CommandError, match="No such backup file"):
        restore(tmp_path / "missing.gpg", target)
    text = tmp_path / "notes.txt"
    text.write_text("ondernemingsnummer;naam\n")
    with pytest.raises(CommandError, match="not a belronde backup"):
        restore(text, target)
    with pytest.raises(CommandError, match="--target must look like sqlite:///"):
        call_command("restore", str(text), "--target", "nonsense")
    with pytest.raises(CommandError, match="SQLite and PostgreSQL only"):
        call_command("restore", str(text), "--target", "mysql://x/y")


def test_a_backup_goes_back_only_into_the_same_kind_of_database(tmp_path, passphrase):
    seed()
    path = make_backup(tmp_path, passphrase)
    if on_sqlite():
        other = {"ENGINE": "django.db.backends.postgresql", "NAME": "elsewhere"}
        kind = "SQLite"
    else:
        other = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}
        kind = "PostgreSQL"
    with pytest.raises(CommandError, match=f"is a {kind} backup"):
        restore(path, other, "--passphrase-file", str(passphrase))
