"""CSV and XLSX downloads that a spreadsheet cannot turn into formulas (ASVS 5.0 1.2.10).

A text cell starting with =, +, -, @, tab, CR or NUL (or |) gets a leading apostrophe, so Excel
and LibreOffice show it as text; numbers stay numbers. XLSX cells are written as strings, never
formulas, and characters XML cannot hold are dropped (pretix's SafeWorkbook does the same).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\x00", "|")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def safe_cell(value: Any) -> Any:
    """Neutralise a text cell that a spreadsheet would read as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(header: list[str], rows: Iterable[list[Any]], delimiter: str = ";") -> Iterator[str]:
    """RFC 4180 CSV (every text field quoted where needed), UTF-8 with BOM for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([safe_cell(h) for h in header])
    yield "\ufeff" + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([safe_cell(c) for c in row])
        yield buffer.getvalue()


def xlsx_bytes(header: list[str], rows: Iterable[list[Any]], title: str = "Export") -> bytes:
    """A one-sheet workbook (write-only, streaming); every text cell a string cell."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))

    def cell(value: Any) -> Any:
        if isinstance(value, bool | int | float | Decimal):
            return value
        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None)
            return value
        if isinstance(value, dt.date):
            return value
        text = _XML_ILLEGAL.sub("", "" if value is None else str(value))
        out = WriteOnlyCell(sheet, value=text)
        out.data_type = "s"  # never a formula, whatever the text starts with
        return out

    sheet.append([cell(h) for h in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "", title)[:31] or "Export"
