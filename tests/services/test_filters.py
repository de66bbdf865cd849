import pytest
from django.http import QueryDict

from services import selectors
from services.filters import SectorComparisonFilter
from tests.factories import KreisFactory, MunicipalityFactory


def _filter(query: str) -> SectorComparisonFilter:
    return SectorComparisonFilter(
        QueryDict(query), selectors.comparison_municipalities()
    )


def test_sector_filter_lists_the_kreis_by_name_and_keeps_the_sort_key(kreis):
    MunicipalityFactory(kreis=kreis, ags="06636012", name="Waldkappel, Stadt")
    MunicipalityFactory(kreis=kreis, ags="06636011", name="Sontra, Stadt")
    other = KreisFactory(code="06634", name="Schwalm-Eder-Kreis")
    MunicipalityFactory(kreis=other, ags="06634001", name="Borken, Stadt")

    filterset = _filter("kreis=06636&sortierung=-water_price_m3")

    assert filterset.is_valid(), filterset.errors
    assert filterset.form.cleaned_data["kreis"] == kreis
    assert filterset.form.cleaned_data["sortierung"] == "-water_price_m3"
    assert [m.short_name for m in filterset.qs] == ["Sontra", "Waldkappel"]


@pytest.mark.parametrize("query", ["kreis=99999", "kreis=", "sortierung=x"])
def test_sector_filter_needs_a_known_kreis(kreis, query):
    assert not _filter(query).is_valid()


def test_sector_page_of_an_unknown_kreis_is_404(client, roles):
    client.force_login(roles["viewer"])
    response = client.get("/sektoren/wasserversorgung/?kreis=99999")
    assert response.status_code == 404
