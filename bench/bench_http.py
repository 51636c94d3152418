#!/usr/bin/env python3
"""HTTP throughput and latency of the foundation's hot paths, against a bare Django view.

    .venv/bin/python bench/bench_http.py [--secs 4] [--runs 3] [--conns 8]
                                         [--workers 2] [--threads 4] [--load auto|wrk|python]
                                         [--backends sqlite,postgresql] [--quick]

``--quick`` is the smoke run (one run of 1 s per endpoint; tests/test_bench_smoke.py runs it).
``--backends`` picks the databases, one after the other (default: SQLite only). PostgreSQL is a
throwaway database on the server of BENCH_DATABASE_URL, or in a throwaway cluster without it
(bench/_postgres.py).

What it does, in one run on this machine:

1. migrates a fresh SQLite file (WAL) in a temporary directory (or a fresh PostgreSQL database)
   and loads `belronde demo` into it;
   makes an API token for coordinator.mechelen with `belronde createtoken`;
2. starts `belronde serve` (gunicorn, gthread, production settings: BELRONDE_DEBUG=false, with
   HTTPS redirects off because the load is plain HTTP on loopback) with the settings module
   ``bench._http_settings``, which is belronde's plus one URL, ``/__bench__/hello``: a bare
   ``JsonResponse`` view, the baseline. It runs in the same server and through the same
   middleware as the pages, like djbench's "hello" in ../shared/baselines;
3. logs caller1.mechelen in through the login form, then loads, interleaved, ``runs`` times
   for ``secs`` seconds each at ``conns`` concurrent keep-alive connections:
   the baseline, ``GET /healthz``, the chapter home page ``GET /c/mechelen/`` (signed in) and
   ``GET /api/v1/chapters/mechelen`` (Bearer token);
4. prints requests/s and p50/p95/p99 per endpoint (the median run by requests/s) and the ratios
   to the baseline; exits non-zero on any error or non-200 answer.

The load comes from wrk when it is installed (``apt-get install wrk``), otherwise from a
Python generator (processes x threads, one keep-alive http.client connection per thread);
``--load`` forces one. The load generator, gunicorn and SQLite share the machine's cores, so
absolute numbers are not capacities; the ratios, measured in the same run, are the result.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._postgres import ThrowawayPostgres  # noqa: E402

PY = sys.executable
CLEAN = {"BELRONDE_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
WRK_LUA = """
done = function(summary, latency, requests)
  io.write(string.format(
    'JSON {"requests":%d,"duration_s":%.3f,"non2xx":%d,"errors":%d,'
    .. '"p50":%.3f,"p95":%.3f,"p99":%.3f}\\n',
    summary.requests, summary.duration / 1e6, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000))
end
"""


@dataclass
class Endpoint:
    name: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    expect: str = ""


@dataclass
class Result:
    requests: int
    duration_s: float
    errors: int
    p50: float
    p95: float
    p99: float

    @property
    def rps(self) -> float:
        return self.requests / self.duration_s if self.duration_s else 0.0


# Set-up -----------------------------------------------------------------------------------------


def belronde(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [PY, "-m", "belronde", *args], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        sys.exit(f"belronde {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request(
    port: int, method: str, path: str, headers: dict[str, str] | None = None, body: str = ""
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body or None, headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def cookies_of(response: http.client.HTTPResponse) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    return {name: morsel.value for name, morsel in jar.items()}


def wait_until_up(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 180  # the first start collects and compresses static files
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"belronde serve stopped:\n{log.read_text()[-3000:]}")
        try:
            if request(port, "GET", "/healthz").status in {200, 503}:
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("belronde serve did not answer within 180 s")


def log_in(port: int, username: str, password: str) -> str:
    """Through the real login form (CSRF included); returns the Cookie header to send."""
    page = request(port, "GET", "/account/login/")
    jar = cookies_of(page)
    csrf_name = next(name for name in jar if name.endswith("csrf") or name == "csrftoken")
    body = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": jar[csrf_name]}
    )
    answer = request(
        port,
        "POST",
        "/account/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"{csrf_name}={jar[csrf_name]}",
        },
        body,
    )
    jar.update(cookies_of(answer))
    if answer.status != 302 or not any("session" in name for name in jar):
        sys.exit(f"logging in as {username} failed: HTTP {answer.status}")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


# Load generators --------------------------------------------------------------------------------


def _python_thread(
    port: int, endpoint: Endpoint, stop_at: float, out: list[float], errors: list[int]
) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while True:
        started = time.perf_counter()
        if started >= stop_at:
            break
        try:
            conn.request("GET", endpoint.path, headers=endpoint.headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors[0] += 1
            if response.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        except (OSError, http.client.HTTPException):
            errors[0] += 1
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            continue
        out.append(time.perf_counter() - started)
    conn.close()


def _python_process(
    port: int, endpoint: Endpoint, threads: int, start_at: float, stop_at: float, queue: Any
) -> None:
    time.sleep(max(0.0, start_at - time.time()))
    stop = time.perf_counter() + (stop_at - time.time())
    samples: list[list[float]] = [[] for _ in range(threads)]
    errors = [[0] for _ in range(threads)]
    workers = [
        threading.Thread(target=_python_thread, args=(port, endpoint, stop, samples[i], errors[i]))
        for i in range(threads)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    queue.put(([s for chunk in samples for s in chunk], sum(e[0] for e in errors)))


def load_python(port: int, endpoint: Endpoint, conns: int, secs: float) -> Result:
    processes = max(1, min(conns, os.cpu_count() or 1))
    per_process = [
        conns // processes + (1 if i < conns % processes else 0) for i in range(processes)
    ]
    queue: Any = multiprocessing.get_context("fork").Queue()
    start_at = time.time() + 0.3
    stop_at = start_at + secs
    procs = [
        multiprocessing.get_context("fork").Process(
            target=_python_process, args=(port, endpoint, n, start_at, stop_at, queue)
        )
        for n in per_process
    ]
    for proc in procs:
        proc.start()
    latencies: list[float] = []
    errors = 0
    for _ in procs:
        chunk, errs = queue.get(timeout=secs + 60)
        latencies.extend(chunk)
        errors += errs
    for proc in procs:
        proc.join()
    latencies.sort()

    def pct(p: float) -> float:
        if not latencies:
            return float("nan")
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return Result(len(latencies), secs, errors, pct(50), pct(95), pct(99))


def load_wrk(port: int, endpoint: Endpoint, conns: int, secs: float, script: Path) -> Result:
    seconds = max(1, round(secs))  # wrk takes whole seconds
    command = ["wrk", "-t", str(min(2, conns)), "-c", str(conns), "-d", f"{seconds}s"]
    command += ["--timeout", "10s", "-s", str(script)]
    for name, value in endpoint.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{endpoint.path}")
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    data = json.loads(done.stdout.split("JSON ", 1)[1])
    return Result(
        data["requests"],
        data["duration_s"],
        data["non2xx"] + data["errors"],
        data["p50"],
        data["p95"],
        data["p99"],
    )


# Main -------------------------------------------------------------------------------------------


def measure(args: argparse.Namespace, backend: str, scratch: Path, use_wrk: bool) -> bool:
    """Set up, load and report one backend; True when every answer was a 200."""
    base = {k: v for k, v in os.environ.items() if k not in CLEAN}
    pg = None
    if backend == "postgresql":
        pg = ThrowawayPostgres(scratch, "belronde_bench_http", "-c max_connections=200")
        database = pg.start()
        where = f"PostgreSQL {pg.version}, {pg.note}"
    else:
        database = f"sqlite:///{scratch / 'bench.sqlite3'}"
        where = f"SQLite {sqlite3.sqlite_version}, a WAL file in {scratch}"
    try:
        return measure_on(args, backend, database, where, base, scratch, use_wrk)
    finally:
        if pg is not None:
            pg.close()


def measure_on(
    args: argparse.Namespace,
    backend: str,
    database: str,
    where: str,
    base: dict[str, str],
    scratch: Path,
    use_wrk: bool,
) -> bool:
    dev = {**base, "BELRONDE_DEBUG": "true", "DATABASE_URL": database}
    print(f"\n== set-up: {where}", flush=True)
    started = time.monotonic()
    belronde("migrate", "--no-input", "-v", "0", env=dev)
    belronde("demo", env=dev)
    token = belronde("createtoken", "coordinator.mechelen", "--name", "bench", env=dev).strip()
    print(f"   migrate + demo + token: {time.monotonic() - started:.1f} s", flush=True)

    port = free_port()
    prod = {
        **base,
        "BELRONDE_DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database,
        "BELRONDE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "bench._http_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), base.get("PYTHONPATH", "")])),
    }
    log = scratch / "serve.log"
    command = [PY, "-m", "belronde", "serve", "--port", str(port)]
    command += ["--workers", str(args.workers), "--threads", str(args.threads)]
    with log.open("w") as log_file:
        server = subprocess.Popen(command, env=prod, cwd=ROOT, stdout=log_file, stderr=log_file)
    try:
        wait_until_up(port, server, log)
        print(f"   belronde serve up on port {port} ({time.monotonic() - started:.1f} s)")
        cookie = log_in(port, "caller1.mechelen", "demo")
        endpoints = [
            Endpoint("baseline: bare JsonResponse view", "/__bench__/hello", expect='"hello"'),
            Endpoint("GET /healthz", "/healthz", expect='"status": "ok"'),
            Endpoint("chapter home (signed in)", "/c/mechelen/", {"Cookie": cookie}, "Mechelen"),
            Endpoint(
                "GET /api/v1/chapters/mechelen",
                "/api/v1/chapters/mechelen",
                {"Authorization": f"Bearer {token}"},
                '"slug": "mechelen"',
            ),
        ]
        for endpoint in endpoints:  # each answers 200 with the expected content, and warms up
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            for _ in range(20):
                conn.request("GET", endpoint.path, headers=endpoint.headers)
                response = conn.getresponse()
                body = response.read().decode()
            conn.close()
            if response.status != 200 or endpoint.expect not in body:
                sys.exit(f"{endpoint.name}: HTTP {response.status}, unexpected answer {body[:300]}")

        script = scratch / "report.lua"
        script.write_text(WRK_LUA)
        load = "wrk" if use_wrk else "python (processes x threads, http.client keep-alive)"
        print(
            f"== load: {load}; {args.conns} connections, {args.runs} x {args.secs:g} s per "
            f"endpoint, interleaved; gunicorn gthread {args.workers} workers x {args.threads} "
            f"threads; {where.split(',')[0]}; {os.cpu_count()} CPUs shared by all",
            flush=True,
        )
        runs: dict[str, list[Result]] = {e.name: [] for e in endpoints}
        for _ in range(args.runs):
            for endpoint in endpoints:
                if use_wrk:
                    result = load_wrk(port, endpoint, args.conns, args.secs, script)
                else:
                    result = load_python(port, endpoint, args.conns, args.secs)
                runs[endpoint.name].append(result)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    def median_run(results: list[Result]) -> Result:
        return sorted(results, key=lambda r: r.rps)[len(results) // 2]

    base_result = median_run(runs[endpoints[0].name])
    print(
        f"\n{'endpoint':34s} {'req/s':>8s} {'[min..max]':>15s} {'p50 ms':>7s} {'p95 ms':>7s} "
        f"{'p99 ms':>7s} {'errors':>6s} {'req/s vs base':>13s} {'p50 vs base':>11s}"
    )
    report: dict[str, Any] = {"load": "wrk" if use_wrk else "python", "args": vars(args)}
    failed = False
    for endpoint in endpoints:
        results = runs[endpoint.name]
        chosen = median_run(results)
        errors = sum(r.errors for r in results)
        failed = failed or errors > 0
        spread = f"[{min(r.rps for r in results):.0f}..{max(r.rps for r in results):.0f}]"
        print(
            f"{endpoint.name:34s} {chosen.rps:8.0f} {spread:>15s} {chosen.p50:7.2f} "
            f"{chosen.p95:7.2f} {chosen.p99:7.2f} {errors:6d} "
            f"{chosen.rps / base_result.rps:13.2f} {chosen.p50 / base_result.p50:11.2f}"
        )
        report[endpoint.name] = {
            "rps": round(chosen.rps, 1),
            "rps_runs": [round(r.rps, 1) for r in results],
            "p50_ms": round(chosen.p50, 3),
            "p95_ms": round(chosen.p95, 3),
            "p99_ms": round(chosen.p99, 3),
            "errors": errors,
            "rps_ratio": round(chosen.rps / base_result.rps, 3),
            "p50_ratio": round(chosen.p50 / base_result.p50, 3),
        }
    print(f"\n(each row: the median of {args.runs} runs by req/s; [min..max] over the runs)")
    args.reports[backend] = report
    return not failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--secs", type=float, help="seconds per measurement (default 4, quick 1)")
    parser.add_argument("--runs", type=int, help="measurements per endpoint (default 3, quick 1)")
    parser.add_argument("--conns", type=int, default=8, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--load", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--backends",
        default="sqlite",
        help="sqlite and/or postgresql, comma-separated (default sqlite)",
    )
    parser.add_argument("--quick", action="store_true", help="smoke run: 1 run of 1 s each")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    args.secs = args.secs or (1.0 if args.quick else 4.0)
    args.runs = args.runs or (1 if args.quick else 3)
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    for backend in backends:
        if backend not in {"sqlite", "postgresql"}:
            parser.error(f"unknown backend {backend!r}: use sqlite and/or postgresql")
    use_wrk = args.load == "wrk" or (args.load == "auto" and shutil.which("wrk") is not None)
    args.reports = {}
    ok = True
    for backend in backends:
        scratch = Path(tempfile.mkdtemp(prefix="belronde-bench-"))
        try:
            ok = measure(args, backend, scratch, use_wrk) and ok
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    if args.json:
        Path(args.json).write_text(json.dumps(args.reports, indent=2) + "\n")
    if not ok:
        print("errors or non-200 answers during the load: see above", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
