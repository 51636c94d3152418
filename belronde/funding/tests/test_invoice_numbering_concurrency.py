"""Issue 14 point 4: invoice numbers are allocated safely when two are issued at the same moment,
never leave a gap and are never changed or removed, on SQLite and on PostgreSQL.

The race runs in real OS processes: two fresh interpreters (``subprocess``, not a fork of the
test runner, see ``campaigns/tests/claim_worker.py`` for why) each issue 20 invoices through
``actions.issue_invoice`` against the test run's own database (the SQLite test file, or the
PostgreSQL test database when DATABASE_URL points at PostgreSQL), released at the same moment.
The numbers must be 1 to 40, each once.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from belronde.accounts.models import User
from belronde.funding import actions
from belronde.funding.models import InvoiceCounter, ParticipantInvoice, Payment
from belronde.funding.tests.fixtures_invoices import enrolment, issued
from belronde.ops.backup import database_url
from belronde.testing import Personas, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PER_PROCESS = 20
PROCESSES = 2

#: one issuing process: reads the enrolments' primary keys, says it is ready, waits for "go",
#: issues one invoice per enrolment and prints the sequences it was given as one JSON line
WORKER = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "belronde.settings")
import django
django.setup()
from django.db import connections
from belronde.accounts.models import User
from belronde.funding import actions
from belronde.funding.models import Enrolment

actor = User.objects.get(pk=int(sys.argv[1]))
enrolments = [Enrolment.objects.get(pk=int(pk)) for pk in sys.argv[2].split(",")]
print(json.dumps({"ready": True}), flush=True)
if sys.stdin.readline().strip() == "go":
    issued = [
        actions.issue_invoice(actor=actor, enrolment=found).sequence for found in enrolments
    ]
    print(json.dumps({"issued": issued}), flush=True)
connections.close_all()
"""


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def start_worker(actor: User, enrolment_pks: list[int]) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "BELRONDE_DEBUG": "true",
    }
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, str(actor.pk), ",".join(map(str, enrolment_pks))],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
    )


def answer(process: subprocess.Popen[str]) -> dict:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        process.wait(timeout=60)
        assert process.stderr is not None
        pytest.fail(f"the issuing process gave no answer; stderr:\n{process.stderr.read()[-3000:]}")
    return json.loads(line)


def stop(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_two_processes_issuing_at_once_number_1_to_40_without_gap_or_duplicate() -> None:
    if connection.vendor == "sqlite":
        assert "mode=memory" not in str(connection.settings_dict["NAME"])
        assert connection.settings_dict["NAME"] != ":memory:"
    Personas.create_personas()
    second = make_user("clara.coordinator")
    second.memberships.create(role="coordinator", chapter=Personas.mechelen)
    enrolments = [enrolment(Personas, f"Firma {n:02d}").pk for n in range(PER_PROCESS * PROCESSES)]
    actors = [Personas.coordinator, second]
    processes = [start_worker(actor, enrolments[k::PROCESSES]) for k, actor in enumerate(actors)]
    try:
        for process in processes:
            assert answer(process) == {"ready": True}
        for process in processes:  # both released at once
            assert process.stdin is not None
            process.stdin.write("go\n")
            process.stdin.flush()
        results = [answer(process)["issued"] for process in processes]
        for process in processes:
            assert process.wait(timeout=60) == 0
    finally:
        stop(processes)

    handed_out = sorted(n for result in results for n in result)
    assert [len(result) for result in results] == [PER_PROCESS] * PROCESSES
    assert handed_out == list(range(1, PER_PROCESS * PROCESSES + 1))
    year = timezone.localdate().year
    stored = ParticipantInvoice.objects.filter(chapter=Personas.mechelen, year=year)
    assert sorted(stored.values_list("sequence", flat=True)) == handed_out
    assert stored.values("number").distinct().count() == PER_PROCESS * PROCESSES
    assert stored.values("ogm").distinct().count() == PER_PROCESS * PROCESSES
    assert InvoiceCounter.objects.get(chapter=Personas.mechelen, year=year).last == 40
    # each process's own numbers rise: a number is never handed out of order within a process
    for result in results:
        assert result == sorted(result)


def test_a_rolled_back_issue_leaves_no_gap() -> None:
    Personas.create_personas()
    first = enrolment(Personas, "Bakkerij Een")
    with (
        mock.patch("belronde.funding.actions.record_event", side_effect=RuntimeError("audit")),
        pytest.raises(RuntimeError),
    ):
        actions.issue_invoice(actor=Personas.coordinator, enrolment=first)
    assert not ParticipantInvoice.objects.exists()

    def issue_then_fail() -> None:
        with transaction.atomic():
            actions.issue_invoice(actor=Personas.coordinator, enrolment=first)
            raise RuntimeError("the surrounding transaction fails after the invoice")

    with pytest.raises(RuntimeError, match="surrounding"):
        issue_then_fail()
    assert not ParticipantInvoice.objects.exists()
    invoice = actions.issue_invoice(actor=Personas.coordinator, enrolment=first)
    after = actions.issue_invoice(
        actor=Personas.coordinator, enrolment=enrolment(Personas, "Bakkerij Twee")
    )
    assert (invoice.sequence, after.sequence) == (1, 2)


def test_an_invoice_refuses_save_and_delete_and_keeps_its_number() -> None:
    Personas.create_personas()
    invoice = ParticipantInvoice.objects.get(pk=issued(Personas).pk)
    invoice.sequence = 7
    invoice.number = "MECHELEN-2026-00007"
    with pytest.raises(ValueError, match="never changed"):
        invoice.save()
    with pytest.raises(ValueError, match="never deleted"):
        invoice.delete()
    with pytest.raises(ValueError, match="never changed"):
        invoice.save(update_fields=["number"])
    stored = ParticipantInvoice.objects.get(pk=invoice.pk)
    assert stored.sequence == 1
    assert stored.number.endswith("-00001")


@pytest.mark.skipif("not on_postgres()")
def test_on_postgresql_raw_sql_cannot_change_or_delete_an_invoice_or_a_payment() -> None:
    Personas.create_personas()
    invoice = issued(Personas)
    payment = actions.record_payment(
        actor=Personas.coordinator,
        invoice=invoice,
        amount=Decimal("242.00"),
        paid_on=timezone.localdate(),
    )
    statements = [
        (
            "UPDATE funding_participantinvoice SET total = 1, net = 1, vat = 0 WHERE id = %s",
            invoice.pk,
        ),
        ("UPDATE funding_participantinvoice SET sequence = 99 WHERE id = %s", invoice.pk),
        ("DELETE FROM funding_participantinvoice WHERE id = %s", invoice.pk),
        ("UPDATE funding_payment SET amount = 1 WHERE id = %s", payment.pk),
        ("DELETE FROM funding_payment WHERE id = %s", payment.pk),
    ]
    for sql, pk in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    stored = ParticipantInvoice.objects.get(pk=invoice.pk)
    assert (stored.sequence, stored.total) == (1, Decimal("242.00"))
    assert Payment.objects.get(pk=payment.pk).amount == Decimal("242.00")


@pytest.mark.skipif("not on_postgres()")
def test_on_postgresql_deleting_the_user_who_issued_an_invoice_is_allowed() -> None:
    """The one update the trigger lets through: the creator's link becomes NULL."""
    Personas.create_personas()
    clerk = make_user("kim.clerk")
    clerk.memberships.create(role="coordinator", chapter=Personas.mechelen)
    invoice = actions.issue_invoice(actor=clerk, enrolment=enrolment(Personas))
    clerk.delete()
    stored = ParticipantInvoice.objects.get(pk=invoice.pk)
    assert stored.created_by_id is None
    assert stored.number == invoice.number
