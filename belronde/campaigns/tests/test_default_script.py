"""A chapter is given the default call-round script when it is created; reading never writes."""

from importlib import import_module

from django.apps import apps
from django.urls import reverse

from belronde.accounts.actions import create_chapter
from belronde.audit.models import AuditEvent
from belronde.campaigns import script_items
from belronde.campaigns.models import Script
from belronde.testing import BelrondeTestCase


class DefaultScriptTests(BelrondeTestCase):
    def test_a_new_chapter_starts_with_the_default_script_in_dutch(self):
        chapter = create_chapter(actor=None, slug="boom", name="Boom", region=self.region)
        script = Script.objects.get(chapter=chapter)
        self.assertEqual(script.name, "Script van de belronde")
        self.assertEqual(script.current.number, 1)
        self.assertEqual(
            [item["key"] for item in script.current.items],
            [item["key"] for item in script_items.DEFAULT_ITEMS],
        )
        self.assertEqual(script.current.intro_nl, script_items.DEFAULT_INTRO_NL)

    def test_the_seed_is_part_of_the_chapter_creation_not_an_audited_act_of_its_own(self):
        create_chapter(actor=None, slug="boom", name="Boom", region=self.region)
        verbs = list(AuditEvent.objects.filter(chapter__slug="boom").values_list("verb", flat=True))
        self.assertNotIn("script.created", verbs)

    def test_the_script_list_and_the_new_campaign_page_create_nothing(self):
        Script.objects.filter(chapter=self.lier).delete()
        self.client.force_login(self.outsider)  # Lier's coordinator
        for name in ("campaigns:script_list", "campaigns:create"):
            self.assertEqual(self.client.get(reverse(name, args=["lier"])).status_code, 200)
        self.assertFalse(Script.objects.filter(chapter=self.lier).exists())

    def test_the_migration_gives_a_script_to_chapters_that_have_none(self):
        Script.objects.filter(chapter=self.lier).delete()
        mechelen_scripts = list(Script.objects.filter(chapter=self.mechelen))
        migration = import_module(
            "belronde.campaigns.migrations.0004_default_script_of_existing_chapters"
        )
        migration.seed(apps, None)
        self.assertEqual(Script.objects.get(chapter=self.lier).name, "Script van de belronde")
        self.assertEqual(list(Script.objects.filter(chapter=self.mechelen)), mechelen_scripts)
