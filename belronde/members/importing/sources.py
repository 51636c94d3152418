"""Reading an uploaded member file safely and as a stream: CSV (sniffed), XLSX, type checks.

No Django here. Problems with the file as a whole raise :class:`FileProblem` (a code plus
parameters, turned into a sentence by ``belronde.members.messages``); the CSV encoding and
delimiter are found by ``belronde.lib.csvfiles``, which the figures import shares.
"""

from __future__ import annotations

import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from belronde.lib.csvfiles import SNIFF_BYTES, FileProblem, detect_encoding, sniff_delimiter

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
BINARY_MAGICS = (b"\x89PNG", b"%PDF", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ")
MAX_COLUMNS = 200


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int
    max_zip_entries: int = 1000
    max_uncompressed: int = 100 * 1024 * 1024
    max_ratio: int = 100
    max_field: int = 100_000


#: uploads through the browser and the API (RELIABILITY.md IMP-SIZE-01/02)
WEB_LIMITS = Limits(max_bytes=10 * 1024 * 1024, max_rows=20_000)
#: the command line, for a federation-wide file
CLI_LIMITS = Limits(
    max_bytes=2 * 1024 * 1024 * 1024, max_rows=2_000_000, max_uncompressed=1024 * 1024 * 1024
)


@dataclass
class Table:
    """A file's header and a stream of (row number as the spreadsheet shows it, cells)."""

    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]
    encoding: str = ""
    delimiter: str = ""
    estimated_rows: int = 0
    notices: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    closers: list[Any] = field(default_factory=list)

    def close(self) -> None:
        for closer in self.closers:
            closer.close()


# Type detection ------------------------------------------------------------------------------


def detect_format(path: Path, filename: str = "") -> str:
    """csv, xlsx or kbo, from the content (the name only decides between refusals)."""
    suffix = Path(filename or path.name).suffix.lower()
    if path.is_dir():
        return "kbo"
    with path.open("rb") as f:
        head = f.read(8)
    if head.startswith(OLE_MAGIC):
        raise FileProblem("xls")
    if head.startswith(ZIP_MAGIC):
        try:
            with zipfile.ZipFile(path) as zf:
                names = zf.namelist()
                if "mimetype" in names and b"opendocument" in zf.read("mimetype"):
                    raise FileProblem("ods")
        except zipfile.BadZipFile:
            raise FileProblem("unsupported_type") from None
        if any(Path(n).name == "enterprise.csv" for n in names):
            return "kbo"
        if "xl/workbook.xml" in names or "[Content_Types].xml" in names:
            if suffix == ".xlsm" or any(n.endswith("vbaProject.bin") for n in names):
                raise FileProblem("macro")
            return "xlsx"
        raise FileProblem("unsupported_type")
    if any(head.startswith(magic) for magic in BINARY_MAGICS):
        raise FileProblem("unsupported_type")
    if suffix in {".xlsx", ".xlsm"}:
        raise FileProblem("not_a_workbook")  # named as a workbook but text (a renamed CSV)
    if suffix == ".xls":
        raise FileProblem("xls")
    if suffix == ".ods":
        raise FileProblem("ods")
    return "csv"


def check_size(path: Path, limits: Limits) -> int:
    size = path.stat().st_size
    if size > limits.max_bytes:
        raise FileProblem("too_large", size=size, limit=limits.max_bytes)
    return size


def check_zip(path: Path, limits: Limits) -> None:
    """Entry count, total and per-entry uncompressed size and ratio, before anything unpacks."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise FileProblem("unsupported_type") from None
    if len(infos) > limits.max_zip_entries:
        raise FileProblem("zip_entries", count=len(infos), limit=limits.max_zip_entries)
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed:
        raise FileProblem("zip_bomb", limit=limits.max_uncompressed)
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise FileProblem("zip_ratio", ratio=limits.max_ratio)
        if info.flag_bits & 0x1:
            raise FileProblem("xls")  # encrypted entries


# CSV -----------------------------------------------------------------------------------------


def header_key(name: Any) -> str:
    """'Onderneming­snummer ' / 'enterprise_number' / 'E-mail' -> folded key for matching."""
    from belronde.members.reference import fold

    return fold(str(name or ""))


def read_csv(path: Path, limits: Limits, known: set[str]) -> Table:
    encoding, lines = detect_encoding(path)
    handle: IO[str] = path.open(encoding=encoding, newline="", errors="strict")
    sample = handle.read(SNIFF_BYTES)
    handle.seek(0)
    delimiter = sniff_delimiter(sample, known, header_key) if sample.strip() else ";"
    csv.field_size_limit(limits.max_field)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = _first_row(reader)
    except csv.Error as exc:
        handle.close()
        raise _csv_problem(exc, reader.line_num, limits) from None
    if header is None:
        handle.close()
        raise FileProblem("empty")

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        count = 0
        try:
            for cells in reader:
                number += 1
                if not cells or not any(c.strip() for c in cells):
                    continue
                count += 1
                if count > limits.max_rows:
                    raise FileProblem("too_many_rows", limit=limits.max_rows)
                yield number, cells
        except csv.Error as exc:
            raise _csv_problem(exc, reader.line_num, limits) from None

    table = Table(
        header=header,
        rows=rows(),
        encoding=encoding,
        delimiter=delimiter,
        estimated_rows=max(lines - 1, 0),
        closers=[handle],
    )
    return table


def _first_row(reader: Any) -> list[str] | None:
    for cells in reader:
        if cells and any(c.strip() for c in cells):
            return list(cells)
        return None  # the header must be the first row: Excel numbers rows from it
    return None


def _csv_problem(exc: csv.Error, line: int, limits: Limits) -> FileProblem:
    if "field larger than field limit" in str(exc):
        return FileProblem("field_too_long", line=line, limit=limits.max_field)
    return FileProblem("csv_error", line=line, detail=str(exc))


# XLSX ----------------------------------------------------------------------------------------


def xlsx_cell(value: Any) -> Any:
    """A cell value as the importer reads it: text, or a date for date cells."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(Decimal(repr(value)), "f")
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date):
        return value
    return str(value)


class _FormulaWithoutValue:
    """Marks a formula cell without a cached value; survives pickling as the same object."""

    def __repr__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"

    def __reduce__(self) -> str:
        return "FORMULA_WITHOUT_VALUE"


FORMULA_WITHOUT_VALUE = _FormulaWithoutValue()


def read_xlsx(path: Path, limits: Limits) -> Table:
    """The first sheet, read-only, cached values (data_only); a formula cell without a cached
    value is marked so the row gets a clear error instead of silently becoming empty.

    The workbook is opened from a file object, never from its path: openpyxl judges a path by
    its extension, and an upload is stored under a generated name without one (the type was
    decided from the content by :func:`detect_format`). Every row is read to the sheet's real
    end, whatever its ``<dimension>`` declares."""
    check_zip(path, limits)
    _refuse_unsafe_xml(path)
    import openpyxl
    from defusedxml import DefusedXmlException

    closers: list[Any] = []

    def close_all() -> None:
        for closer in closers:
            closer.close()

    def open_book(*, data_only: bool) -> Any:
        handle = path.open("rb")
        closers.append(handle)
        book = openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
        closers.insert(0, book)  # the workbooks close before the files they read
        return book

    try:
        values_book = open_book(data_only=True)
        formula_book = open_book(data_only=False)
    except DefusedXmlException:
        close_all()
        raise FileProblem("xml_unsafe") from None
    except Exception as exc:  # openpyxl raises many types for a broken workbook
        close_all()
        raise FileProblem("xlsx_broken", detail=exc.__class__.__name__) from None
    if not values_book.worksheets:
        close_all()
        raise FileProblem("empty")
    sheet = values_book.worksheets[0]
    formulas = formula_book.worksheets[0]
    declared = sheet.max_row or 0  # only an estimate for the progress bar
    # read-only sheets stop at the declared dimension, which some programs write too small
    # ("A1" or "A1:C2" over a longer sheet): read to the last row actually present
    sheet.reset_dimensions()
    formulas.reset_dimensions()
    notices: list[tuple[str, dict[str, Any]]] = []
    if len(values_book.sheetnames) > 1:
        notices.append(
            (
                "other_sheets",
                {"sheet": sheet.title, "others": ", ".join(values_book.sheetnames[1:])},
            )
        )
    value_rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    formula_rows = formulas.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    try:
        first = next(value_rows, None)
        next(formula_rows, None)
    except DefusedXmlException:
        close_all()
        raise FileProblem("xml_unsafe") from None
    except Exception as exc:
        close_all()
        raise FileProblem("xlsx_broken", detail=exc.__class__.__name__) from None
    if first is None or not any(v not in (None, "") for v in first):
        close_all()
        raise FileProblem("empty")
    header = [str(v) if v is not None else "" for v in first]
    while header and not header[-1]:
        header.pop()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        number = 1
        count = 0
        try:
            for values, raw in zip(value_rows, formula_rows, strict=False):
                number += 1
                cells: list[Any] = []
                for i, value in enumerate(values):
                    if value is None and raw is not None and i < len(raw):
                        formula = raw[i]
                        if isinstance(formula, str) and formula.startswith("="):
                            cells.append(FORMULA_WITHOUT_VALUE)
                            continue
                    cells.append(xlsx_cell(value))
                if not any(c != "" for c in cells):
                    continue
                count += 1
                if count > limits.max_rows:
                    raise FileProblem("too_many_rows", limit=limits.max_rows)
                yield number, cells
        except FileProblem:
            raise
        except DefusedXmlException:
            raise FileProblem("xml_unsafe") from None
        except Exception as exc:  # a sheet damaged further down (cut off, invalid XML)
            raise FileProblem("xlsx_broken", detail=exc.__class__.__name__) from None

    return Table(
        header=header,
        rows=rows(),
        encoding="",
        delimiter="",
        estimated_rows=max(0, min(declared, limits.max_rows + 1) - 1),
        notices=notices,
        closers=closers,
    )


def _refuse_unsafe_xml(path: Path) -> None:
    """No DOCTYPE/ENTITY in any XML part (billion laughs); defusedxml would also refuse."""
    with zipfile.ZipFile(path) as zf:
        for info in zf.infolist():
            if not info.filename.endswith((".xml", ".rels")):
                continue
            with zf.open(info) as part:
                head = part.read(4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise FileProblem("xml_unsafe")
