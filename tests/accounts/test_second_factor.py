"""The second factor: required for editors, planners and admins, offered to viewers;
a password-only session reaches nothing but the set-up; a reset does not bypass it."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from lebenswert.accounts import actions
from tests.factories import MembershipFactory

pytestmark = pytest.mark.second_factor

PASSWORD = "ein-langes-Passwort-2026"


def _code(device: TOTPDevice) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:06d}"


def _log_in(client, user):
    user.set_password(PASSWORD)
    user.save()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return response


def _set_up(user) -> TOTPDevice:
    device = actions.pending_app_device(user)
    actions.app_device_confirm(user=user, device=device, token=_code(device))
    device.refresh_from_db()
    device.last_t = -1  # the test may log in again within the same 30 seconds
    device.save()
    return device


@pytest.mark.parametrize("role", ["editor", "planner", "admin"])
def test_a_password_alone_reaches_only_the_set_up(client, roles, role):
    _log_in(client, roles[role])
    for path in ("/uebersicht/", "/gemeinden/", "/kooperationen/", "/konto/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response.url.startswith("/konto/zweiter-faktor/einrichten/?next=")
    assert client.get(reverse("accounts:second_factor_setup")).status_code == 200


def test_setting_up_the_app_shows_recovery_codes_once_and_opens_the_portal(
    client, roles
):
    editor = roles["editor"]
    _log_in(client, editor)
    page = client.get("/konto/zweiter-faktor/einrichten/?next=/kooperationen/")
    assert "<svg" in page.content.decode() and "QR-Code" in page.content.decode()
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = client.post(page.request["PATH_INFO"], {"token": "000000"})
    assert "Der Code stimmt nicht" in wrong.content.decode()
    done = client.post(
        "/konto/zweiter-faktor/einrichten/",
        {"token": _code(device), "next": "/kooperationen/"},
    )
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", done.content.decode())
    assert len(codes) == 10
    assert client.get("/kooperationen/").status_code == 200


def test_next_login_asks_for_the_code_and_a_recovery_code_works_once(
    client, roles, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    editor = roles["editor"]
    device = _set_up(editor)
    codes = actions.recovery_codes_renew(user=editor)
    response = _log_in(client, editor)
    assert client.get("/uebersicht/").url.startswith("/konto/zweiter-faktor/?next=")
    assert client.post("/konto/zweiter-faktor/", {"token": "123456"}).status_code == 200
    assert client.get("/uebersicht/").status_code == 302
    ok = client.post(
        "/konto/zweiter-faktor/", {"token": codes[0], "next": "/kooperationen/"}
    )
    assert ok.status_code == 302 and ok.url == "/kooperationen/"
    assert client.get("/uebersicht/").status_code == 200
    client.logout()
    _log_in(client, editor)
    assert client.post("/konto/zweiter-faktor/", {"token": codes[0]}).status_code == 200
    assert (
        client.post("/konto/zweiter-faktor/", {"token": _code(device)}).status_code
        == 302
    )
    assert response.url  # the password step itself redirected


def test_an_open_redirect_is_not_followed_after_the_code(client, roles):
    editor = roles["editor"]
    device = _set_up(editor)
    _log_in(client, editor)
    response = client.post(
        "/konto/zweiter-faktor/",
        {"token": _code(device), "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response.url == "/uebersicht/"


def test_a_viewer_may_work_without_but_is_offered_it(client, roles):
    viewer = roles["viewer"]
    _log_in(client, viewer)
    assert client.get("/uebersicht/").status_code == 200
    page = client.get("/konto/").content.decode()
    assert "freiwillig" in page and "/konto/zweiter-faktor/einrichten/" in page


def test_a_password_reset_does_not_bypass_the_second_factor(client, roles, reset_queue):
    editor = roles["editor"]
    _set_up(editor)
    reset_queue.ask(client, editor.email)
    reset_queue.run()
    link = re.search(r"(/konto/passwort-setzen/\S+/)", mail.outbox[-1].body).group(1)
    form = client.get(link, follow=True)
    new = {"new_password1": "Neu-und-lang-2026!", "new_password2": "Neu-und-lang-2026!"}
    done = client.post(form.redirect_chain[-1][0], new)
    assert done.status_code == 302
    client.post(
        reverse("accounts:login"),
        {"username": editor.email, "password": "Neu-und-lang-2026!"},
    )
    assert client.get("/uebersicht/").url.startswith("/konto/zweiter-faktor/")


def test_a_new_member_of_an_editor_role_must_set_it_up_at_once(client, roles):
    viewer = roles["viewer"]
    _log_in(client, viewer)
    assert client.get("/uebersicht/").status_code == 200
    MembershipFactory(user=viewer, role="editor")
    assert client.get("/uebersicht/").url.startswith(
        "/konto/zweiter-faktor/einrichten/"
    )


def test_after_a_wrong_code_the_next_try_waits(client, roles):
    editor = roles["editor"]
    device = _set_up(editor)
    _log_in(client, editor)
    client.post("/konto/zweiter-faktor/", {"token": "000000"})
    # Even the right code is refused while the device is throttled.
    assert (
        client.post("/konto/zweiter-faktor/", {"token": _code(device)}).status_code
        == 200
    )
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
