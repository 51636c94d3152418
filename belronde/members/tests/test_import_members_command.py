"""`belronde import-members`: --json, exit codes, the error file, Dutch messages."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from belronde.members.models import Organisation
from belronde.members.tests.fixtures import csv_text, member_row, members_csv, write


def run(*args, **options):
    out = io.StringIO()
    code: object = 0
    try:
        call_command("import_members", *args, stdout=out, **options)
    except SystemExit as exc:
        code = exc.code
    return code, out.getvalue()


def test_json_reports_a_commit_with_exit_code_0(cast, tmp_path):
    code, out = run(str(write(tmp_path, "a.csv", members_csv(3))), chapter="mechelen", json=True)
    data = json.loads(out)
    assert code == 0
    assert {
        k: data[k] for k in ("status", "created", "updated", "unchanged", "rejected", "errors")
    } == {
        "status": "committed",
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "errors": [],
    }


def test_rejected_rows_exit_1_with_every_error_in_the_chosen_language(cast, tmp_path):
    rows = [member_row(0), member_row(1, Ondernemingsnummer="4.0317E+08")]
    path = write(tmp_path, "a.csv", csv_text(rows))
    code, out = run(str(path), chapter="mechelen", json=True, language="nl")
    data = json.loads(out)
    assert code == 1
    assert data["status"] == "rejected"
    assert data["errors"] == [
        {
            "row": 3,
            "column": "Ondernemingsnummer",
            "value": "4.0317E+08",
            "message": data["errors"][0]["message"],
        }
    ]
    assert "wetenschappelijke notatie" in data["errors"][0]["message"]
    assert not Organisation.objects.exists()
    assert not (tmp_path / "a.csv.errors.csv").exists()


def test_an_unusable_file_exits_2(cast, tmp_path):
    code, out = run(
        str(write(tmp_path, "a.csv", b"\x89PNG\r\n\x1a\n....")), chapter="mechelen", json=True
    )
    assert code == 2
    assert json.loads(out)["status"] == "rejected"
    code, out = run(str(write(tmp_path, "b.csv", "")), chapter="mechelen")
    assert code == 2
    assert "no data" in out


def test_a_clean_dry_run_exits_0_and_writes_nothing(cast, tmp_path):
    code, out = run(
        str(write(tmp_path, "a.csv", members_csv(2))), chapter="mechelen", dry_run=True, json=True
    )
    assert (code, json.loads(out)["status"], json.loads(out)["created"]) == (0, "dry-run", 2)
    assert not Organisation.objects.exists()


def test_partial_writes_the_valid_rows_and_an_error_file_next_to_the_input(cast, tmp_path):
    rows = [member_row(0), member_row(1, Postcode="1")]
    path = write(tmp_path, "leden.csv", csv_text(rows))
    code, out = run(str(path), chapter="mechelen", partial=True)
    assert code == 0
    assert "1 created" in out
    assert (tmp_path / "leden.csv.errors.csv").exists()
    assert Organisation.objects.count() == 1


def test_a_missing_file_and_an_unknown_chapter_are_one_line_errors(cast, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_members", str(tmp_path / "nope.csv"), chapter="mechelen")
    with pytest.raises(CommandError, match="No chapter nowhere"):
        call_command("import_members", str(tmp_path / "nope.csv"), chapter="nowhere")
