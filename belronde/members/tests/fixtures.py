"""Shared test data for the members tests: plain objects.create, no factories."""

from __future__ import annotations

from typing import Any

from belronde.members.models import ImportBatch, Organisation, Person


def make_org(
    chapter: Any, number: str = "0403170701", name: str = "Bakkerij Peeters", **extra: Any
) -> Organisation:
    org = Organisation(chapter=chapter, enterprise_number=number, name=name, **extra)
    org.refresh_derived()
    org.save()
    return org


def make_person(org: Organisation, name: str = "Els Peeters", **extra: Any) -> Person:
    return Person.objects.create(chapter=org.chapter, organisation=org, name=name, **extra)


def matrix_org(case: Any) -> dict[str, Any]:
    org = make_org(case.mechelen, "0403170701", "Matrix BV")
    return {"chapter": "mechelen", "code": org.public_code}


def matrix_person(case: Any) -> dict[str, Any]:
    org = make_org(case.mechelen, "0403170701", "Matrix BV")
    person = make_person(org)
    return {"chapter": "mechelen", "code": org.public_code, "person": person.public_code}


def matrix_batch(case: Any) -> dict[str, Any]:
    batch = ImportBatch.objects.create(
        chapter=case.mechelen,
        source="web",
        original_filename="leden.csv",
        format="csv",
        status=ImportBatch.Status.REJECTED,
        rejected=1,
        errors=[{"row": 2, "column": "naam", "value": "", "code": "required", "params": {}}],
        rejected_rows={"header": ["ondernemingsnummer", "naam"], "rows": [[2, ["0403170701", ""]]]},
    )
    return {"chapter": "mechelen", "code": batch.public_code}


def api_org(case: Any) -> dict[str, Any]:
    org = make_org(case.mechelen, "0403170701", "Matrix BV")
    return {"slug": "mechelen", "code": org.public_code}


def api_person(case: Any) -> dict[str, Any]:
    org = make_org(case.mechelen, "0403170701", "Matrix BV")
    person = make_person(org)
    return {"slug": "mechelen", "code": org.public_code, "person": person.public_code}


def api_batch(case: Any) -> dict[str, Any]:
    data = matrix_batch(case)
    return {"slug": "mechelen", "code": data["code"]}


HEADER_NL = [
    "Ondernemingsnummer",
    "Naam",
    "Rechtsvorm",
    "Straat",
    "Huisnummer",
    "Postcode",
    "Gemeente",
    "NACE",
    "Werknemers",
    "Contactpersoon",
    "Functie",
    "Telefoon",
    "E-mail",
    "Taal",
]


def enterprise_number(i: int) -> str:
    """The i-th valid enterprise number of a deterministic series (0200000098, ...)."""
    base = 2_000_000 + i * 7
    return f"{base:08d}{97 - base % 97:02d}"


def member_row(i: int, **overrides: Any) -> list[str]:
    number = enterprise_number(i)
    row = {
        "Ondernemingsnummer": f"{number[:4]}.{number[4:7]}.{number[7:]}",
        "Naam": f"Bakkerij Geëlen {i}",
        "Rechtsvorm": "BV",
        "Straat": "Bruul",
        "Huisnummer": str(i % 90 + 1),
        "Postcode": "2800",
        "Gemeente": "Mechelen",
        "NACE": "47.241",
        "Werknemers": str(i % 12),
        "Contactpersoon": f"Els Peeters {i}",
        "Functie": "zaakvoerder",
        "Telefoon": f"0475 {10 + i // 10000:02d} {i % 10000 // 100:02d} {i % 100:02d}",
        "E-mail": f"els{i}@example.be",
        "Taal": "nl",
    }
    row.update(overrides)
    return [row[h] for h in HEADER_NL]


def csv_text(rows: list[list[str]], header: list[str] | None = None, delimiter: str = ";") -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or HEADER_NL)
    writer.writerows(rows)
    return out.getvalue()


def members_csv(count: int, *, start: int = 0, delimiter: str = ";", **overrides: Any) -> str:
    return csv_text(
        [member_row(i, **overrides) for i in range(start, start + count)], delimiter=delimiter
    )


def write(tmp_path: Any, name: str, content: str | bytes, encoding: str = "utf-8") -> Any:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_bytes(content.encode(encoding))
    else:
        path.write_bytes(content)
    return path


def run_import(chapter: Any, path: Any, *, actor: Any = None, **options: Any) -> ImportBatch:
    from belronde.members.actions import import_members

    return import_members(
        actor=actor,
        chapter=chapter,
        path=path,
        original_filename=path.name,
        source="cli",
        **options,
    )


def xlsx_file(path: Any, rows: list[list[Any]], header: list[str] | None = None) -> Any:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or HEADER_NL)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path
