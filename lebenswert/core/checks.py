"""System checks of the deployment that Django's own `check --deploy` misses."""

from urllib.parse import urlsplit

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


LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", ""}


def check_public_url_is_set(app_configs=None, **kwargs) -> list[Warning]:
    """In production, links in PDF reports must point to the portal's address."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.LEBENSWERT_PUBLIC_URL)
    if parts.scheme == "https" and parts.hostname not in LOOPBACK_HOSTS:
        return []
    return [
        Warning(
            f"LEBENSWERT_PUBLIC_URL is {settings.LEBENSWERT_PUBLIC_URL!r}: links in "
            "PDF reports would point there instead of to the portal.",
            hint="Set LEBENSWERT_PUBLIC_URL to the portal's public HTTPS address, "
            "e.g. https://lebenswert.example.org; see README, Konfiguration.",
            id="lebenswert.W002",
        )
    ]
