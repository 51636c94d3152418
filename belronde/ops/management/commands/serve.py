"""`belronde serve [--port N]`: the production-grade server (gunicorn) with static files.

Collects static files first (whitenoise serves them, hashed and compressed, when debug is off).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

ACCESS_LOG_FORMAT = (
    '{"time": "%(t)s", "level": "INFO", "logger": "gunicorn.access", "method": "%(m)s", '
    '"path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s, '
    '"request_id": "%({x-request-id}o)s"}'
)


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
        if not options["no_collectstatic"] and not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
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
