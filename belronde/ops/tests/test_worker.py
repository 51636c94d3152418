import pytest
from django.core.management import call_command
from django.tasks import task

from belronde.ops.models import WorkerHeartbeat

RESULTS: list[int] = []


@task()
def add_numbers(a: int, b: int) -> int:
    return a + b


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_tasks_and_beats():
    result = add_numbers.enqueue(2, 3)
    call_command("worker", "--batch", "--no-startup-delay", "--worker-id", "test-worker")
    result.refresh()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 5
    assert not WorkerHeartbeat.objects.filter(worker_id="test-worker").exists()


@pytest.mark.django_db
def test_a_heartbeat_is_recorded():
    from belronde.ops.actions import beat

    beat(worker_id="w")
    beat(worker_id="w")
    assert WorkerHeartbeat.objects.filter(worker_id="w").count() == 1
