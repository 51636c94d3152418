"""Row rules of the member import: RELIABILITY.md section 4.2 (duplicates, lengths, formulas)."""

from django.test import Client

from belronde.members.models import ImportBatch, Organisation, Person
from belronde.members.tests.fixtures import (
    csv_text,
    enterprise_number,
    member_row,
    run_import,
    write,
)
from belronde.members.tests.scope import assign, make_campaign


def test_every_error_is_reported_with_row_column_value_and_reason(cast, tmp_path):
    rows = [
        member_row(0),
        member_row(1, Ondernemingsnummer="0403170702", Postcode="9999", Telefoon="12345"),
        member_row(2, NACE="99.999", Werknemers="-3", Taal="Klingon"),
    ]
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)))
    assert batch.status == ImportBatch.Status.REJECTED
    found = {(e["row"], e["column"], e["code"]) for e in batch.errors}
    assert found == {
        (3, "Ondernemingsnummer", "enterprise_number_checksum"),
        (3, "Postcode", "postal_code_unknown"),
        (3, "Telefoon", "phone_invalid"),
        (4, "NACE", "nace_unknown"),
        (4, "Werknemers", "employees_negative"),
        (4, "Taal", "language_unknown"),
    }
    value = next(e["value"] for e in batch.errors if e["column"] == "Postcode")
    assert value == "9999"
    assert batch.rejected == 2
    assert not Organisation.objects.exists()


def test_the_same_number_twice_with_other_data_is_flagged_on_both_rows_IMP_KBO_06(cast, tmp_path):
    rows = [
        member_row(0),
        member_row(1),
        member_row(0, Ondernemingsnummer="BE 0200 000 043", Naam="Ander"),
    ]
    assert member_row(0)[0] == "0200.000.043"
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)), partial=True)
    errors = {(e["row"], e["code"], e["params"].get("row")) for e in batch.errors}
    assert (4, "duplicate_of_row", 2) in errors
    assert (2, "repeated_in_row", 4) in errors
    assert batch.created == 1  # only row 3; the two conflicting rows are both held back
    assert batch.rejected == 2


def test_a_number_of_another_chapter_is_independent_and_not_revealed_IMP_KBO_07(cast, tmp_path):
    Organisation.objects.create(
        chapter=cast.lier, enterprise_number=enterprise_number(0), name="Geheim Lier"
    )
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text([member_row(0)])))
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.created == 1
    assert "Geheim" not in str(batch.errors) + str(batch.notices)
    assert Organisation.objects.get(chapter=cast.lier).name == "Geheim Lier"


def test_exact_duplicate_rows_give_one_organisation_and_a_note_IMP_ROW_01(cast, tmp_path):
    rows = [member_row(0), member_row(0), member_row(1)]
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)))
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.created == 2
    assert Organisation.objects.count() == 2
    assert Person.objects.count() == 2
    assert [(n["row"], n["code"]) for n in batch.notices] == [(3, "same_as_row")]


def test_a_valid_and_an_invalid_row_of_one_number_are_rejected_together_IMP_ROW_02(cast, tmp_path):
    rows = [member_row(0), member_row(1), member_row(0, Postcode="0000")]
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)), partial=True)
    codes = {(e["row"], e["code"]) for e in batch.errors}
    assert (4, "postal_code_unknown") in codes
    assert (2, "repeated_in_row") in codes or (2, "entity_rejected") in codes
    assert list(Organisation.objects.values_list("enterprise_number", flat=True)) == [
        member_row(1)[0].replace(".", "")
    ]


def test_a_name_over_200_characters_is_refused_on_every_database_IMP_LEN_01(cast, tmp_path):
    rows = [member_row(0, Naam="N" * 300), member_row(1, Functie="f" * 101)]
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)))
    assert {(e["row"], e["code"], e["params"]["limit"]) for e in batch.errors} == {
        (2, "too_long", 200),
        (3, "too_long", 100),
    }
    assert not Organisation.objects.exists()


PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+SUM(1)",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    '=HYPERLINK("http://x","klik")',
]


def test_formula_cells_are_stored_as_literal_text_IMP_FORM_01(cast, tmp_path):
    rows = [member_row(i, Naam=f"{p} {i}", Functie=p.strip()[:50]) for i, p in enumerate(PAYLOADS)]
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)))
    assert batch.status == ImportBatch.Status.COMMITTED, batch.errors
    stored = set(Organisation.objects.values_list("name", flat=True))
    assert "=cmd|' /C calc'!A0 0" in stored
    assert "-2+3 2" in stored
    assert "=1 4" in stored  # the tab is whitespace and was trimmed; the text stays literal
    client = Client()
    client.force_login(cast.coordinator)
    response = client.get("/c/mechelen/members/export.csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "\"'=cmd|' /C calc'!A0 0\"" in body or "'=cmd|' /C calc'!A0 0" in body
    assert "'-2+3 2" in body
    assert "'+SUM(1) 1" in body


def test_markup_in_a_name_is_stored_literally_and_rendered_escaped_IMP_XSS_01(cast, tmp_path):
    payload = "<img src=x onerror=alert(1)>"
    run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text([member_row(0, Naam=payload)])))
    org = Organisation.objects.get()
    assert org.name == payload
    assign(make_campaign(cast.mechelen), org, caller=cast.caller)  # a caller reads their firms
    client = Client()
    client.force_login(cast.caller)
    for url in (f"/c/mechelen/members/{org.public_code}/", "/c/mechelen/members/"):
        html = client.get(url).content.decode()
        assert payload not in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_a_merged_organisation_number_is_refused_with_the_survivor_named(cast, tmp_path):
    keep = Organisation.objects.create(
        chapter=cast.mechelen, enterprise_number="0403170701", name="Blijft BV"
    )
    Organisation.objects.create(
        chapter=cast.mechelen,
        enterprise_number=enterprise_number(0),
        name="Dubbel",
        merged_into=keep,
    )
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text([member_row(0)])))
    assert batch.status == ImportBatch.Status.REJECTED
    assert batch.errors[0]["code"] == "merged"
    assert batch.errors[0]["params"] == {"name": "Blijft BV", "number": "0403170701"}
