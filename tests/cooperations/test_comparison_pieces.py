"""The option comparison's kept pieces (issue 13): the form, each partner's cost
table and each partner's demography section are kept as HTML by the data they
show. A change elsewhere in the register draws none of them again; a change of
what one shows draws it anew."""

import re

import pytest

from cooperations.comparison import result as comparison_result
from cooperations.forms import ComparisonForm
from lebenswert.core.fragments import COOPERATIONS, DIRECTORY, bump
from municipalities.actions import pilot_region_load
from municipalities.models import Municipality
from services.models import Sector
from tests.core.test_fragments import real_cache  # noqa: F401

URL = "/vergleich/optionen/"
ESCHWEGE, MEINHARD, WANFRIED = "06636003", "06636007", "06636013"
QUERY = {
    "sektor": "abwasser",
    "aufgabe": "service_pool",
    "partner": [ESCHWEGE, MEINHARD, WANFRIED],
    "laufzeit": "10",
    "buendelung": "15",
    "kosten_06636003": "2.400.000",
    "kosten_06636007": "400.000",
    "kosten_06636013": "400.000",
    "einmal_recht": "30.000",
}


@pytest.fixture
def drawn(monkeypatch):
    """How often the pieces' costly parts are drawn: the demography and cost
    charts and the form's partner table."""
    counts = {"demography": 0, "costs": 0, "form": 0}

    def counting(name, function):
        def wrapper(*args, **kwargs):
            counts[name] += 1
            return function(*args, **kwargs)

        return wrapper

    for name, attribute in (
        ("demography", "demography_chart"),
        ("costs", "remanence_chart"),
    ):
        function = getattr(comparison_result, attribute)
        monkeypatch.setattr(comparison_result, attribute, counting(name, function))
    monkeypatch.setattr(
        ComparisonForm,
        "partner_rows",
        counting("form", ComparisonForm.partner_rows),
    )
    return counts


def _page(client, **changed) -> str:
    response = client.get(URL, {**QUERY, **changed})
    assert response.status_code == 200
    body = response.content.decode().split('<main id="main"')[1].split("</main>")[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def _section(page: str, start: str, end: str) -> str:
    return page.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.django_db
def test_a_change_in_the_register_draws_no_piece_again(
    real_cache,  # noqa: F811
    client,
    roles,
    drawn,
):
    pilot_region_load()
    client.force_login(roles["planner"])
    first = _page(client)
    assert drawn == {"demography": 3, "costs": 3, "form": 1}
    bump(COOPERATIONS)  # the page's own cache misses
    assert _page(client) == first
    assert drawn == {"demography": 3, "costs": 3, "form": 1}


@pytest.mark.django_db
def test_each_piece_follows_a_change_of_what_it_shows(
    real_cache,  # noqa: F811
    client,
    roles,
    drawn,
):
    pilot_region_load()
    client.force_login(roles["planner"])
    first = _page(client)
    assert "2.400.000,00" in _section(first, 'id="kosten-06636003"', "</table>")

    # Another cost: every partner's shares change, the demography does not.
    costs = _page(client, kosten_06636003="2.500.000")
    assert "2.500.000,00" in _section(costs, 'id="kosten-06636003"', "</table>")
    assert 'value="2.500.000"' in _section(costs, "<form", "</form>")
    assert drawn == {"demography": 3, "costs": 6, "form": 2}

    # The directory: Eschwege's latest population (an import raises DIRECTORY).
    eschwege = Municipality.objects.get(ags=ESCHWEGE)
    figure = eschwege.population_figures.order_by("-date").first()
    figure.population = 19876
    figure.save()
    Municipality.objects.filter(pk=eschwege.pk).update(population=19876)
    bump(DIRECTORY)
    page = _page(client)
    demography = _section(page, 'id="demografie-06636003-h"', "</table>")
    assert "19.876" in demography and "19.876" not in _section(
        first, 'id="demografie-06636003-h"', "</table>"
    )
    assert "19.876" in _section(page, "<form", "</form>")  # the partner table
    assert "19.876" in _section(page, 'id="kosten-06636003"', "</table>")
    assert drawn["demography"] == 4  # Eschwege's section only

    # Reference data in the register: a sector's name in the form's list.
    sector = Sector.objects.get(code="abwasser")
    sector.name = "Abwasser und Regenwasser"
    sector.save()
    bump(*sector.data_scopes())
    form = _section(_page(client), "<form", "</form>")
    assert "Abwasser und Regenwasser" in form
    assert drawn["form"] == 4


@pytest.mark.django_db
def test_the_pieces_are_kept_per_language(
    real_cache,  # noqa: F811
    client,
    roles,
):
    pilot_region_load()
    client.force_login(roles["planner"])
    german = _page(client)
    client.cookies["django_language"] = "en"  # numbers typed the English way
    english = _page(
        client,
        **{f"kosten_{ags}": "400,000" for ags in (ESCHWEGE, MEINHARD, WANFRIED)},
        einmal_recht="30,000",
    )
    assert "Variante" in _section(german, 'id="demografie-06636003-h"', "</dl>")
    assert "Gewichte der Mischung" in german
    assert "Variante" not in _section(english, 'id="demografie-06636003-h"', "</dl>")
    assert "Gewichte der Mischung" not in english
