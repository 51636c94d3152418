from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "belronde.campaigns"
    label = "campaigns"
    verbose_name = _("Call rounds")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from belronde.accounts.models import Chapter
        from belronde.campaigns.actions import seed_new_chapter

        # A new chapter starts with the default script, in the transaction that creates it (a GET
        # never writes; see ``themes/apps.py`` for the same pattern).
        post_save.connect(seed_new_chapter, sender=Chapter, dispatch_uid="campaigns.seed_script")
