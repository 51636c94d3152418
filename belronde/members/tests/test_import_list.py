import os
import time
from unittest import mock

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import StopUpload

from belronde.members.importing import batches, sources
from belronde.members.models import ImportBatch, Organisation
from belronde.members.tests.fixtures import csv_text, member_row, members_csv
from belronde.testing import BelrondeTestCase

URL = "/c/mechelen/members/imports/"


class InlineThread:
    """Stands in for threading.Thread: runs the background import at once, in this thread."""

    def __init__(self, target, args=(), **kwargs):
        self.args = args

    def start(self):
        from belronde.members.actions import run_stored_batch

        run_stored_batch(*self.args)


def upload(content, name="leden.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


class ImportUploadTests(BelrondeTestCase):
    def post(self, content, name="leden.csv", **data):
        with (
            mock.patch("belronde.members.actions.threading.Thread", InlineThread),
            self.captureOnCommitCallbacks(execute=True),
        ):
            return self.client.post(URL, {"file": upload(content, name), **data})

    def test_the_page_explains_the_columns_and_offers_the_template(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(URL)
        self.assertContains(response, "ondernemingsnummer")
        self.assertContains(response, "/c/mechelen/members/imports/template.xlsx")

    def test_a_windows_1252_semicolon_file_is_imported_in_the_background(self):
        self.client.force_login(self.coordinator)
        content = members_csv(3).encode("cp1252")
        response = self.post(content)
        batch = ImportBatch.objects.get()
        self.assertRedirects(response, f"/c/mechelen/members/imports/{batch.public_code}/")
        self.assertEqual(
            (batch.status, batch.encoding, batch.delimiter, batch.created),
            ("committed", "cp1252", ";", 3),
        )
        self.assertEqual(batch.created_by, self.coordinator)
        self.assertEqual(Organisation.objects.count(), 3)
        self.assertFalse((batches.import_dir() / batch.stored_name).exists())  # deleted after

    def test_a_hostile_file_name_is_never_a_path_IMP_NAME_01(self):
        self.client.force_login(self.coordinator)
        self.post(members_csv(1).encode(), name="../../settings.py\n.csv")
        batch = ImportBatch.objects.get()
        self.assertRegex(batch.stored_name, r"^upload-[0-9a-f]{32}$")
        self.assertNotIn("/", batch.original_filename)
        self.assertNotIn("\n", batch.original_filename)
        self.assertTrue((settings.BASE_DIR / "belronde" / "settings.py").exists())

    def test_uploads_are_stored_where_no_url_reaches_IMP_NAME_02(self):
        directory = batches.import_dir().resolve()
        for served in (
            settings.STATIC_ROOT,
            settings.MEDIA_ROOT,
            settings.BASE_DIR / "belronde" / "static",
        ):
            self.assertNotIn(str(served.resolve()), str(directory))
        self.client.force_login(self.coordinator)
        with mock.patch("belronde.members.actions._run_in_background"):
            self.client.post(URL, {"file": upload(members_csv(1).encode())})
        stored = ImportBatch.objects.get().stored_name
        self.assertTrue((directory / stored).exists())
        for url in (
            f"/media/{stored}",
            f"/static/{stored}",
            f"/var/imports/{stored}",
            f"/imports/{stored}",
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)

    def test_a_file_over_the_limit_is_refused_before_parsing_IMP_SIZE_01(self):
        self.client.force_login(self.coordinator)
        stored = set(batches.import_dir().glob("upload-*"))
        small = sources.Limits(max_bytes=2000, max_rows=20_000)
        with (
            mock.patch.object(sources, "WEB_LIMITS", small),
            mock.patch("belronde.members.importing.uploads.StopUpload", wraps=StopUpload) as stop,
        ):
            response = self.post(members_csv(100).encode())
        self.assertEqual(response.status_code, 400)
        self.assertTrue(stop.called)  # the upload handler stopped reading the file
        self.assertIn("maximaal", str(response.context["form"].errors["file"]))
        self.assertFalse(ImportBatch.objects.exists())
        self.assertEqual(set(batches.import_dir().glob("upload-*")), stored)

    def test_two_running_imports_per_user_at_most_and_stale_files_purged_IMP_SIZE_03(self):
        for _ in range(2):
            ImportBatch.objects.create(
                chapter=self.mechelen,
                created_by=self.coordinator,
                source="web",
                original_filename="x.csv",
                format="csv",
                status="validating",
                pid=os.getpid(),
                hostname=__import__("socket").gethostname(),
            )
        old = batches.import_dir() / "upload-oldoldold"
        old.write_bytes(b"x")
        os.utime(old, (time.time() - 3 * 24 * 3600,) * 2)
        self.client.force_login(self.coordinator)
        response = self.post(members_csv(1).encode())
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ImportBatch.objects.count(), 2)
        ImportBatch.objects.update(status="committed")
        self.post(members_csv(1).encode())
        self.assertEqual(ImportBatch.objects.count(), 3)
        self.assertFalse(old.exists())

    def test_errors_are_shown_in_dutch_with_row_numbers(self):
        self.client.force_login(self.coordinator)
        content = csv_text([member_row(0), member_row(1, Postcode="9999")]).encode("cp1252")
        response = self.post(content)
        page = self.client.get(response["Location"])
        self.assertContains(page, "Er is niets geïmporteerd")
        self.assertContains(page, "Deze postcode bestaat niet in België.")
        self.assertEqual(page.context["errors"][0]["row"], 3)

    def test_the_outsider_gets_404_and_a_caller_403(self):
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(URL).status_code, 404)
        self.client.force_login(self.caller)
        self.assertEqual(self.post(members_csv(1).encode()).status_code, 403)
        self.assertFalse(ImportBatch.objects.exists())
