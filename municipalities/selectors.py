"""Queries behind the municipality pages, each with its joins stated."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from lebenswert.accounts.models import User
from lebenswert.core.collation import german

from .models import (
    Boundary,
    DirectoryImport,
    Kreis,
    Land,
    Membership,
    Municipality,
    PlannerAssignment,
    PopulationFigure,
)
from .roles import role_facts


def municipality_list() -> QuerySet[Municipality]:
    """The directory in German name order; municipalities.filters narrows it."""
    return (
        Municipality.objects.select_related("kreis", "kreis__land")
        .only(
            "ags",
            "name",
            "short_name",
            "type",
            "population",
            "kreis__code",
            "kreis__name",
            "kreis__land__code",
            "kreis__land__name",
        )  # fmt: skip
        .order_by(german("short_name"), "ags")
    )


MAX_SEARCH_RESULTS = 20


def municipality_search(
    *, query: str, queryset: QuerySet[Municipality] | None = None, limit: int = 0
) -> list[Municipality]:
    """Municipalities whose name contains the query (or whose AGS/ARS starts with
    it), best first: the exact short name, then names that start with it, then the
    rest, each in German name order. One query, with Kreis and Land."""
    query = query.strip()
    if not query:
        return []
    rank = Case(
        When(short_name__iexact=query, then=Value(0)),
        When(name__istartswith=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    found = (
        (Municipality.objects.all() if queryset is None else queryset)
        .search(query)
        .select_related("kreis", "kreis__land")
        .only("ags", "name", "short_name", "kreis__code", "kreis__name",
              "kreis__land__code", "kreis__land__name")
        .annotate(rank=rank)
        .order_by("rank", german("short_name"), "ags")
    )  # fmt: skip
    return list(found[: limit or MAX_SEARCH_RESULTS])


def land_choices() -> list[tuple[str, str]]:
    return list(Land.objects.order_by(german("name")).values_list("code", "name"))


def kreis_choices(*, land: str = "") -> list[tuple[str, str]]:
    kreise = Kreis.objects.order_by(german("name"))
    if land:
        kreise = kreise.filter(land_id=land)
    return list(kreise.values_list("code", "name"))


@dataclass(frozen=True)
class MunicipalityDetail:
    municipality: Municipality
    population_series: list[PopulationFigure]
    neighbours: list[Municipality]
    boundary: Boundary | None
    kreis_boundaries: list[Boundary]


def municipality_get(*, ags: str) -> Municipality:
    return get_object_or_404(Municipality.objects.with_hierarchy(), ags=ags)


def municipality_detail(*, ags: str) -> MunicipalityDetail:
    """A municipality with its population series and the rest of its Kreis."""
    municipality = get_object_or_404(
        Municipality.objects.with_hierarchy().select_related("verband"), ags=ags
    )
    series = list(municipality.population_figures.order_by("date"))
    neighbours = list(
        Municipality.objects.in_kreis(municipality.kreis_id)
        .exclude(pk=municipality.pk)
        .only("ags", "name", "short_name", "population", "is_lebenswert_partner")
        .order_by(german("short_name"))
    )
    kreis_boundaries = list(
        Boundary.objects.filter(municipality__kreis_id=municipality.kreis_id)
        .select_related("municipality")
        .only("geometry", "source", "valid_on", "municipality__ags",
              "municipality__short_name")
    )  # fmt: skip
    boundary = next(
        (b for b in kreis_boundaries if b.municipality_id == municipality.pk), None
    )
    return MunicipalityDetail(
        municipality=municipality,
        population_series=series,
        neighbours=neighbours,
        boundary=boundary,
        kreis_boundaries=kreis_boundaries,
    )


@dataclass(frozen=True)
class Dashboard:
    memberships: list[Membership]
    planner_assignments: list[PlannerAssignment]
    region: list[Municipality]


def dashboard_for_user(*, user: User) -> Dashboard:
    """The user's municipalities and, for planners, the municipalities of the region."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("municipality", "municipality__kreis")
        .order_by("municipality__short_name")
    )
    assignments = list(
        PlannerAssignment.objects.filter(user=user).select_related(
            "kreis", "regierungsbezirk"
        )
    )
    kreise = {m.municipality.kreis_id for m in memberships}
    kreise |= {a.kreis_id for a in assignments if a.kreis_id}
    bezirke = {a.regierungsbezirk_id for a in assignments if a.regierungsbezirk_id}
    region: list[Municipality] = []
    if kreise or bezirke:
        region = list(
            Municipality.objects.with_hierarchy()
            .filter(Q(kreis_id__in=kreise) | Q(kreis__regierungsbezirk_id__in=bezirke))
            .order_by("kreis__name", "short_name")
        )
    return Dashboard(
        memberships=memberships, planner_assignments=assignments, region=region
    )


def directory_import_list() -> QuerySet[DirectoryImport]:
    return DirectoryImport.objects.select_related("requested_by")[:20]


def directory_import_get(*, pk: int) -> DirectoryImport:
    return get_object_or_404(
        DirectoryImport.objects.select_related("requested_by"), pk=pk
    )


def kreis_default_for_user(*, user: User) -> str | None:
    """The Kreis a page shows when the address names none; None: ask the user.

    The Kreis of the user's municipalities, else the planner's Kreis, else the
    first Kreis of the planner's Regierungsbezirk (the lowest code where there
    are several). Anonymous users, admins and users without a role get None.
    """
    facts = role_facts(user)
    if facts.member_kreise:
        return min(facts.member_kreise)
    if facts.planned_kreise:
        return min(facts.planned_kreise)
    if facts.planned_bezirke:
        return (
            Kreis.objects.filter(regierungsbezirk_id__in=facts.planned_bezirke)
            .order_by("code")
            .values_list("code", flat=True)
            .first()
        )
    return None
