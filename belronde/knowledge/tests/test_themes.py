"""The chapter's theme list: seeded once, edited by the coordinator, used by the tagger."""

from django.urls import reverse

from belronde.accounts.actions import create_chapter
from belronde.audit.models import AuditEvent
from belronde.testing import BelrondeTestCase
from belronde.themes.access import labels, tagger_for
from belronde.themes.actions import ensure_themes
from belronde.themes.models import Theme


class ThemeTests(BelrondeTestCase):
    def test_each_chapter_gets_the_curated_list_once_when_it_is_created(self):
        self.assertEqual(Theme.objects.filter(chapter=self.mechelen).count(), 11)
        self.assertEqual(ensure_themes(self.mechelen), 0)
        self.assertEqual(Theme.objects.filter(chapter=self.mechelen).count(), 11)
        chapter = create_chapter(actor=None, slug="boom", name="Boom", region=self.mechelen.region)
        self.assertEqual(Theme.objects.filter(chapter=chapter).count(), 11)
        self.assertEqual(labels(self.mechelen, "en")["staff"], "Staff and temporary unemployment")
        self.assertEqual(
            labels(self.mechelen, "nl")["staff"], "Personeel en tijdelijke werkloosheid"
        )

    def test_reading_themes_never_writes_them(self):
        Theme.objects.filter(chapter=self.lier).delete()
        self.client.force_login(self.outsider)  # Lier's coordinator
        self.assertEqual(self.client.get("/c/lier/knowledge/themes/").status_code, 200)
        self.assertFalse(Theme.objects.filter(chapter=self.lier).exists())

    def test_the_coordinator_edits_keywords_and_the_tagger_follows(self):
        self.client.force_login(self.coordinator)
        url = reverse("knowledge:theme_edit", args=["mechelen", "digitalisation"])
        self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.post(
            url,
            {
                "label_nl": "Digitalisering",
                "label_en": "Digitalisation",
                "keywords": "webshop*\nkassa*\n",
                "is_active": "on",
                "position": "90",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(tagger_for(self.mechelen).slugs("Een nieuwe kassa"), ["digitalisation"])
        self.assertTrue(AuditEvent.objects.filter(verb="theme.updated").exists())
        # Lier's list is untouched
        ensure_themes(self.lier)
        lier = Theme.objects.get(chapter=self.lier, slug="digitalisation")
        self.assertNotIn("kassa*", lier.keywords)

    def test_a_bad_keyword_is_explained(self):
        self.client.force_login(self.coordinator)
        url = reverse("knowledge:theme_edit", args=["mechelen", "liquidity"])
        ensure_themes(self.mechelen)
        response = self.client.post(
            url, {"label_nl": "Liquiditeit", "keywords": "... betalen", "is_active": "on"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "id_keywords_error", status_code=400)

    def test_a_theme_taken_out_of_use_is_no_longer_suggested(self):
        ensure_themes(self.mechelen)
        theme = Theme.objects.get(chapter=self.mechelen, slug="staff")
        self.client.force_login(self.coordinator)
        self.client.post(
            reverse("knowledge:theme_edit", args=["mechelen", "staff"]),
            {"label_nl": theme.label_nl, "keywords": "\n".join(theme.keywords)},
        )
        self.assertEqual(tagger_for(self.mechelen).slugs("Ons personeel is ziek"), [])

    def test_the_coordinator_adds_a_theme(self):
        self.client.force_login(self.coordinator)
        response = self.client.post(
            reverse("knowledge:theme_create", args=["mechelen"]),
            {"label_nl": "Energie", "label_en": "Energy", "keywords": "energie*\ngas*"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertIn("energy", tagger_for(self.mechelen).slugs("De energiefactuur"))
        again = self.client.post(
            reverse("knowledge:theme_create", args=["mechelen"]),
            {"label_nl": "Energie", "label_en": "Energy"},
        )
        self.assertEqual(again.status_code, 400)

    def test_the_list_lets_the_coordinator_try_a_text(self):
        self.client.force_login(self.coordinator)
        response = self.client.get(
            reverse("knowledge:theme_list", args=["mechelen"]),
            {"text": "De bank wil de lening niet verlengen"},
        )
        self.assertContains(response, "Financiering en banken")
        self.assertContains(response, "lening*")

    def test_it_is_403_for_callers_and_404_for_the_other_chapter(self):
        url = reverse("knowledge:theme_list", args=["mechelen"])
        self.client.force_login(self.caller)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.client.force_login(self.outsider)
        self.assertEqual(self.client.get(url).status_code, 404)
