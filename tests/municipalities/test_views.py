import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.core.test_fragments import real_cache  # noqa: F401
from tests.factories import (
    KreisFactory,
    MunicipalityFactory,
    PopulationFigureFactory,
)


def _make_municipalities(kreis, count: int) -> None:
    for number in range(count):
        municipality = MunicipalityFactory(
            kreis=kreis, ags=f"{kreis.code}{number + 100:03d}", name=f"Ort {number:03d}"
        )
        PopulationFigureFactory(municipality=municipality, date="2024-12-31")


def _query_count(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "path",
    [
        reverse("municipalities:municipality_list"),
        reverse("municipalities:municipality_list") + "?q=Ort",
        reverse("municipalities:municipality_list") + "?land=06&kreis=06636",
        reverse("municipalities:municipality_detail", args=["06636100"]),
        reverse("core:dashboard"),
    ],
)
def test_page_query_count_does_not_grow_with_municipalities(client, roles, path):
    kreis = KreisFactory()
    _make_municipalities(kreis, 3)
    client.force_login(roles["planner"])
    small = _query_count(client, path)
    for number in range(3, 300):
        MunicipalityFactory(kreis=kreis, ags=f"{kreis.code}{number + 100:03d}")
    large = _query_count(client, path)
    assert large == small
    # The municipality page reads its Land's cooperation law (one query) since issue 14.
    # The planner's overview lists the open partner requests of the region (issue 15).
    assert small <= (17 if "gemeinden/0" in path or "uebersicht" in path else 16)


def test_municipality_list_searches_by_name_and_by_ags(client, roles, kreis):
    MunicipalityFactory(kreis=kreis, ags="06636011", name="Sontra, Stadt")
    MunicipalityFactory(kreis=kreis, ags="06636012", name="Waldkappel, Stadt")
    client.force_login(roles["viewer"])
    url = reverse("municipalities:municipality_list")

    by_name = client.get(url, {"q": "sont"}).content.decode()
    by_ags = client.get(url, {"q": "0663601"}).content.decode()

    assert "Sontra, Stadt" in by_name and "Waldkappel" not in by_name
    assert "Sontra, Stadt" in by_ags and "Waldkappel, Stadt" in by_ags


def test_municipality_list_filters_by_land_and_paginates(client, roles, kreis):
    other_kreis = KreisFactory(code="09171", name="Altötting", land__code="09",
                               land__name="Bayern", regierungsbezirk=None)  # fmt: skip
    MunicipalityFactory(kreis=other_kreis, ags="09171112", name="Marktl, M")
    _make_municipalities(kreis, 60)
    client.force_login(roles["viewer"])
    url = reverse("municipalities:municipality_list")

    bayern = client.get(url, {"land": "09"}).content.decode()
    page_two = client.get(url, {"land": "06", "seite": 2}).content.decode()

    assert "Marktl, M" in bayern and "Ort 000" not in bayern
    assert "Seite 2 von 2" in page_two and "Marktl" not in page_two


def test_municipality_detail_shows_figures_with_source_and_date(client, roles, kreis):
    municipality = MunicipalityFactory(
        kreis=kreis, ags="06636013", name="Wanfried, Stadt", population=18743,
        population_date="2024-12-31", source="Destatis, Gemeindeverzeichnis GV100AD",
    )  # fmt: skip
    for year, population, basis in [
        (2019, 19412, "zensus2011"),
        (2022, 19472, "zensus2011"),
        (2024, 18743, "zensus2022"),
    ]:
        PopulationFigureFactory(
            municipality=municipality, date=f"{year}-12-31", population=population,
            basis=basis,
        )  # fmt: skip
    MunicipalityFactory(kreis=kreis, ags="06636007", name="Meinhard")
    client.force_login(roles["viewer"])

    page = client.get(municipality.get_absolute_url()).content.decode()

    assert "18.743" in page and "31.12.2024" in page
    assert "Destatis, Gemeindeverzeichnis GV100AD" in page
    assert 'id="population-chart"' in page and "Zensus 2011 → Zensus 2022" in page
    assert "19.412" in page  # data table alternative to the chart
    assert "Meinhard" in page  # the other municipalities of the Kreis


def test_municipality_detail_of_unknown_ags_is_404(client, roles):
    client.force_login(roles["viewer"])
    response = client.get("/gemeinden/99999999/")
    assert response.status_code == 404


def test_dashboard_lists_my_municipalities_and_my_region(client, roles, municipality):
    client.force_login(roles["editor"])
    page = client.get(reverse("core:dashboard")).content.decode()
    assert municipality.name in page and "Bearbeiten" in page
    assert "Witzenhausen" in page  # same Kreis → "Meine Region"


def _main(client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"')[1].split("</main>")[0]
    # Forms carry a fresh CSRF token per response; the rest must be equal.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main), len(queries)


def test_the_kept_head_follows_the_land_law_and_the_directory(
    real_cache,  # noqa: F811
    client,
    roles,
    municipality,
):
    """The municipality and its Land's law are kept per data version (issue 16):
    an admin's edit of the law and a directory import show at once."""
    from cooperations.models import CooperationLaw
    from municipalities import actions
    from tests.admin_forms import admin_form_data

    type(municipality).objects.filter(pk=municipality.pk).update(name="Alter Name")
    path = municipality.get_absolute_url()
    client.force_login(roles["viewer"])
    first, cold = _main(client, path)
    again, warm = _main(client, path)
    assert again == first and warm < cold and "HGO-neu" not in first
    law = CooperationLaw.objects.get(land_id=municipality.kreis.land_id)
    client.force_login(roles["admin"])
    change = reverse("admin:cooperations_cooperationlaw_change", args=[law.pk])
    data = admin_form_data(client.get(change))
    assert client.post(change, {**data, "abbreviation": "HGO-neu"}).status_code == 302
    client.force_login(roles["viewer"])
    assert "HGO-neu" in _main(client, path)[0] and "HGO-neu" in _main(client, path)[0]

    actions.pilot_region_load()  # the official name again
    renamed = _main(client, path)[0]
    assert "<h1>Alter Name</h1>" in first
    assert "<h1>Eschwege, Kreisstadt</h1>" in renamed


def test_the_kept_head_is_not_shared_between_roles(
    real_cache,  # noqa: F811
    client,
    roles,
    municipality,
):
    path = municipality.get_absolute_url()
    seen = {}
    for role in ("viewer", "editor", "other_staff"):
        client.force_login(roles[role])
        seen[role] = _main(client, path)[0]
    assert "Ihre Rolle: Lesen" in seen["viewer"]
    assert "Ihre Rolle: Bearbeiten" in seen["editor"]
    assert "Ihre Rolle" not in seen["other_staff"]
    assert "Gemeindesteckbrief erstellen" not in seen["other_staff"]
    assert "Gemeindesteckbrief erstellen" in seen["viewer"]
