"""Admins create accounts in the admin and invite the people by mail."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from lebenswert.accounts.models import User

ADD = reverse("admin:accounts_user_add")
NEW_PASSWORD = "Ein-neues-Passwort-2026"


@pytest.fixture
def admin_client(client, roles):
    client.force_login(roles["admin"])
    return client


def _add_form_data(page, **fields) -> dict:
    """The add form's fields plus the (empty) inline formsets it carries."""
    data = {"usable_password": "false", "password1": "", "password2": "", **fields}
    for inline in page.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data |= {
            f"{prefix}-TOTAL_FORMS": "0",
            f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0",
            f"{prefix}-MAX_NUM_FORMS": "1000",
        }
    return data


def test_the_add_form_asks_for_address_and_name_and_no_password_by_default(
    admin_client,
):
    page = admin_client.get(ADD)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert {"email", "full_name", "usable_password"} <= set(form.fields)
    assert form.fields["usable_password"].initial == "false"
    assert not form.fields["password1"].required


def test_the_add_and_change_forms_explain_the_password_choice_in_german(
    admin_client,
):
    add_page = admin_client.get(ADD).content.decode()
    invited = User(email="eingeladen@sontra.example", full_name="Eingeladen")
    invited.set_unusable_password()
    invited.save()
    change_page = admin_client.get(
        reverse("admin:accounts_user_change", args=[invited.pk])
    ).content.decode()

    assert "Anmeldung mit Passwort" in add_page
    assert "über die Einladung fest" in add_page
    for english in ("Password-based authentication", "After you’ve created a user"):
        assert english not in add_page
    assert "Noch kein Passwort: senden Sie eine Einladung" in change_page
    assert "Enable password-based authentication" not in change_page


def test_an_admin_creates_an_account_without_a_password(admin_client):
    page = admin_client.get(ADD)
    response = admin_client.post(
        ADD,
        _add_form_data(page, email=" Neu@Sontra.example ", full_name="Neue Kollegin"),
    )
    assert response.status_code == 302, page.context["adminform"].form.errors
    user = User.objects.get(email="neu@sontra.example")
    assert user.full_name == "Neue Kollegin"
    assert not user.has_usable_password()
    assert not user.is_staff and not user.is_superuser


def test_an_admin_may_set_a_first_password(admin_client):
    page = admin_client.get(ADD)
    admin_client.post(
        ADD,
        _add_form_data(
            page, email="neu@sontra.example", usable_password="true",
            password1=NEW_PASSWORD, password2=NEW_PASSWORD,
        ),
    )  # fmt: skip
    assert User.objects.get(email="neu@sontra.example").check_password(NEW_PASSWORD)


def test_the_add_form_refuses_an_address_that_exists_in_other_case(admin_client, roles):
    page = admin_client.get(ADD)
    response = admin_client.post(
        ADD, _add_form_data(page, email=roles["viewer"].email.upper())
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert User.objects.filter(email__iexact=roles["viewer"].email).count() == 1


def test_an_invited_account_sets_its_password_from_the_mail_and_logs_in(
    admin_client,
):
    page = admin_client.get(ADD)
    admin_client.post(ADD, _add_form_data(page, email="neu@sontra.example"))
    user = User.objects.get(email="neu@sontra.example")

    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "send_invitation", "_selected_action": [user.pk]},
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["neu@sontra.example"]
    link = re.search(r"https?://[^/\s]+(/konto/passwort-setzen/\S+/)", message.body)

    admin_client.logout()
    form = admin_client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = admin_client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    login = admin_client.post(
        reverse("accounts:login"),
        {"username": "neu@sontra.example", "password": NEW_PASSWORD},
    )
    assert login.status_code == 302
    assert admin_client.session["_auth_user_id"] == str(user.pk)
    # The link worked once.
    assert admin_client.get(link.group(1), follow=True).context["validlink"] is False


@pytest.mark.parametrize(
    "path",
    [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:password_change_done"),
        ADD,
        reverse("admin:accounts_user_changelist"),
    ],
)
def test_admin_pages_load_only_assets_that_exist_and_name_an_icon(admin_client, path):
    """Every stylesheet, script and icon the page names is there; without an icon
    link browsers ask for /favicon.ico, which answers 404."""
    from django.contrib.staticfiles import finders

    page = admin_client.get(path).content.decode()
    assets = re.findall(r'(?:href|src)="/static/([^"?#]+)"', page)
    assert any(asset.startswith("admin/css/") for asset in assets)
    assert [asset for asset in assets if not finders.find(asset)] == []
    assert re.search(r'<link rel="icon" href="/static/img/favicon\.svg"', page)
