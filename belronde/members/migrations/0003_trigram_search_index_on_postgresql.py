"""A trigram index for the organisation search on PostgreSQL (LIKE '%...%' stays fast on 100k
rows). SQLite scans instead, which is fast enough at a chapter's size; correctness is the same."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS org_search_trgm ON members_organisation "
        "USING gin (search_text gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS org_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_registry_search_imports_and_contact_fields")]

    operations = [migrations.RunPython(create_index, drop_index)]
