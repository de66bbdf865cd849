"""Query counts of the cooperation pages for a Kreis of 400 municipalities and
5,000 cooperations: the same as for a handful."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cooperations.models import Cooperation, CooperationPartner
from municipalities.models import Municipality
from services.models import Sector
from tests.factories import MunicipalityFactory

MUNICIPALITIES = 400
COOPERATIONS = 5_000


def _register(municipalities, sectors, count, start=0):
    """Bulk-created cooperations of 2–4 neighbours each, with one or two sectors."""
    created = Cooperation.objects.bulk_create(
        [
            Cooperation(
                title=f"Kooperation {n:05d}",
                task="Gemeinsame Aufgabe",
                status=Cooperation.Status.values[n % 6],
                lead=municipalities[n % len(municipalities)],
            )
            for n in range(start, start + count)
        ],
        batch_size=1000,
    )
    partners, links = [], []
    for n, cooperation in enumerate(created, start=start):
        for step in range(2 + n % 3):
            partners.append(
                CooperationPartner(
                    cooperation=cooperation,
                    municipality=municipalities[(n + step * 7) % len(municipalities)],
                )
            )
        for sector in sectors[n % len(sectors) : n % len(sectors) + 1 + n % 2]:
            links.append(
                Cooperation.sectors.through(cooperation=cooperation, sector=sector)
            )
    CooperationPartner.objects.bulk_create(partners, batch_size=2000)
    Cooperation.sectors.through.objects.bulk_create(links, batch_size=2000)
    return created


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
def test_pages_keep_their_query_count_at_400_municipalities_and_5000_cooperations(
    client, roles, kreis
):
    existing = list(Municipality.objects.filter(kreis=kreis))
    municipalities = existing + [
        MunicipalityFactory.build(kreis=kreis, ags=f"{kreis.code}{n:03d}")
        for n in range(100, 100 + MUNICIPALITIES - len(existing))
    ]
    Municipality.objects.bulk_create(municipalities[len(existing) :])
    municipalities = list(Municipality.objects.filter(kreis=kreis).order_by("ags"))
    assert len(municipalities) == MUNICIPALITIES
    sectors = list(Sector.objects.all())
    first = _register(municipalities, sectors, 30)[0]
    pages = [
        "/kooperationen/",
        "/kooperationen/?sector=abwasser",
        "/kooperationen/?status=active",
        f"/kooperationen/?municipality={municipalities[5].ags}",
        f"/kooperationen/{first.pk}/",
        f"/kooperationen/matrix/?kreis={kreis.code}",
        f"/kooperationen/matrix/?kreis={kreis.code}&seite=4",
        f"/kooperationen/netz/?kreis={kreis.code}",
        f"/kooperationen/luecken/?kreis={kreis.code}",
    ]
    client.force_login(roles["planner"])
    for path in pages:  # process-wide caches (content types …) filled once
        _queries(client, path)
    few = {path: _queries(client, path) for path in pages}

    _register(municipalities, sectors, COOPERATIONS - 30, start=30)
    assert Cooperation.objects.count() == COOPERATIONS
    many = {path: _queries(client, path) for path in pages}

    assert many == few
    assert max(many.values()) <= 15
    matrix = client.get(f"/kooperationen/matrix/?kreis={kreis.code}").content.decode()
    assert f"/kooperationen/?municipality={municipalities[0].ags}&amp;sector=" in matrix
    assert "Kooperationen</a>" in matrix and "Seite 1 von 4" in matrix
