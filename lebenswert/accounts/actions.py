"""Account writes: creating users, inviting them, and anonymising them."""

import re
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model, Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.module_loading import import_string
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lebenswert.audit.actions import change_record, record_saved
from lebenswert.audit.context import request_actor
from lebenswert.audit.models import Change
from lebenswert.core.queue import enqueue

from .models import ANONYMISED_DOMAIN, User

# What the audit log says instead of an anonymised person. Stored, so German.
ANONYMISED_NAME = "gelöschte Person"
REMOVED = "[entfernt]"
PERSONAL_FIELDS = ("email", "full_name", "job_title", "phone", "calendar_token")


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
    record_saved(instance=user, before=None, actor=request_actor())
    return user


def _set_password_url(*, user: User, base_url: str) -> str:
    """The one-time address at which `user` sets a new password."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def user_invite(*, user: User, base_url: str) -> None:
    """E-mail a one-time link with which the user sets a password and logs in."""
    context = {"user": user, "url": _set_password_url(user=user, base_url=base_url)}
    send_mail(
        subject="Einladung zum LebensWert-Portal",
        message=render_to_string("accounts/email/invitation.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )


def password_reset_request(*, email: str, base_url: str, language: str) -> None:
    """Queue the reset mail for the active account with this address, if any.

    Known and unknown addresses cost the request the same (one query, one queued
    task, nothing rendered or sent), so its timing tells nobody which addresses
    have an account; the worker sends the mail (password_reset_send).
    """
    user_ids = list(
        User.objects.filter(email__iexact=email.strip(), is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    transaction.on_commit(
        partial(_password_reset_enqueue, user_ids, base_url=base_url, language=language)
    )


def _password_reset_enqueue(user_ids: list[int], *, base_url: str, language: str):
    """Hand the reset to the workers; with the broker down the mail is lost, which
    is logged (the page must say the same as for an unknown address)."""
    from . import tasks

    enqueue(
        tasks.password_reset_send,
        user_ids=user_ids,
        base_url=base_url,
        language=language,
    )


def password_reset_send(*, user_ids: list[int], base_url: str, language: str) -> int:
    """Send the reset link to each of these accounts that is active and has a
    password (invited people get invitations); the number of mails sent."""
    sent = 0
    with translation.override(language):
        for user in User.objects.filter(pk__in=user_ids, is_active=True):
            if not user.has_usable_password():
                continue
            context = {
                "user": user,
                "url": _set_password_url(user=user, base_url=base_url),
            }
            subject = render_to_string(
                "accounts/email/password_reset_subject.txt", context
            )
            send_mail(
                subject=" ".join(subject.split()),
                message=render_to_string("accounts/email/password_reset.txt", context),
                from_email=None,
                recipient_list=[user.email],
            )
            sent += 1
    return sent


@transaction.atomic
def calendar_token_reset(*, user: User) -> str:
    """A new secret calendar address; the old one stops working at once."""
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


def _scrub(value: Any, traces: list[str]) -> Any:
    """`value` with every occurrence of the person's name and address replaced."""
    if isinstance(value, str):
        for trace in traces:
            value = re.sub(re.escape(trace), ANONYMISED_NAME, value, flags=re.I)
        return value
    if isinstance(value, list):
        return [_scrub(item, traces) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, traces) for key, item in value.items()}
    return value


def _audit_log_forget(*, user: User, records: dict[type[Model], list[int]]) -> int:
    """Keep the facts of the log, drop the person: actor and every trace of them
    (`records`: further rows about the person, e.g. their roles, by model)."""
    records = {User: [user.pk], **records}
    types = ContentType.objects.get_for_models(*records)
    about_person = Q(object_repr__icontains=user.email) | Q(
        changes_text__icontains=user.email
    )
    for model, pks in records.items():
        about_person |= Q(
            content_type=types[model], object_id__in=[str(pk) for pk in pks]
        )
    traces = [trace for trace in (user.email, user.full_name) if trace]
    changed = []
    for change in Change.objects.annotate(
        changes_text=Cast("changes", TextField())
    ).filter(about_person):
        if change.content_type_id == types[User].pk:
            change.changes = {
                name: [REMOVED, REMOVED] if name in PERSONAL_FIELDS else values
                for name, values in change.changes.items()
            }
        change.object_repr = _scrub(change.object_repr, traces)
        change.changes = _scrub(change.changes, traces)
        changed.append(change)
    Change.objects.bulk_update(changed, ["object_repr", "changes"], batch_size=500)
    by_person = Change.objects.filter(actor=user).update(
        actor=None, actor_repr=ANONYMISED_NAME
    )
    return by_person + len(changed)


@transaction.atomic
def user_anonymise(*, user: User, actor: User | None) -> User:
    """Erase a person (Art. 17 DSGVO); what they did stays, no longer who did it.

    Name, address, telephone, password, calendar address and roles go; the account
    row stays as "gelöschte Person" so that records keep their references. Partner
    contacts with the person's address are cleared, login records deleted.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_anonymised:
        return user
    contacts, log_entries, roles = _person_erase(user)
    change_record(
        instance=user,
        action=Change.Action.UPDATE,
        actor=actor,
        before={"anonymised": False},
        after={
            "anonymised": True,
            "roles_removed": roles,
            "contacts_cleared": contacts,
            "log_entries_anonymised": log_entries,
        },
    )
    return user


@dataclass(frozen=True)
class PersonTraces:
    """What the domain apps erased of a person (settings.LEBENSWERT_PERSON_ERASE):
    rows about them whose history is scrubbed too, and the counts recorded."""

    records: dict[type[Model], list[int]] = field(default_factory=dict)
    roles: int = 0
    contacts: int = 0


def _person_erase(user: User) -> tuple[int, int, int]:
    """The erasing steps of user_anonymise; (contacts, log entries, roles)."""
    placeholder = f"geloescht-{user.pk}@{ANONYMISED_DOMAIN}"
    # Roles and contacts live in the domain apps: the top layer erases them.
    person_erase = import_string(settings.LEBENSWERT_PERSON_ERASE)
    traces: PersonTraces = person_erase(user=user, placeholder=placeholder)
    log_entries = _audit_log_forget(user=user, records=traces.records)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__iexact=user.email).delete()

    user.email = placeholder
    user.full_name = user.job_title = user.phone = user.calendar_token = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    # A new (unusable) password hash also ends every session of the account.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    return traces.contacts, log_entries, traces.roles


def users_inactive_anonymise(*, now: datetime, retention_days: int) -> list[int]:
    """Anonymise every account without a login for `retention_days`; their ids.

    An account that never logged in counts from its creation. Each person is
    anonymised in a transaction of their own.
    """
    cutoff = now - timedelta(days=retention_days)
    ids = list(
        User.objects.not_anonymised()
        .filter(
            Q(last_login__lt=cutoff)
            | Q(last_login__isnull=True, date_joined__lt=cutoff)
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for pk in ids:
        user_anonymise(user=User(pk=pk), actor=None)
    return ids


# --- Second factor ----------------------------------------------------------------

APP_DEVICE = "Authenticator-App"
RECOVERY_DEVICE = "Wiederherstellungscodes"


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
