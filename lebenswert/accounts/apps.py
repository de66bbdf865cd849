from axes import apps as axes_apps
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import apps as otp_static_apps
from django_otp.plugins.otp_totp import apps as otp_totp_apps


class AccountsConfig(AppConfig):
    name = "lebenswert.accounts"
    label = "accounts"
    verbose_name = _("Konten")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_logged_out

        from . import sessions

        user_logged_in.connect(sessions.on_login, dispatch_uid="session_login_at")
        user_logged_out.connect(sessions.on_logout, dispatch_uid="session_epoch")


# German names (with an English translation) for the third-party apps that the
# admin shows as sections: their own AppConfigs name them "Axes", "Otp_Totp" ….
# Listed in INSTALLED_APPS instead of the apps' own configs; `default = False`
# keeps AccountsConfig the config of "lebenswert.accounts".
class LoginAttemptsConfig(axes_apps.AppConfig):
    default = False
    verbose_name = _("Anmeldeversuche")


def _name_models(config: AppConfig, names: dict[str, tuple[str, str]]) -> None:
    """django-otp names its models in plain English (no gettext): German names
    with an English translation for the admin and the history. Migrations read
    `_meta.original_attrs`, which stays as the package wrote it."""
    for model_name, (singular, plural) in names.items():
        meta = config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural


class AppDeviceConfig(otp_totp_apps.DefaultConfig):
    default = False
    verbose_name = _("Zweiter Faktor: Authenticator-Apps")

    def ready(self):
        super().ready()
        _name_models(
            self, {"TOTPDevice": (_("Authenticator-App"), _("Authenticator-Apps"))}
        )


class RecoveryCodesConfig(otp_static_apps.DefaultConfig):
    default = False
    verbose_name = _("Zweiter Faktor: Wiederherstellungscodes")

    def ready(self):
        super().ready()
        _name_models(
            self,
            {
                "StaticDevice": (
                    _("Satz Wiederherstellungscodes"),
                    _("Sätze Wiederherstellungscodes"),
                ),
                "StaticToken": (
                    _("Wiederherstellungscode"),
                    _("Wiederherstellungscodes"),
                ),
            },
        )
