"""The client's address: the one answer for lockouts, login records and logs."""

from django.conf import settings
from django.http import HttpRequest
from ipware import get_client_ip


def client_address(request: HttpRequest) -> str:
    """The address of the person's machine, as far as the trusted proxies tell.

    Without a proxy (LEBENSWERT_TRUSTED_PROXIES = 0) only the connection's own
    address counts: an X-Forwarded-For header could be typed by anyone. Behind n
    trusted proxies the last of them is the connection, and each appended the
    address it was contacted from to X-Forwarded-For, so the client is the n-th
    entry from the right; entries further left are whatever the client sent.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.LEBENSWERT_TRUSTED_PROXIES
    if not proxies:
        return remote
    address, _routable = get_client_ip(
        request,
        proxy_count=proxies - 1,
        request_header_order=["HTTP_X_FORWARDED_FOR"],
        # Not strict: the entries a client adds on the left must not make the
        # chain count as invalid (that would fall back to the proxy's address).
        strict=False,
    )
    return address or remote
