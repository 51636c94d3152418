"""A claim as PDF, CSV and XLSX: what the funder receives, read back; never a firm's name or
enterprise number unless the programme says its funder needs them; formula-safe."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from belronde.accounts.access import get_chapter_access
from belronde.audit.models import AuditEvent
from belronde.funding import exports
from belronde.funding.models import FundingClaim
from belronde.funding.tests.fixtures_claims import corrected, draft_claim, submitted_claim
from belronde.testing import BelrondeTestCase


def nl(msgid: str) -> str:
    """``msgid`` as the Dutch export says it (whatever the catalogue's words are)."""
    with translation.override("nl"):
        return translation.gettext(msgid)


def pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space (line breaks in table cells) as one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def xlsx_values(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "no UTF-8 BOM"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


class ExportTestCase(BelrondeTestCase):
    def export(self, claim: FundingClaim, fmt: str, language: str = "nl") -> exports.Export:
        rights = get_chapter_access(self.funder, "mechelen")
        return exports.render(claim, rights, fmt, language)

    def identity(self, claim: FundingClaim) -> tuple[str, str]:
        organisation = claim.lines.get().enrolment.organisation
        return organisation.name, organisation.enterprise_number


class PdfTests(ExportTestCase):
    def test_it_writes_the_claim_in_dutch(self) -> None:
        claim = submitted_claim(self)
        export = self.export(claim, "pdf")
        self.assertEqual(export.content_type, "application/pdf")
        self.assertEqual(export.filename, f"declaratie-traject-2026-{claim.period}.pdf")
        text = pdf_text(export.content)
        for expected in (
            "Begeleidingstrajecten Mechelen",
            "Stad Mechelen",
            claim.period,
            "TRAJECT-2026-0001",
            "350,00 EUR",
            "900,00 EUR",
        ):
            self.assertIn(expected, text)
        name, number = self.identity(claim)
        self.assertNotIn(name, text)
        self.assertNotIn(number, text)
        self.assertNotIn("Peeters", text)

    def test_it_writes_the_claim_in_english(self) -> None:
        claim = submitted_claim(self)
        export = self.export(claim, "pdf", "en")
        self.assertEqual(export.filename, f"claim-traject-2026-{claim.period}.pdf")
        text = pdf_text(export.content)
        self.assertIn(f"Funding claim {claim.period}", text)
        self.assertIn("Total claimed", text)
        self.assertIn("Submitted", text)

    def test_a_draft_says_it_is_one(self) -> None:
        claim = draft_claim(self)
        export = self.export(claim, "pdf", "en")
        self.assertTrue(export.filename.endswith("-draft.pdf"))
        self.assertIn("Draft: not submitted", pdf_text(export.content))

    def test_a_correction_names_the_line_it_corrects(self) -> None:
        first, later = corrected(self)
        text = pdf_text(self.export(later, "pdf", "en").content)
        self.assertIn(f"correction of TRAJECT-2026-0001 in {first.period}", text)
        self.assertIn("-170,00 EUR", text)

    def test_it_names_the_firm_when_the_funder_needs_it(self) -> None:
        claim = submitted_claim(self, funder_sees_identity=True)
        name, number = self.identity(claim)
        text = pdf_text(self.export(claim, "pdf").content)
        self.assertIn(name, text)
        self.assertIn(number, text)


class CsvTests(ExportTestCase):
    def test_it_writes_semicolons_and_a_bom_with_the_lines_and_totals(self) -> None:
        claim = submitted_claim(self)
        export = self.export(claim, "csv")
        self.assertEqual(export.content_type, "text/csv; charset=utf-8")
        rows = csv_rows(export.content)
        self.assertEqual(rows[0], [nl("Funding claim"), claim.public_code])
        facts = {row[0]: row[1] for row in rows if len(row) == 2}
        self.assertEqual(facts[nl("Funder")], "Stad Mechelen")
        self.assertEqual(facts[nl("Period")], claim.period)
        self.assertEqual(facts[nl("Status")], nl("submitted").capitalize())
        header = next(row for row in rows if row and row[0] == nl("Trajectory"))
        line = rows[rows.index(header) + 1]
        self.assertEqual(line[0], "TRAJECT-2026-0001")
        self.assertEqual(line[header.index(nl("NACE section"))], "I")
        self.assertEqual(line[header.index(nl("Price (excl. VAT)"))], "900.00")
        self.assertEqual(line[header.index(nl("Amount claimed"))], "350.00")
        self.assertEqual(
            line[header.index(nl("Started on"))], claim.lines.get().started_on.isoformat()
        )
        self.assertEqual(facts[nl("Total claimed")], "350.00")
        name, number = self.identity(claim)
        text = export.content.decode("utf-8-sig")
        self.assertNotIn(name, text)
        self.assertNotIn(number, text)

    def test_it_writes_english_headers_in_english(self) -> None:
        claim = submitted_claim(self)
        rows = csv_rows(self.export(claim, "csv", "en").content)
        self.assertEqual(rows[0][0], "Funding claim")
        self.assertIn("Amount claimed", next(row for row in rows if row and row[0] == "Trajectory"))

    def test_a_formula_in_a_programme_name_stays_text(self) -> None:
        claim = submitted_claim(self, name='=HYPERLINK("http://x";"klik")')
        rows = csv_rows(self.export(claim, "csv").content)
        programme = next(row for row in rows if row and row[0] == nl("Programme"))
        self.assertTrue(programme[1].startswith("'="), programme)

    def test_a_negative_correction_stays_a_number(self) -> None:
        _first, later = corrected(self)
        rows = csv_rows(self.export(later, "csv").content)
        self.assertIn("-170.00", [cell for row in rows for cell in row])
        self.assertNotIn("'-170.00", [cell for row in rows for cell in row])

    def test_it_adds_the_identity_columns_when_the_funder_needs_them(self) -> None:
        claim = submitted_claim(self, funder_sees_identity=True)
        rows = csv_rows(self.export(claim, "csv", "en").content)
        header = next(row for row in rows if row and row[0] == "Trajectory")
        line = rows[rows.index(header) + 1]
        name, number = self.identity(claim)
        self.assertEqual(line[header.index("Organisation")], name)
        self.assertEqual(line[header.index("Enterprise number")], number)


class XlsxTests(ExportTestCase):
    def test_it_writes_numbers_dates_and_no_name(self) -> None:
        claim = submitted_claim(self)
        export = self.export(claim, "xlsx")
        values = xlsx_values(export.content)
        self.assertEqual(values[0][:2], [nl("Funding claim"), claim.public_code])
        header = next(row for row in values if row and row[0] == nl("Trajectory"))
        line = values[values.index(header) + 1]
        self.assertEqual(line[0], "TRAJECT-2026-0001")
        self.assertEqual(line[header.index(nl("Amount claimed"))], 350)
        self.assertEqual(line[header.index(nl("Started on"))].date(), claim.lines.get().started_on)
        total = next(row for row in values if row and row[0] == nl("Total claimed"))
        self.assertEqual(total[1], 350)
        name, number = self.identity(claim)
        flat = " ".join(str(v) for row in values for v in row if v is not None)
        self.assertNotIn(name, flat)
        self.assertNotIn(number, flat)
        self.assertNotIn("Peeters", flat)

    def test_a_formula_is_never_a_formula_cell(self) -> None:
        claim = submitted_claim(self, name="=1+1")
        sheet = load_workbook(io.BytesIO(self.export(claim, "xlsx").content)).active
        cells = [c for row in sheet.iter_rows() for c in row if c.value and "=1+1" in str(c.value)]
        self.assertTrue(cells)
        self.assertTrue(all(c.data_type == "s" for c in cells))


class DownloadTests(ExportTestCase):
    def test_it_records_who_downloaded_which_format(self) -> None:
        claim = submitted_claim(self)
        rights = get_chapter_access(self.funder, "mechelen")
        with translation.override("en"):
            export = exports.download(
                actor=self.funder, claim=claim, rights=rights, fmt="xlsx", language="en"
            )
        self.assertTrue(export.filename.endswith(".xlsx"))
        event = AuditEvent.objects.get(verb="claim.downloaded")
        self.assertEqual(event.actor, self.funder)
        self.assertEqual(event.object_code, claim.public_code)
        self.assertEqual(event.payload["format"], "xlsx")
        self.assertEqual(event.payload["language"], "en")

    def test_it_refuses_an_unknown_format(self) -> None:
        claim = submitted_claim(self)
        with self.assertRaises(ValueError):
            exports.render(claim, get_chapter_access(self.funder, "mechelen"), "docx", "nl")

    def test_totals_add_up_with_corrections(self) -> None:
        _first, later = corrected(self)
        doc = exports.claim_document(later, get_chapter_access(self.coordinator, "mechelen"), "nl")
        self.assertEqual(doc.corrections, Decimal("-170.00"))
        self.assertEqual(doc.total, sum(line.amount for line in doc.lines))
