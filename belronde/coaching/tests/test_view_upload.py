"""coaching:upload: a real multipart upload; the type by content, at most 10 MB, the file
name's last part only."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from belronde.coaching import documents
from belronde.coaching.models import Document, Trajectory
from belronde.coaching.tests import files
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import PagesTestCase, temporary_documents_dir

S = Trajectory.Status
BOUNDARY = "----belrondeBoundary7MA4YWxkTrZu0gW"


def raw_multipart(filename: str, content: bytes) -> bytes:
    """A multipart body with ``filename`` exactly as given (the test client would cut the
    path off before sending; a browser or a hostile client may not)."""
    return (
        (
            f"--{BOUNDARY}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


class UploadViewTest(PagesTestCase):
    def setUp(self) -> None:
        self.folder = temporary_documents_dir(self)
        self.trajectory = make_trajectory(self)
        self.upload = self.url("upload", code=self.trajectory.public_code)
        self.client.force_login(self.coach)

    def post_file(self, name: str, content: bytes, content_type: str = "application/pdf"):
        return self.client.post(
            self.upload, {"file": SimpleUploadedFile(name, content, content_type=content_type)}
        )

    def post_raw(self, filename: str, content: bytes):
        return self.client.post(
            self.upload,
            raw_multipart(filename, content),
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
        )

    def stored(self) -> list:
        return [p for p in self.folder.rglob("*") if p.is_file()]

    def test_it_keeps_a_pdf(self) -> None:
        response = self.post_file("jaarrekening 2020.pdf", files.PDF)
        detail = self.url("detail", code=self.trajectory.public_code)
        self.assertRedirects(response, detail + "#documents", fetch_redirect_response=False)
        document = Document.objects.get(trajectory=self.trajectory)
        self.assertEqual((document.name, document.kind), ("jaarrekening 2020.pdf", "pdf"))
        self.assertEqual(len(self.stored()), 1)
        self.assertContains(self.client.get(detail), "jaarrekening 2020.pdf")

    def test_it_keeps_a_spreadsheet_by_its_content(self) -> None:
        response = self.post_file("cijfers.xlsx", files.xlsx(), "application/octet-stream")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Document.objects.get().kind, "xlsx")

    def test_it_refuses_an_executable_named_pdf_with_a_clear_error(self) -> None:
        response = self.post_file("rapport.pdf", files.EXE)
        self.assertContains(
            response,
            "Only PDF, Excel (.xlsx), Word (.docx), PNG and JPEG files can be kept here.",
            status_code=422,
        )
        self.assertContains(response, 'data-testid="not-saved"', status_code=422)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored(), [])

    def test_it_refuses_a_file_over_10_mb(self) -> None:
        big = files.PDF + b"0" * (documents.MAX_BYTES + 1 - len(files.PDF))
        response = self.post_file("groot.pdf", big)
        self.assertContains(response, "A document can be at most 10 MB.", status_code=422)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(self.stored(), [])

    def test_it_keeps_a_file_of_exactly_10_mb(self) -> None:
        exact = files.PDF + b"0" * (documents.MAX_BYTES - len(files.PDF))
        self.assertEqual(self.post_file("precies.pdf", exact).status_code, 302)
        self.assertEqual(Document.objects.get().size, documents.MAX_BYTES)

    def test_it_keeps_only_the_last_part_of_a_name_with_path_parts(self) -> None:
        for sent in ("../../etc/passwd.pdf", "C:\\temp\\jaarrekening.pdf"):
            with self.subTest(sent=sent):
                response = self.post_raw(sent, files.PDF)
                self.assertEqual(response.status_code, 302)
        names = sorted(Document.objects.values_list("name", flat=True))
        self.assertEqual(names, ["jaarrekening.pdf", "passwd.pdf"])
        for path in self.stored():
            self.assertTrue(path.resolve().is_relative_to(self.folder.resolve()))

    def test_it_asks_for_a_file(self) -> None:
        response = self.client.post(self.upload, {})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Document.objects.exists())

    def test_it_refuses_an_upload_on_a_closed_trajectory(self) -> None:
        closed = make_trajectory(self, name="Slagerij Maes", status=S.CLOSED)
        response = self.client.post(
            self.url("upload", code=closed.public_code),
            {"file": SimpleUploadedFile("x.pdf", files.PDF)},
            follow=True,
        )
        self.assertContains(response, "This trajectory is closed")
        self.assertFalse(Document.objects.exists())

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.post_file("jaarrekening.pdf", files.PDF).status_code, 404)
        self.assertFalse(Document.objects.exists())

    def test_it_is_403_for_a_caller(self) -> None:
        self.client.force_login(self.caller)
        self.assertEqual(self.post_file("jaarrekening.pdf", files.PDF).status_code, 403)
        self.assertFalse(Document.objects.exists())
