"""Queries behind the cooperation pages."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from lebenswert.accounts.models import User
from lebenswert.audit.models import Change
from lebenswert.core.collation import german

from .deadlines import Deadline, upcoming
from .models import Cooperation, CooperationPartner, Funding, SavingsEntry
from .rules import kreise_of

PILOT_KREIS = "06636"  # Werra-Meißner-Kreis: the default for users without a Kreis

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
    """Cooperations the user may read, filtered; partners and sectors prefetched.

    Without a user (reports whose permission was checked for their whole Kreis or
    municipality): every cooperation that matches the filters.

    Every condition on partners or sectors is an EXISTS, so no join multiplies
    rows and no DISTINCT is needed, whatever the number of cooperations.
    """
    cooperations = Cooperation.objects.all()
    if user is not None and not user.is_staff:
        cooperations = cooperations.filter(_has_partner(_visible_places(user)))
    if query:
        cooperations = cooperations.filter(
            Q(title__icontains=query) | Q(task__icontains=query)
        )
    if status:
        cooperations = cooperations.filter(status=status)
    if sector:
        cooperations = cooperations.filter(
            Exists(
                Cooperation.sectors.through.objects.filter(
                    cooperation_id=OuterRef("pk"), sector__code=sector
                )
            )
        )
    if form:
        cooperations = cooperations.filter(form__code=form)
    if municipality:
        cooperations = cooperations.filter(
            _has_partner(Q(municipality__ags=municipality))
        )
    if kreis:
        cooperations = cooperations.filter(
            _has_partner(Q(municipality__kreis_id=kreis))
        )
    return (
        cooperations.select_related("form", "lead")
        .prefetch_related(
            "sectors",
            Prefetch(
                "partners",
                queryset=CooperationPartner.objects.select_related(
                    "municipality", "organisation"
                ),
            ),
        )
        .order_by(german("title"), "pk")
    )


def _visible_places(user: User) -> Q:
    """Partner municipalities whose cooperations the user may read."""
    from municipalities.rules import planner_scope_of

    _kreise, bezirke = planner_scope_of(user)
    return Q(municipality__kreis_id__in=kreise_of(user)) | Q(
        municipality__kreis__regierungsbezirk_id__in=bezirke
    )


def _has_partner(condition: Q) -> Exists:
    return Exists(
        CooperationPartner.objects.filter(condition, cooperation_id=OuterRef("pk"))
    )


def visibility_key(user: User) -> tuple:
    """What decides which cooperations a user sees, for cache keys."""
    from municipalities.rules import planner_scope_of

    if user.is_staff:
        return ("all",)
    _kreise, bezirke = planner_scope_of(user)
    return (tuple(sorted(kreise_of(user))), tuple(sorted(bezirke)))


def cooperation_get(*, pk: int) -> Cooperation:
    return get_object_or_404(
        Cooperation.objects.select_related(
            "form", "lead", "created_by"
        ).prefetch_related(
            "sectors",
            "documents",
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


def cooperation_history(*, cooperation: Cooperation, limit: int = 50) -> list[Change]:
    return list(
        Change.objects.for_object(cooperation)
        .select_related("content_type")
        .order_by("-at", "-id")[:limit]
    )


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
    from municipalities.rules import roles_of

    cooperations = (
        Cooperation.objects.filter(partners__municipality_id__in=list(roles_of(user)))
        .exclude(status=Cooperation.Status.ENDED)
        .distinct()
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
class CostShareTotal:
    """The partners' cost shares added up, and whether they make 100 %."""

    total: Decimal
    recorded: int
    missing: int

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.total == 100


def cost_share_total(*, cooperation: Cooperation) -> CostShareTotal:
    shares = [p.cost_share_pct for p in cooperation.partners.all()]  # prefetched
    known = [share for share in shares if share is not None]
    return CostShareTotal(
        total=sum(known, Decimal(0)),
        recorded=len(known),
        missing=len(shares) - len(known),
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


def cooperation_matrix(
    *, user: User | None, kreis_code: str, page: int | str = 1, per_page: int = 0
) -> CooperationMatrix:
    """Who cooperates in which sector within a Kreis (only what the user may read).

    One flat query of (place, sector, cooperation) triples for the page's
    municipalities, ordered by title; cells keep the first titles and count all.
    """
    from django.core.paginator import Paginator

    from municipalities.models import Municipality
    from services.models import Sector

    municipalities = (
        Municipality.objects.in_kreis(kreis_code)
        .only("ags", "name", "short_name")
        .order_by(german("short_name"), "ags")
    )
    page = Paginator(municipalities, per_page or MATRIX_PAGE_SIZE).get_page(page)
    sectors = list(Sector.objects.all())
    by_pk = {sector.pk: sector for sector in sectors}
    visible = cooperation_list_for_user(user=user).values("pk")
    triples = (
        CooperationPartner.objects.filter(
            municipality__in=[m.pk for m in page.object_list],
            cooperation__in=visible,
        )
        .values_list(
            "municipality_id",
            "cooperation__sectors",
            "cooperation_id",
            "cooperation__title",
        )
        .order_by("cooperation__title", "cooperation_id")
    )
    cells: dict[tuple[int, int | None], MatrixCell] = {}
    for place, sector_id, pk, title in triples:
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


def cooperation_gaps(*, user: User | None, kreis_code: str) -> list[tuple]:
    """Per sector: municipalities without a cooperation or an external provider."""
    from services.models import ServiceProvision

    matrix = cooperation_matrix(
        user=user, kreis_code=kreis_code, per_page=ALL_ON_ONE_PAGE
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


def cooperation_network(*, user: User | None, kreis_code: str):
    """Places of a Kreis and the cooperations between them, for the network map."""
    from municipalities.models import Boundary, Municipality

    municipalities = list(
        Municipality.objects.in_kreis(kreis_code).only(
            "ags", "short_name", "latitude", "longitude"
        )
    )
    outlines = {
        b.municipality_id: b.geometry
        for b in Boundary.objects.filter(municipality__kreis_id=kreis_code).only(
            "municipality_id", "geometry"
        )
    }
    cooperations = [
        c
        for c in cooperation_list_for_user(user=user, kreis=kreis_code)
        if sum(1 for p in c.partners.all() if p.municipality_id) > 1
    ]
    return municipalities, outlines, cooperations


def partner_choices(*, user: User, kreis: str = "") -> QuerySet:
    """Municipalities a user can pick as partners: those of the user's Kreise, plus
    the Kreis asked for (partners across a Kreis border are common)."""
    from municipalities.models import Municipality

    kreise = set(kreise_of(user))
    if kreis:
        kreise.add(kreis)
    return Municipality.objects.filter(kreis_id__in=kreise or {PILOT_KREIS}).order_by(
        german("short_name")
    )
