"""Best practices: submitted with consent to share, reviewed, published, exported."""

from django.urls import reverse

from belronde.audit.models import AuditEvent
from belronde.conversations.tests.fixtures import make_conversation, make_organisation
from belronde.knowledge import actions
from belronde.knowledge.models import BestPractice
from belronde.testing import BelrondeTestCase
from belronde.themes.actions import ensure_themes


class PracticeTests(BelrondeTestCase):
    def setUp(self):
        ensure_themes(self.mechelen)
        self.organisation = make_organisation(self.mechelen, "Brasserie De Klok", nace="56101")
        self.conversation = make_conversation(self.caller, self.organisation)

    def submit(self, sharing="named", **extra):
        return actions.submit_best_practice(
            actor=self.caller,
            chapter=self.mechelen,
            title=extra.pop("title", "Afhaal met vaste uren"),
            text=extra.pop("text", "Drie ophaalmomenten per avond; geen wachtrij."),
            sharing=sharing,
            conversation=extra.pop("conversation", self.conversation),
            **extra,
        )

    def test_the_sector_follows_the_organisations_activity(self):
        self.assertEqual(self.submit().sector, "horeca")
        self.assertEqual(actions.sector_for("4711"), "retail")
        self.assertEqual(actions.sector_for("41201"), "construction")
        self.assertEqual(actions.sector_for("6920"), "services")
        self.assertEqual(actions.sector_for(""), "other")

    def test_a_caller_submits_from_a_conversation(self):
        self.client.force_login(self.caller)
        url = reverse("knowledge:practice_create", args=["mechelen"])
        response = self.client.post(
            url,
            {
                "conversation": self.conversation.public_code,
                "title": "Samen inkopen",
                "text": "Vijf winkels kopen samen verpakking in.",
                "theme": "suppliers_stock",
                "sharing": "anonymous",
            },
        )
        self.assertEqual(response.status_code, 302)
        practice = BestPractice.objects.get()
        self.assertEqual((practice.status, practice.sharing), ("submitted", "anonymous"))
        self.assertEqual(practice.organisation, self.organisation)

    def test_without_consent_it_can_never_be_published(self):
        practice = self.submit(sharing="internal")
        with self.assertRaises(actions.KnowledgeError):
            actions.review_best_practice(actor=self.coordinator, practice=practice, publish=True)
        self.client.force_login(self.coordinator)
        url = reverse("knowledge:practice_review", args=["mechelen", practice.public_code])
        self.assertEqual(self.client.post(url, {"decision": "publish"}).status_code, 400)
        practice.refresh_from_db()
        self.assertEqual(practice.status, "submitted")

    def test_a_rejection_needs_a_note(self):
        practice = self.submit()
        with self.assertRaises(actions.KnowledgeError):
            actions.review_best_practice(actor=self.coordinator, practice=practice, publish=False)

    def test_the_library_names_only_with_consent(self):
        named = self.submit(sharing="named", title="Met naam")
        anonymous = self.submit(sharing="anonymous", title="Zonder naam")
        for practice in (named, anonymous):
            actions.review_best_practice(actor=self.coordinator, practice=practice, publish=True)
        self.client.force_login(self.caller2)
        response = self.client.get(reverse("knowledge:practice_library", args=["mechelen"]))
        self.assertContains(response, "Met naam")
        self.assertContains(response, "Zonder naam")
        self.assertContains(response, "Brasserie De Klok", count=1)

    def test_unpublished_practices_are_for_the_coordinator_and_submitter(self):
        practice = self.submit()
        url = reverse("knowledge:practice_detail", args=["mechelen", practice.public_code])
        self.client.force_login(self.caller2)
        self.assertEqual(self.client.get(url).status_code, 403)
        actions.review_best_practice(actor=self.coordinator, practice=practice, publish=True)
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_newsletter_export_in_markdown_and_html(self):
        published = self.submit(sharing="named", title="Afhaal met *vaste* uren")
        actions.review_best_practice(actor=self.coordinator, practice=published, publish=True)
        self.submit(sharing="anonymous", title="Nog niet beoordeeld")
        self.client.force_login(self.coordinator)
        url = reverse("knowledge:practice_export", args=["mechelen"])
        md = self.client.get(url, {"format": "md"})
        self.assertEqual(md["Content-Type"], "text/markdown; charset=utf-8")
        self.assertIn("attachment;", md["Content-Disposition"])
        text = md.content.decode()
        self.assertIn("## Afhaal met \\*vaste\\* uren", text)
        self.assertIn("Brasserie De Klok", text)
        self.assertNotIn("Nog niet beoordeeld", text)
        html = self.client.get(url, {"format": "html"}).content.decode()
        self.assertIn("<h2>Afhaal met *vaste* uren</h2>", html)
        self.assertTrue(AuditEvent.objects.filter(verb="practice.exported").exists())
        self.assertEqual(self.client.get(url, {"format": "pdf"}).status_code, 404)
        self.assertEqual(self.client.get(url, {"since": "gisteren"}).status_code, 400)
        later = self.client.get(url, {"format": "md", "since": "2999-01-01"}).content.decode()
        self.assertNotIn("Afhaal", later)

    def test_review_and_export_are_403_for_callers_and_404_for_the_other_chapter(self):
        for name in ("practice_review_queue", "practice_export"):
            url = reverse(f"knowledge:{name}", args=["mechelen"])
            self.client.force_login(self.caller)
            self.assertEqual(self.client.get(url).status_code, 403)
            self.client.force_login(self.outsider)
            self.assertEqual(self.client.get(url).status_code, 404)
