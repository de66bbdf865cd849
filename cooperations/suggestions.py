"""Partner suggestions for a municipality and a sector.

Three lists: neighbours (a shared boundary point in the outlines, else the distance
between the Destatis centre points), municipalities nearby that already cooperate in
the sector (only cooperations the user may read), and those with the same gap
(`selectors.cooperation_gaps`). A partner in the municipality's own administrative
union (Verwaltungsgemeinschaft, Amt …) says so. Queries stay constant in the size of
the Kreis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lebenswert.accounts.models import User
from municipalities.models import Boundary, Municipality

from . import selectors

NEIGHBOUR_KM = 15.0
# Outline points are compared after rounding: shared borders share their vertices.
POINT_DIGITS = 5


@dataclass
class Suggestion:
    municipality: Municipality
    distance_km: float | None
    reason: str
    union: str = ""  # „gehört bereits zur Verwaltungsgemeinschaft …“, if shared


@dataclass
class Suggestions:
    municipality: Municipality
    sector: object
    neighbours: list[Suggestion]
    neighbour_method: str  # "boundary" or "distance"
    cooperating: list[Suggestion]
    same_gap: list[Suggestion]
    has_gap: bool


def distance_km(a: Municipality, b: Municipality) -> float | None:
    """Great-circle distance between two centre points (haversine)."""
    if not (a.has_centre and b.has_centre):
        return None
    lat1, lon1, lat2, lon2 = map(
        math.radians,
        (float(a.latitude), float(a.longitude), float(b.latitude), float(b.longitude)),
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def outline_points(geometry: dict) -> set[tuple[float, float]]:
    polygons = (
        geometry["coordinates"]
        if geometry.get("type") == "MultiPolygon"
        else [geometry.get("coordinates", [])]
    )
    return {
        (round(point[0], POINT_DIGITS), round(point[1], POINT_DIGITS))
        for polygon in polygons
        for ring in polygon
        for point in ring
    }


def partner_suggestions(
    *, user: User, municipality: Municipality, sector
) -> Suggestions:
    kreis = municipality.kreis_id
    others = [
        m
        for m in Municipality.objects.filter(kreis_id=kreis)
        .exclude(pk=municipality.pk)
        .select_related("verband")
        if m.population != 0  # uninhabited areas are no partners
    ]
    outlines = {
        b.municipality_id: outline_points(b.geometry)
        for b in Boundary.objects.filter(municipality__kreis_id=kreis).only(
            "municipality_id", "geometry"
        )
    }
    distances = {m.pk: distance_km(municipality, m) for m in others}

    def by_distance(items):
        return sorted(items, key=lambda s: (s.distance_km is None, s.distance_km or 0))

    own_outline = outlines.get(municipality.pk)
    if own_outline:
        method = "boundary"
        neighbours = [
            Suggestion(m, distances[m.pk], "boundary")
            for m in others
            if own_outline & outlines.get(m.pk, set())
        ]
    else:
        method = "distance"
        neighbours = [
            Suggestion(m, distances[m.pk], "distance")
            for m in others
            if distances[m.pk] is not None and distances[m.pk] <= NEIGHBOUR_KM
        ]

    cooperating_ids = set()
    for cooperation in selectors.cooperation_list_for_user(
        user=user, sector=sector.code, kreis=kreis
    ):
        cooperating_ids.update(
            p.municipality_id for p in cooperation.partners.all() if p.municipality_id
        )
    cooperating = [
        Suggestion(m, distances[m.pk], "cooperating")
        for m in others
        if m.pk in cooperating_ids
    ]

    gaps = dict(selectors.cooperation_gaps(user=user, kreis_code=kreis))
    gap_ids = {m.pk for m in gaps.get(sector, [])}
    same_gap = [
        Suggestion(m, distances[m.pk], "gap") for m in others if m.pk in gap_ids
    ]
    _mark_shared_union(municipality, neighbours + cooperating + same_gap)
    return Suggestions(
        municipality=municipality,
        sector=sector,
        neighbours=by_distance(neighbours),
        neighbour_method=method,
        cooperating=by_distance(cooperating),
        same_gap=by_distance(same_gap),
        has_gap=municipality.pk in gap_ids,
    )


def _mark_shared_union(municipality: Municipality, items: list[Suggestion]) -> None:
    """Name the administrative union a suggested partner already shares with the
    municipality (the directory's Gemeindeverband; none for a verbandsfreie one)."""
    if municipality.verband_id is None:
        return
    for item in items:
        if item.municipality.verband_id == municipality.verband_id:
            item.union = item.municipality.verband.membership(already=True)
