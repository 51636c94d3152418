#!/usr/bin/env python3
"""The member import against the limits of this machine, measured in the same run.

    .venv/bin/python bench/import_members.py                 # 100k rows + 1M-row memory run
    .venv/bin/python bench/import_members.py --quick   # smoke run: 2,000 rows, 200 for
                                                       # django-import-export, no 1M-row run

1. Generates a realistic members CSV (Dutch headers, ';', UTF-8 with BOM as Excel writes
   "CSV UTF-8"): mod-97 enterprise numbers in 0403.170.701 notation, names, legal forms, real
   streets' shapes, postal codes with their own municipality, NACE-BEL 2008 codes, employees
   (Pareto), a contact person with a function, a Belgian phone checked with phonenumbers, an
   e-mail and a language. Deterministic (seed 42).
2. For PostgreSQL (a throwaway cluster via initdb + pg_ctl, fsync on, or a throwaway database on
   the server of BENCH_DATABASE_URL) and for SQLite (a WAL file), each in its own process with
   a freshly migrated database:
   * baseline: PostgreSQL COPY FROM STDIN of the same file into an equivalent table with the
     same unique index (SQLite: executemany in one transaction, the same table);
   * belronde, first import of the file into an empty chapter (validation included: python-stdnum,
     phonenumbers, postal codes, NACE codes, lengths; organisation + contact person rows);
   * belronde, the same file again (nothing changes);
   * django-import-export 4 ModelResource into the same Organisation model (import_id_fields
     = enterprise number, default options): what a Django developer would reach for; on the
     first --die-rows rows of the file (its rate per row does not depend on the file size).
3. Peak memory (ru_maxrss of the importing process) for a first import of a 1M-row file on
   PostgreSQL.

Prints rows/s and the ratios, and PASS/FAIL against the issue's targets (PostgreSQL: first
import >= 10 % of COPY and >= 5x django-import-export; re-import >= 20 % of COPY; 1M rows
under 400 MB). The targets are reported, not enforced: they depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HEADER = [
    "ondernemingsnummer",
    "naam",
    "rechtsvorm",
    "straat",
    "huisnummer",
    "postcode",
    "gemeente",
    "nace",
    "werknemers",
    "contactpersoon",
    "functie",
    "telefoon",
    "e-mail",
    "taal",
]
TARGETS = {"first_vs_copy": 0.10, "first_vs_die": 5.0, "reimport_vs_copy": 0.20, "memory_mb": 400}


# The file ------------------------------------------------------------------------------------


def generate(path: Path, rows: int, seed: int = 42) -> None:
    import phonenumbers
    from faker import Faker

    sys.path.insert(0, str(ROOT))
    rng = random.Random(seed)
    fake = Faker("nl_BE")
    fake.seed_instance(seed)
    firsts = [fake.first_name() for _ in range(400)]
    lasts = [fake.last_name() for _ in range(800)]
    with (ROOT / "belronde/members/data/be_postal_codes.csv").open(encoding="utf-8") as f:
        places = [
            (r["postal_code"], r["locality_nl"]) for r in csv.DictReader(f) if r["locality_nl"]
        ]
    with (ROOT / "belronde/members/data/nacebel_2008.csv").open(encoding="utf-8") as f:
        naces = [r["code_dotted"] for r in csv.DictReader(f) if r["level"] == "5"]
    streets = [
        "Kerkstraat",
        "Stationsstraat",
        "Molenstraat",
        "Dorpsstraat",
        "Nieuwstraat",
        "Industrieweg",
        "Kapelstraat",
        "Brugstraat",
        "Lindenlaan",
        "Bruul",
        "Grote Markt",
        "Steenweg op Mechelen",
        "Sint-Jansplein",
        "Heirbaan",
        "Veldstraat",
    ]
    kinds = [
        "Bakkerij",
        "Garage",
        "Bouwbedrijf",
        "Immo",
        "Consult",
        "Atelier",
        "Drukkerij",
        "Transport",
        "Kapsalon",
        "Brasserie",
        "Elektro",
        "Schrijnwerkerij",
        "Boekhouding",
    ]
    forms = ["BV"] * 6 + ["NV", "CommV", "VOF", "CV", "VZW", "Eenmanszaak", "Eenmanszaak"]
    roles = ["zaakvoerder", "bestuurder", "eigenaar", "office manager", "financieel directeur"]
    prefixes = [
        "0470",
        "0472",
        "0475",
        "0477",
        "0478",
        "0485",
        "0486",
        "0494",
        "0495",
        "0496",
        "015",
        "016",
        "050",
        "052",
        "053",
        "054",
        "056",
        "057",
        "058",
        "059",
    ]

    def phone() -> str:
        while True:
            prefix = rng.choice(prefixes)
            digits = 6 if len(prefix) == 4 else 6 if len(prefix) == 3 else 7
            raw = prefix + str(rng.randrange(10 ** (digits - 1), 10**digits))
            if phonenumbers.is_valid_number(phonenumbers.parse(raw, "BE")):
                if len(prefix) == 4:
                    return f"{raw[:4]} {raw[4:6]} {raw[6:8]} {raw[8:]}"
                return f"{raw[:3]} {raw[3:5]} {raw[5:7]} {raw[7:]}"

    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        for i in range(rows):
            base = 2_000_000 + i * 7 + rng.randrange(7)
            number = f"{base:08d}{97 - base % 97:02d}"
            first, last = rng.choice(firsts), rng.choice(lasts)
            form = rng.choice(forms)
            name = f"{rng.choice(kinds)} {last}" + ("" if form == "Eenmanszaak" else f" {form}")
            postal, town = rng.choice(places)
            employees = min(int(rng.paretovariate(1.2)) - 1, 5000)
            writer.writerow(
                [
                    f"{number[:4]}.{number[4:7]}.{number[7:]}",
                    name,
                    form,
                    rng.choice(streets),
                    str(rng.randint(1, 250)),
                    postal,
                    town,
                    rng.choice(naces),
                    str(employees),
                    f"{first} {last}",
                    rng.choice(roles),
                    phone(),
                    f"{first.lower().replace(' ', '')}.{i}@example.be",
                    rng.choice(["nl"] * 9 + ["fr"]),
                ]
            )


# Databases -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Postgres:
    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.cluster: Path | None = None
        self.name = f"belronde_bench_import_{os.getpid()}"
        self.base = ""
        self.note = ""

    def _as_postgres(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

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
            if not found:
                raise RuntimeError("no PostgreSQL binaries (set BENCH_DATABASE_URL)")
            pgbin = Path(os.environ.get("PGBIN") or found[-1])
            self.pgbin = pgbin
            self.cluster = self.workdir / "pg"
            self.cluster.mkdir()
            if os.geteuid() == 0:
                self.workdir.chmod(0o711)
                shutil.chown(self.cluster, "postgres")
            port = free_port()
            subprocess.run(
                [
                    *self._as_postgres(),
                    str(pgbin / "initdb"),
                    "-D",
                    str(self.cluster / "data"),
                    "-U",
                    "postgres",
                    "-A",
                    "trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                ],
                check=True,
                capture_output=True,
            )
            options = (
                f"-c listen_addresses=127.0.0.1 -p {port} -k {self.cluster} "
                "-c shared_buffers=512MB -c work_mem=16MB -c max_wal_size=4GB"
            )
            subprocess.run(
                [
                    *self._as_postgres(),
                    str(pgbin / "pg_ctl"),
                    "-D",
                    str(self.cluster / "data"),
                    "-l",
                    str(self.cluster / "server.log"),
                    "-w",
                    "-o",
                    options,
                    "start",
                ],
                check=True,
                capture_output=True,
            )
            self.base = f"postgres://postgres@127.0.0.1:{port}"
            self.note = "throwaway cluster, shared_buffers=512MB, fsync and synchronous_commit on"
        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{self.name}"')
        return f"{self.base}/{self.name}"

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            import psycopg

            with psycopg.connect(f"{self.base}/postgres", autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        if self.cluster is not None:
            subprocess.run(
                [
                    *self._as_postgres(),
                    str(self.pgbin / "pg_ctl"),
                    "-D",
                    str(self.cluster / "data"),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ],
                capture_output=True,
                check=False,
            )


# The measuring child -------------------------------------------------------------------------


def child(vendor: str, csv_path: Path, die_rows: int, memory_only: bool) -> dict[str, Any]:
    """Runs in its own process with DATABASE_URL set: migrate, measure, report JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belronde.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction

    settings.DEBUG = False  # no query log, as in production
    call_command("migrate", verbosity=0, skip_checks=True)
    from belronde.accounts.models import Chapter, Region
    from belronde.members.actions import import_members
    from belronde.members.models import Organisation

    region = Region.objects.create(slug="bench", name="Bench")
    chapter = Chapter.objects.create(slug="bench", name="Bench", region=region)
    with csv_path.open(encoding="utf-8-sig") as f:
        rows = sum(1 for _ in f) - 1
    out: dict[str, Any] = {"rows": rows, "vendor": vendor}

    def timed(fn: Any) -> float:
        started = time.perf_counter()
        fn()
        return time.perf_counter() - started

    def app() -> None:
        batch = import_members(  # as `belronde import-members` runs it by default
            actor=None, chapter=chapter, path=csv_path, original_filename=csv_path.name
        )
        assert batch.status == "committed", (batch.status, batch.file_problem, batch.errors[:3])
        out.setdefault("batches", []).append(
            {"created": batch.created, "updated": batch.updated, "unchanged": batch.unchanged}
        )

    if memory_only:
        out["first_s"] = timed(app)
        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return out

    # baseline: the database's own bulk load of the same file into an equivalent table
    columns = ", ".join(f"c{i} text NOT NULL" for i in range(1, len(HEADER)))
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE bench_copy (id {'bigserial' if vendor == 'postgresql' else 'integer'} "
            f"PRIMARY KEY, enterprise_number varchar(12) NOT NULL UNIQUE, {columns})"
        )
    names = ", ".join(["enterprise_number", *(f"c{i}" for i in range(1, len(HEADER)))])

    def baseline() -> None:
        with transaction.atomic(), connection.cursor() as cursor:
            if vendor == "postgresql":
                copy_sql = (
                    f"COPY bench_copy ({names}) FROM STDIN "
                    "WITH (FORMAT csv, HEADER true, DELIMITER ';')"
                )
                with cursor.copy(copy_sql) as copy, csv_path.open("rb") as f:
                    f.read(3)  # the BOM
                    while chunk := f.read(1 << 20):
                        copy.write(chunk)
            else:
                with csv_path.open(encoding="utf-8-sig", newline="") as f:
                    reader = csv.reader(f, delimiter=";")
                    next(reader)
                    marks = ", ".join(["%s"] * len(HEADER))
                    cursor.executemany(
                        f"INSERT INTO bench_copy ({names}) VALUES ({marks})",
                        reader,  # type: ignore[arg-type]
                    )

    out["baseline_s"] = timed(baseline)
    out["baseline"] = "COPY FROM STDIN" if vendor == "postgresql" else "executemany, 1 transaction"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_copy")
        assert cursor.fetchone()[0] == rows
    out["first_s"] = timed(app)
    assert Organisation.objects.filter(chapter=chapter).count() == rows
    out["reimport_s"] = timed(app)
    out["batches_ok"] = out["batches"][1]["unchanged"] == rows

    # the member list over these organisations: one page, a search, a filter (server time)
    from django.test import Client

    from belronde.accounts.models import Membership, User

    user = User.objects.create(username="bench.coordinator")
    Membership.objects.create(user=user, role="coordinator", chapter=chapter)
    client = Client()
    client.force_login(user)
    word = Organisation.objects.filter(chapter=chapter).values_list("name", flat=True)[0].split()[1]
    pages: dict[str, float] = {}
    for label, query in (
        ("list, page 1", {}),
        ("list, page 1000", {"page": "1000"}),
        (f"search '{word}'", {"q": word}),
        ("filter sector G, 5-9 employees", {"sector": "G", "size_band": "5-9"}),
    ):
        client.get("/c/bench/members/", query)  # warm
        runs = []
        for _ in range(5):
            started = time.perf_counter()
            response = client.get("/c/bench/members/", query)
            runs.append(time.perf_counter() - started)
            assert response.status_code == 200
        pages[label] = sorted(runs)[2] * 1000
    out["pages_ms"] = pages

    # django-import-export into the same model, in a second chapter
    from import_export import fields, resources, widgets
    from tablib import Dataset

    other = Chapter.objects.create(slug="bench2", name="Bench 2", region=region)

    class OrganisationResource(resources.ModelResource):
        enterprise_number = fields.Field(
            attribute="enterprise_number", column_name="ondernemingsnummer"
        )
        name = fields.Field(attribute="name", column_name="naam")
        legal_form = fields.Field(attribute="legal_form", column_name="rechtsvorm")
        street = fields.Field(attribute="street", column_name="straat")
        house_number = fields.Field(attribute="house_number", column_name="huisnummer")
        postal_code = fields.Field(attribute="postal_code", column_name="postcode")
        municipality = fields.Field(attribute="municipality", column_name="gemeente")
        nace_code = fields.Field(attribute="nace_code", column_name="nace")
        employees = fields.Field(
            attribute="employees", column_name="werknemers", widget=widgets.IntegerWidget()
        )

        class Meta:
            model = Organisation
            import_id_fields = ("enterprise_number",)
            fields = (
                "enterprise_number",
                "name",
                "legal_form",
                "street",
                "house_number",
                "postal_code",
                "municipality",
                "nace_code",
                "employees",
            )

        def before_import_row(self, row: Any, **kwargs: Any) -> None:
            row["ondernemingsnummer"] = row["ondernemingsnummer"].replace(".", "")
            row["nace"] = row["nace"].replace(".", "")

        def get_queryset(self) -> Any:
            return Organisation.objects.filter(chapter=other)

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            instance.chapter = other

    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=";")
        header = next(reader)
        sample = [r for _, r in zip(range(die_rows), reader, strict=False)]
    dataset = Dataset(*sample, headers=header)

    def die() -> None:
        result = OrganisationResource().import_data(dataset, dry_run=False, raise_errors=True)
        assert not result.has_errors()

    out["die_rows"] = len(sample)
    out["die_s"] = timed(die)
    assert Organisation.objects.filter(chapter=other).count() == len(sample)
    return out


def run_child(
    vendor: str, url: str, csv_path: Path, die_rows: int, memory_only: bool = False
) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url, "BELRONDE_DEBUG": "true", "DB_CONN_MAX_AGE": "0"}
    args = [
        sys.executable,
        __file__,
        "--child",
        vendor,
        "--csv",
        str(csv_path),
        "--die-rows",
        str(die_rows),
    ]
    if memory_only:
        args.append("--memory-only")
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"{vendor} child failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, help="rows of the file (default 100000)")
    parser.add_argument(
        "--memory-rows", type=int, help="rows of the memory run (default 1000000; 0 to skip)"
    )
    parser.add_argument(
        "--die-rows",
        type=int,
        help="rows for django-import-export, whose rate is flat (default 10000: the whole "
        "100k file takes it about ten minutes per database on this machine)",
    )
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: --rows 2000 --die-rows 200 --memory-rows 0 unless given otherwise",
    )
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    parser.add_argument("--memory-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    quick = {"rows": 2_000, "die_rows": 200, "memory_rows": 0}
    full = {"rows": 100_000, "die_rows": 10_000, "memory_rows": 1_000_000}
    for name, value in (quick if args.quick else full).items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    if args.child:
        print(json.dumps(child(args.child, Path(args.csv), args.die_rows, args.memory_only)))
        return 0

    workdir = Path(tempfile.mkdtemp(prefix="importbench-"))
    results: dict[str, Any] = {
        "machine": f"{os.cpu_count()} cores, Python {sys.version.split()[0]}"
    }
    try:
        csv_path = workdir / "leden.csv"
        started = time.perf_counter()
        generate(csv_path, args.rows)
        print(
            f"generated {args.rows} rows ({csv_path.stat().st_size / 1e6:.1f} MB) in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        backends = args.backends.split(",")
        die_rows = min(args.die_rows, args.rows)
        if "postgresql" in backends:
            pg = Postgres(workdir)
            try:
                url = pg.start()
                print(f"PostgreSQL: {pg.note}", flush=True)
                results["postgresql"] = run_child("postgresql", url, csv_path, die_rows)
                if args.memory_rows:
                    big = workdir / "leden-1m.csv"
                    generate(big, args.memory_rows, seed=43)
                    with __import__("psycopg").connect(
                        f"{pg.base}/postgres", autocommit=True
                    ) as admin:
                        admin.execute(f'DROP DATABASE "{pg.name}" WITH (FORCE)')
                        admin.execute(f'CREATE DATABASE "{pg.name}"')
                    results["memory"] = run_child("postgresql", url, big, 0, memory_only=True)
                    big.unlink()
            finally:
                pg.stop()
        if "sqlite" in backends:
            url = f"sqlite:///{workdir / 'bench.sqlite3'}"
            results["sqlite"] = run_child("sqlite", url, csv_path, die_rows)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


def report(results: dict[str, Any]) -> None:
    print(f"\nMember import benchmark ({results['machine']})")
    for vendor in ("postgresql", "sqlite"):
        r = results.get(vendor)
        if not r:
            continue
        rows = r["rows"]
        base, first, again = (
            rate(rows, r["baseline_s"]),
            rate(rows, r["first_s"]),
            rate(rows, r["reimport_s"]),
        )
        die = rate(r["die_rows"], r["die_s"])
        print(f"\n{vendor} ({rows} rows)")
        print(f"  baseline, {r['baseline']:<28} {base:>10,.0f} rows/s  ({r['baseline_s']:.2f} s)")
        lines = [
            ("belronde first import", first, r["first_s"], f"= {first / base:.1%} of baseline"),
            ("belronde re-import, no changes", again, r["reimport_s"], f"= {again / base:.1%}"),
            (
                f"django-import-export ({r['die_rows']} rows)",
                die,
                r["die_s"],
                f"-> belronde first import is {first / die:.1f}x",
            ),
        ]
        for label, value, seconds, note in lines:
            print(f"  {label:<38} {value:>10,.0f} rows/s  ({seconds:.2f} s)  {note}")
        for label, ms in r.get("pages_ms", {}).items():
            print(f"  member list over {rows} organisations, {label}: {ms:.0f} ms (median of 5)")
        r["ratios"] = {
            "first_vs_baseline": first / base,
            "reimport_vs_baseline": again / base,
            "first_vs_die": first / die,
        }
        if vendor == "postgresql":
            checks = [
                ("first import >= 10% of COPY", first / base >= TARGETS["first_vs_copy"]),
                ("first import >= 5x django-import-export", first / die >= TARGETS["first_vs_die"]),
                ("re-import >= 20% of COPY", again / base >= TARGETS["reimport_vs_copy"]),
            ]
            for label, ok in checks:
                print(f"  {'PASS' if ok else 'FAIL'}  {label}")
    memory = results.get("memory")
    if memory:
        ok = memory["peak_rss_mb"] < TARGETS["memory_mb"]
        speed = rate(memory["rows"], memory["first_s"])
        print(
            f"\n1M-row first import on PostgreSQL: {speed:,.0f} rows/s, "
            f"peak RSS {memory['peak_rss_mb']:.0f} MB  {'PASS' if ok else 'FAIL'} (< 400 MB)"
        )


if __name__ == "__main__":
    sys.exit(main())
