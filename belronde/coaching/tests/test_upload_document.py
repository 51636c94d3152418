"""actions.upload_document: at most 10 MB, the type by content, stored outside the web root."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.conf import settings
from django.test import override_settings

from belronde.coaching import actions, documents
from belronde.coaching.models import Document
from belronde.coaching.tests import files
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.testing import BelrondeTestCase


class UploadDocumentTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.settings_override = override_settings(BELRONDE_DOCUMENTS_DIR=Path(self.folder.name))
        self.settings_override.enable()
        self.trajectory = make_trajectory(self)

    def tearDown(self) -> None:
        self.settings_override.disable()
        self.folder.cleanup()

    def upload(self, name: str, content: bytes) -> Document:
        return actions.upload_document(
            actor=self.coach, trajectory=self.trajectory, upload=files.upload(name, content)
        )

    def stored_files(self) -> list[Path]:
        return [p for p in Path(self.folder.name).rglob("*") if p.is_file()]

    def test_it_keeps_each_allowed_kind(self) -> None:
        for name, content, kind in (
            ("jaarrekening.pdf", files.PDF, "pdf"),
            ("cijfers.xlsx", files.xlsx(), "xlsx"),
            ("plan.docx", files.docx(), "docx"),
            ("foto.png", files.PNG, "png"),
        ):
            with self.subTest(name=name):
                document = self.upload(name, content)
                self.assertEqual((document.name, document.kind), (name, kind))
                self.assertEqual(actions.read_document(document), content)
        self.assertEqual(len(self.stored_files()), 4)

    def test_it_stores_under_a_random_name_outside_the_web_root(self) -> None:
        document = self.upload("jaarrekening.pdf", files.PDF)
        path = Path(self.folder.name) / document.stored_as
        self.assertTrue(path.is_file())
        self.assertNotIn("jaarrekening", document.stored_as)
        self.assertGreaterEqual(len(document.token), 40)
        for public in (settings.STATIC_ROOT, settings.MEDIA_ROOT):
            self.assertFalse(path.resolve().is_relative_to(Path(public).resolve()))

    def test_it_refuses_an_executable_named_pdf(self) -> None:
        with self.assertRaises(actions.CoachingError) as refused:
            self.upload("rapport.pdf", files.EXE)
        self.assertIn("PDF", refused.exception.message)
        self.assertEqual((Document.objects.count(), self.stored_files()), (0, []))

    def test_it_refuses_a_zip_named_docx(self) -> None:
        with self.assertRaises(actions.CoachingError):
            self.upload("plan.docx", files.plain_zip())

    def test_it_refuses_a_file_over_ten_megabytes(self) -> None:
        big = files.PDF + b"0" * documents.MAX_BYTES
        with self.assertRaises(actions.CoachingError) as refused:
            self.upload("groot.pdf", big)
        self.assertIn("10 MB", refused.exception.message)
        self.assertEqual(self.stored_files(), [])

    def test_it_refuses_an_empty_file(self) -> None:
        with self.assertRaises(actions.CoachingError):
            self.upload("leeg.pdf", b"")

    def test_it_drops_path_parts_from_the_name(self) -> None:
        document = self.upload("../../etc/passwd.pdf", files.PDF)
        self.assertEqual(document.name, "passwd.pdf")
        self.assertEqual(len(self.stored_files()), 1)
        self.assertTrue(self.stored_files()[0].resolve().is_relative_to(Path(self.folder.name)))
