"""Security headers on every HTML page and the cookies' flags, with production
settings over HTTPS."""

import pytest

from tests.test_authorization_matrix import MATRIX, OK


@pytest.fixture
def production(settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True


def _html_pages(role: str) -> list[str]:
    return [
        name
        for name, (_build, expected, method, *_data) in MATRIX.items()
        if method == "get" and expected[role] == OK
    ]


@pytest.mark.parametrize("role", ["anonymous", "admin"])
def test_every_html_page_carries_the_security_headers(
    production, client, roles, municipality, role
):
    if roles[role]:
        client.force_login(roles[role])
    context = {"municipality": municipality, "roles": roles}
    checked = 0
    for name in _html_pages(role):
        response = client.get(MATRIX[name][0](context), secure=True)
        if not response["Content-Type"].startswith("text/html"):
            continue
        checked += 1
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        for directive in (
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ):
            assert directive in csp, (name, directive)
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, name
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000"), name
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert headers["Referrer-Policy"] == "same-origin", name
        if roles[role]:
            assert "no-store" in headers.get("Cache-Control", ""), name
    assert checked >= 10


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(
    production, client, roles
):
    user = roles["viewer"]
    user.set_password("ein-langes-Passwort-2026")
    user.save()
    client.get("/konto/anmelden/", secure=True)
    response = client.post(
        "/konto/anmelden/",
        {"username": user.email, "password": "ein-langes-Passwort-2026"},
        secure=True,
    )
    assert response.status_code == 302
    for name in ("sessionid", "csrftoken"):
        cookie = client.cookies[name]
        assert cookie["secure"] and cookie["httponly"], name
        assert cookie["samesite"] == "Lax", name
