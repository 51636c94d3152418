"""Every benchmark under bench/ runs to the end in its quick mode, on the database of the suite.

The benchmarks are the modules the Makefile's `bench` target runs: bench/*.py with a main, the
_helpers left out; a new one is picked up here without a change. Each is started as
`python bench/<name>.py --quick --backends <vendor>`: `sqlite` when the suite runs on SQLite,
`postgresql` when it runs on PostgreSQL, the benchmark then making its throwaway database on the
suite's server (BENCH_DATABASE_URL). A benchmark fails here when it exits non-zero or prints a
traceback; its figures and its speed are not judged (a quick run on a shared machine says
nothing about them). Each quick mode takes well under a minute on a 2-core machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
MAIN = 'if __name__ == "__main__":'


def benchmarks() -> list[Path]:
    """The files `make bench` runs (the same rule as the Makefile's loop)."""
    return sorted(
        path
        for path in (ROOT / "bench").glob("*.py")
        if not path.name.startswith("_") and MAIN in path.read_text(encoding="utf-8")
    )


def suite_database() -> tuple[str, dict[str, str]]:
    """The vendor the suite runs on and the environment that points a benchmark at its server."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return "sqlite", {}
    assert db["ENGINE"] == "django.db.backends.postgresql", db["ENGINE"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or "5432"
    # the benchmark connects to this server's `postgres` database to create and drop its own
    return "postgresql", {
        "BENCH_DATABASE_URL": f"postgres://{db['USER']}{password}@{host}:{port}/postgres"
    }


def test_it_finds_every_benchmark():
    names = {path.name for path in benchmarks()}
    assert {"claim.py", "bench_http.py", "import_members.py"} <= names
    assert not any(name.startswith("_") for name in names)


@pytest.mark.parametrize("bench", benchmarks(), ids=lambda path: path.stem)
def test_the_benchmark_runs_its_quick_mode(bench: Path, tmp_path: Path):
    vendor, extra = suite_database()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "BENCH_DATABASE_URL"}}
    env.update(extra, BELRONDE_DEBUG="true", PYTHONUNBUFFERED="1")
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, str(bench), "--quick", "--backends", vendor],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a hang, not slowness: a quick mode takes well under a minute
        check=False,
    )
    output = f"{run.stdout}\n--- stderr ---\n{run.stderr}"
    print(f"{bench.name} --quick on {vendor}: {time.monotonic() - started:.0f} s")
    assert run.returncode == 0, f"exit code {run.returncode}:\n{output[-6000:]}"
    assert "Traceback (most recent call last)" not in output, output[-6000:]
