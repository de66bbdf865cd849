from decimal import Decimal

import pytest
from django.urls import reverse

from cooperations import actions
from cooperations.suggestions import distance_km, partner_suggestions
from municipalities.models import Boundary, Municipality
from services.models import Sector, ServiceProvision
from tests.factories import MunicipalityFactory


def _square(x, y):
    """A 1×1 degree square with its lower-left corner at (x, y)."""
    ring = [[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


@pytest.fixture
def places(roles, kreis, municipality, other_municipality):
    """Eschwege with an east neighbour, a diagonal touch, one far away."""
    east = MunicipalityFactory(kreis=kreis, name="Ostdorf", latitude=None)
    corner = MunicipalityFactory(kreis=kreis, name="Eckdorf")
    far = MunicipalityFactory(kreis=kreis, name="Ferndorf")
    empty = MunicipalityFactory(kreis=kreis, name="Gutsbezirk", population=0)
    for place, outline in (
        (municipality, _square(0, 0)),
        (east, _square(1, 0)),
        (corner, _square(-1, -1)),
        (far, _square(5, 5)),
        (other_municipality, _square(0, 3)),
        (empty, _square(0, -1)),
    ):
        Boundary.objects.create(municipality=place, geometry=outline, source="Test")
    return {"east": east, "corner": corner, "far": far, "empty": empty}


@pytest.mark.django_db
def test_neighbours_share_a_boundary_point(roles, municipality, places):
    sector = Sector.objects.get(code="abwasser")
    found = partner_suggestions(
        user=roles["planner"], municipality=municipality, sector=sector
    )
    assert found.neighbour_method == "boundary"
    names = {s.municipality.short_name for s in found.neighbours}
    assert names == {"Ostdorf", "Eckdorf"}  # uninhabited areas left out


@pytest.mark.django_db
def test_without_outlines_neighbours_are_near_centre_points(roles, kreis):
    home = MunicipalityFactory(
        kreis=kreis, name="Mitte", latitude=Decimal("51.0"), longitude=Decimal("10.0")
    )
    near = MunicipalityFactory(
        kreis=kreis, name="Nah", latitude=Decimal("51.1"), longitude=Decimal("10.0")
    )
    MunicipalityFactory(
        kreis=kreis, name="Fern", latitude=Decimal("52.0"), longitude=Decimal("10.0")
    )
    found = partner_suggestions(
        user=roles["planner"], municipality=home, sector=Sector.objects.first()
    )
    assert found.neighbour_method == "distance"
    assert [s.municipality for s in found.neighbours] == [near]
    assert found.neighbours[0].distance_km == pytest.approx(11.1, abs=0.1)


def test_distance_needs_both_centres():
    a = Municipality(latitude=Decimal("51.185804"), longitude=Decimal("10.057981"))
    b = Municipality(latitude=Decimal("51.341392"), longitude=Decimal("9.858869"))
    assert distance_km(a, b) == pytest.approx(22.1, abs=0.3)
    assert distance_km(a, Municipality()) is None


@pytest.mark.django_db
def test_cooperating_and_same_gap_lists(
    roles, municipality, other_municipality, places
):
    sector = Sector.objects.get(code="abwasser")
    cooperation = actions.cooperation_create(
        actor=None,
        title="Klärwerk Nord",
        task="Abwasser",
        lead=other_municipality,
        partners=[other_municipality, places["far"]],
        sectors=[sector],
    )
    ServiceProvision.objects.create(
        municipality=places["corner"], sector=sector, provider_type="zweckverband"
    )
    found = partner_suggestions(
        user=roles["planner"], municipality=municipality, sector=sector
    )
    assert {s.municipality for s in found.cooperating} == {
        other_municipality,
        places["far"],
    }
    # Ostdorf runs it alone, Eckdorf has a Zweckverband, the others cooperate.
    assert {s.municipality for s in found.same_gap} == {places["east"]}
    assert found.has_gap
    # A user who may not read the cooperation does not learn of it.
    outsider = roles["admin"].__class__.objects.create_user(
        email="fremd@example.invalid", password="x"
    )
    hidden = partner_suggestions(
        user=outsider, municipality=municipality, sector=sector
    )
    assert hidden.cooperating == []
    assert cooperation.pk


@pytest.mark.django_db
def test_suggestion_page(client, roles, municipality, places):
    client.force_login(roles["viewer"])
    url = reverse("comparison:partner_suggestion_list")
    response = client.get(f"{url}?ags=06636003&sektor=abwasser")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ostdorf" in body and "gemeinsamer Grenze" in body
    assert client.get(f"{url}?ags=99999999").status_code == 404
