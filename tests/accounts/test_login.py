import pytest
from django.core import mail
from django.urls import reverse

from lebenswert.accounts import actions
from lebenswert.accounts.models import User
from tests.factories import UserFactory

PASSWORD = "correct-horse-42"


def _login(client, email, password):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR="10.0.0.1",
    )


def test_login_with_email_and_password_opens_the_dashboard(client, db):
    user = UserFactory(email="anna@eschwege.example")
    response = _login(client, "Anna@Eschwege.example", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_is_refused_with_a_clear_message(client, db):
    UserFactory(email="anna@eschwege.example")
    response = _login(client, "anna@eschwege.example", "wrong")
    assert response.status_code == 200
    assert "E-Mail-Adresse oder Passwort sind falsch" in response.content.decode()


def test_ten_failed_logins_lock_that_account_from_that_address(client, db):
    UserFactory(email="anna@eschwege.example")
    for _ in range(10):
        _login(client, "anna@eschwege.example", "wrong")

    locked = _login(client, "anna@eschwege.example", PASSWORD)

    assert locked.status_code == 429
    assert "vorübergehend gesperrt" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_lock_out_a_colleague_on_another_account(client, db):
    UserFactory(email="anna@eschwege.example")
    UserFactory(email="ben@eschwege.example")
    for _ in range(10):
        _login(client, "anna@eschwege.example", "wrong")

    response = _login(client, "ben@eschwege.example", PASSWORD)

    assert response.status_code == 302


def test_deactivated_account_cannot_log_in(client, db):
    UserFactory(email="anna@eschwege.example", is_active=False)
    response = _login(client, "anna@eschwege.example", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db):
    user = UserFactory(email="anna@eschwege.example")
    client.post(reverse("accounts:password_reset"), {"email": "anna@eschwege.example"})
    assert len(mail.outbox) == 1
    link = next(
        line
        for line in mail.outbox[0].body.splitlines()
        if "/konto/passwort-setzen/" in line
    )
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-new-secret-2026", "new_password2": "a-new-secret-2026"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-secret-2026")


def test_password_reset_for_unknown_address_sends_nothing_and_says_nothing(client, db):
    response = client.post(
        reverse("accounts:password_reset"), {"email": "nobody@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox == []


def test_invitation_mail_carries_a_set_password_link(db):
    user = actions.user_create(email="neu@sontra.example", full_name="Neue Kollegin")
    assert not user.has_usable_password()
    actions.user_invite(user=user, base_url="https://portal.example/")
    assert len(mail.outbox) == 1
    assert "https://portal.example/konto/passwort-setzen/" in mail.outbox[0].body
    assert "neu@sontra.example" in mail.outbox[0].body


def test_user_create_rejects_duplicate_email_in_other_case(db):
    actions.user_create(email="anna@eschwege.example")
    with pytest.raises(Exception, match="E-Mail"):
        actions.user_create(email="ANNA@eschwege.example")
    assert User.objects.count() == 1


def test_there_is_no_public_sign_up(client, db):
    assert client.get("/konto/registrieren/").status_code == 404


def test_every_login_and_failed_login_is_kept_with_time_account_and_address(client, db):
    from axes.models import AccessFailureLog, AccessLog

    UserFactory(email="anna@eschwege.example")
    _login(client, "anna@eschwege.example", "wrong")
    _login(client, "anna@eschwege.example", PASSWORD)
    failure = AccessFailureLog.objects.get()
    assert failure.username == "anna@eschwege.example"
    assert failure.ip_address == "10.0.0.1" and failure.attempt_time
    success = AccessLog.objects.get()
    assert success.username == "anna@eschwege.example"
    assert success.ip_address == "10.0.0.1" and success.attempt_time
