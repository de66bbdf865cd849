"""DRF permission classes that ask the rules of lebenswert/api/rules.py."""

import rules
from rest_framework import permissions

from .models import ApiToken


def request_token(request) -> ApiToken | None:
    return request.auth if isinstance(request.auth, ApiToken) else None


class PublicRead(permissions.BasePermission):
    """Reading public data: anyone (api.read_public_data); nothing else."""

    def has_permission(self, request, view) -> bool:
        return request.method in permissions.SAFE_METHODS and request.user.has_perm(
            "api.read_public_data"
        )


class WriteFigures(permissions.BasePermission):
    """Reads as PublicRead; a write needs a token that may write the figures of the
    view's municipality (api.write_figures)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return PublicRead().has_permission(request, view)
        token = request_token(request)
        return token is not None and rules.test_rule(
            "api.write_figures", token, view.get_municipality()
        )
