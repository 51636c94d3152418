"""Large files are checked by worker processes: the outcome is the same as in one process."""

from unittest import mock

from belronde.members.importing import engine
from belronde.members.models import Organisation
from belronde.members.tests.fixtures import csv_text, member_row, run_import, write


def test_worker_processes_find_the_same_errors_in_the_same_order(cast, tmp_path):
    rows = [member_row(i) for i in range(30)]
    rows[3] = member_row(3, Postcode="9999")
    rows[21] = member_row(21, Telefoon="12")
    rows.append(member_row(5, Naam="Ander"))  # a duplicate number with other data, row 32
    path = write(tmp_path, "a.csv", csv_text(rows))
    single = run_import(cast.mechelen, path, partial=True, dry_run=True)
    with (
        mock.patch.object(engine, "POOL_MIN_ROWS", 1),
        mock.patch.object(engine, "CHUNK_ROWS", 7),
    ):
        pooled = run_import(cast.mechelen, path, partial=True, workers=2)
    assert pooled.errors == single.errors
    assert [e["row"] for e in pooled.errors] == [5, 7, 23, 32]
    assert (pooled.created, pooled.rejected) == (single.created, single.rejected) == (27, 4)
    assert Organisation.objects.count() == 27
