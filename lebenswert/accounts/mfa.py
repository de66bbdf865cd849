"""The second factor: who needs one and what a user has (setting it up is in
actions.py)."""

from django.conf import settings
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def needs_second_factor(user: User) -> bool:
    """Editors, planners and admins may not work with a password alone.

    Who edits or plans is a role fact of the municipalities app, which names the
    rule in settings.LEBENSWERT_NEEDS_SECOND_FACTOR."""
    return bool(import_string(settings.LEBENSWERT_NEEDS_SECOND_FACTOR)(user))


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
