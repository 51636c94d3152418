from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "belronde.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from belronde.ops import checks  # noqa: F401  (registers the deploy checks)
