"""Rate limits: anonymous clients by address, token holders per token (higher)."""

from rest_framework.throttling import SimpleRateThrottle

from lebenswert.core.network import client_address

from .permissions import request_token


class AnonymousThrottle(SimpleRateThrottle):
    scope = "anonymous"

    def get_cache_key(self, request, view):
        if request_token(request) is not None:
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": client_address(request._request),
        }


class TokenThrottle(SimpleRateThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        token = request_token(request)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
