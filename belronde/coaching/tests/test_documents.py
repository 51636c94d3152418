"""coaching.documents (pure): the kind from the bytes, the name without path parts."""

from __future__ import annotations

from unittest import TestCase

from belronde.coaching import documents
from belronde.coaching.tests import files


class DetectTest(TestCase):
    def kind(self, content: bytes) -> str | None:
        return documents.detect(content[:16], content)

    def test_it_knows_each_allowed_kind_by_content(self) -> None:
        self.assertEqual(self.kind(files.PDF), "pdf")
        self.assertEqual(self.kind(files.PNG), "png")
        self.assertEqual(self.kind(b"\xff\xd8\xff\xe0" + b"\x00" * 20), "jpeg")
        self.assertEqual(self.kind(files.xlsx()), "xlsx")
        self.assertEqual(self.kind(files.docx()), "docx")

    def test_it_refuses_what_only_looks_allowed(self) -> None:
        for content in (files.EXE, files.plain_zip(), b"PK\x03\x04broken", b"", b"<html>"):
            with self.subTest(content=content[:8]):
                self.assertIsNone(self.kind(content))


class CleanNameTest(TestCase):
    def test_it_keeps_the_last_path_part_only(self) -> None:
        self.assertEqual(documents.clean_name("../../etc/passwd.pdf", "pdf"), "passwd.pdf")
        self.assertEqual(
            documents.clean_name("C:\\temp\\jaarrekening 2020.pdf", "pdf"), "jaarrekening 2020.pdf"
        )

    def test_it_gives_the_extension_of_the_detected_kind(self) -> None:
        self.assertEqual(documents.clean_name("rapport.exe", "pdf"), "rapport.pdf")
        self.assertEqual(documents.clean_name("scan", "jpeg"), "scan.jpg")

    def test_it_drops_control_characters_and_keeps_a_name(self) -> None:
        self.assertEqual(documents.clean_name("a\x00b\nc.pdf", "pdf"), "abc.pdf")
        self.assertEqual(documents.clean_name("...", "pdf"), "document.pdf")
        self.assertEqual(len(documents.clean_name("x" * 400 + ".pdf", "pdf")), 144)
