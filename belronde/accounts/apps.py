from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "belronde.accounts"
    label = "accounts"
    verbose_name = _("Accounts and chapters")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from belronde.accounts.middleware import stamp_login
        from belronde.lib import choices, lookups

        lookups.install()
        choices.install()

        user_logged_in.connect(stamp_login, dispatch_uid="belronde.accounts.stamp_login")
