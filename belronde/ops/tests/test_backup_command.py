"""`belronde backup` (RELIABILITY.md 3.5, OPS-BKP-01..04): consistent, checked, encrypted."""

from __future__ import annotations

import inspect
import json
import sqlite3
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from belronde.audit.actions import record_event
from belronde.audit.models import AuditEvent
from belronde.members.tests.fixtures import make_org
from belronde.ops import backup
from belronde.ops.management.commands.restore import migrations_current
from belronde.ops.tests.fixtures import restore, scratch_database
from belronde.testing import Personas

pytestmark = pytest.mark.django_db(transaction=True)


def on_sqlite() -> bool:
    return connection.vendor == "sqlite"


def run(*args: str) -> dict:
    out = StringIO()
    call_command("backup", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def passphrase(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase"
    path.write_text("lang genoeg en geheim, een zin van de coördinator\n")
    return path


GPG_BATCH = ["gpg", "--batch", "--passphrase", ""]
KEY = "backups@belronde.invalid"


@pytest.fixture
def gnupg_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A throwaway GnuPG home with one key pair (a short path: gpg-agent's socket lives there)."""
    home = Path(tempfile.mkdtemp(prefix="gpg-", dir="/tmp"))
    monkeypatch.setenv("GNUPGHOME", str(home))
    subprocess.run(
        [*GPG_BATCH, "--quick-gen-key", KEY, "future-default", "default", "never"],
        check=True,
        capture_output=True,
    )
    yield home
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], check=False, capture_output=True)
    subprocess.run(["rm", "-rf", str(home)], check=False)


def test_ops_bkp_01_a_backup_while_a_writer_inserts_is_consistent_and_complete(tmp_path, settings):
    settings.DEBUG = True  # --plain is for development
    Personas.create_personas()
    for i in range(500):
        record_event(actor=None, verb="demo.loaded", payload={"i": i})
    stop = threading.Event()
    written = []

    def writer():
        try:
            while not stop.is_set():
                record_event(actor=None, verb="demo.loaded", payload={"writer": True})
                written.append(1)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 20:  # the writer is busy before the backup starts
            time.sleep(0.001)
        before = AuditEvent.objects.count()
        result = run("--output", str(tmp_path / "copy"), "--plain")
        after = AuditEvent.objects.count()
    finally:
        stop.set()
        thread.join(30)
    assert after > before, "the writer kept writing while the backup ran"
    copy = Path(result["path"])
    assert copy.stat().st_mode & 0o777 == 0o600
    assert not list(tmp_path.glob(".belronde-*")), "the private work folder is removed"
    if on_sqlite():
        db = sqlite3.connect(copy)
        try:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
            in_copy = db.execute("SELECT count(*) FROM audit_auditevent").fetchone()[0]
        finally:
            db.close()
        url = backup.database_url({**connection.settings_dict, "NAME": copy})
        assert migrations_current(url)
    else:
        restored = restore_somewhere(copy, tmp_path)
        in_copy = restored["rows_per_table"]["audit_auditevent"]
        assert restored["migrations_current"] is True
    assert before <= in_copy <= after


def test_ops_bkp_02_the_backup_never_copies_the_database_file():
    source = inspect.getsource(backup)
    for plain_copy in ("shutil.copy", "copyfile", "copy2", '"cp"', "copytree"):
        assert plain_copy not in source
    assert "src.backup(dst)" in source and "pg_dump" in source


def test_ops_bkp_04_a_passphrase_backup_holds_no_readable_data_and_restores(tmp_path, passphrase):
    Personas.create_personas()
    make_org(Personas.mechelen, "0403170701", "Vertrouwelijke Bakkerij BV")
    result = run("--output", str(tmp_path), "--passphrase-file", str(passphrase))
    path = Path(result["path"])
    assert result["encrypted"] is True and path.name.endswith(".gpg")
    data = path.read_bytes()
    assert b"SQLite format 3" not in data and b"PGDMP" not in data
    assert b"Vertrouwelijke" not in data and "Vertrouwelijke".encode("utf-16-le") not in data
    event = AuditEvent.objects.get(verb="ops.backup_made")
    assert event.payload == {
        "engine": result["engine"],
        "bytes": result["bytes"],
        "encrypted": True,
    }
    restored = restore_somewhere(path, tmp_path, "--passphrase-file", str(passphrase))
    assert restored["rows_per_table"]["members_organisation"] == 1
    assert restored["migrations_current"] is True
    assert restored["seconds"] < 120  # timed, and reported (GDPR art. 32(1)(c))


def test_ops_bkp_04_a_backup_for_a_public_key_needs_the_private_key(tmp_path, gnupg_home):
    Personas.create_personas()
    result = run("--output", str(tmp_path), "--recipient", KEY)
    path = Path(result["path"])
    assert result["encrypted"] is True
    restored = restore_somewhere(path, tmp_path)
    assert restored["rows_per_table"]["accounts_chapter"] == 2
    # Without the private key (another GnuPG home), the backup cannot be read.
    empty_home = Path(tempfile.mkdtemp(prefix="gpg-", dir="/tmp"))
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("GNUPGHOME", str(empty_home))
            with pytest.raises(CommandError, match="could not be decrypted"):
                restore_somewhere(path, tmp_path, name="elsewhere")
    finally:
        subprocess.run(["rm", "-rf", str(empty_home)], check=False)


def restore_somewhere(path: Path, tmp_path: Path, *args: str, name: str = "restored") -> dict:
    """Restore into a new SQLite file or a new PostgreSQL database next to the test's."""
    with scratch_database(tmp_path, name) as settings:
        return restore(path, settings, *args)


def test_unencrypted_backups_need_plain_and_are_refused_in_production(tmp_path, settings):
    with pytest.raises(CommandError, match="must be encrypted"):
        run("--output", str(tmp_path))
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refused outside development"):
        run("--output", str(tmp_path), "--plain")
    assert list(tmp_path.iterdir()) == []


def test_bad_options_are_explained(tmp_path, passphrase):
    with pytest.raises(CommandError, match="not both"):
        run("--output", str(tmp_path), "--passphrase-file", str(passphrase), "--recipient", "x")
    with pytest.raises(CommandError, match="missing or empty"):
        run("--output", str(tmp_path), "--passphrase-file", str(tmp_path / "nothing"))
    with pytest.raises(CommandError, match="No such folder"):
        run("--output", str(tmp_path / "no" / "such.gpg"), "--passphrase-file", str(passphrase))
    (tmp_path / "taken.gpg").write_text("old")
    with pytest.raises(CommandError, match="never overwrite"):
        run("--output", str(tmp_path / "taken.gpg"), "--passphrase-file", str(passphrase))
    assert (tmp_path / "taken.gpg").read_text() == "old"


def test_an_unknown_recipient_leaves_no_file(tmp_path, gnupg_home):
    with pytest.raises(CommandError, match="Encryption failed"):
        run("--output", str(tmp_path), "--recipient", "nobody@belronde.invalid")
    assert [p.name for p in tmp_path.iterdir()] == []
