from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoachingConfig(AppConfig):
    name = "belronde.coaching"
    label = "coaching"
    verbose_name = _("Coaching trajectories")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from belronde.accounts.models import Chapter
        from belronde.coaching.actions import seed_new_chapter

        # A new chapter starts with the default timeline and plan modules, in the transaction
        # that creates it (the same pattern as themes/apps.py).
        post_save.connect(seed_new_chapter, sender=Chapter, dispatch_uid="coaching.seed_timeline")
