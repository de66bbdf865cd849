from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lebenswert.accounts"
    label = "accounts"
    verbose_name = _("Konten")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import sessions

        user_logged_in.connect(sessions.on_login, dispatch_uid="session_login_at")
        user_logged_out.connect(sessions.on_logout, dispatch_uid="session_epoch")
