from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "belronde.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge base")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from belronde.accounts.models import Chapter
        from belronde.knowledge.themes import seed_new_chapter

        # A new chapter starts with the curated themes, in the transaction that creates it, so
        # that no page has to create them on first use (a GET never writes).
        post_save.connect(seed_new_chapter, sender=Chapter, dispatch_uid="knowledge.seed_themes")
