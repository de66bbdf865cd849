"""Queries behind the cooperation pages."""

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from itertools import combinations, product

from django.contrib.postgres.expressions import ArraySubquery
from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.lookups import Lookup
from django.shortcuts import get_object_or_404
from django.utils.formats import localize
from django.utils.translation import get_language, gettext, ngettext

from lebenswert.accounts.models import User
from lebenswert.audit.models import Change
from lebenswert.core.collation import german
from lebenswert.core.fragments import COOPERATIONS, DIRECTORY, cached
from municipalities.models import (
    Boundary,
    Kreis,
    Land,
    Municipality,
    PopulationFigure,
    PopulationProjection,
    Regierungsbezirk,
)
from municipalities.roles import role_facts
from services.models import Sector, ServiceProvision

from .comparison.laender import BorderRule, LandLaw
from .comparison.options import Fact, FormProfile, FundingRules
from .comparison.projection import DemographySources, ProjectionSeries
from .deadlines import Deadline, upcoming
from .filters import CooperationFilter
from .models import (
    ChecklistItem,
    ChecklistTick,
    Cooperation,
    CooperationDocument,
    CooperationLaw,
    CooperationPartner,
    CrossBorderRule,
    FormAbsence,
    FormFact,
    Funding,
    FundingProgramme,
    OrganisationalForm,
    SavingsEntry,
    Scenario,
    fact_status,
    member_exists,
)
from .rules import partner_places

FUNDINGS = Prefetch(
    "fundings",
    queryset=Funding.objects.select_related("programme").order_by("granted_on"),
)


def cooperation_list_for_user(
    *,
    user: User | None,
    query: str = "",
    status: str = "",
    sector: str = "",
    form: str = "",
    municipality: str = "",
    kreis: str = "",
) -> QuerySet[Cooperation]:
    """Cooperations the user may read, filtered; their members (no asked
    municipalities) and sectors prefetched.

    Without a user (reports whose permission was checked for their whole Kreis or
    municipality): every cooperation that matches the filters. The filters are
    those of the register page (cooperations.filters.CooperationFilter).
    """
    cooperations = Cooperation.objects.all()
    if user is not None:
        cooperations = cooperations.visible_to(user)
    filters = {
        "query": query, "status": status, "sector": sector, "form": form,
        "municipality": municipality, "kreis": kreis,
    }  # fmt: skip
    if any(filters.values()):
        cooperations = CooperationFilter(filters, queryset=cooperations).qs
    return (
        cooperations.select_related("form", "lead")
        .prefetch_related(
            "sectors",
            Prefetch(
                "partners",
                queryset=CooperationPartner.objects.members().select_related(
                    "municipality", "organisation"
                ),
            ),
        )
        .order_by(german("title"), "pk")
    )


def cooperation_list_rows(*, pks: list[int]) -> QuerySet[Cooperation]:
    """The cooperations of one page of the register with only what a row shows
    (cooperation_row_shown): no lead, and of each member its name."""
    members = (
        CooperationPartner.objects.members()
        .select_related("municipality", "organisation")
        .only("cooperation", "municipality__short_name", "organisation__name")
    )
    return (
        Cooperation.objects.filter(pk__in=pks)
        .select_related("form")
        .only("title", "is_example", "status", "form")
        .prefetch_related("sectors", Prefetch("partners", queryset=members))
        .order_by(german("title"), "pk")
    )


def cooperation_order_in_kreis(
    *, user: User | None, kreis_code: str, filters
) -> list[int]:
    """The primary keys, in the register's order, of the cooperations with a member
    in the Kreis that match the register's other `filters` (the page's address),
    of those `user` may read (without a user: all of them, see
    cooperation_list_for_user). One query, see _with_partner_among."""
    cooperations = _with_partner_among(
        Municipality.objects.in_kreis(kreis_code), members_only=True
    )
    if user is not None:
        cooperations = cooperations.visible_to(user)
    return _register_order(cooperations, filters)


def cooperation_order_in_region(*, user: User, filters) -> list[int] | None:
    """cooperation_order_in_kreis for the whole register as `user` reads it: the
    cooperations with a partner in the user's region (Cooperation.objects
    .visible_to); one query, see _with_partner_among. None for an admin, who reads
    the whole register: a page of it is read with LIMIT along the index
    cooperation_title_german instead."""
    facts = role_facts(user)
    if facts.is_admin:
        return None
    if not facts.is_active:
        return []
    places = Municipality.objects.filter(facts.region_q("kreis"))
    cooperations = _with_partner_among(places, members_only=False)
    return _register_order(cooperations, filters)


def _with_partner_among(
    places: QuerySet[Municipality], *, members_only: bool
) -> QuerySet[Cooperation]:
    """The cooperations with a partner (a member if `members_only`) among `places`,
    as arrays of primary keys: the places' ids, their partners along the partners'
    index, then those cooperations by primary key. A join to the municipalities
    would hash every partner of the register, a semi-join every cooperation
    (issue 16)."""
    partners = CooperationPartner.objects.all()
    if members_only:
        partners = partners.members()
    ids = ArraySubquery(places.order_by().values("pk"))
    cooperation_ids = ArraySubquery(
        partners.filter(_AnyOf(F("municipality"), ids))
        .order_by()
        .values("cooperation_id")
    )
    return Cooperation.objects.filter(_AnyOf(F("pk"), cooperation_ids))


def _register_order(cooperations: QuerySet[Cooperation], filters) -> list[int]:
    """The primary keys of `cooperations` that match the register's `filters` but
    the Kreis (the caller's), in the register's order."""
    others = filters.copy()
    others.pop("kreis", None)
    return list(
        CooperationFilter(others, queryset=cooperations)
        .qs.order_by(german("title"), "pk")
        .values_list("pk", flat=True)
    )


def current_unless(
    cooperations: QuerySet[Cooperation], *, include_ended: bool
) -> QuerySet[Cooperation]:
    """The pages of a Kreis show current cooperations; ended ones on request."""
    return cooperations if include_ended else cooperations.current()


def visibility_key(user: User) -> tuple:
    """What decides which cooperations a user sees, for cache keys."""
    return role_facts(user).region_key()


def cooperation_row_shown(cooperation: Cooperation) -> tuple:
    """Everything the register's row of a cooperation shows (loaded by
    cooperation_list_for_user): the key of its cached HTML."""
    return (
        cooperation.pk,
        cooperation.title,
        cooperation.is_example,
        str(cooperation.form) if cooperation.form else None,
        cooperation.status,
        tuple(sector.label for sector in cooperation.sectors.all()),
        tuple(str(partner) for partner in cooperation.partners.all()),
    )


def sees_whole_kreis(user: User, kreis_code: str) -> bool:
    """Does `user` read every cooperation with a partner in this Kreis? Admins do,
    and so does everyone whose region holds the Kreis (Cooperation.objects
    .visible_to: a partner in the region). A page about the Kreis then needs no
    visibility filter, which would read the partners of the whole register."""
    facts = role_facts(user)
    return facts.is_active and (facts.is_admin or facts.in_region(kreis_code))


def cooperation_get(*, pk: int) -> Cooperation:
    return get_object_or_404(
        Cooperation.objects.select_related(
            "form", "lead", "created_by"
        ).prefetch_related(
            "sectors",
            FUNDINGS,
            Prefetch(
                "partners",
                queryset=CooperationPartner.objects.select_related(
                    "municipality", "municipality__kreis", "organisation"
                ),
            ),
        ),
        pk=pk,
    )


def cooperation_document_list(
    *, cooperation: Cooperation, user: User
) -> list[CooperationDocument]:
    """The cooperation's documents the user may download."""
    return list(cooperation.documents.visible_to(user))


def cooperation_document_list_for_audience(
    *, cooperation: Cooperation, partner_staff: bool
) -> list[CooperationDocument]:
    """The documents for content shared by everyone of one audience (the dossier):
    all of them for the partners' staff, else those open to every reader."""
    return list(cooperation.documents.shown_to(partner_staff=partner_staff))


def cooperation_header_get(*, pk: int) -> Cooperation:
    """Title, status and form for the frame of the detail page, with the partner
    places its permission check reads (rules.partner_places); the body loads the
    rest (cooperation_get) only when it is built. Kept in the cache until the
    register or the directory (a partner's Kreis) changes."""

    def load() -> Cooperation:
        cooperation = get_object_or_404(
            Cooperation.objects.select_related("form"), pk=pk
        )
        partner_places(cooperation)  # kept on the object, cached with it
        return cooperation

    return cached(
        "cooperation_header",
        scopes=[DIRECTORY, COOPERATIONS],
        vary=[pk],
        compute=load,
        per_language=False,
    )


def kreis_get(*, code: str) -> Kreis:
    """The Kreis of a register page (404 if there is none), kept in the cache until
    the directory changes."""
    return cached(
        "kreis",
        scopes=[DIRECTORY],
        vary=[code],
        compute=lambda: get_object_or_404(Kreis, code=code),
        per_language=False,
    )


def cooperation_history(
    *, cooperation: Cooperation, partner_staff: bool, limit: int = 50
) -> list[Change]:
    """The latest changes; for readers outside the partners without the titles of
    documents, which may be meant for the partners only."""
    changes = list(
        Change.objects.for_object(cooperation)
        .select_related("content_type")
        .order_by("-at", "-id")[:limit]
    )
    if partner_staff:
        return changes
    return [c.without_values_of("document", gettext("ein Dokument")) for c in changes]


def cooperation_deadlines(*, cooperation: Cooperation, today: date) -> list[Deadline]:
    fundings = list(cooperation.fundings.all())  # prefetched with FUNDINGS
    first = fundings[0] if fundings else None
    return upcoming(
        funding_granted_on=first.granted_on if first else None,
        funding_min_years=first.programme.min_years if first else None,
        start=cooperation.start_date,
        end=cooperation.end_date,
        minimum_term_months=cooperation.minimum_term_months,
        notice_period_months=cooperation.notice_period_months,
        renewal_months=cooperation.renewal_months,
        next_review=cooperation.next_review,
        today=today,
    )


def deadlines_for_user(
    *, user: User, today: date, limit: int = 20
) -> list[tuple[Cooperation, Deadline]]:
    """The next deadlines of the cooperations of the user's municipalities."""
    viewed = sorted(role_facts(user).viewed)
    if not viewed:
        return []  # no query: an EXISTS would not see that it finds nothing
    cooperations = Cooperation.objects.filter(
        member_exists(Q(municipality_id__in=viewed))
    )
    return _next_deadlines(cooperations, today=today, limit=limit)


def _next_deadlines(
    cooperations: QuerySet[Cooperation], *, today: date, limit: int
) -> list[tuple[Cooperation, Deadline]]:
    """The next deadlines of the current (not ended) cooperations, soonest first."""
    cooperations = (
        cooperations.current()
        .prefetch_related(FUNDINGS)
        .only(
            "title", "start_date", "end_date", "minimum_term_months",
            "notice_period_months", "renewal_months", "next_review",
        )
    )  # fmt: skip
    found = [
        (cooperation, deadline)
        for cooperation in cooperations
        for deadline in cooperation_deadlines(cooperation=cooperation, today=today)
    ]
    found.sort(key=lambda pair: (pair[1].date, pair[0].title))
    return found[:limit]


@dataclass
class SectorStatusRow:
    sector: Sector
    counts: list[int]  # in the order of RegionOverview.statuses
    total: int


@dataclass
class RegionOverview:
    """A planner's region at a glance: what the overview page shows them."""

    kreise: list[Kreis]
    municipality_count: int
    deadlines: list[tuple[Cooperation, Deadline]]
    statuses: list[tuple[str, str]]
    by_sector: list[SectorStatusRow]
    gaps: list[tuple[Sector, int]]  # municipalities doing the task alone
    requests: list[CooperationPartner]  # open partner requests in the region
    # Planned Regierungsbezirke, and Länder whose every Kreis is planned: each
    # with its Regionalbericht (rule cooperations.read_region).
    bezirke: list[Regierungsbezirk] = field(default_factory=list)
    laender: list[Land] = field(default_factory=list)


def region_overview(*, user: User, today: date, limit: int = 10) -> RegionOverview:
    """The planned Kreise (those of planned Regierungsbezirke included), their
    next deadlines, cooperations by sector and status, and per sector how many
    municipalities do the task alone (no current cooperation the user can see, no
    outside provider) – the gaps page's rule, counted over the whole region.
    Ended cooperations are history: they count nowhere here."""
    facts = role_facts(user)
    region = Q(kreis_id__in=sorted(facts.planned_kreise))
    for bezirk in sorted(facts.planned_bezirke):
        region |= Q(kreis__code__startswith=bezirk)
    in_region = Municipality.objects.filter(region)
    kreise = list(
        Kreis.objects.filter(code__in=in_region.values("kreis"))
        .order_by("name")
        .only("code", "name")
    )
    places = set(in_region.values_list("pk", flat=True))
    cooperations = Cooperation.objects.visible_to(user).filter(
        member_exists(Q(municipality_id__in=places))
    )
    statuses = [
        (value, label)
        for value, label in Cooperation.Status.choices
        if value != Cooperation.Status.ENDED
    ]
    return RegionOverview(
        kreise=kreise,
        municipality_count=len(places),
        deadlines=_next_deadlines(cooperations, today=today, limit=limit),
        statuses=statuses,
        by_sector=_sector_status_rows(cooperations, [v for v, _label in statuses]),
        gaps=_region_gaps(places, cooperations.current()),
        requests=_partner_requests(
            CooperationPartner.objects.requested().filter(
                municipality_id__in=places,
                cooperation__in=Cooperation.objects.visible_to(user).current(),
            )
        ),
        **_planned_areas(facts),
    )


def _planned_areas(facts) -> dict:
    """A Bezirk planner's Regierungsbezirke, and the Länder planned in full."""
    if not facts.planned_bezirke:
        return {}
    bezirke = list(
        Regierungsbezirk.objects.filter(
            code__in=sorted(facts.planned_bezirke)
        ).select_related("land")
    )
    lands = {bezirk.land_id: bezirk.land for bezirk in bezirke}
    unplanned = {
        land
        for code, land in Kreis.objects.filter(land_id__in=lands).values_list(
            "code", "land_id"
        )
        if not facts.plans(code)
    }
    return {
        "bezirke": bezirke,
        "laender": [
            land for code, land in sorted(lands.items()) if code not in unplanned
        ],
    }


def partner_request_list_for_user(
    *, user: User, cooperation: Cooperation | None = None
) -> list[CooperationPartner]:
    """The open requests to take part that the user may answer (an editor of the
    asked municipality), for the overview; of one cooperation for its page."""
    facts = role_facts(user)
    if not (facts.is_admin or facts.edited):
        return []  # requests_for finds none: spare building its query
    requests = CooperationPartner.objects.requests_for(user)
    if cooperation is not None:
        requests = requests.filter(cooperation=cooperation)
    return _partner_requests(requests)


def _partner_requests(partners: QuerySet) -> list[CooperationPartner]:
    return list(
        partners.select_related(
            "cooperation", "cooperation__lead", "municipality"
        ).order_by(german("cooperation__title"), "cooperation_id", "pk")
    )


def _sector_status_rows(
    cooperations: QuerySet[Cooperation], statuses: list[str]
) -> list[SectorStatusRow]:
    counts: dict[tuple[int, str], int] = {}
    for sector_id, status, number in (
        cooperations.filter(status__in=statuses)
        .order_by()
        .values("sectors", "status")
        .annotate(number=Count("pk", distinct=True))
        .values_list("sectors", "status", "number")
    ):
        counts[sector_id, status] = number
    rows = []
    for sector in Sector.objects.all():
        row = [counts.get((sector.pk, status), 0) for status in statuses]
        if any(row):
            rows.append(SectorStatusRow(sector=sector, counts=row, total=sum(row)))
    return rows


def _region_gaps(
    places: set[int], cooperations: QuerySet[Cooperation]
) -> list[tuple[Sector, int]]:
    covered = set(
        CooperationPartner.objects.members()
        .filter(municipality_id__in=places, cooperation__in=cooperations.values("pk"))
        .values_list("municipality_id", "cooperation__sectors")
    )
    covered |= set(
        ServiceProvision.objects.filter(municipality_id__in=places)
        .exclude(provider_type__in=ServiceProvision.OWN_OPERATION)
        .values_list("municipality_id", "sector_id")
    )
    gaps = []
    for sector in Sector.objects.all():
        alone = sum(1 for place in places if (place, sector.pk) not in covered)
        if alone:
            gaps.append((sector, alone))
    gaps.sort(key=lambda pair: (-pair[1], pair[0].name))
    return gaps


@dataclass
class AreaKreisRow:
    """One Kreis of a Land or Regierungsbezirk in the Regionalbericht."""

    kreis: Kreis
    towns: int  # municipalities, without gemeindefreie Gebiete
    population: int
    cooperations: int  # with a member municipality in the Kreis
    cooperating: int  # municipalities that are members of one of them
    alone: int  # towns without any cooperation or outside provider


@dataclass
class AreaSummary:
    """A Land or Regierungsbezirk by its Kreise (Kreise as rows)."""

    rows: list[AreaKreisRow]
    municipalities: list[Municipality]  # every place, by Kreis code and name
    cooperations: int
    by_status: list[tuple[str, int]]
    gaps: list[tuple[Sector, int]]  # per sector: towns doing the task alone
    sectors: list[Sector]

    @property
    def gapless(self) -> list[Sector]:
        """The sectors in which no town of the area does the task alone."""
        with_gaps = {sector.pk for sector, _count in self.gaps}
        return [sector for sector in self.sectors if sector.pk not in with_gaps]


def area_summary(*, area_code: str, include_ended: bool = False) -> AreaSummary:
    """The Kreise whose key starts with `area_code` (a Land's two digits or a
    Regierungsbezirk's three) and every cooperation with a member there; a
    fixed number of queries, whatever the size."""
    kreise = list(
        Kreis.objects.filter(code__startswith=area_code).order_by(german("name"))
    )
    places = list(
        Municipality.objects.filter(kreis__code__startswith=area_code)
        .only(
            "ags",
            "name",
            "short_name",
            "type",
            "population",
            "population_date",
            "kreis_id",
        )
        .order_by("kreis_id", german("short_name"), "ags")
    )
    towns = [m for m in places if not m.is_unincorporated]
    cooperations = current_unless(
        Cooperation.objects.filter(
            member_exists(Q(municipality__kreis__code__startswith=area_code))
        ),
        include_ended=include_ended,
    )
    members = list(
        CooperationPartner.objects.members()
        .filter(
            municipality__kreis__code__startswith=area_code,
            cooperation__in=cooperations.values("pk"),
        )
        .values_list("municipality_id", "municipality__kreis_id", "cooperation_id")
    )
    labels = dict(Cooperation.Status.choices)
    statuses = cooperations.order_by().values("status").annotate(n=Count("pk"))
    return AreaSummary(
        rows=_area_rows(area_code, kreise, towns, members),
        municipalities=places,
        cooperations=len({pk for _m, _k, pk in members}),
        by_status=sorted((labels[row["status"]], row["n"]) for row in statuses),
        gaps=_region_gaps({m.pk for m in towns}, cooperations),
        sectors=list(Sector.objects.all()),
    )


def _area_rows(
    area_code: str, kreise: list, towns: list, members: list
) -> list[AreaKreisRow]:
    outside = set(
        ServiceProvision.objects.filter(municipality__kreis__code__startswith=area_code)
        .exclude(provider_type__in=ServiceProvision.OWN_OPERATION)
        .values_list("municipality_id", flat=True)
    )
    cooperating = {place for place, _kreis, _pk in members}
    rows = []
    for kreis in kreise:
        own = [m for m in towns if m.kreis_id == kreis.code]
        rows.append(
            AreaKreisRow(
                kreis=kreis,
                towns=len(own),
                population=sum(m.population or 0 for m in own),
                cooperations=len({pk for _m, k, pk in members if k == kreis.code}),
                cooperating=sum(1 for m in own if m.pk in cooperating),
                alone=sum(
                    1 for m in own if m.pk not in cooperating and m.pk not in outside
                ),
            )
        )
    return rows


@dataclass
class CostShareTotal:
    """The partners' cost shares added up, and whether they make 100 %."""

    total: Decimal
    recorded: int
    missing: int
    asked: int = 0  # asked municipalities, not counted

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.total == 100


def cost_share_total(*, cooperation: Cooperation) -> CostShareTotal:
    # Members only (prefetched): an asked municipality's share is not counted yet.
    partners = list(cooperation.partners.all())
    shares = [p.cost_share_pct for p in partners if p.is_member]
    known = [share for share in shares if share is not None]
    return CostShareTotal(
        total=sum(known, Decimal(0)),
        recorded=len(known),
        missing=len(shares) - len(known),
        asked=len(partners) - len(shares),
    )


MATRIX_CELL_TITLES = 2  # more in one cell: their number, linked to the list
MATRIX_PAGE_SIZE = 100  # municipalities per page of the matrix
ALL_ON_ONE_PAGE = 100_000  # more than any Kreis has: the whole matrix at once


@dataclass
class MatrixCell:
    """The cooperations of one municipality in one sector: titles while they are
    few, else their number."""

    sector: object  # None: cooperations without a sector
    titles: list[tuple[int, str]]
    total: int = 0

    @property
    def counted(self) -> bool:
        return self.total > MATRIX_CELL_TITLES

    @property
    def label(self) -> str:
        """„n Kooperationen“ for a counted cell: one translation per number, not a
        template tag per cell (a page of the matrix has about 900 cells)."""
        return _cell_label(get_language(), self.total)

    @property
    def shown(self) -> tuple:
        """Everything the cell shows (its cache key, with the row's)."""
        sector = self.sector.code if self.sector else None
        if self.counted:
            return (sector, self.total)
        return (sector, tuple(self.titles))


@lru_cache(maxsize=512)
def _cell_label(language: str | None, total: int) -> str:
    return ngettext("%(total)s Kooperation", "%(total)s Kooperationen", total) % {
        "total": localize(total)
    }


class _AnyOf(Lookup):
    """`field = ANY(%s)` with the values as one array parameter: an IN of a few
    thousand literals costs more to prepare (Django) and plan than to run."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


@dataclass
class CooperationMatrix:
    """Municipalities of a Kreis × sectors; each cell lists the cooperations."""

    page: object  # a Paginator page of the Kreis's municipalities
    sectors: list
    cells: dict[tuple[int, int | None], MatrixCell]

    @property
    def municipalities(self) -> list:
        return list(self.page.object_list)

    def rows(self):
        columns = [*self.sectors, None]
        for municipality in self.page.object_list:
            yield (
                municipality,
                [
                    self.cells.get(
                        (municipality.pk, sector.pk if sector else None),
                        MatrixCell(sector=sector, titles=[]),
                    )
                    for sector in columns
                ],
            )

    @staticmethod
    def row_shown(municipality, cells: list[MatrixCell]) -> tuple:
        """Everything a row shows: the key of its cached HTML."""
        return (
            municipality.pk,
            municipality.ags,
            municipality.short_name,
            tuple(cell.shown for cell in cells),
        )


def cooperation_matrix(
    *,
    user: User | None,
    kreis_code: str,
    page: int | str = 1,
    per_page: int = 0,
    include_ended: bool = False,
) -> CooperationMatrix:
    """Who cooperates in which sector within a Kreis (only what the user may read;
    ended cooperations only with `include_ended`).

    Two flat queries: the page's (place, cooperation) pairs from the partners'
    index, then those cooperations ordered by title with their sectors, read by
    primary key; cells keep the first titles and count all.
    """
    municipalities = (
        Municipality.objects.in_kreis(kreis_code)
        .only("ags", "name", "short_name")
        .order_by(german("short_name"), "ags")
    )
    if per_page == ALL_ON_ONE_PAGE:
        municipalities = list(municipalities)  # one read, no count before it
    page = Paginator(municipalities, per_page or MATRIX_PAGE_SIZE).get_page(page)
    sectors = list(Sector.objects.all())
    by_pk = {sector.pk: sector for sector in sectors}
    places: dict[int, list[int]] = {}
    for place, pk in (
        CooperationPartner.objects.members()
        .filter(municipality__in=[m.pk for m in page.object_list])
        .values_list("municipality_id", "cooperation_id")
    ):
        places.setdefault(pk, []).append(place)
    # By primary key: a join or semi-join would hash every cooperation of the
    # register (issue 16).
    cooperations = current_unless(
        Cooperation.objects.filter(_AnyOf(F("pk"), list(places))),
        include_ended=include_ended,
    )
    if user is not None and not sees_whole_kreis(user, kreis_code):
        cooperations = cooperations.visible_to(user)
    # Each cooperation's sectors by its own index lookup: a join would hash the
    # sectors of the whole register.
    rows = cooperations.annotate(
        sector_ids=ArraySubquery(
            Cooperation.sectors.through.objects.filter(
                cooperation=OuterRef("pk")
            ).values("sector_id")
        )
    ).values_list("pk", "title", "sector_ids")
    cells: dict[tuple[int, int | None], MatrixCell] = {}
    for pk, title, sector_ids in rows.order_by("title", "pk"):
        for place, sector_id in product(places[pk], sector_ids or [None]):
            cell = cells.get((place, sector_id))
            if cell is None:
                cell = cells[place, sector_id] = MatrixCell(
                    sector=by_pk.get(sector_id), titles=[]
                )
            cell.total += 1
            if len(cell.titles) < MATRIX_CELL_TITLES:
                cell.titles.append((pk, title))
    return CooperationMatrix(page=page, sectors=sectors, cells=cells)


@dataclass
class SavingsLedger:
    """Savings per partner and year against the funding programme's target."""

    entries: list
    target_pct: Decimal | None

    def rows(self):
        for entry in self.entries:
            missed = (
                self.target_pct is not None
                and entry.savings_pct is not None
                and entry.savings_pct < self.target_pct
            )
            yield entry, missed

    @property
    def total_before(self) -> Decimal:
        return sum((e.cost_before for e in self.entries), Decimal(0))

    @property
    def total_after(self) -> Decimal:
        return sum((e.cost_after for e in self.entries), Decimal(0))

    @property
    def total_pct(self) -> Decimal | None:
        if not self.total_before:
            return None
        saved = self.total_before - self.total_after
        return (saved / self.total_before * 100).quantize(Decimal("0.1"))


def savings_ledger(*, cooperation: Cooperation) -> SavingsLedger:
    entries = list(
        SavingsEntry.objects.filter(partner__cooperation=cooperation)
        .select_related("partner__municipality", "partner__organisation")
        .order_by("year", "partner__municipality__short_name")
    )
    targets = [f.programme.savings_target_pct for f in cooperation.fundings.all()]
    return SavingsLedger(entries=entries, target_pct=max(targets) if targets else None)


def cooperation_gaps(
    *, user: User | None, kreis_code: str, include_ended: bool = False
) -> list[tuple]:
    """Per sector: municipalities without a (current, or with `include_ended` any)
    cooperation or an external provider."""
    matrix = cooperation_matrix(
        user=user,
        kreis_code=kreis_code,
        per_page=ALL_ON_ONE_PAGE,
        include_ended=include_ended,
    )
    provisions = {
        (p.municipality_id, p.sector_id): p.provider_type
        for p in ServiceProvision.objects.filter(
            municipality__kreis_id=kreis_code
        ).only("municipality_id", "sector_id", "provider_type")
    }
    gaps = []
    for sector in matrix.sectors:
        missing = [
            municipality
            for municipality in matrix.municipalities
            if not matrix.cells.get((municipality.pk, sector.pk))
            and provisions.get((municipality.pk, sector.pk), "none")
            in ServiceProvision.OWN_OPERATION
        ]
        gaps.append((sector, missing))
    return gaps


@dataclass(frozen=True)
class PlacePair:
    """Two places of a Kreis and the cooperations both are members of: one line of
    the network map and one row of its table."""

    first: Municipality
    second: Municipality
    count: int
    field: str  # the action field most of them serve (their first sector's)


@dataclass(frozen=True)
class Network:
    """The network map of a Kreis: its places, their outlines and the pairs of
    places that cooperate, with the number of cooperations they were counted
    from (those with at least two members in the Kreis)."""

    municipalities: list[Municipality]
    outlines: dict
    pairs: list[PlacePair]
    cooperations: int

    def partners(self) -> list[tuple[Municipality, list[tuple[Municipality, int]]]]:
        """Each place that cooperates (in the order of the names) with its partner
        places, the most shared cooperations first: the map's data table, every
        pair under both of its places."""
        by_place: dict[Municipality, list] = defaultdict(list)
        for pair in self.pairs:
            by_place[pair.first].append((pair.second, pair.count))
            by_place[pair.second].append((pair.first, pair.count))
        return [
            (place, sorted(by_place[place], key=lambda item: -item[1]))
            for place in self.municipalities
            if place in by_place
        ]


def cooperation_network(
    *, user: User | None, kreis_code: str, include_ended: bool = False
) -> Network:
    """The network of a Kreis (ended cooperations only with `include_ended`): each
    pair of member places of the Kreis counts the cooperations the user may read
    that both are members of. Three queries plus the outlines, whatever the number
    of cooperations; no cooperation is loaded as an object."""
    municipalities = list(
        Municipality.objects.in_kreis(kreis_code)
        .only("ags", "short_name", "latitude", "longitude")
        .order_by(german("short_name"), "ags")
    )
    outlines = {
        b.municipality_id: b.geometry
        for b in Boundary.objects.filter(municipality__kreis_id=kreis_code).only(
            "municipality_id", "geometry"
        )
    }
    if user is not None and sees_whole_kreis(user, kreis_code):
        user = None  # every cooperation of the Kreis: no visibility filter needed
    shown = (
        current_unless(
            cooperation_list_for_user(user=user, kreis=kreis_code),
            include_ended=include_ended,
        )
        .order_by()
        .values("pk")
    )
    places: dict[int, list[int]] = defaultdict(list)
    for cooperation, place in (
        CooperationPartner.objects.members()
        .filter(cooperation__in=shown, municipality__kreis_id=kreis_code)
        .order_by("cooperation_id", "municipality_id")
        .values_list("cooperation_id", "municipality_id")
    ):
        places[cooperation].append(place)
    fields = _first_action_fields(shown)
    counts: dict[tuple[int, int], Counter] = defaultdict(Counter)
    linked = 0
    for cooperation, members in places.items():
        pairs = list(combinations(sorted(set(members)), 2))
        linked += bool(pairs)
        for pair in pairs:
            counts[pair][fields.get(cooperation, "other")] += 1
    return Network(
        municipalities, outlines, _place_pairs(municipalities, counts), linked
    )


def _first_action_fields(cooperations: QuerySet) -> dict[int, str]:
    """Each cooperation's first sector's action field (sectors in their order)."""
    fields: dict[int, str] = {}
    for cooperation, action_field in (
        Cooperation.sectors.through.objects.filter(cooperation__in=cooperations)
        .order_by("cooperation_id", "-sector__position", "-sector__name")
        .values_list("cooperation_id", "sector__action_field")
    ):
        fields[cooperation] = action_field  # the last one written is the first
    return fields


def _place_pairs(municipalities: list, counts: dict) -> list[PlacePair]:
    """The pairs in the order of the places' names (A–B, A–C, then B–C)."""
    position = {m.pk: n for n, m in enumerate(municipalities)}
    by_pk = {m.pk: m for m in municipalities}
    pairs = []
    for pair, fields in counts.items():
        first, second = sorted(pair, key=position.__getitem__)
        pairs.append(
            PlacePair(
                first=by_pk[first],
                second=by_pk[second],
                count=sum(fields.values()),
                field=fields.most_common(1)[0][0],
            )
        )
    return sorted(pairs, key=lambda p: (position[p.first.pk], position[p.second.pk]))


def partner_choices(
    *, user: User, kreis: str = "", also: Iterable[str] = ()
) -> QuerySet:
    """Municipalities a user can pick as partners: those of the user's Kreise, plus
    the Kreis asked for (partners across a Kreis border are common) and the
    municipalities named by AGS in `also` (partners picked by name)."""
    kreise = set(role_facts(user).kreise)
    if kreis:
        kreise.add(kreis)
    return Municipality.objects.filter(
        Q(kreis_id__in=kreise) | Q(ags__in=list(also))
    ).order_by(german("short_name"))


def form_profiles(*, land_code: str) -> list[FormProfile]:
    """The Land's organisational forms with their facts, for the option comparison.

    Plain rows, no model instances: the comparison page reads them on every request.
    """
    facts: dict[int, dict] = {}
    for form_id, criterion, value, certainty, law, rating in FormFact.objects.filter(
        form__land_id=land_code
    ).values_list("form_id", "criterion", "value", "certainty", "law", "rating"):
        facts.setdefault(form_id, {})[criterion] = Fact(
            value=value, status=fact_status(certainty), law=law, rating=rating
        )
    return [
        FormProfile(
            code=code,
            name=name,
            level=level,
            law=law,
            position=position,
            facts=facts.get(pk, {}),
            family=family,
        )
        for pk, code, name, level, law, position, family in (
            OrganisationalForm.objects.filter(land_id=land_code)
            .order_by("position", "code")
            .values_list("pk", "code", "name", "level", "law", "position", "family")
        )
    ]


def funding_rules(*, land_code: str) -> FundingRules | None:
    """The Land's funding programme as plain rules, or None if it has none."""
    programme = FundingProgramme.objects.filter(land_id=land_code).first()
    return None if programme is None else _funding_rules(programme)


def _funding_rules(programme: FundingProgramme) -> FundingRules:
    return FundingRules(
        name=programme.name,
        min_partners=programme.min_partners,
        min_partners_exception=programme.min_partners_exception,
        min_years=programme.min_years,
        savings_target_pct=programme.savings_target_pct,
        grants=list(programme.grants),
        source=programme.source,
        certainty=programme.certainty,
        version=programme.version,
        body=programme.body,
        criteria_complete=programme.criteria_complete,
        min_partners_cross_border=programme.min_partners_cross_border,
        service_improvement_counts=programme.service_improvement_counts,
        fees_excluded=programme.fees_excluded,
        grant_per_further_partner=programme.grant_per_further_partner,
        max_grant=programme.max_grant,
        max_rate_pct=programme.max_rate_pct,
        conditions=programme.conditions,
        valid_until=programme.valid_until,
        conditions_en=programme.conditions_en,
    )


def land_laws(*, land_codes: list[str]) -> dict[str, LandLaw]:
    """The partners' Länder with their cooperation law and funding programme, for
    the option comparison (two queries, whatever the number of Länder)."""
    programmes: dict[str, FundingRules] = {}
    for programme in FundingProgramme.objects.filter(land_id__in=land_codes).order_by(
        "land_id", "name"
    ):
        programmes.setdefault(programme.land_id, _funding_rules(programme))
    laws = {}
    for land in Land.objects.filter(code__in=land_codes).select_related(
        "cooperation_law"
    ):
        law = getattr(land, "cooperation_law", None)
        if law is None:
            laws[land.code] = LandLaw(
                land_code=land.code,
                land_name=land.name,
                programme=programmes.get(land.code),
            )
            continue
        laws[land.code] = LandLaw(
            land_code=land.code,
            land_name=land.name,
            name=law.name,
            abbreviation=law.abbreviation,
            version=law.version,
            certainty=law.certainty,
            source=law.source,
            cross_border=law.cross_border,
            cross_border_certainty=law.cross_border_certainty,
            cross_border_source=law.cross_border_source,
            funding=law.funding,
            funding_label=law.get_funding_display(),
            funding_note=law.funding_note,
            funding_as_of=law.funding_as_of,
            programme=programmes.get(land.code),
        )
    return laws


def cross_border_rules(*, land_codes: list[str]) -> list[BorderRule]:
    """The rules between the partners' Länder (none for partners in one Land)."""
    if len(land_codes) < 2:
        return []
    return [
        BorderRule(
            land_codes=(rule.land_a_id, rule.land_b_id),
            instrument=rule.instrument,
            rule=rule.rule,
            families=tuple(rule.families),
            certainty=rule.certainty,
            source=rule.source,
        )
        for rule in CrossBorderRule.objects.filter(
            land_a_id__in=land_codes, land_b_id__in=land_codes
        )
    ]


def organisational_forms(*, land_code: str) -> list:
    """The Land's forms with their facts in criterion order, for the guide pages."""
    return list(
        OrganisationalForm.objects.filter(land_id=land_code)
        .prefetch_related(
            Prefetch("facts", queryset=FormFact.objects.order_by("criterion"))
        )
        .order_by("position", "code")
    )


def cooperation_law_list() -> list[CooperationLaw]:
    """Every Land's cooperation law, the Länder in alphabetical order (the guide's
    Land switcher); city states have none."""
    return list(
        CooperationLaw.objects.select_related("land").order_by(german("land__name"))
    )


def cooperation_law_get(*, land_code: str) -> CooperationLaw | None:
    return CooperationLaw.objects.select_related("land").filter(pk=land_code).first()


def form_absence_list(*, land_code: str) -> list[FormAbsence]:
    """The form families the Land's law does not offer, with their sources."""
    return list(FormAbsence.objects.filter(land_id=land_code).order_by("family"))


@dataclass(frozen=True)
class LandFamily:
    """One Land in the guide's switcher for a form family: its forms of the family,
    or the statement that its law has none, or neither (an open question)."""

    law: CooperationLaw
    forms: list[OrganisationalForm]
    absence: FormAbsence | None


def form_family_by_land(*, family: str) -> list[LandFamily]:
    """Each Land with a cooperation law and what it has of the family (3 queries)."""
    forms: dict[str, list[OrganisationalForm]] = {}
    for form in (
        OrganisationalForm.objects.filter(family=family)
        .only("code", "name", "name_en", "law", "land_id", "family")
        .order_by("position", "code")
    ):
        forms.setdefault(form.land_id, []).append(form)
    absences = {a.land_id: a for a in FormAbsence.objects.filter(family=family)}
    return [
        LandFamily(
            law=law,
            forms=forms.get(law.land_id, []),
            absence=absences.get(law.land_id),
        )
        for law in cooperation_law_list()
    ]


def cooperation_counts_by_form() -> dict[int, int]:
    """How many cooperations each form has: a public figure, nothing private."""
    return dict(
        Cooperation.objects.filter(form__isnull=False)
        .values_list("form_id")
        .annotate(n=Count("pk"))
        .values_list("form_id", "n")
    )


def cooperation_count_in_field(*, action_field: str) -> int:
    return (
        Cooperation.objects.filter(sectors__action_field=action_field)
        .distinct()
        .count()
    )


def cooperation_list_in_field(*, user: User, action_field: str) -> list[Cooperation]:
    readable = cooperation_list_for_user(user=user).filter(
        sectors__action_field=action_field
    )
    # The page lists title and status only: no partners or sectors to prefetch.
    return list(
        readable.select_related(None)
        .prefetch_related(None)
        .only("title", "status", "is_example")
    )


@dataclass
class Checklist:
    """One phase's items for a cooperation, each with its tick (or None)."""

    cooperation: Cooperation | None
    rows: list[tuple]

    @property
    def done(self) -> int:
        return sum(1 for _item, tick in self.rows if tick)


def checklist_for(*, phase: str, cooperation: Cooperation | None) -> Checklist:
    items = list(ChecklistItem.objects.filter(phase=phase).order_by("position"))
    ticks = {}
    if cooperation is not None:
        ticks = {
            tick.item_id: tick
            for tick in ChecklistTick.objects.filter(
                cooperation=cooperation, item__phase=phase
            ).select_related("ticked_by")
        }
    return Checklist(
        cooperation=cooperation, rows=[(item, ticks.get(item.pk)) for item in items]
    )


def funding_programmes() -> list:
    return list(FundingProgramme.objects.select_related("land").order_by("name"))


def organisational_form_search_texts() -> list[tuple[dict, str]]:
    """Every form (a row of `values()`) with the text the guide search matches:
    its names, summaries, law, Land and facts."""
    labels = dict(FormFact.Criterion.choices)
    texts: dict[int, list[str]] = {}
    for form_id, criterion, value, law in FormFact.objects.values_list(
        "form_id", "criterion", "value", "law"
    ):
        texts.setdefault(form_id, []).append(f"{labels[criterion]} {value} {law}")
    # Every Land has its forms: the Land's name finds them and names the hit.
    return [
        (
            form,
            " ".join(
                [form["name"], form["name_en"], form["summary"], form["summary_en"]]
                + [form["law"]]
                + [form["land__name"]]
                + texts.get(form["pk"], [])
            ),
        )
        for form in OrganisationalForm.objects.order_by(
            "position", "land_id", "code"
        ).values(
            "pk",
            "code",
            "name",
            "name_en",
            "summary",
            "summary_en",
            "law",
            "land__name",
        )
    ]


def form_comparison_rows(forms: list) -> list[tuple[str, list]]:
    """(criterion label, the fact of every form or None) for the comparison table."""
    facts = {(f.form_id, f.criterion): f for form in forms for f in form.facts.all()}
    return [
        (label, [facts.get((form.pk, criterion)) for form in forms])
        for criterion, label in FormFact.Criterion.choices
    ]


def comparison_partner_list(*, ags: list[str]) -> list[Municipality]:
    """The comparison's partners with their Kreis and population series (by date)."""
    return list(comparison_partners(Municipality.objects.filter(ags__in=ags)))


def comparison_partners(municipalities: QuerySet) -> QuerySet:
    """`municipalities` as the comparison reads its partners (by AGS, with their
    Kreis and population series): the form that picks the partners validates
    them with this queryset, so that the comparison does not read them again."""
    return (
        municipalities.select_related("kreis")
        .prefetch_related(
            Prefetch(
                "population_figures",
                queryset=PopulationFigure.objects.order_by("date"),
            )
        )
        .order_by("ags")
    )


_PROJECTION_FIELDS = (
    "pk", "kreis_id", "kreis__name", "municipality__ags", "municipality__name",
    "publisher", "title", "release_date", "base_year", "basis", "certainty", "notes",
)  # fmt: skip


def _projections(
    municipalities: list[Municipality], kreise: set[str]
) -> list[tuple[dict, dict[int, int]]]:
    """The partners' and their Kreise's projections, newest first, each with its
    values by year (one query: plain rows, a row per value)."""
    projections: dict[int, tuple[dict, dict[int, int]]] = {}
    for row in (
        PopulationProjection.objects.filter(
            Q(municipality__in=municipalities) | Q(kreis__in=kreise)
        )
        .order_by("-release_date", "-pk")
        .values(*_PROJECTION_FIELDS, "values__year", "values__population")
    ):
        _fields, values = projections.setdefault(row["pk"], (row, {}))
        if row["values__year"] is not None:
            values[row["values__year"]] = row["values__population"]
    return list(projections.values())


def _projection_series(row: dict, values: dict[int, int]) -> ProjectionSeries:
    return ProjectionSeries(
        area_name=row["municipality__name"] or row["kreis__name"],
        publisher=row["publisher"],
        title=row["title"],
        release_date=row["release_date"],
        base_year=row["base_year"],
        basis=row["basis"],
        reported=row["certainty"] == PopulationProjection.Certainty.REPORTED,
        notes=row["notes"],
        values=dict(sorted(values.items())),
    )


def demography_sources(*, municipalities: list[Municipality]) -> DemographySources:
    """The newest projection of each partner and of its Kreis, and each Kreis'
    population total per year and census basis where every municipality of the
    Kreis that has figures has one (two queries)."""
    kreise = {m.kreis_id for m in municipalities}
    own: dict[str, ProjectionSeries] = {}
    kreis: dict[str, ProjectionSeries] = {}
    for row, values in _projections(municipalities, kreise):  # newest first
        if row["municipality__ags"]:
            own.setdefault(row["municipality__ags"], _projection_series(row, values))
        else:
            kreis.setdefault(row["kreis_id"], _projection_series(row, values))
    # Per Kreis, year and basis: the total and how many municipalities it counts,
    # beside how many municipalities of the Kreis have any figure at all.
    counted = (
        PopulationFigure.objects.filter(
            municipality__kreis=OuterRef("municipality__kreis")
        )
        .order_by()
        .values("municipality__kreis")
        .annotate(n=Count("municipality", distinct=True))
        .values("n")
    )
    rows = (
        PopulationFigure.objects.filter(municipality__kreis__in=kreise)
        .order_by()
        .values("municipality__kreis", "date__year", "basis")
        .annotate(
            total=Sum("population"),
            count=Count("municipality", distinct=True),
            counted=Subquery(counted),
        )
    )
    totals: dict[str, dict[tuple[int, str], int]] = {code: {} for code in kreise}
    for row in rows:
        if row["count"] == row["counted"]:
            totals[row["municipality__kreis"]][row["date__year"], row["basis"]] = row[
                "total"
            ]
    return DemographySources(
        own=own,
        kreis=kreis,
        kreis_totals=totals,
        kreis_names={m.kreis_id: m.kreis.name for m in municipalities},
    )


def provision_by_municipality(
    *, sector: Sector, municipalities: list[Municipality]
) -> dict[int, ServiceProvision]:
    """Who provides the sector's service in each of the municipalities, by pk."""
    return {
        p.municipality_id: p
        for p in ServiceProvision.objects.filter(
            sector=sector, municipality__in=municipalities
        )
    }


def scenario_list_for_user(*, user: User) -> list[Scenario]:
    """Own scenarios and those shared with the user's municipalities."""
    return list(
        Scenario.objects.visible_to(user)
        .select_related("owner")
        .prefetch_related("partners")
        .order_by("-created_at", "-pk")
    )


def scenario_get(*, pk: int) -> Scenario:
    return get_object_or_404(
        Scenario.objects.select_related("owner").prefetch_related("partners"), pk=pk
    )


# --- The public register (issue 17) ------------------------------------------
# Published cooperations only (Cooperation.objects.published), their members only
# (an asked or declining municipality is not named), never contact persons.


def _register_members() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=CooperationPartner.objects.members()
        .select_related("municipality", "organisation")
        .order_by("pk"),
        to_attr="public_partners",
    )


def _public_documents() -> Prefetch:
    return Prefetch(
        "documents",
        queryset=CooperationDocument.objects.public().order_by("title", "pk"),
        to_attr="public_documents",
    )


def register_list() -> QuerySet[Cooperation]:
    """The register's cooperations in German title order, with form, Land law,
    sectors and members; cooperations.filters.RegisterFilter narrows it."""
    return (
        Cooperation.objects.published()
        .select_related("form", "form__land", "form__land__cooperation_law")
        .prefetch_related("sectors", _register_members())
        .order_by(german("title"), "pk")
    )


def register_export() -> QuerySet[Cooperation]:
    """The whole register for the open-data files, with the public documents."""
    return register_list().prefetch_related(_public_documents())


def register_cooperation_get(*, pk: int) -> Cooperation:
    """A cooperation as the register shows it; the caller asks the rule
    cooperations.read_published (404 for one not published)."""
    return get_object_or_404(register_export(), pk=pk)


def register_list_for_municipality(*, municipality: Municipality) -> list[Cooperation]:
    """The published cooperations the municipality is a member of."""
    return list(register_list().filter(member_exists(Q(municipality=municipality))))


def register_filter_choices() -> dict[str, Callable[[], list]]:
    """The choices of the register's filters, each a callable that queries only
    when the form is rendered (a cached page asks nothing): the Länder, Kreise
    and forms of published cooperations' members, and every sector."""
    published = Cooperation.objects.published()
    members = CooperationPartner.objects.members().filter(cooperation__in=published)

    def places(model, member_field: str) -> Callable[[], list]:
        return lambda: list(
            model.objects.filter(
                Exists(members.filter(**{member_field: OuterRef("pk")}))
            )
            .order_by(german("name"))
            .values_list("code", "name")
        )

    def forms() -> list:
        used = OrganisationalForm.objects.filter(
            Exists(published.filter(form=OuterRef("pk")))
        ).select_related("land")
        return [(f.code, f"{f} ({f.land})") for f in used.order_by("land", "position")]

    def sectors() -> list:
        return [(sector.code, sector.label) for sector in Sector.objects.all()]

    return {
        "land": places(Land, "municipality__kreis__land"),
        "kreis": places(Kreis, "municipality__kreis"),
        "form": forms,
        "sector": sectors,
    }


@dataclass(frozen=True)
class PublicationPreview:
    """What publishing a cooperation would show beyond its own fields."""

    members: list[CooperationPartner]
    documents: list[CooperationDocument]  # marked public
    not_named: int  # partners asked or declining: not named in the register


def publication_preview(*, cooperation: Cooperation) -> PublicationPreview:
    partners = list(
        cooperation.partners.select_related("municipality", "organisation").order_by(
            "pk"
        )
    )
    members = [partner for partner in partners if partner.is_member]
    return PublicationPreview(
        members=members,
        documents=list(
            cooperation.documents.filter(
                visibility=CooperationDocument.Visibility.PUBLIC
            ).order_by("title", "pk")
        ),
        not_named=len(partners) - len(members),
    )
