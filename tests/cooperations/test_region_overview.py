"""A planner's overview page: their region at a glance (issue 15, item 8)."""

from datetime import date

import pytest
from django.urls import reverse

from cooperations import actions, selectors
from services.models import Sector, ServiceProvision
from tests.factories import KreisFactory, MunicipalityFactory, PlannerAssignmentFactory

TODAY = date(2026, 12, 5)
QUERY_BUDGET = 20  # 16 measured with 23 municipalities; one per place would exceed it


@pytest.fixture
def region(roles, municipality, other_municipality, kreis):
    abwasser = Sector.objects.get(code="abwasser")
    wasser = Sector.objects.get(code="wasserversorgung")
    actions.cooperation_create(
        actor=None, title="Kläranlage Werra", task="Abwasser", lead=municipality,
        partners=[other_municipality], sectors=[abwasser], status="active",
        start_date=date(2026, 1, 1), minimum_term_months=60, notice_period_months=6,
    )  # fmt: skip
    actions.cooperation_create(
        actor=None, title="Bauhof-Idee", task="Bauhof", lead=municipality,
        partners=[], sectors=[abwasser, wasser], status="idea",
    )  # fmt: skip
    actions.cooperation_create(
        actor=None, title="Alte Kooperation", task="x", lead=other_municipality,
        partners=[], sectors=[wasser], status="ended",
    )  # fmt: skip
    third = MunicipalityFactory(kreis=kreis, ags="06636008", name="Meinhard")
    ServiceProvision.objects.create(
        municipality=third, sector=wasser, provider_type="zweckverband"
    )
    # A municipality in another Kreis is not the planner's region.
    MunicipalityFactory(kreis=KreisFactory(code="06633"), ags="06633001")
    return {"abwasser": abwasser, "wasser": wasser, "third": third}


def test_region_overview_counts_current_cooperations_and_gaps(roles, region, kreis):
    overview = selectors.region_overview(user=roles["planner"], today=TODAY)

    assert [k.code for k in overview.kreise] == [kreis.code]
    assert overview.municipality_count == 3
    statuses = [value for value, _label in overview.statuses]
    assert "ended" not in statuses
    rows = {row.sector.code: row for row in overview.by_sector}
    assert rows["abwasser"].total == 2  # active + idea; ended is history
    assert rows["abwasser"].counts[statuses.index("active")] == 1
    assert rows["wasserversorgung"].total == 1
    gaps = dict((sector.code, count) for sector, count in overview.gaps)
    # Abwasser: Eschwege and Witzenhausen cooperate, Meinhard does it alone.
    assert gaps["abwasser"] == 1
    # Wasser: Eschwege's idea covers it, Meinhard has a Zweckverband; the ended
    # cooperation does not count, so Witzenhausen does it alone.
    assert gaps["wasserversorgung"] == 1
    # The term of the active cooperation ends 31.12.2030, notice by 30.06.2030.
    assert [d.date for _c, d in overview.deadlines][:1] == [date(2030, 6, 30)]


def test_planner_of_a_regierungsbezirk_sees_its_kreise(region, kreis):
    planner = PlannerAssignmentFactory(
        kreis=None, regierungsbezirk=kreis.regierungsbezirk
    ).user
    overview = selectors.region_overview(user=planner, today=TODAY)
    assert kreis.code in [k.code for k in overview.kreise]
    assert overview.municipality_count >= 3


def test_planner_dashboard_shows_the_region_not_a_dead_end(
    client, roles, region, kreis
):
    client.force_login(roles["planner"])
    page = client.get(reverse("core:dashboard")).content.decode()

    assert "Ihrem Konto ist keine Gemeinde zugeordnet" not in page
    assert "Meine Region als Regionalplanung" in page
    assert f"/kooperationen/matrix/?kreis={kreis.code}" in page
    assert f"/kooperationen/netz/?kreis={kreis.code}" in page
    assert "Kläranlage Werra" in page  # its next deadline
    assert "30.06.2030" in page
    assert "Größte Lücken" in page


def test_editor_dashboard_has_no_planner_section(client, roles, region):
    client.force_login(roles["editor"])
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Meine Region als Regionalplanung" not in page


def test_planner_dashboard_queries_do_not_grow_with_the_region(
    client, roles, region, kreis, django_assert_max_num_queries
):
    for number in range(20):
        MunicipalityFactory(kreis=kreis, ags=f"066369{number:02d}")
    client.force_login(roles["planner"])
    with django_assert_max_num_queries(QUERY_BUDGET):
        client.get(reverse("core:dashboard"))
