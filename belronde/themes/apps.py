from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "belronde.themes"
    label = "themes"
    verbose_name = _("Themes")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from belronde.accounts.models import Chapter
        from belronde.themes.actions import seed_new_chapter

        # A new chapter starts with the curated themes, in the transaction that creates it, so
        # that no page has to create them on first use (a GET never writes).
        post_save.connect(seed_new_chapter, sender=Chapter, dispatch_uid="themes.seed_themes")
