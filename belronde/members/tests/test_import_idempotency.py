"""Upserts keyed by (chapter, enterprise number): RELIABILITY.md section 3.4, CONC-IMP-01..04."""

import csv

from belronde.audit.models import AuditEvent
from belronde.members.models import ImportBatch, Organisation, Person
from belronde.members.tests.fixtures import (
    csv_text,
    enterprise_number,
    member_row,
    members_csv,
    run_import,
    write,
)


def counts():
    return (Organisation.objects.count(), Person.objects.count())


def test_reimporting_the_same_file_changes_nothing_CONC_IMP_01(cast, tmp_path):
    path = write(tmp_path, "leden.csv", members_csv(100))
    first = run_import(cast.mechelen, path)
    assert (first.created, first.updated, first.unchanged) == (100, 0, 0)
    before = counts()
    stamps = dict(Organisation.objects.values_list("pk", "updated_at"))
    again = run_import(cast.mechelen, path)
    assert again.status == ImportBatch.Status.COMMITTED
    assert (again.created, again.updated, again.unchanged) == (0, 0, 100)
    assert counts() == before == (100, 100)
    assert dict(Organisation.objects.values_list("pk", "updated_at")) == stamps
    assert AuditEvent.objects.filter(verb="members.imported").count() == 2


def test_an_edit_in_the_app_then_the_same_file_restores_only_that_row(cast, tmp_path):
    path = write(tmp_path, "leden.csv", members_csv(20))
    run_import(cast.mechelen, path)
    org = Organisation.objects.get(enterprise_number=enterprise_number(5))
    from belronde.members.actions import update_organisation

    update_organisation(
        actor=cast.coordinator, organisation=org, data={"street": "Elders"}, version=None
    )
    again = run_import(cast.mechelen, path)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 19)
    org.refresh_from_db()
    assert org.street == "Bruul"


def test_one_changed_phone_and_one_new_row_CONC_IMP_02(cast, tmp_path):
    run_import(cast.mechelen, write(tmp_path, "a.csv", members_csv(100)))
    rows = [member_row(i) for i in range(101)]
    rows[42] = member_row(42, Telefoon="0499 99 99 99")
    second = run_import(cast.mechelen, write(tmp_path, "b.csv", csv_text(rows)))
    assert (second.created, second.updated, second.unchanged) == (1, 1, 99)
    person = Person.objects.get(organisation__enterprise_number=enterprise_number(42))
    assert person.phone == "+32499999999"
    assert counts() == (101, 101)


def test_two_bad_rows_mean_nothing_is_written_and_both_are_reported_CONC_IMP_03(cast, tmp_path):
    rows = [member_row(i) for i in range(100)]
    rows[15] = member_row(15, Ondernemingsnummer="0403170702")  # row 17 in Excel
    rows[56] = member_row(56, Ondernemingsnummer="0403.170.709")  # row 58
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)))
    assert batch.status == ImportBatch.Status.REJECTED
    assert counts() == (0, 0)
    assert [(e["row"], e["column"], e["code"]) for e in batch.errors] == [
        (17, "Ondernemingsnummer", "enterprise_number_checksum"),
        (58, "Ondernemingsnummer", "enterprise_number_checksum"),
    ]
    assert batch.rejected == 2
    assert (batch.created, batch.updated) == (0, 0)


def test_valid_rows_mode_writes_98_and_the_fixed_error_file_completes_it_CONC_IMP_04(
    cast, tmp_path
):
    from belronde.members.management.commands.import_members import ErrorFile

    rows = [member_row(i) for i in range(100)]
    rows[15] = member_row(15, Ondernemingsnummer="0200.000.1X8")
    rows[56] = member_row(56, Postcode="28OO")
    errors_path = tmp_path / "fouten.csv"
    sink = ErrorFile(errors_path, ";")
    batch = run_import(
        cast.mechelen, write(tmp_path, "a.csv", csv_text(rows)), partial=True, error_sink=sink
    )
    sink.close()
    assert batch.status == ImportBatch.Status.COMMITTED
    assert (batch.created, batch.rejected) == (98, 2)
    assert Organisation.objects.count() == 98
    with errors_path.open(encoding="utf-8-sig", newline="") as f:
        error_rows = list(csv.reader(f, delimiter=";"))
    assert len(error_rows) == 3  # header + exactly the two rejected rows
    assert [r[1] for r in error_rows[1:]] == ["Bakkerij Geëlen 15", "Bakkerij Geëlen 56"]
    assert error_rows[0][-1] == "foutmelding"  # the reasons column, in the active language
    # fix the two rows in the error file and import it as it is
    fixed = [r[:-1] for r in error_rows]
    fixed[1][0] = member_row(15)[0]
    fixed[2][5] = "2800"
    again = run_import(
        cast.mechelen, write(tmp_path, "fixed.csv", csv_text(fixed[1:], header=fixed[0]))
    )
    assert again.status == ImportBatch.Status.COMMITTED, again.errors
    assert (again.created, again.rejected) == (2, 0)
    assert Organisation.objects.count() == 100
    # and the whole original file again: upserts, no duplicates
    whole = run_import(cast.mechelen, write(tmp_path, "b.csv", members_csv(100)))
    assert (whole.created, whole.updated, whole.unchanged) == (0, 0, 100)
    assert Organisation.objects.values("enterprise_number").distinct().count() == 100


def test_the_error_file_with_its_reason_column_imports_without_a_notice(cast, tmp_path):
    header = [*csv_text([]).strip().split(";"), "foutmelding"]
    content = csv_text([[*member_row(0), "Postcode: bestaat niet"]], header=header)
    batch = run_import(cast.mechelen, write(tmp_path, "a.csv", content))
    assert batch.status == ImportBatch.Status.COMMITTED
    assert batch.notices == []


def test_a_dry_run_counts_but_writes_nothing(cast, tmp_path):
    run_import(cast.mechelen, write(tmp_path, "a.csv", members_csv(5)))
    rows = [member_row(i) for i in range(7)]
    rows[0] = member_row(0, Naam="Nieuwe naam")
    batch = run_import(cast.mechelen, write(tmp_path, "b.csv", csv_text(rows)), dry_run=True)
    assert batch.status == ImportBatch.Status.DRY_RUN
    assert (batch.created, batch.updated, batch.unchanged) == (2, 1, 4)
    assert Organisation.objects.count() == 5
    assert not Organisation.objects.filter(name="Nieuwe naam").exists()


def test_absent_columns_are_left_alone_and_present_empty_cells_clear(cast, tmp_path):
    run_import(cast.mechelen, write(tmp_path, "a.csv", members_csv(1)))
    org = Organisation.objects.get()
    assert (org.nace_code, org.street) == ("47241", "Bruul")
    content = f"Ondernemingsnummer;Naam;Straat\r\n{member_row(0)[0]};Bakkerij Geëlen 0;\r\n"
    batch = run_import(cast.mechelen, write(tmp_path, "b.csv", content))
    assert batch.updated == 1
    org.refresh_from_db()
    assert org.nace_code == "47241"  # no NACE column: untouched
    assert org.street == ""  # an empty street cell: cleared
