"""Crashes and concurrent imports: RELIABILITY.md section 3.4, CONC-IMP-05, -06 and -07.

These run against the real database of the test run (a file SQLite database, or PostgreSQL with
DATABASE_URL set): the import runs as a separate `belronde import-members` process, and two
imports race from two threads with their own connections.
"""

import fcntl
import os
import pty
import random
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django.db.models import Count

from belronde.members.importing.batches import mark_interrupted
from belronde.members.models import ImportBatch, Organisation, Person
from belronde.members.tests.fixtures import members_csv, run_import, write
from belronde.testing import Personas

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(settings.BASE_DIR)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_import(path: Path, delay: float) -> tuple[subprocess.Popen, int]:
    """The CLI in a pseudo-terminal, so it draws its progress bar as a user would see it."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "BELRONDE_DEBUG": "true",
        "BELRONDE_TEST_IMPORT_ROW_DELAY": str(delay),
        "COLUMNS": "120",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "belronde",
            "import-members",
            str(path),
            "--chapter",
            "mechelen",
            "--skip-checks",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        cwd=ROOT,
        env=env,
    )
    os.close(slave)
    return process, master


def wait_until_written(master: int, at_least: int, timeout: float = 60) -> int:
    """Read the progress bar until it shows at least ``at_least`` rows written."""
    seen = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(master, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
        found = re.findall(rb"Writing: (\d+)/(\d+)", seen)
        if found and int(found[-1][0]) >= at_least:
            return int(found[-1][0])
    raise AssertionError(f"the import never reported {at_least} rows written: {seen[-500:]!r}")


def test_a_killed_import_leaves_nothing_and_a_rerun_completes_CONC_IMP_05(tmp_path):
    Personas.create_personas()
    path = write(tmp_path, "leden.csv", members_csv(100))
    rng = random.Random(5)
    for _attempt in range(3):
        process, master = start_import(path, delay=0.03)
        try:
            written = wait_until_written(master, rng.randint(40, 85))
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
        finally:
            os.close(master)
            if process.poll() is None:
                process.kill()
        assert written < 100
        assert process.returncode == -signal.SIGKILL
        assert Organisation.objects.count() == 0  # the open transaction died with the process
    assert mark_interrupted() == 1  # the earlier two were marked by the next run's start
    assert list(ImportBatch.objects.values_list("status", flat=True)) == ["failed"] * 3
    assert all(b.file_problem["code"] == "interrupted" for b in ImportBatch.objects.all())

    batch = run_import(Personas.mechelen, path)
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.created == 100
    assert Organisation.objects.count() == 100
    assert Person.objects.count() == 100
    dupes = (
        Organisation.objects.values("chapter", "enterprise_number")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    assert not dupes.exists()
    if connection.vendor == "sqlite":
        name = connection.settings_dict["NAME"]
        check = sqlite3.connect(name)
        try:
            assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            check.close()
        assert not Path(f"{name}-journal").exists()


def test_two_coordinators_importing_one_file_at_once_make_no_duplicates_CONC_IMP_06(tmp_path):
    Personas.create_personas()
    path = write(tmp_path, "leden.csv", members_csv(300))
    barrier = threading.Barrier(2)
    results: list[ImportBatch] = []
    failures: list[BaseException] = []

    def worker(actor):
        try:
            barrier.wait(timeout=10)
            results.append(run_import(Personas.mechelen, path, actor=actor))
        except BaseException as exc:  # surfaced below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=worker, args=(user,))
        for user in (Personas.coordinator, Personas.caller)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert sorted(b.status for b in results) == ["committed", "committed"]
    assert sorted(b.created for b in results) == [0, 300]
    assert sorted(b.unchanged for b in results) == [0, 300]
    assert Organisation.objects.count() == 300
    assert Person.objects.count() == 300


def test_an_import_while_callers_claim_and_log_notes_loses_no_claim_or_note_CONC_IMP_07(tmp_path):
    """Imports only upsert master data: claims, attempts, notes and a do-not-call set by a caller
    during the import all survive it, and the import still updates every row it should."""
    from belronde.campaigns import actions as call_actions
    from belronde.campaigns.models import Assignment, CallAttempt, Claim
    from belronde.campaigns.tests.fixtures import make_campaign

    Personas.create_personas()
    count = 40
    first = run_import(Personas.mechelen, write(tmp_path, "leden.csv", members_csv(count)))
    assert first.status == "committed" and first.created == count
    campaign = make_campaign(Personas, orgs=0, max_open_claims=3)
    for org in Organisation.objects.all():
        Assignment.objects.create(chapter=Personas.mechelen, campaign=campaign, organisation=org)
    # the same members from the membership system a week later: every phone and function changed
    changed = write(
        tmp_path, "leden-week-2.csv", members_csv(count, Telefoon="015 20 30 40", Functie="CEO")
    )
    process, master = start_import(changed, delay=0.05)
    wait_until_written(master, 5)
    assert process.poll() is None  # still writing while the callers start

    done: list[tuple[int, str, str]] = []  # (assignment id, outcome, note) as the callers saw it
    failures: list[BaseException] = []
    lock = threading.Lock()

    def caller(user, index: int) -> None:
        try:
            for turn in range(8):
                result = call_actions.claim_next(actor=user, campaign=campaign)
                if result.assignment is None:
                    break
                outcome = "do_not_call" if (index, turn) == (0, 1) else "no_answer"
                note = f"{user.username} beurt {turn}: terugbellen na 18u"
                call_actions.record_attempt(
                    actor=user, assignment=result.assignment, outcome=outcome, note=note
                )
                with lock:
                    done.append((result.assignment.pk, outcome, note))
        except BaseException as exc:  # surfaced below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=caller, args=(user, i))
        for i, user in enumerate((Personas.caller, Personas.caller2))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    stdout, _ = process.communicate(timeout=120)
    os.close(master)
    assert not failures, failures
    assert process.returncode == 0, stdout

    # the import wrote its update
    batch = ImportBatch.objects.order_by("-pk").first()
    assert batch is not None and batch.status == "committed"
    assert batch.updated == count
    assert set(Person.objects.values_list("phone", flat=True)) == {"+3215203040"}
    # nothing the callers did was lost
    assert len(done) == 16
    attempts = {(a.assignment_id, a.outcome, a.note) for a in CallAttempt.objects.all()}
    assert attempts == set(done)
    assert Claim.objects.count() == 16
    assert not Claim.objects.filter(released_at__isnull=True, ended=False).exists()
    by_id = {a.pk: a for a in Assignment.objects.select_related("organisation")}
    for assignment_id, outcome, _note in done:
        assignment = by_id[assignment_id]
        assert assignment.attempts == 1
        assert assignment.claimed_by_id is None
        assert assignment.status == ("do_not_call" if outcome == "do_not_call" else "open")
    stopped = [by_id[a].organisation for a, outcome, _ in done if outcome == "do_not_call"]
    assert len(stopped) == 1
    assert stopped[0].do_not_call and stopped[0].do_not_call_reason
