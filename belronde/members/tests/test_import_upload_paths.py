"""Every format and every hostile file of the import suite, through the two ways a user's file
arrives (the browser form with the background task, and the API's multipart route), under the
names people really give their files (issue 10, points 2 and 3).

The other import tests read files from paths the test chose (``leden.xlsx``); these go through
the upload, which stores the file under a generated name without its extension.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from openpyxl import Workbook

from belronde.accounts.actions import create_api_token
from belronde.members.importing import batches, sources
from belronde.members.messages import file_message
from belronde.members.models import ImportBatch, Organisation
from belronde.members.tests.fixtures import HEADER_NL, csv_text, member_row, members_csv
from belronde.members.tests.test_import_kbo import extract
from belronde.ops.actions import beat

WEB_URL = "/c/mechelen/members/imports/"
API_URL = "/api/v1/chapters/mechelen/imports"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600


# Files --------------------------------------------------------------------------------------


def xlsx_bytes(rows: list[list[Any]], header: list[str] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header or HEADER_NL)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(data: bytes, change: Callable[[dict[str, bytes]], None]) -> bytes:
    """The same zip with some parts changed by ``change`` (a dict of name to content)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    change(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in parts.items():
            zf.writestr(name, content)
    return out.getvalue()


def with_dimension(data: bytes, ref: str) -> bytes:
    """The workbook with a wrong ``<dimension ref>`` in its first sheet, as some programs
    (and hand-edited or streamed exports) write it."""

    def change(parts: dict[str, bytes]) -> None:
        xml = parts["xl/worksheets/sheet1.xml"].decode()
        assert "<dimension ref=" in xml
        parts["xl/worksheets/sheet1.xml"] = re.sub(
            r'<dimension ref="[^"]+"', f'<dimension ref="{ref}"', xml
        ).encode()

    return rezip(data, change)


def short_dimension(ref: str) -> Callable[[Path], bytes]:
    def build(tmp_path: Path) -> bytes:
        return with_dimension(xlsx_bytes([member_row(i) for i in range(6)]), ref)

    return build


def csv_file(tmp_path: Path) -> bytes:
    return members_csv(3).encode("cp1252")


def xlsx_file(tmp_path: Path) -> bytes:
    return xlsx_bytes([member_row(i) for i in range(3)])


def template_file(tmp_path: Path) -> bytes:
    """The app's own template, as a coordinator downloads it."""
    client = Client()
    from belronde.testing import Personas

    client.force_login(Personas.coordinator)
    response = client.get(f"{WEB_URL}template.xlsx")
    assert response.status_code == 200
    return response.content


def kbo_zip(tmp_path: Path) -> bytes:
    folder = extract(tmp_path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for child in sorted(folder.iterdir()):
            zf.write(child, child.name)
    return out.getvalue()


@functools.cache
def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    return out.getvalue()


def zip_bomb(tmp_path: Path) -> bytes:
    return _zip_bomb()


def many_parts(tmp_path: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(1001):
            zf.writestr(f"xl/media/{i}.bin", b"x")
    return out.getvalue()


def entity_bomb(tmp_path: Path) -> bytes:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<si><t>&lol2;</t></si></sst>"
    )
    return rezip(xlsx_bytes([member_row(0)]), lambda p: p.update({"xl/sharedStrings.xml": laughs}))


def macro(tmp_path: Path) -> bytes:
    return rezip(xlsx_bytes([member_row(0)]), lambda p: p.update({"xl/vbaProject.bin": b"\0" * 10}))


def old_or_encrypted(tmp_path: Path) -> bytes:
    return OLE  # a BIFF .xls and a password-protected .xlsx both are OLE compound files


def opendocument(tmp_path: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", "<x/>")
    return out.getvalue()


def truncated(tmp_path: Path) -> bytes:
    data = xlsx_bytes([member_row(i) for i in range(3)])
    return data[: len(data) // 2]


def damaged_sheet(tmp_path: Path) -> bytes:
    broken = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetD'
    return rezip(
        xlsx_bytes([member_row(0)]), lambda p: p.update({"xl/worksheets/sheet1.xml": broken})
    )


def sheet_cut_off(tmp_path: Path) -> bytes:
    """A sheet whose XML stops halfway (a download or a copy that broke off)."""

    def cut(parts: dict[str, bytes]) -> None:
        xml = parts["xl/worksheets/sheet1.xml"]
        parts["xl/worksheets/sheet1.xml"] = xml[: len(xml) // 2]

    return rezip(xlsx_bytes([member_row(i) for i in range(30)]), cut)


def formula_without_value(tmp_path: Path) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER_NL)
    sheet.append(member_row(0))
    sheet["I2"] = "=2*3"  # saved by openpyxl without a cached value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def huge_dimension(tmp_path: Path) -> bytes:
    return with_dimension(xlsx_bytes([member_row(i) for i in range(60)]), "A1:XFD1048576")


def png(tmp_path: Path) -> bytes:
    return b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"


def pdf(tmp_path: Path) -> bytes:
    return b"%PDF-1.7\n"


def mixed_encoding(tmp_path: Path) -> bytes:
    return csv_text([member_row(0, Naam="Geëlen")]).encode() + csv_text(
        [member_row(1, Naam="Geëlen")]
    ).splitlines()[1].encode("cp1252")


def nul_bytes(tmp_path: Path) -> bytes:
    return members_csv(2).encode() + b"\x00\r\n"


def long_field(tmp_path: Path) -> bytes:
    return csv_text([member_row(0, Naam="x" * 100_001)]).encode()


def header_only(tmp_path: Path) -> bytes:
    return csv_text([]).encode()


@dataclass(frozen=True)
class Case:
    build: Callable[[Path], bytes]
    ext: str  # the extension the file usually carries
    status: str
    code: str = ""  # the file problem
    created: int = 0
    row_codes: tuple[str, ...] = ()
    max_rows: int = 0  # a smaller row cap for this case

    def __repr__(self) -> str:
        return self.build.__name__


CASES = {
    "csv": Case(csv_file, "csv", "committed", created=3),
    "xlsx": Case(xlsx_file, "xlsx", "committed", created=3),
    "template": Case(template_file, "xlsx", "committed", created=1),
    "kbo": Case(kbo_zip, "zip", "committed", created=1),
    "dimension_A1_C2": Case(short_dimension("A1:C2"), "xlsx", "committed", created=6),
    "dimension_A1": Case(short_dimension("A1"), "xlsx", "committed", created=6),
    "zip_bomb": Case(zip_bomb, "xlsx", "failed", "zip_bomb"),
    "zip_entries": Case(many_parts, "xlsx", "failed", "zip_entries"),
    "xml_entity_bomb": Case(entity_bomb, "xlsx", "failed", "xml_unsafe"),
    "macro": Case(macro, "xlsm", "failed", "macro"),
    "macro_named_xlsx": Case(macro, "xlsx", "failed", "macro"),
    "old_xls": Case(old_or_encrypted, "xls", "failed", "xls"),
    "encrypted_xlsx": Case(old_or_encrypted, "xlsx", "failed", "xls"),
    "ods": Case(opendocument, "ods", "failed", "ods"),
    "truncated_xlsx": Case(truncated, "xlsx", "failed", "unsupported_type"),
    "damaged_sheet": Case(damaged_sheet, "xlsx", "failed", "xlsx_broken"),
    "sheet_cut_off": Case(sheet_cut_off, "xlsx", "failed", "xlsx_broken"),
    "formula_without_value": Case(
        formula_without_value, "xlsx", "rejected", row_codes=("formula_no_value",)
    ),
    "huge_dimension": Case(huge_dimension, "xlsx", "failed", "too_many_rows", max_rows=50),
    "png_as_csv": Case(png, "csv", "failed", "unsupported_type"),
    "pdf_as_csv": Case(pdf, "csv", "failed", "unsupported_type"),
    "mixed_encoding": Case(mixed_encoding, "csv", "failed", "encoding"),
    "nul": Case(nul_bytes, "csv", "failed", "nul"),
    "field_too_long": Case(long_field, "csv", "failed", "field_too_long"),
    "header_only": Case(header_only, "csv", "failed", "empty"),
}

#: the names people give their files: with spaces, an upper-case extension, none at all
NAMES = {
    "spaced": lambda ext: f"Leden 2026.{ext}",
    "upper": lambda ext: f"export.{ext.upper()}",
    "bare": lambda ext: "leden",
}


# The two ways in ----------------------------------------------------------------------------


def through_web(cast: Any, name: str, content: bytes, settings: Any) -> ImportBatch:
    """The import form, then the background task as a live worker runs it."""
    from django.core.management import call_command

    client = Client()
    client.force_login(cast.coordinator)
    beat(worker_id="upload-paths")  # a live worker: the upload is queued as a task
    response = client.post(WEB_URL, {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302, response.content[:2000]
    batch = ImportBatch.objects.get()
    assert response["Location"] == f"{WEB_URL}{batch.public_code}/"
    assert batch.original_filename == name
    if batch.status == ImportBatch.Status.QUEUED:
        call_command(
            "worker", "--batch", "--no-startup-delay", "--worker-id", "upload-paths", verbosity=0
        )
        batch.refresh_from_db()
    page = client.get(response["Location"])
    assert page.status_code == 200
    if batch.file_problem:
        with translation.override("nl"):
            message = file_message(batch.file_problem["code"], batch.file_problem["params"])
        assert escape(message) in page.content.decode(), message
    return batch


def through_api(cast: Any, name: str, content: bytes, settings: Any) -> ImportBatch:
    """The API's multipart route, which imports at once and answers with the report."""
    _token, key = create_api_token(actor=cast.coordinator, name="upload-paths")
    client = Client()
    response = client.post(
        API_URL,
        {"file": SimpleUploadedFile(name, content)},
        headers={"Authorization": f"Bearer {key}"},
    )
    batch = ImportBatch.objects.get()
    data = response.json()
    assert data["batch"] == batch.public_code
    if batch.status == ImportBatch.Status.FAILED:
        assert response.status_code == 422, data
        assert data["detail"] == data["errors"][0]["message"] != batch.file_problem["code"]
    else:
        assert response.status_code == 200, data
        assert data["status"] == batch.status
    return batch


CHANNELS = {"web": through_web, "api": through_api}
#: the worker commits and closes its connection, so the browser path needs real transactions;
#: the API imports inside the request and can run in a rolled-back test transaction
CHANNEL_PARAMS = [
    pytest.param("web", marks=pytest.mark.django_db(transaction=True)),
    pytest.param("api", marks=pytest.mark.django_db),
]


@pytest.mark.parametrize("style", list(NAMES))
@pytest.mark.parametrize("channel", CHANNEL_PARAMS)
@pytest.mark.parametrize("case", list(CASES))
def test_every_file_gives_the_same_outcome_through_the_browser_and_the_api_under_any_name(
    cast, tmp_path, settings, case, channel, style
):
    spec = CASES[case]
    cast.mechelen.postal_codes = ["2800"]
    cast.mechelen.save(update_fields=["postal_codes"])
    content = spec.build(tmp_path)
    name = NAMES[style](spec.ext)
    limits = sources.WEB_LIMITS
    if spec.max_rows:
        limits = sources.Limits(max_bytes=limits.max_bytes, max_rows=spec.max_rows)
    with mock.patch.object(sources, "WEB_LIMITS", limits):
        batch = CHANNELS[channel](cast, name, content, settings)
    outcome = (batch.status, batch.file_problem.get("code", ""), batch.created)
    assert outcome == (spec.status, spec.code, spec.created), (batch.file_problem, batch.errors)
    assert tuple(e["code"] for e in batch.errors) == spec.row_codes
    assert Organisation.objects.count() == spec.created
    assert batch.stored_name == "" or not (batches.import_dir() / batch.stored_name).exists()


@pytest.mark.parametrize("channel", CHANNEL_PARAMS)
@pytest.mark.parametrize("name", ["Leden 2026.xlsx", "export.XLSX", "leden"])
def test_a_csv_named_xlsx_is_refused_clearly_and_without_a_name_it_is_read(
    cast, tmp_path, settings, channel, name
):
    batch = CHANNELS[channel](cast, name, csv_file(tmp_path), settings)
    if name == "leden":
        assert (batch.status, batch.created) == ("committed", 3)
        return
    assert (batch.status, batch.file_problem["code"]) == ("failed", "not_a_workbook")
    with translation.override("nl"):
        message = file_message("not_a_workbook")
    assert ".xlsx" in message and ".csv" in message


@pytest.mark.parametrize("channel", CHANNEL_PARAMS)
@pytest.mark.parametrize("ref", ["A1:C2", "A1", "A1:N3"])
def test_rows_beyond_the_declared_dimension_are_all_imported(
    cast, tmp_path, settings, channel, ref
):
    content = with_dimension(xlsx_bytes([member_row(i) for i in range(6)]), ref)
    batch = CHANNELS[channel](cast, "Leden 2026.xlsx", content, settings)
    assert (batch.status, batch.created, batch.rows_total) == ("committed", 6, 6), (
        batch.file_problem,
        batch.errors,
    )
    assert Organisation.objects.count() == 6
