"""Encodings and CSV dialects of the member import: RELIABILITY.md section 4.1."""

import codecs
import io

from belronde.members.models import ImportBatch, Organisation
from belronde.members.tests.fixtures import (
    HEADER_NL,
    csv_text,
    member_row,
    members_csv,
    run_import,
    write,
)

NAMES = ["Geëlen", "Gérard", "Çelik", "Nuñez"]


def names(chapter):
    return set(Organisation.objects.filter(chapter=chapter).values_list("name", flat=True))


def test_a_utf8_bom_is_stripped_and_the_first_header_matches_IMP_ENC_01(cast, tmp_path):
    path = write(tmp_path, "leden.csv", codecs.BOM_UTF8 + members_csv(3).encode())
    batch = run_import(cast.mechelen, path)
    assert batch.status == ImportBatch.Status.COMMITTED, batch.file_problem
    assert batch.encoding == "utf-8-sig"
    assert batch.created == 3


def test_utf8_names_round_trip_byte_exact_through_an_export_IMP_ENC_02(cast, tmp_path):
    rows = [member_row(i, Naam=name) for i, name in enumerate(NAMES)]
    batch = run_import(cast.mechelen, write(tmp_path, "leden.csv", csv_text(rows)))
    assert batch.encoding == "utf-8"
    assert names(cast.mechelen) == set(NAMES)
    from django.core.management import call_command

    out = tmp_path / "export.csv"
    call_command("export_members", chapter="mechelen", output=str(out), stdout=io.StringIO())
    exported = out.read_bytes()
    for name in NAMES:
        assert name.encode("utf-8") in exported


def test_windows_1252_gives_euro_and_accents_and_is_recorded_IMP_ENC_03(cast, tmp_path):
    rows = [member_row(0, Naam="Café Geëlen € ï ç è"), member_row(1)]
    path = write(tmp_path, "leden.csv", csv_text(rows), encoding="cp1252")
    batch = run_import(cast.mechelen, path)
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.encoding == "cp1252"
    assert "Café Geëlen € ï ç è" in names(cast.mechelen)


def test_latin1_without_c1_bytes_reads_the_same_as_cp1252_IMP_ENC_04(cast, tmp_path):
    rows = [member_row(0, Naam="Geëlen ç é")]
    latin = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows), "latin-1"))
    cp = run_import(cast.lier, write(tmp_path, "b.csv", csv_text(rows), "cp1252"))
    assert latin.encoding == cp.encoding == "cp1252"
    assert names(cast.mechelen) == names(cast.lier) == {"Geëlen ç é"}


def test_utf16_with_a_bom_is_decoded_IMP_ENC_05(cast, tmp_path):
    path = write(tmp_path, "unicode.txt", members_csv(2, delimiter="\t"), encoding="utf-16")
    batch = run_import(cast.mechelen, path)
    assert batch.status == ImportBatch.Status.COMMITTED, batch.file_problem
    assert (batch.encoding, batch.delimiter, batch.created) == ("utf-16", "\t", 2)


def test_a_file_mixing_utf8_and_cp1252_is_refused_naming_the_line_IMP_ENC_06(cast, tmp_path):
    text = csv_text([member_row(0, Naam="Geëlen"), member_row(1, Naam="Gérard")])
    lines = text.encode("utf-8").split(b"\r\n")
    lines[2] = lines[2].replace("Gérard".encode(), "Gérard".encode("cp1252"))
    batch = run_import(cast.mechelen, write(tmp_path, "mixed.csv", b"\r\n".join(lines)))
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem == {"code": "encoding", "params": {"line": 3}}
    assert not Organisation.objects.exists()


def test_nfd_names_are_stored_nfc_so_they_dedupe_IMP_ENC_07(cast, tmp_path):
    nfd = "Ge\u0065\u0308len"
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text([member_row(0, Naam=nfd)])))
    assert batch.created == 1
    assert names(cast.mechelen) == {"Ge\u00eblen"}
    assert Organisation.objects.filter(search_text__contains="geelen").exists()


def test_no_break_and_zero_width_spaces_are_stripped_IMP_ENC_08(cast, tmp_path):
    row = member_row(
        0, Ondernemingsnummer="\u00a00403.170.701\u200b ", Telefoon="0471\u00a023 45 67 "
    )
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text([row])))
    assert batch.status == ImportBatch.Status.COMMITTED, batch.errors
    org = Organisation.objects.get()
    assert org.enterprise_number == "0403170701"
    assert org.persons.get().phone == "+32471234567"


def test_semicolon_comma_and_tab_files_are_sniffed_IMP_CSV_01_02_03(cast, tmp_path):
    semicolon = run_import(cast.mechelen, write(tmp_path, "a.csv", members_csv(2)))
    assert semicolon.delimiter == ";"
    # comma, with quoted fields that contain semicolons (sniffing line 1 alone would fail)
    rows = [
        member_row(i, Naam=f"Peeters; Zonen {i}", Straat="Bruul; achteringang") for i in range(2, 4)
    ]
    comma = run_import(cast.mechelen, write(tmp_path, "b.csv", csv_text(rows, delimiter=",")))
    assert comma.delimiter == ","
    assert comma.created == 2
    assert "Peeters; Zonen 2" in names(cast.mechelen)
    tab = run_import(
        cast.mechelen, write(tmp_path, "c.tsv", members_csv(2, start=4, delimiter="\t"))
    )
    assert tab.delimiter == "\t"
    assert Organisation.objects.count() == 6


def test_crlf_lf_and_cr_line_endings_give_the_same_rows_IMP_CSV_04(cast, tmp_path):
    text = members_csv(3)
    for i, ending in enumerate(["\r\n", "\n", "\r"]):
        chapter = [cast.mechelen, cast.lier, cast.mechelen][i]
        content = text.replace("\r\n", ending)
        batch = run_import(chapter, write(tmp_path, f"{i}.csv", content))
        assert batch.status == ImportBatch.Status.COMMITTED, (ending, batch.file_problem)
        assert batch.rows_total == 3
    assert Organisation.objects.filter(chapter=cast.mechelen).count() == 3


def test_a_quoted_address_with_a_newline_stays_one_row_IMP_CSV_05(cast, tmp_path):
    rows = [member_row(0, Straat="Bruul 12\nachteringang"), member_row(1)]
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)))
    assert batch.created == 2
    assert Organisation.objects.get(name="Bakkerij Geëlen 0").street == "Bruul 12\nachteringang"
    # the row after it is still numbered as the spreadsheet shows it
    bad = run_import(
        cast.lier,
        write(
            tmp_path,
            "b.csv",
            csv_text([member_row(0, Straat="a\nb"), member_row(1, Postcode="99")]),
        ),
    )
    assert [e["row"] for e in bad.errors] == [3]


def test_empty_header_only_and_blank_files_say_no_data_IMP_CSV_08(cast, tmp_path):
    for i, content in enumerate(["", ";".join(HEADER_NL) + "\r\n", "\r\n\r\n;;;\r\n"]):
        batch = run_import(cast.mechelen, write(tmp_path, f"{i}.csv", content))
        assert batch.status == ImportBatch.Status.FAILED
        assert batch.file_problem["code"] in {"empty"}, batch.file_problem
    assert not Organisation.objects.exists()


def test_missing_unknown_reordered_and_duplicated_columns_IMP_CSV_09(cast, tmp_path):
    missing = run_import(
        cast.mechelen, write(tmp_path, "a.csv", "Naam;Postcode\r\nBakkerij;2800\r\n")
    )
    assert missing.status == ImportBatch.Status.FAILED
    assert missing.file_problem["code"] == "missing_columns"
    assert "ondernemingsnummer" in missing.file_problem["params"]["columns"]

    header = ["Lidnummer CRM", "naam", "ONDERNEMINGS NUMMER", "post_code"]
    extra = run_import(
        cast.mechelen,
        write(
            tmp_path, "b.csv", csv_text([["17", "Bakkerij", "0403170701", "2800"]], header=header)
        ),
    )
    assert extra.status == ImportBatch.Status.COMMITTED, extra.file_problem
    assert extra.notices[0]["code"] == "unknown_columns"
    assert "Lidnummer CRM" in extra.notices[0]["params"]["columns"]

    duplicated = run_import(
        cast.mechelen,
        write(tmp_path, "c.csv", "Naam;Ondernemingsnummer;name\r\nA;0403170701;B\r\n"),
    )
    assert duplicated.status == ImportBatch.Status.FAILED
    assert duplicated.file_problem["code"] == "duplicate_columns"


def test_trailing_empty_rows_and_columns_are_ignored_and_nul_is_a_file_error_IMP_CSV_10_11(
    cast, tmp_path
):
    text = members_csv(2).replace("\r\n", ";;;;\r\n") + ";;;;;;\r\n\r\n;;;\r\n"
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", text))
    assert batch.status == ImportBatch.Status.COMMITTED, (batch.file_problem, batch.errors)
    assert batch.created == 2
    nul = run_import(cast.lier, write(tmp_path, "b.csv", members_csv(2).encode() + b"\x00\x00"))
    assert nul.status == ImportBatch.Status.FAILED
    assert nul.file_problem["code"] == "nul"


def test_a_field_over_the_csv_limit_is_a_clear_file_error_IMP_CSV_12(cast, tmp_path):
    text = members_csv(1) + '0403170701;"' + "x" * 200_000 + '";BV\r\n'
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", text))
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.file_problem["code"] == "field_too_long"
    assert batch.file_problem["params"]["line"] == 3
