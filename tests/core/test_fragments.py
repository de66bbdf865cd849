"""Cached fragments: fewer queries on a repeat visit, never stale after a change."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from municipalities import actions as municipality_actions
from services import actions
from services.models import Indicator


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/gemeinden/?q=Esch",
        "/gemeinden/06636003/",
        "/sektoren/wasserversorgung/?kreis=06636",
    ],
)
def test_repeat_visit_is_served_from_the_cache(client, roles, real_cache, path):
    client.force_login(roles["viewer"])
    first, cold = _get(client, path)
    second, warm = _get(client, path)

    def main(page: str) -> str:
        # Forms carry a fresh CSRF token per response; the rest must be equal.
        body = page.split('<main id="main"')[1].split("</main>")[0]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    assert main(second) == main(first)
    assert warm < cold


def test_an_edit_shows_at_once_on_cached_pages(client, roles, municipality, real_cache):
    indicator = Indicator.objects.get(code="water_price_m3")
    client.force_login(roles["viewer"])
    before, _ = _get(client, municipality.get_absolute_url())
    sector_before, _ = _get(client, "/sektoren/wasserversorgung/?kreis=06636")
    assert "2,87" not in before and "2,87" not in sector_before

    actions.indicator_value_set(
        municipality=municipality, indicator=indicator, year=2024,
        value=Decimal("2.87"), source="Satzung", actor=roles["editor"],
    )  # fmt: skip

    after, _ = _get(client, municipality.get_absolute_url())
    sector_after, _ = _get(client, "/sektoren/wasserversorgung/?kreis=06636")
    assert "2,87" in after and "2,87" in sector_after


def test_an_import_shows_at_once_in_the_directory(client, roles, real_cache):
    client.force_login(roles["viewer"])
    before, _ = _get(client, "/gemeinden/?q=Berkatal")
    assert ">Berkatal</a>" not in before

    municipality_actions.pilot_region_load()

    after, _ = _get(client, "/gemeinden/?q=Berkatal")
    assert ">Berkatal</a>" in after


def test_editors_and_readers_get_their_own_version_of_the_page(
    client, roles, municipality, real_cache
):
    client.force_login(roles["viewer"])
    reader, _ = _get(client, municipality.get_absolute_url())
    client.force_login(roles["editor"])
    editor, _ = _get(client, municipality.get_absolute_url())
    assert "Kennzahl eintragen" in editor and "Kennzahl eintragen" not in reader
    assert "Ihre Rolle: Bearbeiten" in editor and "Ihre Rolle: Lesen" in reader
