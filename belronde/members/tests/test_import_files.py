"""Excel workbooks, file types and size limits: RELIABILITY.md sections 1.5 and 4.4."""

import datetime as dt
import time
import zipfile

import pytest
from openpyxl import Workbook

from belronde.members.importing import sources
from belronde.members.models import ImportBatch, Organisation
from belronde.members.tests.fixtures import (
    HEADER_NL,
    member_row,
    members_csv,
    run_import,
    write,
    xlsx_file,
)


def test_a_normal_workbook_is_read_from_its_first_sheet_IMP_XLSX_01(cast, tmp_path):
    path = xlsx_file(tmp_path / "leden.xlsx", [member_row(i) for i in range(5)])
    batch = run_import(cast.mechelen, path)
    assert batch.status == ImportBatch.Status.COMMITTED, (batch.file_problem, batch.errors)
    assert (batch.format, batch.created) == ("xlsx", 5)


def test_only_the_first_sheet_is_read_and_the_others_are_named_IMP_XLSX_02(cast, tmp_path):
    workbook = Workbook()
    first = workbook.active
    first.title = "Leden"
    first.append(HEADER_NL)
    first.append(member_row(0))
    other = workbook.create_sheet("Oud")
    other.append(HEADER_NL)
    other.append(member_row(1))
    workbook.save(tmp_path / "twee.xlsx")
    batch = run_import(cast.mechelen, tmp_path / "twee.xlsx")
    assert batch.created == 1
    assert batch.notices[0]["code"] == "other_sheets"
    assert batch.notices[0]["params"] == {"sheet": "Leden", "others": "Oud"}


def test_formulas_give_cached_values_and_a_formula_without_one_is_a_row_error_IMP_XLSX_03(
    cast, tmp_path
):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER_NL)
    row = member_row(0)
    sheet.append(row)
    sheet["I2"] = "=2*3"  # employees as a formula that openpyxl saves without a cached value
    workbook.save(tmp_path / "formule.xlsx")
    batch = run_import(cast.mechelen, tmp_path / "formule.xlsx")
    assert batch.status == ImportBatch.Status.REJECTED
    assert [(e["row"], e["column"], e["code"]) for e in batch.errors] == [
        (2, "Werknemers", "formula_no_value")
    ]
    # the same workbook with a cached value (as Excel saves it) imports the value
    with zipfile.ZipFile(tmp_path / "formule.xlsx") as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    sheet_xml = parts["xl/worksheets/sheet1.xml"].decode()
    parts["xl/worksheets/sheet1.xml"] = (
        sheet_xml.replace("<f>2*3</f><v></v>", "<f>2*3</f><v>6</v>")
        .replace("<f>2*3</f><v />", "<f>2*3</f><v>6</v>")
        .encode()
    )
    assert b"<v>6</v>" in parts["xl/worksheets/sheet1.xml"]
    with zipfile.ZipFile(tmp_path / "cached.xlsx", "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    cached = run_import(cast.mechelen, tmp_path / "cached.xlsx")
    assert cached.status == ImportBatch.Status.COMMITTED, cached.errors
    assert Organisation.objects.get().employees == 6


def test_real_date_cells_and_text_dates_both_work_IMP_XLSX_04(cast, tmp_path):
    header = ["Ondernemingsnummer", "Naam", "Lid sinds"]
    rows: list[list[object]] = [
        [member_row(0)[0], "Met datumcel", dt.datetime(2019, 3, 1)],
        [member_row(1)[0], "Met tekst", "01/03/2019"],
    ]
    batch = run_import(cast.mechelen, xlsx_file(tmp_path / "d.xlsx", rows, header=header))
    assert batch.status == ImportBatch.Status.COMMITTED, batch.errors
    assert set(Organisation.objects.values_list("member_since", flat=True)) == {dt.date(2019, 3, 1)}


def test_a_zip_bomb_is_refused_from_the_sizes_before_unpacking_IMP_XLSX_05(cast, tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (120 * 1024 * 1024))
    assert path.stat().st_size < 1024 * 1024
    started = time.monotonic()
    batch = run_import(cast.mechelen, path, limits=sources.WEB_LIMITS)
    assert time.monotonic() - started < 2
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem["code"] == "zip_bomb"


def test_a_workbook_with_too_many_parts_is_refused_IMP_XLSX_06(cast, tmp_path):
    path = tmp_path / "veel.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(1001):
            zf.writestr(f"xl/media/{i}.bin", b"x")
    batch = run_import(cast.mechelen, path)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem["code"] == "zip_entries"


def test_an_xml_entity_bomb_is_refused_and_defusedxml_is_installed_IMP_XLSX_07(cast, tmp_path):
    import defusedxml  # noqa: F401  (openpyxl only guards against these with it installed)
    import openpyxl

    assert openpyxl.DEFUSEDXML is True
    path = xlsx_file(tmp_path / "ok.xlsx", [member_row(0)])
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>'
    )
    parts["xl/sharedStrings.xml"] = laughs
    bomb = tmp_path / "lol.xlsx"
    with zipfile.ZipFile(bomb, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    batch = run_import(cast.mechelen, bomb)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem["code"] == "xml_unsafe"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("leden.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "xls"),
        ("beveiligd.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "xls"),
        ("leden.ods", None, "ods"),
        ("macro.xlsm", None, "macro"),
    ],
)
def test_macro_old_encrypted_and_opendocument_files_are_refused_IMP_XLSX_08(
    cast, tmp_path, name, content, code
):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    elif code == "ods":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
            zf.writestr("content.xml", "<x/>")
    else:
        xlsx_file(tmp_path / "base.xlsx", [member_row(0)])
        with zipfile.ZipFile(tmp_path / "base.xlsx") as src, zipfile.ZipFile(path, "w") as zf:
            for item in src.namelist():
                zf.writestr(item, src.read(item))
            zf.writestr("xl/vbaProject.bin", b"\0" * 10)
    batch = run_import(cast.mechelen, path)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem["code"] == code


def test_a_huge_declared_dimension_is_streamed_and_capped_IMP_XLSX_09(cast, tmp_path):
    limits = sources.Limits(max_bytes=10 * 1024 * 1024, max_rows=50)
    path = xlsx_file(tmp_path / "groot.xlsx", [member_row(i) for i in range(60)])
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    import re

    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r'<dimension ref="[^"]+"', '<dimension ref="A1:XFD1048576"', xml
    ).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    batch = run_import(cast.mechelen, path, limits=limits)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem == {"code": "too_many_rows", "params": {"limit": 50}}


def test_a_file_over_the_size_limit_is_refused_before_parsing_IMP_SIZE_01(cast, tmp_path):
    limits = sources.Limits(max_bytes=1000, max_rows=20_000)
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", members_csv(50)), limits=limits)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem["code"] == "too_large"
    assert batch.rows_total == 0


def test_more_rows_than_the_cap_is_refused_IMP_SIZE_02(cast, tmp_path):
    limits = sources.Limits(max_bytes=10 * 1024 * 1024, max_rows=20)
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", members_csv(21)), limits=limits)
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem == {"code": "too_many_rows", "params": {"limit": 20}}
    assert not Organisation.objects.exists()
    assert sources.WEB_LIMITS.max_rows == 20_000


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("leden.xlsx", b"Ondernemingsnummer;Naam\r\n0403170701;A\r\n", "not_a_workbook"),
        ("leden.csv", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "unsupported_type"),
        ("leden.csv", b"%PDF-1.7\n", "unsupported_type"),
        ("leden.xlsx", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "unsupported_type"),
    ],
)
def test_content_decides_the_type_and_a_mismatch_is_refused_IMP_TYPE_01(
    cast, tmp_path, name, content, code
):
    batch = run_import(cast.mechelen, write(tmp_path, name, content))
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem["code"] == code


@pytest.mark.parametrize("ref", ["A1:C2", "A1"])
def test_rows_beyond_a_too_small_declared_dimension_are_all_read_IMP_XLSX_10(cast, tmp_path, ref):
    path = xlsx_file(tmp_path / "klein.xlsx", [member_row(i) for i in range(6)])
    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    import re

    parts["xl/worksheets/sheet1.xml"] = re.sub(
        r'<dimension ref="[^"]+"', f'<dimension ref="{ref}"', xml
    ).encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    batch = run_import(cast.mechelen, path)
    assert (batch.status, batch.created, batch.rows_total) == ("committed", 6, 6), batch.errors
