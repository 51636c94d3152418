"""coaching:document: the download, only through the trajectory's access check, audited."""

from __future__ import annotations

from belronde.audit.models import AuditEvent
from belronde.coaching.tests import files
from belronde.coaching.tests.fixtures import make_trajectory
from belronde.coaching.tests.fixtures_pages import (
    PagesTestCase,
    second_coach,
    temporary_documents_dir,
    uploaded_document,
)


class DocumentViewTest(PagesTestCase):
    def setUp(self) -> None:
        self.folder = temporary_documents_dir(self)
        self.trajectory = make_trajectory(self)
        self.document = uploaded_document(self, self.trajectory, name="jaarrekening 2020.pdf")
        self.download = self.url(
            "document", code=self.trajectory.public_code, token=self.document.token
        )

    def test_it_downloads_as_an_attachment_not_sniffed(self) -> None:
        self.client.force_login(self.coach)
        response = self.client.get(self.download)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, files.PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertTrue(response["Content-Disposition"].startswith("attachment;"))
        self.assertIn('filename="jaarrekening_2020.pdf"', response["Content-Disposition"])

    def test_it_records_the_download(self) -> None:
        self.client.force_login(self.coordinator)
        self.client.get(self.download)
        event = AuditEvent.objects.get(verb="trajectory.document_viewed")
        self.assertEqual(event.actor, self.coordinator)
        self.assertEqual(event.object_code, self.trajectory.public_code)

    def test_a_missing_file_sends_back_to_the_trajectory(self) -> None:
        (self.folder / self.document.stored_as).unlink()
        self.client.force_login(self.coach)
        response = self.client.get(self.download, follow=True)
        self.assertContains(response, "cannot be read on the server")
        self.assertFalse(AuditEvent.objects.filter(verb="trajectory.document_viewed").exists())

    def test_it_is_404_for_a_wrong_token(self) -> None:
        self.client.force_login(self.coach)
        url = self.url("document", code=self.trajectory.public_code, token="x" * 43)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_is_404_with_another_trajectorys_code(self) -> None:
        other = make_trajectory(self, name="Garage Wouters")
        self.client.force_login(self.coach)
        url = self.url("document", code=other.public_code, token=self.document.token)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_it_is_404_for_another_coach(self) -> None:
        self.client.force_login(second_coach(self))
        self.assertEqual(self.client.get(self.download).status_code, 404)

    def test_it_is_404_for_another_chapter(self) -> None:
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(self.download).status_code, 404)

    def test_it_is_403_for_a_funder_and_a_partner(self) -> None:
        for persona in (self.funder, self.partner, self.caller):
            self.client.force_login(persona)
            self.assertEqual(self.client.get(self.download).status_code, 403)
        self.assertFalse(AuditEvent.objects.filter(verb="trajectory.document_viewed").exists())
