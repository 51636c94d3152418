"""The hot path of "next call" in SQL: one statement per queue tier, the same on both databases.

``claim_next`` is the busiest write of an evening; building its queries with the ORM cost more
CPU than running them (see docs/performance.md, "Claiming the next call"). The statements here
express exactly the rules of ``actions.callable_assignments`` (which the rest of the app uses and
the tests pin down):

- only while the round is running and today lies within its period (``starts_on`` to
  ``ends_on``, Brussels dates): ``actions.check_callable`` refuses earlier with a clear error, and
  the statement holds the same condition (a join on the campaign's primary key), so a round that
  was closed, paused or shortened in the meantime hands out nothing;
- a tier: due call-backs agreed by this caller; then contacts given to this caller; then the
  pool. Open, organisation not do-not-call, no declared conflict of this caller, retry gap over,
  within calling hours (checked in Python before), and no call-back reserved for someone;
- with "everyone once first", nobody is retried while anyone in the campaign is untried, and
  never-tried contacts come first;
- ``UPDATE ... WHERE id = (SELECT ... LIMIT 1 [FOR UPDATE OF a SKIP LOCKED]) AND status = 'open'
  AND claimed_by_id IS NULL RETURNING id``: the outer condition is the compare-and-set that keeps
  a contact from being claimed twice on both databases; SKIP LOCKED (PostgreSQL) only makes
  racing callers take different rows instead of waiting for each other.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from django.db import connection

from belronde.campaigns.models import Assignment, CallerProfile, Campaign, CampaignCaller

A = Assignment._meta.db_table
C = Campaign._meta.db_table
CC = CampaignCaller._meta.db_table
P = CallerProfile._meta.db_table
O = "members_organisation"  # noqa: E741


@dataclass(frozen=True)
class Conflicts:
    numbers: tuple[str, ...] = ()
    competitor_nace: str = ""  # 4-digit NACE class, with competitor_postal
    competitor_postal: str = ""

    @classmethod
    def build(
        cls, own_number: str, others: list[str], competitors: bool, nace: str, postal: str
    ) -> Conflicts:
        numbers = tuple(n for n in [own_number, *others] if n)
        if competitors and len(nace) >= 4 and postal:
            return cls(numbers, nace[:4], postal)
        return cls(numbers)


def lock_caller(campaign_id: int, chapter_id: int, user_id: int) -> Conflicts | None:
    """Lock this caller's link to the campaign (PostgreSQL; SQLite's IMMEDIATE transaction holds
    the write lock already) and read their declared conflicts, in one query. None when the user
    is not a caller of the campaign."""
    lock = f" FOR UPDATE OF {CC}" if connection.vendor == "postgresql" else ""
    sql = f"""
        SELECT {CC}.id, p.id, p.own_enterprise_number, p.conflict_numbers,
               p.exclude_competitors, p.own_nace_code, p.own_postal_code
        FROM {CC} LEFT JOIN {P} p ON p.chapter_id = %s AND p.user_id = {CC}.user_id
        WHERE {CC}.campaign_id = %s AND {CC}.user_id = %s{lock}
    """  # noqa: S608 (table names are constants; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [chapter_id, campaign_id, user_id])
        row = cursor.fetchone()
    if row is None:
        return None
    if row[1] is None:
        return Conflicts()
    others = row[3]
    if isinstance(others, str | bytes):
        others = json.loads(others)
    return Conflicts.build(row[2], list(others or []), bool(row[4]), row[5], row[6])


def summary(campaign_id: int, user_id: int, now: dt.datetime) -> tuple[bool, int, int, int]:
    """(a held call-back is due, claims counting toward the limit, due open call-backs, own
    open contacts), in one query."""
    sql = f"""
        SELECT
          SUM(CASE WHEN status = 'claimed' AND claimed_by_id = %s AND callback_at <= %s
              THEN 1 ELSE 0 END),
          SUM(CASE WHEN status = 'claimed' AND claimed_by_id = %s
                    AND (callback_at IS NULL OR callback_at <= %s) THEN 1 ELSE 0 END),
          SUM(CASE WHEN status = 'open' AND callback_by_id = %s AND callback_at <= %s
              THEN 1 ELSE 0 END),
          SUM(CASE WHEN status = 'open' AND caller_id = %s THEN 1 ELSE 0 END)
        FROM {A}
        WHERE campaign_id = %s AND (claimed_by_id = %s OR callback_by_id = %s OR caller_id = %s)
    """  # noqa: S608 (table names are constants; every value is a parameter)
    params: list[Any] = [user_id, now, user_id, now, user_id, now, user_id]
    params += [campaign_id, user_id, user_id, user_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    due_held, counted, due_callbacks, own_open = (int(v or 0) for v in row)
    return due_held > 0, counted, due_callbacks, own_open


def take(
    *,
    tier: str,
    campaign_id: int,
    user_id: int,
    now: dt.datetime,
    expires: dt.datetime,
    conflicts: Conflicts,
    everyone_once_first: bool,
    today: dt.date,
) -> int | None:
    """Claim the first contact of ``tier`` ("callbacks", "own" or "pool"); its id, or None.
    ``today`` is the Brussels date of ``now``: nothing is taken outside the round's period."""
    where = [
        "a.campaign_id = %s",
        "a.status = 'open'",
        "o.do_not_call = %s",
        "c.status = 'running'",
        "c.starts_on <= %s",
        "c.ends_on >= %s",
    ]
    params: list[Any] = [campaign_id, False, today, today]
    if tier == "callbacks":
        where += ["a.callback_by_id = %s", "a.callback_at <= %s"]
        params += [user_id, now]
        order = "a.callback_at, a.id"
    else:
        where += [
            "a.callback_by_id IS NULL",
            "(a.next_attempt_at IS NULL OR a.next_attempt_at <= %s)",
            "a.caller_id = %s" if tier == "own" else "a.caller_id IS NULL",
        ]
        params += [now] + ([user_id] if tier == "own" else [])
        order = "a.priority, a.attempts, a.next_attempt_at, a.id"
        if everyone_once_first:
            where.append(
                f"(a.attempts = 0 OR NOT EXISTS (SELECT 1 FROM {A} u "  # noqa: S608
                f"JOIN {O} uo ON uo.id = u.organisation_id WHERE u.campaign_id = %s "
                "AND u.status = 'open' AND u.attempts = 0 AND uo.do_not_call = %s))"
            )
            params += [campaign_id, False]
            order = "a.attempts, a.priority, a.next_attempt_at, a.id"
    if conflicts.numbers:
        marks = ", ".join(["%s"] * len(conflicts.numbers))
        where.append(f"o.enterprise_number NOT IN ({marks})")
        params += list(conflicts.numbers)
    if conflicts.competitor_nace:
        where.append("NOT (o.nace_code LIKE %s AND o.postal_code = %s)")
        params += [conflicts.competitor_nace + "%", conflicts.competitor_postal]
    lock = " FOR UPDATE OF a SKIP LOCKED" if connection.vendor == "postgresql" else ""
    sql = (
        f"UPDATE {A} SET status = 'claimed', claimed_by_id = %s, claimed_at = %s, "  # noqa: S608
        f"claim_expires_at = %s, updated_at = %s WHERE id = ("
        f"SELECT a.id FROM {A} a JOIN {O} o ON o.id = a.organisation_id "
        f"JOIN {C} c ON c.id = a.campaign_id "
        f"WHERE {' AND '.join(where)} ORDER BY {order} LIMIT 1{lock}"
        ") AND status = 'open' AND claimed_by_id IS NULL RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id, now, expires, now, *params])
        row = cursor.fetchone()
    return int(row[0]) if row else None
