"""/konto/api-tokens/ and the admin: editors make and revoke their municipality's
tokens; the plain token is shown once and stored nowhere."""

from django.urls import reverse

from lebenswert.api.models import ApiToken, token_digest
from lebenswert.audit.models import Change
from tests.api.conftest import make_token

LIST = "/konto/api-tokens/"


def test_editor_creates_a_token_shown_once(client, roles, municipality):
    client.force_login(roles["editor"])
    response = client.post(
        LIST,
        {"municipality": "06636003", "name": "Kämmerei", "scopes": ["figures:write"]},
    )
    assert response.status_code == 201
    plain = response.context["plain"]
    assert plain.startswith("lw_") and plain in response.content.decode()
    token = ApiToken.objects.get()
    assert token.digest == token_digest(plain) and token.scopes == ["figures:write"]
    assert token.created_by == roles["editor"]
    change = Change.objects.get(content_type__model="apitoken")
    assert change.actor == roles["editor"] and change.municipality_ags == "06636003"
    # Shown once: the list afterwards has only the prefix.
    again = client.get(LIST).content.decode()
    assert plain not in again and f"lw_{token.prefix}" in again


def test_editor_cannot_create_a_token_for_another_municipality(
    client, roles, other_municipality
):
    client.force_login(roles["editor"])
    response = client.post(LIST, {"municipality": "06636016", "name": "X"})
    assert response.status_code == 200  # the form, with the refusal
    assert not ApiToken.objects.exists()


def test_list_shows_only_tokens_of_the_users_municipalities(
    client, roles, municipality, other_municipality, django_assert_max_num_queries
):
    make_token(municipality, name="Eschweger Kämmerei")
    make_token(other_municipality, name="Witzenhäuser GIS")
    client.force_login(roles["editor"])
    with django_assert_max_num_queries(12):
        html = client.get(LIST).content.decode()
    assert "Eschweger Kämmerei" in html and "Witzenhäuser GIS" not in html


def test_revoke_by_an_editor_of_the_municipality(client, roles, municipality):
    token, _plain = make_token(municipality)
    url = reverse("api_tokens:api_token_revoke", args=[token.pk])
    client.force_login(roles["other_staff"])
    assert client.post(url).status_code == 403
    client.force_login(roles["editor"])
    assert client.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Change.objects.filter(
        content_type__model="apitoken", action="update", actor=roles["editor"]
    ).exists()


def test_account_page_links_to_the_tokens_for_editors_only(client, roles):
    client.force_login(roles["editor"])
    assert LIST in client.get("/konto/").content.decode()
    client.force_login(roles["viewer"])
    assert LIST not in client.get("/konto/").content.decode()


def test_admin_creates_a_token_and_shows_it_once(client, roles, municipality):
    client.force_login(roles["admin"])
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"name": "GIS", "municipality": municipality.pk, "scopes": ["figures:write"]},
    )
    assert response.status_code == 200
    plain = response.context["plain"]
    token = ApiToken.objects.get()
    assert token.matches(plain) and token.created_by == roles["admin"]
    change_page = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert plain not in change_page.content.decode()


def test_admin_revokes_with_the_action(client, roles, municipality):
    token, _plain = make_token(municipality)
    client.force_login(roles["admin"])
    client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
