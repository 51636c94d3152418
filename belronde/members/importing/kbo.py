"""The KBO open-data extract (FOD Economie) as a stream of import rows for one chapter.

Takes the extract folder or its zip (enterprise, denomination, address, contact, activity and
establishment CSVs in the official layout) and selects the enterprises whose seat or one of
whose establishments lies in the chapter's postal codes. Every file is streamed once (address
twice when an establishment points to a seat elsewhere): the full extract has about 2 million
enterprises and a 1.6 GB activity.csv, and only the selected enterprises are kept in memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from belronde.members.importing.sources import FileProblem, Limits, Table, check_zip
from belronde.members.reference import legal_forms

REQUIRED = ("enterprise.csv", "denomination.csv", "address.csv", "activity.csv", "contact.csv")
OPTIONAL = ("establishment.csv",)
#: the import columns a KBO enterprise fills
HEADER = [
    "enterprise_number",
    "name",
    "legal_form",
    "street",
    "house_number",
    "postal_code",
    "municipality",
    "nace_code",
    "nace_version",
    "phone",
    "email",
]
#: denomination language preference: Dutch (2), unknown (0), French (1), German (3), English (4)
LANGUAGE_RANK = {"2": 0, "0": 1, "1": 2, "3": 3, "4": 4}


class Extract:
    """Opens the member files of an extract folder or zip as text streams."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.zip: zipfile.ZipFile | None = None
        self.names: dict[str, str] = {}
        if path.is_dir():
            for child in path.iterdir():
                self.names[child.name.lower()] = str(child)
        else:
            check_zip(path, _kbo_limits(limits))
            self.zip = zipfile.ZipFile(path)
            for name in self.zip.namelist():
                self.names[Path(name).name.lower()] = name
        missing = [n for n in REQUIRED if n not in self.names]
        if missing:
            raise FileProblem("kbo_missing", files=", ".join(missing))

    def has(self, name: str) -> bool:
        return name in self.names

    def rows(self, name: str) -> Iterator[list[str]]:
        handle = self._open(name)
        try:
            reader = csv.reader(handle)
            next(reader, None)  # header
            yield from reader
        except csv.Error as exc:
            raise FileProblem("csv_error", line=reader.line_num, detail=f"{name}: {exc}") from None
        finally:
            handle.close()

    def _open(self, name: str) -> IO[str]:
        target = self.names[name]
        if self.zip is not None:
            return io.TextIOWrapper(self.zip.open(target), encoding="utf-8-sig", newline="")
        return open(target, encoding="utf-8-sig", newline="")

    def close(self) -> None:
        if self.zip is not None:
            self.zip.close()


def _kbo_limits(limits: Limits) -> Limits:
    # The real extract unpacks to several GB in a dozen entries; ratio checks still apply.
    return Limits(
        max_bytes=limits.max_bytes,
        max_rows=limits.max_rows,
        max_zip_entries=50,
        max_uncompressed=20 * 1024 * 1024 * 1024,
        max_ratio=limits.max_ratio,
    )


def _compact(number: str) -> str:
    return number.replace(".", "").strip()


def select(extract: Extract, postal_codes: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Enterprise number (10 digits) -> the facts gathered for it, for the chapter's area."""
    area = set(postal_codes)
    if not area:
        raise FileProblem("kbo_no_postal_codes")
    chosen: dict[str, dict[str, Any]] = {}
    establishments: set[str] = set()
    for row in extract.rows("address.csv"):
        if len(row) < 10 or row[4] not in area:
            continue
        entity = _compact(row[0])
        if entity.startswith(("0", "1")) and len(entity) == 10:
            facts = chosen.setdefault(entity, {})
            if row[1] == "REGO":
                facts["address"] = row
        else:
            establishments.add(entity)
    seat_elsewhere: set[str] = set()
    if establishments and extract.has("establishment.csv"):
        for row in extract.rows("establishment.csv"):
            if len(row) >= 3 and _compact(row[0]) in establishments:
                enterprise = _compact(row[2])
                if enterprise not in chosen:
                    chosen[enterprise] = {}
                    seat_elsewhere.add(enterprise)
    if seat_elsewhere:
        for row in extract.rows("address.csv"):
            if row and row[1:2] == ["REGO"]:
                entity = _compact(row[0])
                if entity in seat_elsewhere:
                    chosen[entity]["address"] = row
    for row in extract.rows("enterprise.csv"):
        if row and (found := chosen.get(_compact(row[0]))) is not None:
            found["juridical_form"] = row[4] if len(row) > 4 else ""
            found["type"] = row[3] if len(row) > 3 else ""
    for row in extract.rows("denomination.csv"):
        if len(row) < 4 or (found := chosen.get(_compact(row[0]))) is None:
            continue
        rank = (0 if row[2] == "001" else 1 if row[2] == "003" else 2, LANGUAGE_RANK.get(row[1], 9))
        if rank[0] < 2 and ("name_rank" not in found or rank < found["name_rank"]):
            found["name_rank"] = rank
            found["name"] = row[3]
    for row in extract.rows("activity.csv"):
        if len(row) < 5 or row[4] != "MAIN" or (found := chosen.get(_compact(row[0]))) is None:
            continue
        # NACE 2008 first (most codes of today's members), then 2025; VAT group before others
        rank = (0 if row[2] == "2008" else 1 if row[2] == "2025" else 9, row[1] != "001")
        if rank[0] < 9 and ("nace_rank" not in found or rank < found["nace_rank"]):
            found["nace_rank"] = rank
            found["nace"] = (row[3], row[2])
    for row in extract.rows("contact.csv"):
        if len(row) < 4 or row[1] != "ENT" or (found := chosen.get(_compact(row[0]))) is None:
            continue
        if row[2] == "TEL" and "phone" not in found:
            found["phone"] = row[3]
        elif row[2] == "EMAIL" and "email" not in found:
            found["email"] = row[3]
    return chosen


def to_cells(number: str, facts: dict[str, Any]) -> list[str]:
    address = facts.get("address") or [""] * 13
    house = address[9]
    if address[10]:
        house = f"{house} bus {address[10]}".strip()
    code = facts.get("juridical_form", "")
    form = legal_forms().get(code)
    legal_form = (form.abbreviation or code) if form else ""
    nace, version = facts.get("nace", ("", ""))
    return [
        f"{number[:4]}.{number[4:7]}.{number[7:]}",
        facts.get("name", ""),
        legal_form,
        address[7] or address[8],
        house,
        address[4] if not address[2] else "",  # foreign seats have no Belgian postal code
        (address[5] or address[6]) if not address[2] else "",
        nace,
        version,
        facts.get("phone", ""),
        facts.get("email", ""),
    ]


def read_kbo(path: Path, postal_codes: Iterable[str], limits: Limits) -> Table:
    extract = Extract(path, limits)
    try:
        chosen = select(extract, postal_codes)
    except BaseException:
        extract.close()
        raise

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for i, number in enumerate(sorted(chosen), start=2):
            if i - 1 > limits.max_rows:
                raise FileProblem("too_many_rows", limit=limits.max_rows)
            yield i, to_cells(number, chosen[number])

    return Table(
        header=list(HEADER),
        rows=rows(),
        encoding="utf-8",
        delimiter=",",
        estimated_rows=len(chosen),
        closers=[extract],
    )
