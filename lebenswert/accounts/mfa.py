"""The second factor: who needs one and what a user has (setting it up is in
actions.py)."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User


def needs_second_factor(user: User) -> bool:
    """Editors, planners and admins may not work with a password alone."""
    from municipalities.rules import is_any_editor, is_planner

    from .rules import is_admin

    return bool(is_admin(user) or is_planner(user) or is_any_editor(user))


def app_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()
