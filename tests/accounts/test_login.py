import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.core import mail
from django.urls import reverse

from lebenswert import settings as project_settings
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


def test_password_reset_sends_a_link_that_sets_a_new_password(client, db, reset_queue):
    user = UserFactory(email="anna@eschwege.example")
    reset_queue.ask(client, "anna@eschwege.example")
    reset_queue.run()
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


def test_password_reset_for_unknown_address_sends_nothing_and_says_nothing(
    client, db, reset_queue
):
    response = reset_queue.ask(client, "nobody@example.org")
    reset_queue.run()
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_mail_is_sent_by_the_worker_after_the_response(
    client, db, reset_queue
):
    UserFactory(email="anna@eschwege.example")
    reset_queue.ask(client, "anna@eschwege.example")
    assert mail.outbox == []  # nothing rendered or sent inside the request
    assert len(reset_queue.queued) == 1
    reset_queue.run()
    assert [message.to for message in mail.outbox] == [["anna@eschwege.example"]]
    assert "/konto/passwort-setzen/" in mail.outbox[0].body


def test_password_reset_answers_known_and_unknown_addresses_alike(
    client, db, reset_queue
):
    UserFactory(email="anna@eschwege.example")
    known = reset_queue.ask(client, "anna@eschwege.example")
    unknown = reset_queue.ask(client, "nobody@example.org")
    assert (known.status_code, known.url, known.content) == (
        unknown.status_code,
        unknown.url,
        unknown.content,
    )
    # Both queue exactly one task; only the worker finds out who gets a mail.
    assert [sorted(kwargs) for kwargs in reset_queue.queued] == [
        ["base_url", "language", "user_ids"]
    ] * 2
    assert mail.outbox == []


def test_password_reset_with_the_broker_down_answers_as_usual_and_logs_it(
    client, db, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from lebenswert.accounts import tasks

    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1")

    monkeypatch.setattr(tasks.password_reset_send, "delay", broker_down)
    UserFactory(email="anna@eschwege.example")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            reverse("accounts:password_reset"), {"email": "anna@eschwege.example"}
        )
    assert len(callbacks) == 1
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert "password_reset_send could not be queued" in caplog.text


def test_password_reset_task_skips_accounts_without_a_password(db):
    from lebenswert.accounts import tasks

    invited = actions.user_create(email="neu@sontra.example")
    active = UserFactory(email="anna@eschwege.example")
    sent = tasks.password_reset_send(
        user_ids=[invited.pk, active.pk], base_url="https://portal.example/",
        language="de",
    )  # fmt: skip
    assert sent == 1
    assert [message.to for message in mail.outbox] == [["anna@eschwege.example"]]
    assert "https://portal.example/konto/passwort-setzen/" in mail.outbox[0].body


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


PROXY = "10.0.0.254"  # the reverse proxy: every request comes from here


def _login_via(client, email, password, *, forwarded_for, remote=PROXY):
    return client.post(
        reverse("accounts:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_a_lockout_hits_only_the_guessing_client(client, db, settings):
    from axes.models import AccessFailureLog, AccessLog

    settings.LEBENSWERT_TRUSTED_PROXIES = 1
    UserFactory(email="anna@eschwege.example")
    for _ in range(10):
        _login_via(client, "anna@eschwege.example", "wrong", forwarded_for="192.0.2.7")

    locked = _login_via(
        client, "anna@eschwege.example", PASSWORD, forwarded_for="192.0.2.7"
    )
    anna = _login_via(
        client, "anna@eschwege.example", PASSWORD, forwarded_for="198.51.100.20"
    )

    assert locked.status_code == 429
    assert anna.status_code == 302
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {
        "192.0.2.7"
    }
    assert AccessLog.objects.get().ip_address == "198.51.100.20"


def test_behind_the_proxy_addresses_the_client_typed_in_do_not_count(
    client, db, settings
):
    from axes.models import AccessFailureLog

    settings.LEBENSWERT_TRUSTED_PROXIES = 1
    UserFactory(email="anna@eschwege.example")
    # The proxy appends the address it saw; whatever stands left of it is forged.
    for forged in range(10):
        _login_via(
            client, "anna@eschwege.example", "wrong",
            forwarded_for=f"203.0.113.{forged}, 192.0.2.7",
        )  # fmt: skip

    locked = _login_via(
        client, "anna@eschwege.example", PASSWORD, forwarded_for="192.0.2.7"
    )

    assert locked.status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {
        "192.0.2.7"
    }


def test_without_a_proxy_a_forged_forwarded_for_changes_nothing(client, db, settings):
    from axes.models import AccessFailureLog, AccessLog

    settings.LEBENSWERT_TRUSTED_PROXIES = 0
    UserFactory(email="anna@eschwege.example")
    for forged in range(10):
        _login_via(
            client, "anna@eschwege.example", "wrong",
            forwarded_for=f"203.0.113.{forged}", remote="192.0.2.7",
        )  # fmt: skip

    locked = _login_via(
        client, "anna@eschwege.example", PASSWORD,
        forwarded_for="198.51.100.20", remote="192.0.2.7",
    )  # fmt: skip

    assert locked.status_code == 429
    assert set(AccessFailureLog.objects.values_list("ip_address", flat=True)) == {
        "192.0.2.7"
    }
    assert not AccessLog.objects.exists()


@pytest.fixture
def project_hashers(settings):
    """The project's hashers (the suite uses MD5 elsewhere for speed)."""
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS


def test_new_passwords_are_hashed_with_argon2(db, project_hashers):
    user = UserFactory(email="anna@eschwege.example")
    assert user.password.startswith("argon2$argon2id$")


def test_an_older_pbkdf2_hash_still_logs_in_and_is_upgraded_to_argon2(
    client, db, project_hashers
):
    user = UserFactory(email="anna@eschwege.example")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])

    response = _login(client, "anna@eschwege.example", PASSWORD)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert check_password(PASSWORD, user.password)
