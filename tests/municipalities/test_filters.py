import pytest
from django.http import QueryDict
from django.urls import reverse

from municipalities import selectors
from municipalities.filters import MunicipalityFilter
from tests.factories import KreisFactory, MunicipalityFactory


@pytest.fixture
def directory(kreis):
    bayern = KreisFactory(code="09171", name="Altötting", land__code="09",
                          land__name="Bayern", regierungsbezirk=None)  # fmt: skip
    return {
        "sontra": MunicipalityFactory(
            kreis=kreis, ags="06636011", name="Sontra, Stadt"
        ),
        "waldkappel": MunicipalityFactory(
            kreis=kreis, ags="06636012", name="Waldkappel, Stadt"
        ),
        "marktl": MunicipalityFactory(kreis=bayern, ags="09171112", name="Marktl, M"),
    }


def _filter(query: str) -> MunicipalityFilter:
    data = QueryDict(query)
    land = data.get("land", "")
    return MunicipalityFilter(
        data,
        selectors.municipality_list(),
        lands=selectors.land_choices(),
        kreise=selectors.kreis_choices(land=land) if land else [],
    )


def _names(query: str) -> list[str]:
    filterset = _filter(query)
    assert filterset.is_valid(), filterset.errors
    return [m.short_name for m in filterset.qs]


def test_municipality_filter_finds_by_name_and_by_key_prefix(directory):
    assert _names("q=sont") == ["Sontra"]
    assert _names("q=0663601") == ["Sontra", "Waldkappel"]
    assert _names("q=%20Marktl%20") == ["Marktl"]
    assert _names("q=") == ["Marktl", "Sontra", "Waldkappel"]


def test_municipality_filter_narrows_by_land_and_kreis(directory):
    assert _names("land=09") == ["Marktl"]
    assert _names("land=06&kreis=06636") == ["Sontra", "Waldkappel"]
    assert _names("land=06&kreis=06636&q=wald") == ["Waldkappel"]


@pytest.mark.parametrize(
    "query", ["land=99", "land=06&kreis=09171", "kreis=06636", "q=" + "x" * 101]
)
def test_municipality_filter_refuses_unknown_choices_and_overlong_search(
    directory, query
):
    assert not _filter(query).is_valid()


def test_directory_page_with_an_invalid_filter_lists_everything(
    client, roles, directory
):
    client.force_login(roles["viewer"])
    url = reverse("municipalities:municipality_list")

    response = client.get(url, {"land": "99", "q": "Sontra"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Marktl, M" in page and "Waldkappel, Stadt" in page
    # The refused value is marked and explained; the reference resolves.
    assert 'aria-invalid="true" aria-describedby="id_land_error"' in page
    assert 'id="id_land_error"' in page
