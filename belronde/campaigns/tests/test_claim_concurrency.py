"""CONC-CLAIM-01..06 of RELIABILITY.md: no contact is ever claimed twice, on both databases."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter

import pytest
from django.db import connection, connections
from django.db.models import Count
from django.utils import timezone

from belronde.accounts.models import Membership
from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, CampaignCaller, Claim
from belronde.campaigns.tests.fixtures import make_campaign, make_org
from belronde.ops.backup import database_url
from belronde.testing import Personas, make_user

pytestmark = pytest.mark.django_db(transaction=True)


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def build(pool: int, callers: int):
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=0, max_open_claims=50)
    for i in range(pool):
        org = make_org(Personas.mechelen, f"1{i:09d}", f"Pool {i}")
        Assignment.objects.create(chapter=Personas.mechelen, campaign=campaign, organisation=org)
    users = []
    for k in range(callers):
        user = make_user(f"herd{k}")
        Membership.objects.create(user=user, role="caller", chapter=Personas.mechelen)
        CampaignCaller.objects.create(campaign=campaign, user=user)
        users.append(user)
    return campaign, users


def duplicates() -> int:
    return (
        Claim.objects.filter(released_at__isnull=True)
        .values("assignment")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )


def herd(campaign, users, per_thread: int):
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []
    claimed: list[int] = []
    timings: list[float] = []
    lock = threading.Lock()

    def work(user):
        try:
            barrier.wait()
            for _ in range(per_thread):
                start = time.perf_counter()
                try:
                    result = actions.claim_next(actor=user, campaign=campaign)
                except actions.CallRoundError as exc:
                    outcome, pk = f"handled:{exc.code}", None
                else:
                    outcome = "claimed" if result.assignment else "none_left"
                    pk = result.assignment.pk if result.assignment else None
                with lock:
                    timings.append(time.perf_counter() - start)
                    outcomes.append(outcome)
                    if pk:
                        claimed.append(pk)
        except Exception as exc:  # anything unhandled is a failure of the test
            with lock:
                outcomes.append(f"ERROR:{exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    return outcomes, claimed, timings


@pytest.mark.skipif("not on_postgres()")
def test_conc_claim_01_thirty_threads_on_postgresql():
    campaign, users = build(pool=200, callers=30)
    outcomes, claimed, _t = herd(campaign, users, per_thread=10)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert len(claimed) == len(set(claimed)) == 200
    assert duplicates() == 0
    assert Assignment.objects.filter(status="claimed").count() == 200
    assert Counter(outcomes)["none_left"] == 100


@pytest.mark.skipif("on_postgres()")
def test_conc_claim_03_ten_threads_on_a_sqlite_file():
    assert connection.settings_dict["NAME"] != ":memory:" and "mode=memory" not in str(
        connection.settings_dict["NAME"]
    )
    campaign, users = build(pool=60, callers=10)
    outcomes, claimed, timings = herd(campaign, users, per_thread=8)
    assert not [o for o in outcomes if o.startswith("ERROR")], outcomes
    assert len(claimed) == len(set(claimed)) == 60
    assert duplicates() == 0
    timings.sort()
    assert timings[int(len(timings) * 0.95) - 1] < 1.0


class Worker:
    """One claim_worker subprocess, with a thread that hands its output lines to a queue."""

    def __init__(self, campaign_pk: int, user_pk: int, per_round: int, env: dict[str, str]):
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in stop())
        command = [sys.executable, "-m", "belronde.campaigns.tests.claim_worker"]
        self.process = subprocess.Popen(
            [*command, str(campaign_pk), str(user_pk), str(per_round)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put("")  # end of output

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def receive(self, timeout: float = 60) -> dict:
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            line = ""
        if not line:
            self.stop()
            self.log.seek(0)
            stderr = self.log.read().decode(errors="replace")[-3000:]
            pytest.fail(f"claim worker gave no answer; its stderr ends with:\n{stderr}")
        return json.loads(line)

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


@pytest.mark.skipif("not on_postgres()")
def test_conc_claim_02_eight_processes_twenty_rounds_on_postgresql():
    campaign, users = build(pool=40, callers=8)
    url = database_url(connection.settings_dict)
    env = {**os.environ, "DATABASE_URL": url, "BELRONDE_DEBUG": "true"}
    workers = [Worker(campaign.pk, user.pk, 6, env) for user in users]
    failures = []
    try:
        for worker in workers:
            assert worker.receive(timeout=120) == {"ready": True}
        for round_ in range(20):
            Claim.objects.all().delete()
            Assignment.objects.filter(campaign=campaign).update(
                status="open", claimed_by=None, claimed_at=None, claim_expires_at=None
            )
            for worker in workers:
                worker.send("go")
            answers = [worker.receive() for worker in workers]
            claimed = [pk for answer in answers for pk in answer["claimed"]]
            if len(claimed) != len(set(claimed)) or duplicates() or len(claimed) != 40:
                failures.append((round_, sorted(claimed), [a["refused"] for a in answers]))
    finally:
        for worker in workers:
            worker.stop()
    assert failures == []


def test_conc_claim_04_two_callers_want_the_same_contact():
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=1)
    row = Assignment.objects.get(campaign=campaign)
    actions.claim_assignment(actor=Personas.caller, assignment=row)
    with pytest.raises(actions.CallRoundError) as info:
        actions.claim_assignment(actor=Personas.caller2, assignment=row)
    assert "bob.caller belt dit contact al (sinds" in info.value.message
    assert Claim.objects.filter(released_at__isnull=True).count() == 1


def test_conc_claim_06_the_expiry_sweep_racing_a_new_claim():
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=1)
    row = actions.claim_next(actor=Personas.caller, campaign=campaign).assignment
    later = timezone.now() + campaign.claim_expiry * 2
    barrier = threading.Barrier(2)
    errors = []

    def sweep():
        try:
            barrier.wait()
            actions.release_expired_claims(now=later)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    def claim():
        try:
            barrier.wait()
            actions.release_expired_claims(now=later, campaign=campaign)
            actions.claim_next(actor=Personas.caller2, campaign=campaign, now=later)
        except actions.CallRoundError:
            pass
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sweep), threading.Thread(target=claim)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert duplicates() == 0
    row.refresh_from_db()
    assert Claim.objects.filter(assignment=row, ended="expired").count() == 1
