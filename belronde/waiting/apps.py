from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WaitingConfig(AppConfig):
    name = "belronde.waiting"
    label = "waiting"
    verbose_name = _("What waits for the coordinator")
