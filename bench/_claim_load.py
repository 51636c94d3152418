"""A small closed-loop HTTP load generator: N keep-alive clients, each sending its next request
as soon as the previous answer is read. Clients are threads (http.client) spread over a few
processes, so the generator itself is not stuck behind one GIL.

Used by bench/claim.py; no Django imports, no third-party packages.
"""

from __future__ import annotations

import http.client
import math
import multiprocessing
import queue
import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

CODE_RE = re.compile(rb'"code":\s*"([^"]+)"')


@dataclass(frozen=True)
class ClientSpec:
    """What one client sends, again and again."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class LoadResult:
    clients: int
    elapsed: float
    latencies: list[float]  # seconds, every completed request
    statuses: Counter[int]
    codes: list[str]  # the "code" of every 200 body, to find a contact handed out twice
    errors: Counter[str]  # transport errors (connection reset, timeout...)

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    def count(self, klass: int) -> int:
        """Responses of one status class: count(2) is every 2xx."""
        return sum(n for status, n in self.statuses.items() if status // 100 == klass)

    @property
    def rate(self) -> float:
        """Successful (200) responses per second."""
        return self.ok / self.elapsed if self.elapsed > 0 else 0.0

    def percentile(self, p: float) -> float:
        """Latency percentile in milliseconds (nearest rank)."""
        return percentile(self.latencies, p) * 1000

    @property
    def duplicate_codes(self) -> int:
        return len(self.codes) - len(set(self.codes))


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[rank]


def median_result(results: list[LoadResult]) -> LoadResult:
    """The run with the median rate (for an even count, the lower middle one)."""
    ordered = sorted(results, key=lambda r: r.rate)
    return ordered[(len(ordered) - 1) // 2]


def median_rate(results: list[LoadResult]) -> float:
    return statistics.median(r.rate for r in results)


def _client(
    host: str,
    port: int,
    spec: ClientSpec,
    start_at: float,
    deadline: float,
    timeout: float,
    out: dict[str, Any],
) -> None:
    latencies: list[float] = []
    statuses: Counter[int] = Counter()
    codes: list[str] = []
    errors: Counter[str] = Counter()
    headers = {"Content-Length": "0", **spec.headers}
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    while time.monotonic() < start_at:
        time.sleep(0.001)
    perf = time.perf_counter
    while time.monotonic() < deadline:
        started = perf()
        try:
            conn.request(spec.method, spec.path, headers=headers)
            response = conn.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            errors[type(exc).__name__] += 1
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
            continue
        latencies.append(perf() - started)
        statuses[response.status] += 1
        if response.status == 200:
            match = CODE_RE.search(body, 0, 200)
            codes.append(match.group(1).decode() if match else "?")
        if response.will_close:
            conn.close()
            conn = http.client.HTTPConnection(host, port, timeout=timeout)
    conn.close()
    out.update(
        latencies=latencies,
        statuses=statuses,
        codes=codes,
        errors=errors,
        finished=time.monotonic(),
    )


def _process(
    host: str,
    port: int,
    specs: list[ClientSpec],
    start_at: float,
    deadline: float,
    timeout: float,
    out_queue: Any,  # a multiprocessing.Queue, or a queue.Queue for in-process clients
) -> None:
    outs: list[dict[str, Any]] = [{} for _ in specs]
    threads = [
        threading.Thread(
            target=_client, args=(host, port, spec, start_at, deadline, timeout, out), daemon=True
        )
        for spec, out in zip(specs, outs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out_queue.put(outs)


def run_load(
    host: str,
    port: int,
    specs: list[ClientSpec],
    seconds: float,
    *,
    processes: int | None = None,
    timeout: float = 30.0,
) -> LoadResult:
    """Drive ``len(specs)`` concurrent clients for ``seconds``; every client finishes the
    request it is in when time is up (nothing is abandoned in flight).

    The clients are spread over ``processes`` forked processes (default: up to 4); 0 runs them
    as threads of this process."""
    if not specs:
        raise ValueError("at least one client")
    if processes == 0:
        start_at = time.monotonic() + 0.05
        deadline = start_at + seconds
        local: queue.Queue[list[dict[str, Any]]] = queue.Queue()
        _process(host, port, specs, start_at, deadline, timeout, local)
        outs = local.get()
    else:
        processes = processes or min(len(specs), 4)
        groups = [specs[i::processes] for i in range(processes)]
        ctx = multiprocessing.get_context("fork")
        results = ctx.Queue()
        start_at = time.monotonic() + 0.3 + 0.05 * processes
        deadline = start_at + seconds
        workers = [
            ctx.Process(
                target=_process, args=(host, port, group, start_at, deadline, timeout, results)
            )
            for group in groups
            if group
        ]
        for worker in workers:
            worker.start()
        outs = [out for _ in workers for out in results.get(timeout=seconds + timeout + 60)]
        for worker in workers:
            worker.join()
    result = LoadResult(
        clients=len(specs),
        elapsed=max(float(o["finished"]) for o in outs) - start_at,
        latencies=[x for o in outs for x in o["latencies"]],
        statuses=Counter(),
        codes=[c for o in outs for c in o["codes"]],
        errors=Counter(),
    )
    for o in outs:
        result.statuses.update(o["statuses"])
        result.errors.update(o["errors"])
    return result
