"""SEC-LOG-05: on PostgreSQL, audit events cannot be changed or removed through the database.

A trigger refuses UPDATE and DELETE on audit rows for every role the application uses, so a bug,
an injected query or a compromised app server cannot rewrite the trail. The one update allowed
is the one Django makes when a user is deleted: the actor link becomes NULL, and the event keeps
the username in ``actor_label``. An operator purging under a retention decision runs
``SET LOCAL belronde.audit_maintenance = 'on'`` in that transaction first
(``belronde.audit.actions.audit_maintenance``). TRUNCATE (test flushes) fires no row triggers.
SQLite, for one chapter on a laptop, has no roles to protect from and is left as it is."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
BEGIN
    IF current_setting('belronde.audit_maintenance', true) = 'on' THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_OP = 'UPDATE' AND OLD.actor_id IS NOT NULL AND NEW.actor_id IS NULL
       AND (to_jsonb(NEW) - 'actor_id') = (to_jsonb(OLD) - 'actor_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_auditevent;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_index_actor_chapter_at")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
