from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "belronde.funding"
    label = "funding"
    verbose_name = _("Programmes and funding")

    def ready(self) -> None:
        from belronde.coaching.signals import trajectory_started
        from belronde.funding.actions import on_trajectory_started

        trajectory_started.connect(on_trajectory_started, dispatch_uid="funding.enrol")
