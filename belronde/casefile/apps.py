from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasefileConfig(AppConfig):
    name = "belronde.casefile"
    label = "casefile"
    verbose_name = _("The firm's case file")
