"""`belronde worker`: the background task worker (django-tasks-db) with a heartbeat.

Takes the same options as django-tasks-db's ``db_worker``; a thread records a heartbeat every
BELRONDE_WORKER_HEARTBEAT_SECONDS so /healthz can tell whether a worker is alive, and runs the
periodic jobs of ``settings.PERIODIC_JOBS`` (dotted path, interval in seconds) when they are due.
Periodic jobs are idempotent sweeps (e.g. releasing expired claims), safe with several workers.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils.module_loading import import_string
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from belronde.ops import actions

logger = logging.getLogger("belronde.worker")


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str, interval: float) -> None:
        super().__init__(name="belronde-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.interval = interval
        self.stopped = threading.Event()
        self.last_run: dict[str, float] = {}

    def run_periodic_jobs(self) -> None:
        now = time.monotonic()
        for path, every in getattr(settings, "PERIODIC_JOBS", []):
            if now - self.last_run.get(path, -every) < every:
                continue
            self.last_run[path] = now
            try:
                result = import_string(path)()
                if result:
                    logger.info("periodic job %s: %s", path, result)
            except Exception:
                logger.exception("periodic job %s failed", path)

    def run(self) -> None:
        try:
            while not self.stopped.is_set():
                try:
                    actions.beat(worker_id=self.worker_id)
                except DatabaseError:
                    pass  # the database may be briefly locked or restarting; try next time
                self.run_periodic_jobs()
                self.stopped.wait(self.interval)
        finally:
            connection.close()


class Command(DbWorkerCommand):
    help = "Run the background task worker, recording a heartbeat for /healthz."

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = options.get("worker_id") or f"worker-{uuid.uuid4().hex[:12]}"
        options["worker_id"] = worker_id
        actions.beat(worker_id=worker_id)
        heartbeat = Heartbeat(worker_id, settings.WORKER_HEARTBEAT_SECONDS)
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopped.set()
            heartbeat.join(timeout=5)
            if options.get("batch"):
                actions.forget(worker_id=worker_id)
