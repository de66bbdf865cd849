"""The API (/api/v1/): public reads, token writes through the pages' action,
versions and 412, batches all or nothing, problem details, ETags, throttling."""

import logging
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperations import actions as cooperation_actions
from cooperations.models import Cooperation, CooperationPartner
from lebenswert.api import actions
from lebenswert.api.models import ApiToken
from lebenswert.api.throttling import AnonymousThrottle, TokenThrottle
from lebenswert.audit.models import Change
from services import actions as service_actions
from services.models import Indicator, IndicatorValue
from tests.api.conftest import bearer, make_token
from tests.factories import (
    KreisFactory,
    LandFactory,
    MunicipalityFactory,
    PopulationFigureFactory,
    RegierungsbezirkFactory,
)

VALUE_URL = "/api/v1/municipalities/06636003/values/water_price_m3/2024/"
BATCH_URL = "/api/v1/municipalities/06636003/values/"


def _value(municipality, value="2.05", *, is_demo=False, year=2024):
    current = IndicatorValue.objects.filter(municipality=municipality, year=year)
    return service_actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=year,
        value=Decimal(value),
        source="Test",
        actor=None,
        is_demo=is_demo,
        expected_version=current.values_list("version", flat=True).first(),
    )


def _cooperation(municipality, partners, *, published=True, title="Abwasser-Pool"):
    cooperation = cooperation_actions.cooperation_create(
        actor=None,
        title=title,
        task="Gemeinsame Bereitschaft",
        lead=municipality,
        partners=partners,
        status="exploring",
    )
    Cooperation.objects.filter(pk=cooperation.pk).update(is_published=published)
    CooperationPartner.objects.filter(cooperation=cooperation).update(
        contact_name="Erika Mustermann", contact_email="erika@example.org"
    )
    return cooperation


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("urn:lebenswert:problem:")
    assert body["title"] and isinstance(body["detail"], str)
    return body


# Reads


def test_municipality_detail_shows_official_figures_with_date_basis_and_source(
    api, municipality
):
    PopulationFigureFactory(municipality=municipality, date="2024-12-31")
    response = api.get("/api/v1/municipalities/06636003/")
    assert response.status_code == 200
    body = response.json()
    assert body["ags"] == "06636003" and body["land"]["code"] == "06"
    assert body["population"]["basis"] == "zensus2022"
    assert body["population_figures"] == [
        {
            "date": "2024-12-31",
            "population": 5000,
            "basis": "zensus2022",
            "source": "Testdaten",
        }
    ]


def test_municipality_list_filters_like_the_directory(api, municipality, wanfried):
    bayern = LandFactory(code="09", name="Bayern")
    oberbayern = RegierungsbezirkFactory(code="091", land=bayern)
    MunicipalityFactory(
        ags="09162000",
        name="München",
        kreis=KreisFactory(code="09162", land=bayern, regierungsbezirk=oberbayern),
    )
    names = lambda query: [  # noqa: E731
        m["ags"] for m in api.get(f"/api/v1/municipalities/{query}").json()["results"]
    ]
    assert names("?kreis=06636") == ["06636003", "06636015"]
    assert names("?q=Wanf") == ["06636015"]
    assert names("?q=06636003") == ["06636003"]
    assert "09162000" not in names("?land=06")


def test_indicator_values_are_public_and_demo_values_are_flagged(
    api, municipality, wanfried
):
    _value(municipality)
    _value(wanfried, "3.10", is_demo=True)
    response = api.get("/api/v1/values/?indicator=water_price_m3&kreis=06636")
    assert response.status_code == 200
    flags = {v["municipality"]: v["is_demo"] for v in response.json()["results"]}
    assert flags == {"06636003": False, "06636015": True}
    assert api.get("/api/v1/values/?is_demo=false").json()["count"] == 1
    assert api.get("/api/v1/indicators/?sector=wasserversorgung").json()["count"] > 0


def test_forms_and_funding_programmes_per_land(api, db):
    forms = api.get("/api/v1/organisational-forms/?land=06").json()["results"]
    assert forms and {f["land"] for f in forms} == {"06"}
    programmes = api.get("/api/v1/funding-programmes/?land=05").json()["results"]
    assert programmes and {p["land"] for p in programmes} == {"05"}


def test_register_shows_published_cooperations_with_confirmed_partners_only(
    api, municipality, wanfried, read_token
):
    published = _cooperation(municipality, [municipality, wanfried])
    CooperationPartner.objects.filter(
        cooperation=published, municipality=wanfried
    ).update(consent="requested")
    hidden = _cooperation(municipality, [municipality], published=False, title="Geh")
    for headers in ({}, bearer(read_token[1])):
        listed = api.get("/api/v1/register/", **headers).json()["results"]
        assert [c["id"] for c in listed] == [published.pk]
        assert [p["ags"] for p in listed[0]["partners"]] == ["06636003"]
        assert "Erika" not in str(listed) and "example.org" not in str(listed)
        assert api.get(f"/api/v1/register/{hidden.pk}/", **headers).status_code == 404
        assert (
            api.get(f"/api/v1/register/{published.pk}/", **headers).status_code == 200
        )


def test_register_filters_like_the_register_page(api, municipality, wanfried):
    first = _cooperation(municipality, [municipality])
    _cooperation(wanfried, [wanfried], title="Bauhof")
    ids = lambda query: [  # noqa: E731
        c["id"] for c in api.get(f"/api/v1/register/{query}").json()["results"]
    ]
    assert ids("?municipality=06636003") == [first.pk]
    assert ids("?query=Abwasser") == [first.pk]
    assert len(ids("?land=06")) == 2
    assert ids("?status=active") == []


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/municipalities/",
        "/api/v1/values/",
        "/api/v1/register/",
        "/api/v1/organisational-forms/",
    ],
)
def test_list_queries_do_not_grow_with_rows(api, municipality, wanfried, url):
    for ags in ("06636001", "06636002", "06636004"):
        other = MunicipalityFactory(kreis=municipality.kreis, ags=ags)
        _value(other)
        _cooperation(other, [other, municipality], title=f"K {ags}")
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    assert len(queries) <= 6, [q["sql"] for q in queries]


# ETags


def test_unchanged_list_answers_304_and_a_write_changes_the_etag(
    api, municipality, write_token
):
    _value(municipality)
    first = api.get("/api/v1/values/")
    etag = first["ETag"]
    assert api.get("/api/v1/values/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    value = IndicatorValue.objects.get()
    response = api.put(
        VALUE_URL,
        {"value": "2.50", "source": "Kämmerei"},
        format="json",
        HTTP_IF_MATCH=f'"{value.pk}.{value.version}"',
        **bearer(write_token[1]),
    )
    assert response.status_code == 200
    assert api.get("/api/v1/values/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_value_detail_has_an_etag_per_value_and_answers_304(api, municipality):
    value = _value(municipality)
    response = api.get(VALUE_URL)
    assert response["ETag"] == f'"{value.pk}.1"'
    assert api.get(VALUE_URL, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


# Writes


def test_put_writes_through_the_action_with_the_token_name_in_the_history(
    api, municipality, write_token
):
    response = api.put(
        VALUE_URL, {"value": "2.10", "source": "Kämmerei"}, format="json",
        **bearer(write_token[1]),
    )  # fmt: skip
    assert response.status_code == 201
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("2.10") and not value.is_demo
    change = Change.objects.filter(object_id=str(value.pk)).get()
    assert change.actor_id is None
    assert change.actor_repr == "API: Kämmerei (Eschwege)"
    assert change.municipality_ags == "06636003"


def test_put_with_a_stale_if_match_is_refused_with_412(api, municipality, write_token):
    value = _value(municipality)
    stale = f'"{value.pk}.{value.version}"'
    _value(municipality, "2.20")  # someone else saves meanwhile (version 2)
    response = api.put(
        VALUE_URL, {"value": "2.30", "source": "Kämmerei"}, format="json",
        HTTP_IF_MATCH=stale, **bearer(write_token[1]),
    )  # fmt: skip
    assert_problem(response, 412)
    assert IndicatorValue.objects.get().value == Decimal("2.20")


def test_put_without_if_match_on_an_existing_value_needs_a_precondition(
    api, municipality, write_token
):
    _value(municipality)
    response = api.put(
        VALUE_URL, {"value": "2.30", "source": "x"}, format="json",
        **bearer(write_token[1]),
    )  # fmt: skip
    assert_problem(response, 428)


def test_an_edit_conflict_inside_the_action_is_a_412(api, municipality, write_token):
    """The version the client saw is checked again under the row lock."""
    value = _value(municipality)
    writes = [
        actions.FigureWrite(
            indicator=value.indicator, year=2024, value=Decimal("2.4"),
            source="x", version=value.version - 1 if value.version > 1 else 99,
        )
    ]  # fmt: skip
    with pytest.raises(actions.FiguresRefused) as refused:
        actions.figure_values_write(
            token=write_token[0], municipality=municipality, writes=writes
        )
    assert refused.value.conflict


def test_implausible_value_is_refused_with_field_errors(api, municipality, write_token):
    response = api.put(
        VALUE_URL, {"value": "999", "source": "x"}, format="json",
        **bearer(write_token[1]),
    )  # fmt: skip
    body = assert_problem(response, 400)
    assert "plausiblen Bereichs" in str(body["errors"]["value"])
    assert not IndicatorValue.objects.exists()


def _batch(*values: tuple[int, str]) -> dict:
    """A batch of water prices: (year, value) each."""
    return {
        "values": [
            {"indicator": "water_price_m3", "year": y, "value": v, "source": "x"}
            for y, v in values
        ]
    }


def test_batch_is_all_or_nothing(api, municipality, write_token):
    batch = _batch((2023, "2.0"), (2024, "999"))
    response = api.post(BATCH_URL, batch, format="json", **bearer(write_token[1]))
    body = assert_problem(response, 400)
    assert list(body["errors"]["values"]) == ["1"]
    assert not IndicatorValue.objects.exists()
    assert not Change.objects.filter(content_type__model="indicatorvalue").exists()
    batch["values"][1]["value"] = "2.1"
    response = api.post(BATCH_URL, batch, format="json", **bearer(write_token[1]))
    assert response.status_code == 200, response.content
    assert IndicatorValue.objects.count() == 2


def test_batch_with_one_stale_version_saves_nothing_and_answers_412(
    api, municipality, write_token
):
    _value(municipality, year=2024)
    batch = _batch((2023, "2.0"), (2024, "2.2"))
    response = api.post(BATCH_URL, batch, format="json", **bearer(write_token[1]))
    assert_problem(response, 412)
    assert IndicatorValue.objects.count() == 1


def test_token_of_eschwege_cannot_write_wanfried(api, wanfried, write_token):
    response = api.put(
        "/api/v1/municipalities/06636015/values/water_price_m3/2024/",
        {"value": "2.1", "source": "x"}, format="json", **bearer(write_token[1]),
    )  # fmt: skip
    assert_problem(response, 403)
    assert not IndicatorValue.objects.exists()


def test_revoked_token_is_refused(api, municipality, write_token):
    actions.api_token_revoke(token=write_token[0], actor=None)
    response = api.get("/api/v1/indicators/", **bearer(write_token[1]))
    assert_problem(response, 401)
    assert "Bearer" in response["WWW-Authenticate"]


# Problem details


def test_errors_are_problem_details(api, municipality):
    assert_problem(api.get("/api/v1/municipalities/99999999/"), 404)
    assert_problem(api.get("/api/v1/nothing-here/"), 404)
    assert_problem(api.put(VALUE_URL, {"value": "1"}, format="json"), 401)
    assert_problem(api.delete("/api/v1/indicators/"), 401)
    body = assert_problem(api.get("/api/v1/values/?year=abc"), 400)
    assert "year" in body["errors"]


# Tokens: stored hashed


def test_plain_token_is_nowhere_in_the_database_or_the_logs(api, municipality, caplog):
    caplog.set_level(logging.DEBUG)
    token, plain = make_token(municipality)
    api.put(VALUE_URL, {"value": "2.1", "source": "x"}, format="json", **bearer(plain))
    api.get("/api/v1/indicators/", **bearer(plain + "x"))
    assert plain not in caplog.text and plain[3:] not in caplog.text
    secret = plain.rsplit("_", 1)[1]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        rows = cursor.fetchall()
    assert rows
    for row in rows:
        for column in row:
            assert secret not in str(column)
    assert token.digest != plain and len(token.digest) == 64
    for change in Change.objects.all():
        assert secret not in str(change.changes) + change.object_repr


def test_wrong_secret_with_a_known_prefix_is_refused(api, municipality):
    token, plain = make_token(municipality)
    forged = plain[:-4] + ("aaaa" if not plain.endswith("aaaa") else "bbbb")
    assert_problem(api.get("/api/v1/indicators/", **bearer(forged)), 401)


# Throttling


@pytest.fixture
def throttle_cache(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_anonymous_clients_are_throttled_and_tokens_get_more(
    api, municipality, read_token, throttle_cache, monkeypatch
):
    rates = {"anonymous": "2/min", "token": "4/min"}
    monkeypatch.setattr(AnonymousThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(TokenThrottle, "THROTTLE_RATES", rates)
    url = "/api/v1/organisational-forms/"
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 429]
    assert_problem(api.get(url), 429)
    token_codes = [api.get(url, **bearer(read_token[1])).status_code for _ in range(5)]
    assert token_codes == [200, 200, 200, 200, 429]


# Schema and docs


def test_schema_and_docs_are_served_by_the_portal(client, db):
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/municipalities/{ags}/values/{indicator}/{year}/" in paths
    # The docs: a portal page from the same schema (more in tests/api/test_docs.py).
    docs = client.get("/api/docs/")
    html = docs.content.decode()
    assert docs.status_code == 200
    assert "<style" not in html and "<script>" not in html
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_indicator_list_etag_changes_with_an_admin_edit(client, api, roles):
    etag = api.get("/api/v1/indicators/")["ETag"]
    assert api.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    indicator = Indicator.objects.get(code="water_price_m3")
    client.force_login(roles["admin"])
    data = {
        field: getattr(indicator, field)
        for field in ["code", "name", "name_en", "unit", "better", "decimals",
                      "description", "usual_source", "position"]
    }  # fmt: skip
    data.update(sector=indicator.sector_id, name="Wasserpreis (neu)")
    data.update(minimum="0,2", maximum="10")
    response = client.post(f"/admin/services/indicator/{indicator.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    assert api.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_an_unchanged_read_comes_from_the_cache_with_one_query(
    api, municipality, throttle_cache, django_assert_max_num_queries
):
    PopulationFigureFactory(municipality=municipality, date="2024-12-31")
    url = "/api/v1/municipalities/06636003/"
    first = api.get(url)
    with django_assert_max_num_queries(1):  # the data versions
        again = api.get(url)
    assert again.json() == first.json() and again["ETag"] == first["ETag"]


def test_an_address_without_its_slash_is_redirected(api, db):
    response = api.get("/api/v1/indicators")
    assert response.status_code == 301 and response.url == "/api/v1/indicators/"
