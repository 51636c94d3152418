"""SEC-LOG-05: on PostgreSQL the database itself refuses to change or remove audit events."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from belronde.audit.actions import audit_maintenance, record_event
from belronde.audit.models import AuditEvent
from belronde.testing import Personas, make_user

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="a PostgreSQL trigger"),
]


@pytest.fixture
def event():
    Personas.create_personas()
    return record_event(actor=Personas.coordinator, verb="audit.viewed", chapter=Personas.mechelen)


def refused(action) -> bool:
    """Whether the database refused ``action`` with the trigger's reason."""
    try:
        with transaction.atomic():
            action()
    except DatabaseError as exc:
        return "append-only" in str(exc)
    return False


def test_sec_log_05_an_event_cannot_be_changed_or_removed(event):
    rows = AuditEvent.objects.filter(pk=event.pk)
    assert refused(lambda: rows.update(verb="demo.loaded"))
    assert refused(lambda: rows.update(actor=Personas.caller))
    assert refused(lambda: rows.delete())
    assert refused(lambda: AuditEvent.objects.all().delete())

    def raw_sql():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE audit_auditevent SET payload = '{}' WHERE id = %s", [event.pk])

    assert refused(raw_sql)
    event.refresh_from_db()
    assert event.verb == "audit.viewed" and event.actor == Personas.coordinator


def test_deleting_a_user_keeps_their_events_with_the_name(db):
    Personas.create_personas()
    user = make_user("vera.vertrokken")
    kept = record_event(actor=user, verb="audit.viewed", chapter=Personas.mechelen)
    user.delete()
    kept.refresh_from_db()
    assert kept.actor is None and kept.actor_label == "vera.vertrokken"


def test_a_declared_maintenance_transaction_may_purge(event):
    with audit_maintenance():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert not AuditEvent.objects.filter(pk=event.pk).exists()
