"""Reading the NBB's authentic-data JSON and code;value;year CSV files."""

import json
from decimal import Decimal as D

from belronde.finance.codes import Schema
from belronde.finance.imports import MAX_ROWS, parse_import


def csv_bytes(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_it_reads_a_belgian_csv_with_a_header():
    parsed = parse_import(
        csv_bytes(
            "\ufeffcode;waarde;jaar\r\n20/58;1.234.567,89;2021\r\n10/15;120.000;2021\r\n9901;-12.450,50;2020\r\n\r\n"
        ),
        reference="cijfers.csv",
    )
    assert parsed.ok and parsed.kind == "csv"
    assert [y.year for y in parsed.years] == [2020, 2021]
    assert parsed.years[1].values == {"20/58": D("1234567.89"), "10/15": D(120000)}
    assert parsed.years[0].values == {"9901": D("-12450.50")}
    assert parsed.years[1].reference == "cijfers.csv" and not parsed.years[1].complete


def test_columns_may_come_in_any_order_and_without_a_header():
    parsed = parse_import(b'year,code,value\n2021,70,"1.000,50"\n')
    assert parsed.ok and parsed.years[0].values == {"70": D("1000.50")}
    plain = parse_import(b"20/58;500;2021\n")
    assert plain.ok and plain.years[0].values == {"20/58": D(500)}


def test_it_reads_windows_1252_with_a_notice():
    parsed = parse_import("code;value;year\n20/58;€ 500;2021\n".encode("cp1252"))
    assert parsed.ok and [n.code for n in parsed.notices] == ["encoding_cp1252"]


def test_every_bad_row_is_explained_and_nothing_is_returned():
    text = (
        "code;value;year\n"
        "20/58;1.000;2021\n"
        "99/99;1;2021\n"  # row 3: unknown code
        "10/15;1,234.56;2021\n"  # row 4: ambiguous amount
        "9901;5;21\n"  # row 5: bad year
        "20/58;2.000;2021\n"  # row 6: same code and year, another amount
        "20/58;1.000;2021\n"  # row 7: an exact repeat is harmless
        "onlyone\n"  # row 8: one column
    )
    parsed = parse_import(text.encode())
    assert not parsed.ok and parsed.years == ()
    issues = [(i.row, i.column, i.code) for i in parsed.errors]
    assert issues == [
        (3, "code", "unknown_code"),
        (4, "value", "amount_ambiguous"),
        (5, "year", "bad_year"),
        (6, "code", "duplicate"),
        (8, None, "columns"),
    ]
    assert parsed.errors[3].params == {"first_row": "2", "code": "20/58", "year": "2021"}


def test_empty_files_and_binary_junk_are_refused_clearly():
    assert [e.code for e in parse_import(b"").errors] == ["no_data"]
    assert [e.code for e in parse_import(b"code;value;year\n").errors] == ["no_data"]
    assert [e.code for e in parse_import(b"\x89PNG\r\n\x1a\n\x00\x00").errors] == ["nul_bytes"]
    assert [e.code for e in parse_import(b"code;value\n").errors] == ["missing_columns"]


def test_it_caps_the_number_of_rows():
    text = "".join(f"20/58;{i};2021\n" for i in range(MAX_ROWS + 1))
    assert [e.code for e in parse_import(text.encode()).errors] == ["too_many_rows"]


def filing(year: int, rubrics, **extra) -> dict:
    return {
        "ReferenceNumber": f"{year}-00012345",
        "EnterpriseNumber": "0403.170.701",
        "ModelType": "m81-f",
        "ExerciseDates": {"startDate": f"{year}-01-01", "endDate": f"{year}-12-31"},
        "Rubrics": rubrics,
        **extra,
    }


def test_it_reads_nbb_authentic_data():
    document = [
        filing(2021, [
            {"Code": "20/58", "Value": "500000.00", "Period": "N"},
            {"Code": "20/58", "Value": "450000.00", "Period": "NM1"},
            {"Code": "10/15", "Value": 120000, "Period": "N"},
            {"Code": "9087", "Value": "4.5", "Period": "N"},
            {"Code": "1001", "Value": "3", "Period": "N"},
        ]),
    ]  # fmt: skip
    parsed = parse_import(json.dumps(document).encode())
    assert parsed.ok and parsed.kind == "nbb_json"
    y2020, y2021 = parsed.years
    assert y2021.values == {"20/58": D("500000.00"), "10/15": D(120000), "9087": D("4.5")}
    assert (y2021.complete, y2021.schema, y2021.reference) == (
        True,
        Schema.ABBREVIATED,
        "2021-00012345",
    )
    assert y2021.enterprise_number == "0403170701"
    assert y2020.from_previous_year_column and y2020.values == {"20/58": D("450000.00")}
    assert {n.code for n in parsed.notices} == {"previous_year_column", "skipped_codes"}


def test_it_accepts_a_map_of_rubrics_and_prefers_a_filing_over_a_previous_year_column():
    document = [
        filing(
            2021,
            [
                {"Code": "20/58", "Value": "2", "Period": "N"},
                {"Code": "20/58", "Value": "9", "Period": "NM1"},
            ],
        ),
        filing(2020, {"20/58": "1"}),
    ]
    parsed = parse_import(json.dumps(document).encode())
    assert parsed.ok
    assert {y.year: y.values["20/58"] for y in parsed.years} == {2020: D(1), 2021: D(2)}


def test_bad_nbb_files_are_explained():
    assert [e.code for e in parse_import(b"{not json").errors] == ["json_error"]
    no_year = parse_import(json.dumps({"Rubrics": {"20/58": 1}}).encode())
    assert [e.code for e in no_year.errors] == ["no_year"]
    association = parse_import(json.dumps(filing(2021, {"20/58": 1}, ModelType="m05-f")).encode())
    assert [e.code for e in association.errors] == ["unsupported_model"]
    two = parse_import(
        json.dumps([filing(2021, {"20/58": 1}), filing(2021, {"20/58": 2})]).encode()
    )
    assert [e.code for e in two.errors] == ["duplicate_year"]
    other = filing(2020, {"20/58": 1}, EnterpriseNumber="0123456749")
    mixed = parse_import(json.dumps([filing(2021, {"20/58": 1}), other]).encode())
    assert [e.code for e in mixed.errors] == ["several_enterprises"]
    bad_value = parse_import(json.dumps(filing(2021, {"20/58": "veel"})).encode())
    assert [(e.code, e.column) for e in bad_value.errors] == [("amount_not_a_number", "20/58")]
