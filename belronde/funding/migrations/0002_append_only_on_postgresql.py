"""CONVENTIONS 8: on PostgreSQL, invoices, credit notes and payments cannot be changed or removed
through the database either (the ORM refuses it already, ``lib.models.AppendOnly``).

A trigger refuses UPDATE and DELETE on those rows, so a bug or an injected query cannot renumber
or remove an invoice. The one update allowed is the one Django makes when a user is deleted (the
``created_by`` link becomes NULL) or an organisation is erased (``organisation_id`` becomes NULL:
the invoice keeps the buyer as invoiced). SQLite is left as it is, as for the audit log."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION funding_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (to_jsonb(NEW) - 'created_by_id' - 'organisation_id')
           = (to_jsonb(OLD) - 'created_by_id' - 'organisation_id')
       AND (NEW.created_by_id IS NULL OR NEW.created_by_id = OLD.created_by_id)
       AND (to_jsonb(NEW)->>'organisation_id' IS NULL
            OR to_jsonb(NEW)->>'organisation_id' = to_jsonb(OLD)->>'organisation_id') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER funding_invoice_append_only
    BEFORE UPDATE OR DELETE ON funding_participantinvoice
    FOR EACH ROW EXECUTE FUNCTION funding_append_only();
CREATE TRIGGER funding_payment_append_only
    BEFORE UPDATE OR DELETE ON funding_payment
    FOR EACH ROW EXECUTE FUNCTION funding_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS funding_invoice_append_only ON funding_participantinvoice;
DROP TRIGGER IF EXISTS funding_payment_append_only ON funding_payment;
DROP FUNCTION IF EXISTS funding_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("funding", "0001_programmes")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
