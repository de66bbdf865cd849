"""System checks of the deployment that Django's own `check --deploy` misses."""

from django.conf import settings
from django.core.checks import Warning

# Backends that never deliver: password-reset and invitation links (which take
# over an account) would end up in the server log or in memory.
UNDELIVERED_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


def check_mail_is_delivered(app_configs=None, **kwargs) -> list[Warning]:
    """In production, mail must leave the machine: EMAIL_HOST must be set."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in UNDELIVERED_MAIL_BACKENDS:
        return []
    return [
        Warning(
            f"E-mail is not sent but kept by {settings.EMAIL_BACKEND}: password-"
            "reset and invitation links would land in the server log.",
            hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, "
            "EMAIL_HOST_PASSWORD) to the SMTP server; see README, Konfiguration.",
            id="lebenswert.W001",
        )
    ]
