"""`belronde funding claim`: the claim of a period written to a file (the draft prepared when
there is none, the submitted one as submitted); a clear error and a non-zero exit otherwise."""

from __future__ import annotations

import io
import json
import tempfile
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook
from pypdf import PdfReader

from belronde.audit.models import AuditEvent
from belronde.funding.models import FundingClaim
from belronde.funding.tests.fixtures import enrolled, make_programme
from belronde.funding.tests.fixtures_claims import past_day, past_period, submitted_claim
from belronde.testing import BelrondeTestCase


class ClaimCommandTest(BelrondeTestCase):
    def setUp(self) -> None:
        self.dir = Path(tempfile.mkdtemp())

    def run_claim(self, *args: str) -> str:
        out = StringIO()
        call_command("funding", "claim", *args, stdout=out)
        return out.getvalue()

    def args(self, period: str, fmt: str = "pdf", name: str = "claim", **extra: str) -> list[str]:
        values = {
            "--chapter": "mechelen",
            "--programme": "traject-2026",
            "--period": period,
            "--format": fmt,
            "--output": str(self.dir / f"{name}.{fmt}"),
            **extra,
        }
        return [part for pair in values.items() for part in pair]

    def test_it_prepares_the_draft_and_writes_the_pdf(self) -> None:
        programme = make_programme(self)
        enrolled(self, started_on=past_day())
        period = past_period(programme)
        summary = json.loads(self.run_claim(*self.args(period), "--json"))
        claim = FundingClaim.objects.get()
        self.assertEqual(
            summary,
            {
                "claim": claim.public_code,
                "period": period,
                "status": "draft",
                "lines": 1,
                "total": "350.00",
                "output": str(self.dir / "claim.pdf"),
            },
        )
        self.assertEqual(claim.lines.get().pseudonym, "TRAJECT-2026-0001")
        text = " ".join(
            page.extract_text()
            for page in PdfReader(io.BytesIO((self.dir / "claim.pdf").read_bytes())).pages
        )
        self.assertIn("TRAJECT-2026-0001", text)
        self.assertNotIn("Peeters", text)
        # prepared as the chapter's first coordinator; the file's writing is recorded too
        prepared = AuditEvent.objects.get(verb="claim.prepared")
        self.assertEqual(prepared.actor, self.coordinator)
        self.assertEqual(AuditEvent.objects.get(verb="claim.downloaded").payload["via"], "cli")

    def test_it_exports_the_submitted_claim_as_submitted(self) -> None:
        claim = submitted_claim(self)
        enrolled(self, name="Slagerij Janssens", started_on=past_day())  # not in the frozen claim
        summary = json.loads(self.run_claim(*self.args(claim.period, "xlsx"), "--json"))
        self.assertEqual((summary["claim"], summary["status"]), (claim.public_code, "submitted"))
        self.assertEqual((summary["lines"], summary["total"]), (1, "350.00"))
        self.assertEqual(FundingClaim.objects.count(), 1)
        sheet = load_workbook(self.dir / "claim.xlsx").active
        self.assertEqual(sheet.cell(row=1, column=2).value, claim.public_code)

    def test_it_writes_a_csv_and_a_line_of_text_without_json(self) -> None:
        claim = submitted_claim(self)
        text = self.run_claim(*self.args(claim.period, "csv"))
        self.assertIn(f"Claim {claim.period} of traject-2026 (submitted): 1 line(s)", text)
        self.assertTrue((self.dir / "claim.csv").read_bytes().startswith(b"\xef\xbb\xbf"))

    def test_refresh_rebuilds_an_existing_draft(self) -> None:
        programme = make_programme(self)
        enrolled(self, started_on=past_day())
        period = past_period(programme)
        self.run_claim(*self.args(period))
        enrolled(self, name="Slagerij Janssens", started_on=past_day())
        kept = json.loads(self.run_claim(*self.args(period), "--json"))
        self.assertEqual(kept["lines"], 1)
        rebuilt = json.loads(self.run_claim(*self.args(period), "--refresh", "--json"))
        self.assertEqual((rebuilt["lines"], rebuilt["total"]), (2, "700.00"))

    def refused(self, *args: str) -> CommandError:
        with self.assertRaises(CommandError) as caught:
            self.run_claim(*args)
        self.assertNotEqual(caught.exception.returncode, 0)
        return caught.exception

    def test_it_refuses_an_unknown_chapter(self) -> None:
        make_programme(self)
        error = self.refused(*self.args("2026Q3", **{"--chapter": "atlantis"}))
        self.assertIn("No chapter atlantis. Known chapters:", str(error))
        self.assertIn("mechelen", str(error))

    def test_it_refuses_an_unknown_programme(self) -> None:
        make_programme(self)
        error = self.refused(*self.args("2026Q3", **{"--programme": "nope"}))
        self.assertEqual(
            str(error),
            "No programme nope in chapter mechelen. Known programmes: traject-2026.",
        )

    def test_it_refuses_a_period_it_cannot_read_or_use(self) -> None:
        programme = make_programme(self)
        self.assertIn("A period is written as", str(self.refused(*self.args("2026Q7"))))
        self.assertIn("claims per 3 month(s)", str(self.refused(*self.args("2026M01"))))
        self.assertIn("has not started yet", str(self.refused(*self.args("2099Q1"))))
        self.assertIn("ends before the window", str(self.refused(*self.args("2001Q1"))))
        self.assertFalse(FundingClaim.objects.filter(programme=programme).exists())

    def test_it_refuses_a_bad_format(self) -> None:
        make_programme(self)
        error = self.refused(*self.args("2026Q3", "docx"))
        self.assertIn("invalid choice: 'docx'", str(error))

    def test_it_refuses_a_file_it_cannot_write(self) -> None:
        claim = submitted_claim(self)
        error = self.refused(
            *self.args(claim.period, **{"--output": str(self.dir / "missing" / "x.pdf")})
        )
        self.assertIn("Cannot write", str(error))
