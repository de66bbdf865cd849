"""Account writes: creating users and inviting them to set a password."""

import secrets

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


@transaction.atomic
def user_create(
    *, email: str, full_name: str = "", password: str | None = None, is_staff=False
) -> User:
    """A new account; without a password it can only be used after an invitation."""
    user = User(
        email=email, full_name=full_name, is_staff=is_staff, is_superuser=is_staff
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


def user_invite(*, user: User, base_url: str) -> None:
    """E-mail a one-time link with which the user sets a password and logs in."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "url": base_url.rstrip("/") + path}
    send_mail(
        subject="Einladung zum LebensWert-Portal",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def calendar_token_reset(*, user: User) -> str:
    """A new secret calendar address; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
