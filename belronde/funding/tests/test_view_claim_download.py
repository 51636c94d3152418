"""funding:claim_download: the claim as PDF, CSV or XLSX for the coordinator and, once
submitted, for its funder; every download recorded."""

from __future__ import annotations

import io

from django.urls import reverse
from pypdf import PdfReader

from belronde.audit.models import AuditEvent
from belronde.funding.tests.fixtures_claims import claim_kwargs, draft_claim, submitted_claim
from belronde.testing import BelrondeTestCase


class ClaimDownloadTest(BelrondeTestCase):
    def get(self, user, claim, format: str = "pdf", **query):
        self.client.force_login(user)
        url = reverse("funding:claim_download", kwargs=claim_kwargs(claim, format=format))
        return self.client.get(url, query)

    def test_the_funder_downloads_a_submitted_claim_without_names(self) -> None:
        claim = submitted_claim(self)
        response = self.get(self.funder, claim, lang="en")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(
            f'filename="claim-traject-2026-{claim.period}.pdf"', response["Content-Disposition"]
        )
        self.assertEqual(response["Cache-Control"], "no-store")
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
        self.assertIn("TRAJECT-2026-0001", text)
        self.assertNotIn(claim.lines.get().enrolment.organisation.name, text)
        event = AuditEvent.objects.get(verb="claim.downloaded")
        self.assertEqual((event.actor, event.object_code), (self.funder, claim.public_code))
        self.assertEqual((event.payload["format"], event.payload["language"]), ("pdf", "en"))

    def test_it_serves_csv_and_xlsx(self) -> None:
        claim = submitted_claim(self)
        csv = self.get(self.coordinator, claim, "csv")
        self.assertEqual(csv["Content-Type"], "text/csv; charset=utf-8")
        self.assertTrue(csv.content.startswith(b"\xef\xbb\xbf"))
        xlsx = self.get(self.coordinator, claim, "xlsx")
        self.assertTrue(xlsx["Content-Type"].startswith("application/vnd.openxmlformats"))
        self.assertTrue(xlsx.content.startswith(b"PK"))
        self.assertEqual(AuditEvent.objects.filter(verb="claim.downloaded").count(), 2)

    def test_a_draft_is_the_coordinators_only(self) -> None:
        claim = draft_claim(self)
        self.assertEqual(self.get(self.coordinator, claim).status_code, 200)
        self.assertEqual(self.get(self.funder, claim).status_code, 404)

    def test_an_unknown_format_or_language_is_handled(self) -> None:
        claim = submitted_claim(self)
        self.assertEqual(self.get(self.coordinator, claim, "docx").status_code, 404)
        response = self.get(self.coordinator, claim, "csv", lang="xx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("declaratie-", response["Content-Disposition"])

    def test_others_are_refused(self) -> None:
        claim = submitted_claim(self)
        for user in (self.caller, self.coach, self.partner):
            with self.subTest(user=user.username):
                self.assertEqual(self.get(user, claim).status_code, 403)
        self.assertEqual(self.get(self.outsider, claim).status_code, 404)
        self.assertFalse(AuditEvent.objects.filter(verb="claim.downloaded").exists())
