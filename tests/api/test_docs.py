"""The API reference (/api/docs/): a portal page rendered from the OpenAPI schema,
every operation of the schema on it, in German and English, with few queries."""

from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from lebenswert.api import docs

pytestmark = pytest.mark.django_db

METHODS = {"get", "post", "put", "patch", "delete"}


def schema_operations() -> set[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method in METHODS
    }


def test_api_docs_show_every_operation_of_the_schema(client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    shown = {
        (operation.method, operation.path)
        for operation in response.context["reference"].operations
    }
    operations = schema_operations()
    assert shown == operations
    for method, path in operations:
        assert f"<code>{method} {path}</code>" in response.content.decode()


def test_api_docs_are_a_portal_page_without_script_of_their_own(client):
    response = client.get(reverse("api:docs"))
    html = response.content.decode()
    assert '<main id="main"' in html
    assert "swagger" not in html.lower()
    assert "style=" not in html
    assert "<script>" not in html
    assert 'href="/api/schema/?format=json"' in html
    assert "Authorization: Bearer lw_" in html
    assert "application/problem+json" in html
    assert '<th scope="col">' in html and "<caption>" in html


def test_api_docs_show_parameters_body_and_answers_of_a_write(client):
    html = client.get(reverse("api:docs")).content.decode()
    put = html.split('id="op-municipalities_values_update"')[1].split("</article>")[0]
    assert "<code>If-Match</code>" in put
    assert "<code>value</code>" in put  # a field of the request body
    assert "412" in put and "428" in put
    assert "Problem Details nach RFC 9457" in put
    assert "Braucht einen API-Schlüssel" in put


def test_api_docs_in_german(client):
    html = client.get(reverse("api:docs")).content.decode()
    assert '<html lang="de">' in html
    assert "API-Referenz" in html and "Datenmodelle" in html
    assert '<h2 id="tag-municipalities-heading">Gemeinden</h2>' in html
    assert '<th scope="col">Beschreibung</th>' in html
    # The schema's own texts follow the language too (DRF's pagination).
    assert "Eine Seitenzahl in der paginierten Ergebnismenge." in html


def test_api_docs_in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("api:docs")).content.decode()
    assert '<html lang="en">' in html
    assert '<h2 id="tag-municipalities-heading">Municipalities</h2>' in html
    assert '<th scope="col">Description</th>' in html
    assert "A page number within the paginated result set." in html
    assert "Eine Seitenzahl" not in html


def test_api_docs_generate_the_schema_once_per_language(client):
    docs.api_reference.cache_clear()
    with mock.patch.object(docs, "SchemaGenerator", wraps=SchemaGenerator) as generator:
        client.get(reverse("api:docs"))
        client.get(reverse("api:docs"))
    assert generator.call_count == 1


def test_api_docs_query_count_is_bounded(client, django_assert_max_num_queries):
    client.get(reverse("api:docs"))  # the schema, once per process
    with django_assert_max_num_queries(0):
        response = client.get(reverse("api:docs"))
    assert response.status_code == 200


def test_api_docs_download_links_serve_the_schema(client):
    yaml = client.get(reverse("api:schema"))
    json = client.get(reverse("api:schema") + "?format=json")
    assert yaml.status_code == json.status_code == 200
    assert yaml.content.startswith(b"openapi: 3")
    assert json.json()["openapi"].startswith("3")
