import pytest
from django.test import RequestFactory

from lebenswert.core.network import client_address


def _request(remote="10.0.0.254", forwarded_for=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded_for is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return RequestFactory().get("/", **meta)


def test_without_a_proxy_only_the_connection_counts(settings):
    settings.LEBENSWERT_TRUSTED_PROXIES = 0
    assert client_address(_request("192.0.2.7", "203.0.113.9")) == "192.0.2.7"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (1, "192.0.2.7", "192.0.2.7"),
        (1, "203.0.113.9, 192.0.2.7", "192.0.2.7"),  # left of it: forged
        (1, "10.20.30.40", "10.20.30.40"),  # a client in the Kreis network
        (1, "2001:db8::7", "2001:db8::7"),
        (2, "203.0.113.9, 192.0.2.7, 10.0.0.1", "192.0.2.7"),
    ],
)
def test_behind_proxies_the_client_is_what_the_first_trusted_one_saw(
    settings, proxies, forwarded_for, client
):
    settings.LEBENSWERT_TRUSTED_PROXIES = proxies
    assert client_address(_request(forwarded_for=forwarded_for)) == client


@pytest.mark.parametrize("forwarded_for", [None, "", "not-an-address"])
def test_behind_a_proxy_without_a_usable_header_the_connection_counts(
    settings, forwarded_for
):
    settings.LEBENSWERT_TRUSTED_PROXIES = 1
    assert client_address(_request(forwarded_for=forwarded_for)) == "10.0.0.254"


def test_axes_asks_the_same_function(settings):
    from axes.helpers import get_client_ip_address

    settings.LEBENSWERT_TRUSTED_PROXIES = 1
    request = _request(forwarded_for="203.0.113.9, 192.0.2.7")
    assert get_client_ip_address(request) == client_address(request) == "192.0.2.7"
