"""The baseline of bench/claim.py: the claim as raw SQL in a bare WSGI handler (no framework).

    POST /claim?caller=<user id>  ->  200 {"code": "<assignment code>"}, or 204 when none is left

It takes the same candidate as the endpoint's pool tier (campaign, open, not do-not-call, no
callback, not pre-assigned, due; ordered by priority, attempts, next attempt, id) and writes the
same rows: the assignment becomes claimed and an active Claim row is inserted. It writes no audit
event, checks no token, chapter or role, and renders a tiny body: that is what "raw" means.

PostgreSQL: one statement (a data-modifying CTE around
``UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING``), autocommit.
SQLite: ``BEGIN IMMEDIATE; UPDATE ... WHERE id = (SELECT ... LIMIT 1) RETURNING; INSERT claim;
COMMIT``. One connection per worker thread. Configured by BENCH_RAW_DATABASE (postgres://... or
sqlite:///path), BENCH_RAW_CAMPAIGN_ID and BENCH_RAW_EXPIRY_MINUTES.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

DATABASE = os.environ.get("BENCH_RAW_DATABASE", "")
CAMPAIGN_ID = int(os.environ.get("BENCH_RAW_CAMPAIGN_ID", "0"))
EXPIRY_MINUTES = int(os.environ.get("BENCH_RAW_EXPIRY_MINUTES", "120"))

PG_CLAIM = """
WITH picked AS (
    UPDATE campaigns_assignment
       SET status = 'claimed', claimed_by_id = %(caller)s, claimed_at = now(),
           claim_expires_at = now() + make_interval(mins => %(expiry)s), updated_at = now()
     WHERE status = 'open' AND id = (
        SELECT a.id FROM campaigns_assignment a
          JOIN members_organisation o ON o.id = a.organisation_id
          JOIN campaigns_campaign c ON c.id = a.campaign_id
         WHERE a.campaign_id = %(campaign)s AND a.status = 'open' AND NOT o.do_not_call
           AND c.status = 'running' AND c.starts_on <= current_date AND c.ends_on >= current_date
           AND a.callback_by_id IS NULL AND a.caller_id IS NULL
           AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= now())
         ORDER BY a.priority, a.attempts, a.next_attempt_at, a.id
           FOR UPDATE OF a SKIP LOCKED
         LIMIT 1)
    RETURNING id, chapter_id, public_code
), claimed AS (
    INSERT INTO campaigns_claim (chapter_id, assignment_id, caller_id, claimed_at, ended)
    SELECT chapter_id, id, %(caller)s, now(), '' FROM picked
)
SELECT public_code FROM picked
"""

SQLITE_PICK = """
UPDATE campaigns_assignment
   SET status = 'claimed', claimed_by_id = :caller, claimed_at = :now,
       claim_expires_at = :expires, updated_at = :now
 WHERE status = 'open' AND id = (
    SELECT a.id FROM campaigns_assignment a
      JOIN members_organisation o ON o.id = a.organisation_id
      JOIN campaigns_campaign c ON c.id = a.campaign_id
     WHERE a.campaign_id = :campaign AND a.status = 'open' AND NOT o.do_not_call
       AND c.status = 'running' AND c.starts_on <= date(:now) AND c.ends_on >= date(:now)
       AND a.callback_by_id IS NULL AND a.caller_id IS NULL
       AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= :now)
     ORDER BY a.priority, a.attempts, a.next_attempt_at, a.id
     LIMIT 1)
RETURNING id, chapter_id, public_code
"""
SQLITE_CLAIM = (
    "INSERT INTO campaigns_claim (chapter_id, assignment_id, caller_id, claimed_at, ended) "
    "VALUES (?, ?, ?, ?, '')"
)

_local = threading.local()


def _pg_claim(caller: int) -> str | None:
    conn = getattr(_local, "conn", None)
    if conn is None:
        import psycopg

        conn = _local.conn = psycopg.connect(DATABASE, autocommit=True)
    row = conn.execute(
        PG_CLAIM, {"caller": caller, "campaign": CAMPAIGN_ID, "expiry": EXPIRY_MINUTES}
    ).fetchone()
    return row[0] if row else None


def _sqlite_text(moment: dt.datetime) -> str:
    """How Django stores an aware datetime in SQLite: naive UTC text."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def _sqlite_claim(caller: int) -> str | None:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(
            DATABASE.removeprefix("sqlite:///"), isolation_level=None, timeout=20
        )
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=20000")
        _local.conn = conn
    now = dt.datetime.now(dt.UTC)
    params = {
        "caller": caller,
        "campaign": CAMPAIGN_ID,
        "now": _sqlite_text(now),
        "expires": _sqlite_text(now + dt.timedelta(minutes=EXPIRY_MINUTES)),
    }
    conn.execute("BEGIN IMMEDIATE")
    try:
        row = conn.execute(SQLITE_PICK, params).fetchone()
        if row is not None:
            conn.execute(SQLITE_CLAIM, (row[1], row[0], caller, params["now"]))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return row[2] if row else None


claim: Callable[[int], str | None] = (
    _pg_claim if DATABASE.startswith(("postgres://", "postgresql://")) else _sqlite_claim
)


def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    path = environ.get("PATH_INFO", "")
    if path == "/healthz":
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
        return [b"{}"]
    query = parse_qs(environ.get("QUERY_STRING", ""))
    if path != "/claim" or environ.get("REQUEST_METHOD") != "POST" or "caller" not in query:
        start_response("404 Not Found", [("Content-Length", "0")])
        return [b""]
    code = claim(int(query["caller"][0]))
    if code is None:
        start_response("204 No Content", [])
        return [b""]
    body = json.dumps({"code": code}).encode()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
