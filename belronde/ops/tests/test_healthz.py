import datetime as dt

from django.utils import timezone

from belronde.ops.models import WorkerHeartbeat
from belronde.testing import BelrondeTestCase


class HealthzTests(BelrondeTestCase):
    def test_it_is_ok_with_database_and_migrations(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertTrue(data["checks"]["database"]["ok"])
        self.assertEqual(data["checks"]["migrations"]["pending"], 0)
        self.assertFalse(data["checks"]["worker"]["ok"])

    def test_it_reports_a_live_worker(self):
        WorkerHeartbeat.objects.create(worker_id="w1", seen_at=timezone.now())
        self.assertTrue(self.client.get("/healthz").json()["checks"]["worker"]["ok"])

    def test_a_stale_worker_fails_only_when_required(self):
        WorkerHeartbeat.objects.create(
            worker_id="w1", seen_at=timezone.now() - dt.timedelta(minutes=10)
        )
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        self.assertEqual(self.client.get("/healthz?require_worker=1").status_code, 503)

    def test_it_carries_a_request_id(self):
        response = self.client.get("/healthz", headers={"X-Request-ID": "abcdef123456"})
        self.assertEqual(response["X-Request-ID"], "abcdef123456")

    def test_pending_migrations_make_it_unavailable_until_applied(self):
        from unittest import mock

        from belronde.ops import views

        views._migrated.clear()
        with mock.patch.object(views.MigrationExecutor, "migration_plan", return_value=[1, 2]):
            response = self.client.get("/healthz")
            self.assertEqual(response.status_code, 503)
            self.assertEqual(response.json()["checks"]["migrations"]["pending"], 2)
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        # Applied migrations stay applied: the process no longer rebuilds the graph per probe.
        with mock.patch.object(views, "MigrationExecutor", side_effect=AssertionError):
            self.assertEqual(self.client.get("/healthz").status_code, 200)
