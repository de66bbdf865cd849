"""Every API route × client (anonymous, tokens of each scope and municipality, a
revoked token) × method. tests/test_authorization_matrix.py covers the same routes
for the portal's roles (a session is no API credential) and refers here.

A token of Eschwege cannot write Wanfried's figures; a token without the scope
figures:write writes nothing; reads of public data need no token.
"""

import pytest
from django.urls import get_resolver, reverse

from cooperations import actions as cooperation_actions
from cooperations.models import Cooperation
from lebenswert.api import actions
from tests.api.conftest import bearer, make_token
from tests.test_authorization_matrix import _value

CLIENTS = ["anonymous", "read", "write", "wanfried_write", "revoked"]
# Reads: public; a revoked (or unknown) token is refused, not ignored.
READ = {**dict.fromkeys(CLIENTS, 200), "revoked": 401}
# Writes to Eschwege: only its token with figures:write.
WRITE_ESCHWEGE = {
    "anonymous": 401, "read": 403, "write": "ok", "wanfried_write": 403,
    "revoked": 401,
}  # fmt: skip
WRITE_WANFRIED = {**WRITE_ESCHWEGE, "write": 403, "wanfried_write": "ok"}
# Writing to a read-only route: nobody.
READ_ONLY = {**dict.fromkeys(CLIENTS, 403), "anonymous": 401, "revoked": 401}

VALUE = {"value": "2.10", "source": "Kämmerei"}
BATCH = {"values": [{"indicator": "water_price_m3", "year": 2024, **VALUE}]}


def _path(name, *args):
    return lambda ctx: reverse(f"api:{name}", args=args)


def _published(ctx):
    cooperation = cooperation_actions.cooperation_create(
        actor=None, title="Pool", task="Bereitschaft", lead=ctx["municipality"],
        partners=[ctx["municipality"]], status="exploring",
    )  # fmt: skip
    Cooperation.objects.filter(pk=cooperation.pk).update(is_published=True)
    return reverse("api:cooperation_detail", args=[cooperation.pk])


def _unpublished(ctx):
    cooperation = cooperation_actions.cooperation_create(
        actor=None, title="Intern", task="Bereitschaft", lead=ctx["municipality"],
        partners=[ctx["municipality"]], status="exploring",
    )  # fmt: skip
    return reverse("api:cooperation_detail", args=[cooperation.pk])


def _existing_value(ctx):
    _value(ctx)
    return _value_path("06636003")(ctx)


def _value_path(ags):
    return _path("indicator_value_detail", ags, "water_price_m3", 2024)


# row → (path, method, body, expected per client)
API_MATRIX = {
    "municipality_list": (_path("municipality_list"), "get", None, READ),
    "municipality_detail": (
        _path("municipality_detail", "06636003"), "get", None, READ
    ),
    "municipality_values": (
        _path("municipality_values", "06636003"), "get", None, READ
    ),
    "municipality_values#post": (
        _path("municipality_values", "06636003"), "post", BATCH, WRITE_ESCHWEGE
    ),
    "municipality_values#post_wanfried": (
        _path("municipality_values", "06636015"), "post", BATCH, WRITE_WANFRIED
    ),
    "indicator_value_detail": (_existing_value, "get", None, READ),
    "indicator_value_detail#put": (
        _value_path("06636003"), "put", VALUE, WRITE_ESCHWEGE
    ),
    "indicator_value_detail#put_wanfried": (
        _value_path("06636015"), "put", VALUE, WRITE_WANFRIED
    ),
    "indicator_list": (_path("indicator_list"), "get", None, READ),
    "indicator_list#post": (_path("indicator_list"), "post", VALUE, READ_ONLY),
    "indicator_value_list": (_path("indicator_value_list"), "get", None, READ),
    "indicator_value_list#delete": (
        _path("indicator_value_list"), "delete", None, READ_ONLY
    ),
    "cooperation_list": (_path("cooperation_list"), "get", None, READ),
    "cooperation_detail": (_published, "get", None, READ),
    # Unpublished: invisible anonymously and to every token.
    "cooperation_detail#unpublished": (
        _unpublished, "get", None, {**dict.fromkeys(CLIENTS, 404), "revoked": 401}
    ),
    "organisational_form_list": (_path("organisational_form_list"), "get", None, READ),
    "funding_programme_list": (_path("funding_programme_list"), "get", None, READ),
    "funding_programme_list#put": (
        _path("funding_programme_list"), "put", VALUE, READ_ONLY
    ),
    "schema": (_path("schema"), "get", None, READ),
    # A portal page (lebenswert.api.docs), not an API view: no token is looked at.
    "docs": (_path("docs"), "get", None, dict.fromkeys(CLIENTS, 200)),
    # Answered before any credential is looked at.
    "not_found": (
        lambda ctx: "/api/v1/unknown/", "get", None, dict.fromkeys(CLIENTS, 404)
    ),
}  # fmt: skip


@pytest.fixture
def tokens(municipality, wanfried):
    revoked, plain_revoked = make_token(municipality, name="Alt")
    actions.api_token_revoke(token=revoked, actor=None)
    return {
        "anonymous": None,
        "read": make_token(municipality, scopes=(), name="Lesen")[1],
        "write": make_token(municipality)[1],
        "wanfried_write": make_token(wanfried, name="Wanfried")[1],
        "revoked": plain_revoked,
    }


@pytest.mark.parametrize("row", sorted(API_MATRIX))
@pytest.mark.parametrize("client_kind", CLIENTS)
def test_api_matrix(api, municipality, wanfried, tokens, row, client_kind):
    build, method, body, expectations = API_MATRIX[row]
    expected = expectations[client_kind]
    headers = bearer(tokens[client_kind]) if tokens[client_kind] else {}
    path = build({"municipality": municipality})
    response = getattr(api, method)(path, body, format="json", **headers)
    if expected == "ok":
        assert response.status_code in (200, 201), (row, client_kind, response.content)
    else:
        assert response.status_code == expected, (
            row, client_kind, response.status_code, response.content,
        )  # fmt: skip


def test_every_api_route_has_a_row():
    api_names = {
        name
        for name in get_resolver().namespace_dict["api"][1].reverse_dict
        if isinstance(name, str)
    }
    rows = {row.partition("#")[0] for row in API_MATRIX}
    assert api_names == rows
