"""A browser upload runs as a background task in the worker (django-tasks-db)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client

from belronde.members.models import ImportBatch, Organisation
from belronde.members.tests.fixtures import members_csv
from belronde.ops.actions import beat
from belronde.testing import Personas


@pytest.mark.django_db(transaction=True)
def test_an_upload_is_queued_for_the_worker_which_runs_it():
    Personas.create_personas()
    beat(worker_id="test-worker")  # a live worker: the upload is queued, not run in the web process
    client = Client()
    client.force_login(Personas.coordinator)
    upload = SimpleUploadedFile("leden.csv", members_csv(4).encode("cp1252"))
    response = client.post("/c/mechelen/members/imports/", {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == "queued"
    page = client.get(f"/c/mechelen/members/imports/{batch.public_code}/")
    assert b'hx-trigger="every 1s"' in page.content
    call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker")
    batch.refresh_from_db()
    assert (batch.status, batch.created) == ("committed", 4)
    assert Organisation.objects.count() == 4
    page = client.get(
        f"/c/mechelen/members/imports/{batch.public_code}/", headers={"HX-Request": "true"}
    )
    assert b"hx-trigger" not in page.content
