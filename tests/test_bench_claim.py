"""The claim benchmark (bench/claim.py): its parts, in a few seconds.

The whole benchmark runs in its quick mode in tests/test_bench_smoke.py, like every benchmark.
Here, what can break silently: the raw baseline's SQL against the real, current schema (on
SQLite or PostgreSQL, whichever the suite runs on), the invariant checks that make the bench
fail, the percentiles and the load generator.
"""

from __future__ import annotations

import datetime as dt
import http.server
import io
import itertools
import json
import threading
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from belronde.campaigns import actions
from belronde.campaigns.models import Assignment, Claim
from belronde.campaigns.tests.fixtures import make_campaign, make_org
from belronde.testing import Personas
from bench import _claim_raw_app as raw
from bench._claim_load import ClientSpec, LoadResult, percentile, run_load
from bench.claim import check


def test_it_takes_nearest_rank_percentiles():
    values = [float(v) for v in range(100, 0, -1)]  # unsorted on purpose
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) != percentile([], 50)  # nan


def result(ok: int = 10, codes: list[str] | None = None, **statuses: int) -> LoadResult:
    counts = Counter({200: ok, **{int(k[1:]): v for k, v in statuses.items()}})
    return LoadResult(
        clients=2,
        elapsed=1.0,
        latencies=[0.01] * counts.total(),
        statuses=counts,
        codes=codes if codes is not None else [f"A{i}" for i in range(ok)],
        errors=Counter(),
    )


def counts(active: int = 10, **extra: int) -> dict[str, int]:
    base = {
        "active_claims": active,
        "double_claims": 0,
        "claimed_assignments": active,
        "inconsistent": 0,
        "audit_claimed": active,
    }
    return {**base, **extra}


def test_it_passes_a_clean_run_and_flags_every_broken_invariant():
    assert check("endpoint", result(), counts()) == []
    assert check("raw", result(s409=3), counts(audit_claimed=0)) == []  # raw writes no audit

    def failed(target: str, r: LoadResult, c: dict[str, int]) -> str:
        failures = check(target, r, c)
        assert len(failures) == 1, failures
        return failures[0]

    assert "two active claims" in failed("raw", result(), counts(double_claims=1))
    assert "handed out twice" in failed("raw", result(codes=["A"] * 10), counts())
    assert "5xx" in failed("raw", result(s500=1), counts())
    assert "active claims for 10 200 answers" in failed("raw", result(), counts(active=11))
    assert "active claims for 10 200 answers" in failed("raw", result(), counts(active=9))
    assert "claimed assignments" in failed("raw", result(), counts(claimed_assignments=9))
    assert "not held by their caller" in failed("raw", result(), counts(inconsistent=1))
    assert "audit events" in failed("endpoint", result(), counts(audit_claimed=9))
    cut = result()
    cut.errors["ConnectionResetError"] = 1
    # a request cut off may have claimed without its answer: one surplus claim is allowed,
    # the transport error itself is reported
    assert "transport errors" in failed("raw", cut, counts(active=11))


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    served = itertools.count()
    connections = itertools.count()

    def setup(self) -> None:
        next(self.connections)
        super().setup()

    def do_POST(self) -> None:
        n = next(self.served)
        body = json.dumps({"code": f"C{n}"}).encode() if n % 5 else b'{"detail": "busy"}'
        self.send_response(200 if n % 5 else 409)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_it_drives_keep_alive_clients_and_counts_every_answer():
    Handler.served = itertools.count()
    Handler.connections = itertools.count()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        specs = [ClientSpec("POST", f"/claim?caller={i}") for i in range(4)]
        load = run_load("127.0.0.1", server.server_address[1], specs, 0.3, processes=0)
    finally:
        server.shutdown()
        server.server_close()
    served = next(Handler.served)
    assert load.statuses.total() == served > 20
    assert load.count(4) == load.statuses[409] == len(range(0, served, 5))
    assert load.ok == len(load.codes) == load.statuses.total() - load.statuses[409]
    assert load.duplicate_codes == 0
    assert next(Handler.connections) == 4  # one connection per client, kept alive
    assert load.rate > 0
    assert 0 < load.percentile(50) <= load.percentile(99)


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return (
        f"postgres://{settings['USER']}{password}@{settings['HOST']}:{settings['PORT']}/"
        f"{settings['NAME']}"
    )


def post(app_path: str) -> tuple[str, bytes]:
    status: list[str] = []
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": app_path.split("?")[0],
        "QUERY_STRING": app_path.partition("?")[2],
        "wsgi.input": io.BytesIO(b""),
    }
    body = b"".join(raw.application(environ, lambda s, headers: status.append(s)))
    return status[0], body


@pytest.mark.django_db(transaction=True)
def test_it_claims_with_raw_sql_what_the_endpoint_would_claim(monkeypatch):
    """The baseline's SQL runs against today's schema and takes the pool tier's rows in the
    pool tier's order (the baseline does not implement everyone_once_first: in the bench every
    assignment is in its first round, so it makes no difference there)."""
    Personas.create_personas()
    campaign = make_campaign(Personas, orgs=0, everyone_once_first=False)
    now = timezone.now()
    rows = {}
    cases: list[tuple[int, int, dict[str, Any]]] = [
        (3, 0, {}),
        (1, 0, {}),  # most urgent: claimed first
        (1, 0, {"caller": Personas.caller2}),  # pre-assigned: not in the pool
        (1, 0, {"next_attempt_at": now + dt.timedelta(hours=1)}),  # not due yet
        (2, 0, {"callback_by": Personas.caller2, "callback_at": now}),  # someone's callback
        (2, 1, {}),
        (2, 0, {"do_not_call": True}),
    ]
    for i, (priority, attempts, extra) in enumerate(cases):
        do_not_call = extra.pop("do_not_call", False)
        org = make_org(Personas.mechelen, f"05000000{i:02d}", f"Firma {i}")
        if do_not_call:
            org.do_not_call, org.do_not_call_reason = True, "test"
            org.save(update_fields=["do_not_call", "do_not_call_reason"])
        rows[i] = Assignment.objects.create(
            chapter=Personas.mechelen,
            campaign=campaign,
            organisation=org,
            priority=priority,
            attempts=attempts,
            **extra,
        )
    pool = actions.callable_assignments(campaign, Personas.caller, timezone.now())[-1]
    expected = list(pool.values_list("public_code", flat=True))
    assert len(expected) == 3
    url = database_url()
    monkeypatch.setattr(raw, "DATABASE", url)
    monkeypatch.setattr(raw, "CAMPAIGN_ID", campaign.pk)
    monkeypatch.setattr(raw, "_local", threading.local())
    monkeypatch.setattr(
        raw, "claim", raw._pg_claim if url.startswith("postgres") else raw._sqlite_claim
    )
    caller = Personas.caller.pk
    try:
        claimed = []
        while True:
            status, body = post(f"/claim?caller={caller}")
            if status.startswith("204"):
                break
            assert status.startswith("200"), (status, body)
            claimed.append(json.loads(body)["code"])
        assert post("/claim")[0].startswith("404")  # no caller
    finally:
        conn = getattr(raw._local, "conn", None)
        if conn is not None:
            conn.close()
    assert claimed == expected == [rows[i].public_code for i in (1, 5, 0)]
    for i, row in rows.items():
        row.refresh_from_db()
        assert (row.status == "claimed") == (i in (0, 1, 5)), i
    active = Claim.objects.filter(released_at__isnull=True)
    assert sorted(active.values_list("assignment__public_code", flat=True)) == sorted(claimed)
    assert set(active.values_list("caller_id", flat=True)) == {caller}
    held = Assignment.objects.filter(status="claimed")
    assert set(held.values_list("claimed_by_id", flat=True)) == {caller}
    assert all(a.claim_expires_at and a.claim_expires_at > now for a in held)
