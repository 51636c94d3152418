"""The PDF report: rendered by WeasyPrint, read back with pypdf, looked at as PNG."""

import datetime as dt
import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from belronde.analyses import actions
from belronde.analyses.tests.fixtures import make_analysis, make_forecast
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase


def pdf_text(content: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


class ReportTests(BelrondeTestCase):
    def setUp(self):
        self.analysis = make_analysis(
            self.mechelen, self.coach, years=(2020, 2021), name="Bakkerij Peeters BV"
        )
        actions.save_conclusion(
            actor=self.coach, analysis=self.analysis, text="Gezond bedrijf, krappe kas."
        )
        monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
        make_forecast(self.analysis, self.coach, monday)
        self.url = reverse("analyses:report", args=["mechelen", self.analysis.public_code])

    def test_it_is_a_dutch_pdf_that_reads_well(self):
        self.client.force_login(self.coach)
        response = self.client.get(self.url, {"lang": "nl"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "no-store")
        self.assertTrue(response.content.startswith(b"%PDF"))
        text, pages = pdf_text(response.content)
        self.assertGreaterEqual(pages, 2)
        self.assertLessEqual(pages, 6)
        for expected in (
            "FINANCIËLE ANALYSE · VERTROUWELIJK",
            "Bakkerij Peeters BV",
            "Gezond bedrijf, krappe kas.",
            "Totaal der activa",
            "Solvabiliteit",
            "grijze zone",
            "Alarmbellen",
            "Waarschuwingssignalen",
            "Kasstroom",
            "2,05",  # Z'' 2,0460
        ):
            self.assertIn(expected, text)
        event = AuditEvent.objects.get(verb="analysis.report_downloaded")
        self.assertEqual(event.payload["language"], "nl")

    def test_it_is_available_in_english(self):
        self.client.force_login(self.coordinator)
        text, _pages = pdf_text(self.client.get(self.url, {"lang": "en"}).content)
        self.assertIn("FINANCIAL ANALYSIS", text)
        self.assertIn("Solvency", text)
        self.assertIn("grey zone", text)

    @pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
    def test_it_renders_to_images(self):
        self.client.force_login(self.coach)
        content = self.client.get(self.url, {"lang": "nl"}).content
        folder = Path(tempfile.mkdtemp(prefix="belronde-report-"))
        pdf = folder / "analyse.pdf"
        pdf.write_bytes(content)
        subprocess.run(
            ["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")], check=True, timeout=60
        )
        images = sorted(folder.glob("page-*.png"))
        self.assertGreaterEqual(len(images), 2)
        self.assertTrue(all(image.stat().st_size > 5000 for image in images))
        shutil.rmtree(folder)

    def test_it_is_403_for_a_caller_and_404_for_the_other_chapter(self):
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(verb="analysis.report_downloaded").exists())
