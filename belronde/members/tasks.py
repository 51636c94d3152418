"""Background work of the member registry (Django's tasks framework, django-tasks-db worker)."""

from __future__ import annotations

from django.tasks import task


@task()
def run_import_task(batch_pk: int) -> str:
    """Run an uploaded member import; the page polls the batch for its progress."""
    from belronde.members.actions import run_stored_batch

    return run_stored_batch(batch_pk)
