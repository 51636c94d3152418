"""/healthz for load balancers: database reachable, migrations applied, task worker alive.

Status 200 when the app can serve (database reachable and migrated); 503 otherwise. A process
checks the migrations until they are all applied, then remembers it (see pending_migrations).
The worker is reported but does not take the app out of the pool (a dead worker delays e-mail,
not pages); ``?require_worker=1`` makes a stale worker a 503 too, for the worker's own monitor.
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from belronde.ops.actions import latest_heartbeat, stale_after

_migrated: set[str] = set()


def pending_migrations() -> int:
    """How many migrations on disk are not applied to the database.

    Building the migration graph reads every migration file (about 20 ms), too slow for a
    probe that load balancers call every few seconds. Migrations on disk do not change while
    a process runs, and once applied they stay applied, so after the first "none pending"
    answer a process only re-checks that the database is the one it checked.
    """
    key = f"{connection.alias}:{connection.settings_dict['NAME']}"
    if key in _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    if not pending:
        _migrated.add(key)
    return pending


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, dict[str, object]] = {}
    ok = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except DatabaseError as exc:
        checks["database"] = {"ok": False, "error": exc.__class__.__name__}
        ok = False

    if checks["database"]["ok"]:
        try:
            pending = pending_migrations()
            checks["migrations"] = {"ok": not pending, "pending": pending}
            ok = ok and not pending
        except DatabaseError as exc:
            checks["migrations"] = {"ok": False, "error": exc.__class__.__name__}
            ok = False

        try:
            heartbeat = latest_heartbeat()
        except DatabaseError:
            heartbeat = None
        if heartbeat is None:
            checks["worker"] = {"ok": False, "seen_seconds_ago": None}
        else:
            age = (timezone.now() - heartbeat.seen_at).total_seconds()
            checks["worker"] = {
                "ok": age <= stale_after().total_seconds(),
                "seen_seconds_ago": round(age, 1),
            }
        if request.GET.get("require_worker") == "1" and not checks["worker"]["ok"]:
            ok = False

    return JsonResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status=200 if ok else 503,
        content_type="application/json; charset=utf-8",
    )
