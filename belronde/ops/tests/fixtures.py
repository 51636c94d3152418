"""Shared helpers of the backup and restore tests: a scratch database, and running restore."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection

from belronde.ops import backup


@contextlib.contextmanager
def scratch_database(folder: Path, name: str) -> Iterator[dict[str, Any]]:
    """Settings of an empty database next to the test's: a new SQLite file in ``folder``, or a
    new PostgreSQL database, dropped afterwards."""
    settings = dict(connection.settings_dict)
    if connection.vendor == "sqlite":
        settings["NAME"] = str(folder / f"{name}.sqlite3")
        yield settings
        return
    settings["NAME"] = f"{settings['NAME']}_{name}"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}"')
        cursor.execute(f'CREATE DATABASE "{settings["NAME"]}"')
    try:
        yield settings
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{settings["NAME"]}" WITH (FORCE)')


def restore(path: Path, settings: dict[str, Any], *args: str) -> dict[str, Any]:
    """Run ``belronde restore`` into the database of ``settings``; its JSON report."""
    out = StringIO()
    call_command(
        "restore", str(path), "--target", backup.database_url(settings), *args, "--json", stdout=out
    )
    return dict(json.loads(out.getvalue()))
