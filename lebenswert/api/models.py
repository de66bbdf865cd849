"""API tokens: one municipality's key for its own systems, stored only as a digest.

The plain token is shown once when it is made; the database keeps a short prefix
to find the row and the SHA-256 digest of the whole token to check it.
"""

import hashlib
import hmac
import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from lebenswert.core.models import NormalisedText, actor_field
from municipalities.roles import role_facts

TOKEN_PREFIX = "lw_"
PREFIX_LENGTH = 8


class Scope(models.TextChoices):
    FIGURES_WRITE = "figures:write", _("Kennzahlwerte schreiben (figures:write)")


def token_digest(plain: str) -> str:
    """The stored form of a token: SHA-256 of 256 random bits needs no slow hash."""
    return hashlib.sha256(plain.encode()).hexdigest()


def token_generate() -> tuple[str, str]:
    """A new plain token and its lookup prefix: "lw_<prefix>_<secret>"."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}", prefix


def token_prefix(plain: str) -> str | None:
    """The lookup prefix of a presented token; None if it has not the token's shape."""
    if not plain.startswith(TOKEN_PREFIX):
        return None
    prefix, _sep, secret = plain[len(TOKEN_PREFIX) :].partition("_")
    if len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)

    def manageable_by(self, user) -> "ApiTokenQuerySet":
        """The tokens `user` may see and revoke: the list form of the rule
        api.manage_token (lebenswert/api/rules.py): editors of the token's
        municipality, and admins."""
        facts = role_facts(user)
        if not facts.is_active:
            return self.none()
        if facts.is_admin:
            return self
        return self.filter(municipality_id__in=sorted(facts.edited))


class ApiToken(NormalisedText, models.Model):
    audited_fields = ["name", "municipality", "scopes", "revoked_at"]

    name = models.CharField(
        _("Name"),
        max_length=100,
        help_text=_("Wofür der Schlüssel dient, z. B. „Finanzsoftware Kämmerei“."),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Gemeinde"),
    )
    scopes = models.JSONField(_("Rechte"), default=list, blank=True)
    prefix = models.CharField(
        _("Kennung"), max_length=PREFIX_LENGTH, unique=True, editable=False
    )
    digest = models.CharField(max_length=64, editable=False)
    created_by = actor_field(_("angelegt von"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("zuletzt benutzt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("widerrufen am"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        ordering = ["municipality", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({TOKEN_PREFIX}{self.prefix}…)"

    @property
    def actor_name(self) -> str:
        """The name the change history shows for the token's writes."""
        return f"API: {self.name} ({self.municipality.short_name})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes

    def matches(self, plain: str) -> bool:
        return hmac.compare_digest(self.digest, token_digest(plain))

    def audit_municipality(self):
        return self.municipality
