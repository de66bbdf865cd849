"""Session limits: idle 30 minutes, 12 hours in all; logout, a new password and
deactivation end every session of the user."""

import time

import pytest
from django.test import Client

from lebenswert.accounts import sessions

PASSWORD = "ein-langes-Passwort-2026"


@pytest.fixture
def user(roles):
    user = roles["viewer"]
    user.set_password(PASSWORD)
    user.save()
    return user


def _logged_in(user) -> Client:
    client = Client()
    response = client.post(
        "/konto/anmelden/", {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def _shift(client, key, seconds) -> None:
    session = client.session
    session[key] = session[key] - seconds
    session.save()


def test_thirty_idle_minutes_end_the_session(user):
    client = _logged_in(user)
    _shift(client, sessions.SEEN_AT, 29 * 60)
    assert client.get("/uebersicht/").status_code == 200
    _shift(client, sessions.SEEN_AT, 31 * 60)
    response = client.get("/uebersicht/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/konto/anmelden/")
    assert "Ihre Sitzung ist abgelaufen" in response.content.decode()


def test_twelve_hours_end_the_session_however_busy(user):
    client = _logged_in(user)
    _shift(client, sessions.LOGIN_AT, 11 * 3600)
    assert client.get("/uebersicht/").status_code == 200
    _shift(client, sessions.LOGIN_AT, 3600 + 1)
    assert client.get("/uebersicht/").status_code == 302


def test_activity_is_recorded_at_most_once_a_minute(user):
    client = _logged_in(user)
    first = client.session[sessions.SEEN_AT]
    client.get("/uebersicht/")
    assert client.session[sessions.SEEN_AT] == first
    _shift(client, sessions.SEEN_AT, 61)
    client.get("/uebersicht/")
    assert client.session[sessions.SEEN_AT] > time.time() - 5


def test_logging_out_on_one_device_ends_the_others(user):
    office, phone = _logged_in(user), _logged_in(user)
    assert phone.get("/uebersicht/").status_code == 200
    office.post("/konto/abmelden/")
    assert phone.get("/uebersicht/").status_code == 302


def test_a_new_password_ends_other_sessions_but_keeps_this_one(user):
    office, phone = _logged_in(user), _logged_in(user)
    response = office.post(
        "/konto/passwort/",
        {
            "old_password": PASSWORD,
            "new_password1": "Ganz-neu-und-lang-2026",
            "new_password2": "Ganz-neu-und-lang-2026",
        },
    )
    assert response.status_code == 302
    assert office.get("/uebersicht/").status_code == 200
    assert phone.get("/uebersicht/").status_code == 302


def test_deactivating_an_account_ends_its_sessions(user):
    client = _logged_in(user)
    user.is_active = False
    user.save()
    assert client.get("/uebersicht/").status_code == 302
