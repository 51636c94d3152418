"""`belronde serve [--port N]`: the production-grade server (gunicorn) with static files.

Collects static files first when debug is off (whitenoise serves them, hashed and compressed).
Collecting and compressing takes a while, so it is skipped when the source files have not changed
since the last collection (a fingerprint of their names, sizes and times is kept in STATIC_ROOT).
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

ACCESS_LOG_FORMAT = (
    '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, '
    '"request_id": "%({x-request-id}o)s"}'
)


FINGERPRINT_FILE = ".belronde-static-fingerprint"


def static_fingerprint() -> str:
    """A digest of every static source file (path, size, mtime) and the storage in use."""
    from django.contrib.staticfiles.finders import get_finders

    entries = [repr(settings.STORAGES["staticfiles"])]
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def collect_static_if_changed() -> bool:
    """Run collectstatic unless STATIC_ROOT already holds this exact set; True if it ran."""
    root = Path(settings.STATIC_ROOT)
    marker = root / FINGERPRINT_FILE
    fingerprint = static_fingerprint()
    manifest = root / "staticfiles.json"
    if marker.exists() and manifest.exists() and marker.read_text().strip() == fingerprint:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    marker.write_text(fingerprint + "\n")
    return True


class Command(BaseCommand):
    help = "Serve belronde with gunicorn (static files included)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("BELRONDE_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(
                os.environ.get("BELRONDE_WORKERS", str(min(2 * (os.cpu_count() or 1) + 1, 9)))
            ),
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("BELRONDE_THREADS", "4"))
        )
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="Skip collecting static files."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        collect = not options["no_collectstatic"] and not settings.DEBUG
        if collect and collect_static_if_changed():
            self.stdout.write("Static files collected.")
        bind = f"{options['host']}:{options['port']}"
        if not os.environ.get("BELRONDE_SITE_URL"):
            # links in e-mail point at where this server listens, not at a fixed 8000
            host = options["host"] if options["host"] not in ("0.0.0.0", "::", "") else "127.0.0.1"  # noqa: S104
            os.environ["BELRONDE_SITE_URL"] = f"http://{host}:{options['port']}"
        self.stdout.write(f"belronde serving on http://{bind}/ (debug={settings.DEBUG})")
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "belronde.wsgi:application",
            "--config",
            "python:belronde.gunicorn_conf",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--access-logformat",
            ACCESS_LOG_FORMAT,
            "--forwarded-allow-ips",
            os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
            "--timeout",
            "60",
            "--graceful-timeout",
            "20",
        ]
        if settings.DEBUG:
            argv.append("--reload")
        os.execv(sys.executable, argv)  # noqa: S606  (replaces this process with gunicorn)
