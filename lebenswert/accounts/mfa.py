"""The second factor: who needs it, what a user has, and setting it up."""

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lebenswert.audit.actions import change_record
from lebenswert.audit.models import Change

from .models import User

APP_DEVICE = "Authenticator-App"
RECOVERY_DEVICE = "Wiederherstellungscodes"


def needs_second_factor(user: User) -> bool:
    """Editors, planners and admins may not work with a password alone."""
    from cooperations.rules import is_any_editor
    from municipalities.rules import is_admin, is_planner

    return bool(is_admin(user) or is_planner(user) or is_any_editor(user))


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_app_device(user: User) -> TOTPDevice:
    """The device being set up: created once, confirmed by the first valid code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name=APP_DEVICE, confirmed=False
    )


@transaction.atomic
def app_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app with a valid code; returns fresh recovery codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(token):
        raise ValueError("wrong code")
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    change_record(
        instance=user,
        action=Change.Action.UPDATE,
        actor=user,
        before={"second_factor": None},
        after={"second_factor": APP_DEVICE},
    )
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the recovery codes; each works once."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=code) for code in codes]
    )
    return codes
