"""The guide's kept pieces (issue 16): the search's form index and results, the
pages' bodies and the side column are fresh after every change and never shared
with a reader who should see something else."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperations.guide import content, search
from cooperations.models import FormFact
from tests.core.test_fragments import _admin_edit_fact, real_cache  # noqa: F401

SEARCH = reverse("guide:guide_search")


def _get(client, path: str, **params) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, path
    page = response.content.decode()
    return page.split('<main id="main"')[1].split("</main>")[0], len(queries)


def _edit_fact(client, admin, value: str) -> None:
    fact = FormFact.objects.get(form__code="zweckverband", criterion="own_staff")
    _admin_edit_fact(client, admin, fact, value)
    client.logout()


@pytest.mark.django_db
def test_the_search_is_kept_and_finds_a_form_as_soon_as_an_admin_changes_it(
    real_cache,  # noqa: F811
    client,
    roles,
):
    first, cold = _get(client, SEARCH, q="Zweckverband")
    again, warm = _get(client, SEARCH, q="Zweckverband")
    assert again == first and warm < cold
    assert "0 Treffer für „Quallenschutz“" in _get(client, SEARCH, q="Quallenschutz")[0]

    _edit_fact(client, roles["admin"], "ja, mit Quallenschutz")

    found, _ = _get(client, SEARCH, q="Quallenschutz")
    assert "1 Treffer für „Quallenschutz“" in found
    assert reverse("guide:form_detail", args=["zweckverband"]) in found


@pytest.mark.django_db
def test_the_form_index_is_kept_per_data_version(real_cache, client, roles):  # noqa: F811
    query = search.parse("Quallenschutz", "de")
    assert search.forms_matching("de", query) == []
    with CaptureQueriesContext(connection) as queries:
        search.forms_matching("de", query)
    assert len(queries) == 1  # the data versions; the index comes from the cache
    _edit_fact(client, roles["admin"], "ja, mit Quallenschutz")
    assert [f["code"] for f in search.forms_matching("de", query)] == ["zweckverband"]


@pytest.mark.django_db
def test_the_kept_search_results_are_not_shared_between_languages(
    real_cache,  # noqa: F811
    client,
):
    german, _ = _get(client, SEARCH, q="Zweckverband")
    client.cookies["django_language"] = "en"
    english, _ = _get(client, SEARCH, q="Zweckverband")
    assert "Suche im Leitfaden" in german and "Search in the guide" in english
    assert "Kapitel" in german and "Kapitel" not in english


@pytest.mark.django_db
def test_a_deploy_with_changed_guide_pages_renews_the_kept_results(
    real_cache,  # noqa: F811
    client,
    monkeypatch,
):
    searched = []
    parse = search.parse
    monkeypatch.setattr(search, "parse", lambda *a: searched.append(a) or parse(*a))
    _get(client, SEARCH, q="Zweckverband")
    _get(client, SEARCH, q="Zweckverband")
    assert len(searched) == 1
    monkeypatch.setattr(content, "fingerprint", lambda: "other pages")
    _get(client, SEARCH, q="Zweckverband")
    assert len(searched) == 2


@pytest.mark.django_db
def test_the_forms_page_is_kept_per_land_and_follows_an_edit(
    real_cache,  # noqa: F811
    client,
    roles,
):
    path = reverse("guide:guide_page", args=["organisationsformen"])
    hessen, cold = _get(client, path)
    again, warm = _get(client, path)
    assert again == hessen and warm < cold
    bayern, _ = _get(client, path, land="09")
    assert bayern != hessen and 'href="?land=09#land" aria-current="page"' in bayern
    _edit_fact(client, roles["admin"], "ja, eigenes Personal (geprüft 2026)")
    assert "geprüft 2026" in _get(client, path)[0]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "slug, role, marker, for_staff",
    [
        # kept per login: the link to the funding check is for staff
        ("foerderung", "viewer", "Förderfähigkeit für Ihr Vorhaben prüfen", True),
        # never kept: the phase's checklist is the reader's own
        ("bestandsaufnahme", "editor", "Angemeldete Mitarbeitende können", False),
    ],
)
def test_a_guide_page_is_not_shared_between_guests_and_staff(
    real_cache,  # noqa: F811
    client,
    roles,
    slug,
    role,
    marker,
    for_staff,
):
    path = reverse("guide:guide_page", args=[slug])
    guest, _ = _get(client, path)
    client.force_login(roles[role])
    staff, _ = _get(client, path)
    assert (marker in staff, marker in guest) == (for_staff, not for_staff)


@pytest.mark.django_db
def test_the_kept_side_column_marks_the_current_page(client):
    first = reverse("guide:guide_page", args=["wasser"])
    second = reverse("guide:guide_page", args=["wohnen"])
    for path in (first, second, first):
        page, _ = _get(client, path)
        current = re.findall(r'<a href="([^"]+)" aria-current="page">', page)
        assert current == [path]
