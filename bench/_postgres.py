"""A throwaway PostgreSQL database for a benchmark: on the server of BENCH_DATABASE_URL when it is
set (its path is ignored: the database is created through the server's `postgres` database and
dropped at the end), otherwise in a throwaway cluster (initdb + pg_ctl on a free loopback port,
as the postgres user when run as root; fsync and synchronous_commit on, the defaults)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ThrowawayPostgres:
    def __init__(self, directory: Path, name: str, options: str = "") -> None:
        self.directory = directory
        self.name = f"{name}_{os.getpid()}"  # belronde_bench_*: the prefix shared servers allow
        self.options = options
        self.cluster: Path | None = None
        self.base = ""
        self.url = ""
        self.version = ""
        self.note = ""

    def _as_postgres(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _pg_ctl(self, *args: str, check: bool = True) -> None:
        assert self.cluster is not None
        pg_ctl = [str(self.pgbin / "pg_ctl"), "-D", str(self.cluster / "data"), *args]
        subprocess.run([*self._as_postgres(), *pg_ctl], check=check, capture_output=True)

    def start(self) -> str:
        import psycopg

        server = os.environ.get("BENCH_DATABASE_URL", "")
        if server:
            self.base = server.rsplit("/", 1)[0]
            self.note = "a throwaway database on the server of BENCH_DATABASE_URL"
        else:
            found = sorted(
                Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
            )
            if not (os.environ.get("PGBIN") or found):
                raise SystemExit("PostgreSQL binaries not found (set PGBIN or BENCH_DATABASE_URL)")
            self.pgbin = Path(os.environ.get("PGBIN") or found[-1])
            self.cluster = self.directory / "pg"
            self.cluster.mkdir()
            if os.geteuid() == 0:
                self.directory.chmod(0o711)  # postgres may pass through, not list
                shutil.chown(self.cluster, "postgres")
            initdb = [str(self.pgbin / "initdb"), "-D", str(self.cluster / "data"), "-U"]
            initdb += ["postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"]
            subprocess.run([*self._as_postgres(), *initdb], check=True, capture_output=True)
            port = _free_port()
            options = f"-c listen_addresses=127.0.0.1 -p {port} -k {self.cluster} {self.options}"
            log = str(self.cluster / "server.log")
            self._pg_ctl("-l", log, "-w", "-o", options, "start")
            self.base = f"postgres://postgres@127.0.0.1:{port}"
            self.note = f"a throwaway cluster (initdb + pg_ctl) {self.options}".strip()
        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
            self.version = str(admin.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        self.url = f"{self.base}/{self.name}"
        return self.url

    def close(self) -> None:
        if self.url:
            with contextlib.suppress(Exception):
                import psycopg

                with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        if self.cluster is not None:
            self._pg_ctl("-m", "fast", "-w", "stop", check=False)
