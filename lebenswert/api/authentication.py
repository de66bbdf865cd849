"""`Authorization: Bearer lw_…`: a municipality's API token, checked by its digest."""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from . import actions
from .models import ApiToken, token_prefix

# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """The request's user stays anonymous: a token acts for its municipality with
    its scopes (request.auth), never with the rights of the person who made it."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(
            "latin-1", errors="replace"
        )
        keyword, _sep, plain = header.partition(" ")
        if not header or keyword.lower() != self.keyword.lower():
            return None
        plain = plain.strip()
        prefix = token_prefix(plain)
        token = (
            ApiToken.objects.select_related("municipality")
            .filter(prefix=prefix)
            .first()
            if prefix
            else None
        )
        if token is None or not token.matches(plain) or not token.is_active:
            raise exceptions.AuthenticationFailed(
                _("Unbekannter oder widerrufener API-Schlüssel.")
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            actions.api_token_touch(token=token, now=now)
        return AnonymousUser(), token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema: HTTP bearer; reads work without it."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "API-Schlüssel einer Gemeinde (lw_…), /konto/api-tokens/.",
        }
