import os

from belronde.members.models import ImportBatch
from belronde.testing import BelrondeTestCase


class ImportDetailTests(BelrondeTestCase):
    def batch(self, **extra):
        data = {
            "chapter": self.mechelen,
            "source": "web",
            "original_filename": "leden.csv",
            "format": "csv",
        }
        data.update(extra)
        return ImportBatch.objects.create(**data)

    def test_a_running_import_polls_with_a_progress_bar(self):
        batch = self.batch(
            status="validating",
            rows_total=200,
            rows_processed=50,
            pid=os.getpid(),
            hostname=__import__("socket").gethostname(),
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/c/mechelen/members/imports/{batch.public_code}/")
        self.assertContains(response, 'hx-trigger="every 1s"')
        self.assertContains(response, '<progress class="import-progress" max="100" value="25">')
        partial = self.client.get(
            f"/c/mechelen/members/imports/{batch.public_code}/", headers={"HX-Request": "true"}
        )
        self.assertTemplateUsed(partial, "members/_import_status.html")
        self.assertTemplateNotUsed(partial, "base.html")

    def test_a_finished_import_stops_polling_and_reports(self):
        batch = self.batch(status="committed", created=3, rows_total=3)
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/c/mechelen/members/imports/{batch.public_code}/")
        self.assertNotContains(response, "hx-trigger")
        self.assertContains(response, "3 nieuw")

    def test_an_import_whose_process_died_is_shown_as_interrupted(self):
        batch = self.batch(
            status="writing", pid=2**22 + 12345, hostname=__import__("socket").gethostname()
        )
        self.client.force_login(self.coordinator)
        response = self.client.get(f"/c/mechelen/members/imports/{batch.public_code}/")
        batch.refresh_from_db()
        self.assertEqual(batch.status, "failed")
        self.assertContains(response, "onderbroken")

    def test_the_outsider_gets_404_and_a_caller_403(self):
        batch = self.batch()
        self.client.force_login(self.outsider)
        self.assertEqual(
            self.client.get(f"/c/mechelen/members/imports/{batch.public_code}/").status_code, 404
        )
        self.client.force_login(self.caller)
        self.assertEqual(
            self.client.get(f"/c/mechelen/members/imports/{batch.public_code}/").status_code, 403
        )
