"""Queries behind the cooperation pages."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from lebenswert.accounts.models import User
from lebenswert.audit.models import Change
from lebenswert.core.collation import german
from municipalities.models import (
    Boundary,
    Municipality,
    PopulationFigure,
    PopulationProjection,
)
from municipalities.roles import role_facts
from services.models import Sector, ServiceProvision

from .comparison.options import Fact, FormProfile, FundingRules
from .comparison.projection import DemographySources, ProjectionSeries
from .deadlines import Deadline, upcoming
from .filters import CooperationFilter
from .guide.search import normalise, terms_of
from .models import (
    ChecklistItem,
    ChecklistTick,
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    FormFact,
    Funding,
    FundingProgramme,
    OrganisationalForm,
    SavingsEntry,
    Scenario,
    fact_status,
)

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
                queryset=CooperationPartner.objects.select_related(
                    "municipality", "organisation"
                ),
            ),
        )
        .order_by(german("title"), "pk")
    )


def visibility_key(user: User) -> tuple:
    """What decides which cooperations a user sees, for cache keys."""
    return role_facts(user).region_key()


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
    """Title, status and form for the frame of the detail page and its permission
    check; the body loads the rest (cooperation_get) only when it is built."""
    return get_object_or_404(Cooperation.objects.select_related("form"), pk=pk)


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
    cooperations = (
        Cooperation.objects.filter(partners__municipality_id__in=viewed)
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
    kreise = set(role_facts(user).kreise)
    if kreis:
        kreise.add(kreis)
    return Municipality.objects.filter(kreis_id__in=kreise).order_by(
        german("short_name")
    )


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
        )
        for pk, code, name, level, law, position in OrganisationalForm.objects.filter(
            land_id=land_code
        )
        .order_by("position", "code")
        .values_list("pk", "code", "name", "level", "law", "position")
    ]


def funding_rules(*, land_code: str) -> FundingRules | None:
    """The Land's funding programme as plain rules, or None if it has none."""
    programme = FundingProgramme.objects.filter(land_id=land_code).first()
    if programme is None:
        return None
    return FundingRules(
        name=programme.name,
        min_partners=programme.min_partners,
        min_partners_exception=programme.min_partners_exception,
        min_years=programme.min_years,
        savings_target_pct=programme.savings_target_pct,
        grants=list(programme.grants),
        source=programme.source,
    )


def organisational_forms(*, land_code: str) -> list:
    """The Land's forms with their facts in criterion order, for the guide pages."""
    return list(
        OrganisationalForm.objects.filter(land_id=land_code)
        .prefetch_related(
            Prefetch("facts", queryset=FormFact.objects.order_by("criterion"))
        )
        .order_by("position", "code")
    )


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


def organisational_forms_matching(query: str) -> list[dict]:
    """Forms whose name, summary, law or facts contain every word of the query."""
    terms = terms_of(query)
    if not terms:
        return []
    labels = dict(FormFact.Criterion.choices)
    texts: dict[int, list[str]] = {}
    for form_id, criterion, value, law in FormFact.objects.values_list(
        "form_id", "criterion", "value", "law"
    ):
        texts.setdefault(form_id, []).append(f"{labels[criterion]} {value} {law}")
    found = []
    for form in OrganisationalForm.objects.order_by("position", "code").values(
        "pk", "code", "name", "name_en", "summary", "law"
    ):
        text = normalise(
            " ".join(
                [form["name"], form["name_en"], form["summary"], form["law"]]
                + texts.get(form["pk"], [])
            )
        )
        if all(term in text for term in terms):
            found.append(form)
    return found


def form_comparison_rows(forms: list) -> list[tuple[str, list]]:
    """(criterion label, the fact of every form or None) for the comparison table."""
    facts = {(f.form_id, f.criterion): f for form in forms for f in form.facts.all()}
    return [
        (label, [facts.get((form.pk, criterion)) for form in forms])
        for criterion, label in FormFact.Criterion.choices
    ]


def comparison_partner_list(*, ags: list[str]) -> list[Municipality]:
    """The comparison's partners with their Kreis and population series (by date)."""
    return list(
        Municipality.objects.filter(ags__in=ags)
        .select_related("kreis")
        .prefetch_related(
            Prefetch(
                "population_figures",
                queryset=PopulationFigure.objects.order_by("date"),
            )
        )
        .order_by("ags")
    )


def _projection_series(projection: PopulationProjection) -> ProjectionSeries:
    return ProjectionSeries(
        area_name=str(projection.area),
        publisher=projection.publisher,
        title=projection.title,
        release_date=projection.release_date,
        base_year=projection.base_year,
        basis=projection.basis,
        reported=projection.certainty == PopulationProjection.Certainty.REPORTED,
        notes=projection.notes,
        values={v.year: v.population for v in projection.values.all()},
    )


def demography_sources(*, municipalities: list[Municipality]) -> DemographySources:
    """The newest projection of each partner and of its Kreis, and each Kreis'
    population total per year and census basis where every municipality of the
    Kreis that has figures has one (three queries)."""
    kreise = {m.kreis_id for m in municipalities}
    own: dict[str, ProjectionSeries] = {}
    kreis: dict[str, ProjectionSeries] = {}
    projections = (
        PopulationProjection.objects.filter(
            Q(municipality__in=municipalities) | Q(kreis__in=kreise)
        )
        .select_related("kreis", "municipality")
        .prefetch_related("values")
        .order_by("-release_date", "-pk")
    )
    for projection in projections:  # newest first
        if projection.municipality_id:
            own.setdefault(projection.municipality.ags, _projection_series(projection))
        else:
            kreis.setdefault(projection.kreis_id, _projection_series(projection))
    rows = (
        PopulationFigure.objects.filter(municipality__kreis__in=kreise)
        .values("municipality__kreis", "date__year", "basis")
        .annotate(total=Sum("population"), count=Count("municipality", distinct=True))
    )
    counted = dict(
        PopulationFigure.objects.filter(municipality__kreis__in=kreise)
        .values("municipality__kreis")
        .annotate(n=Count("municipality", distinct=True))
        .values_list("municipality__kreis", "n")
    )
    totals: dict[str, dict[tuple[int, str], int]] = {code: {} for code in kreise}
    for row in rows:
        code = row["municipality__kreis"]
        if row["count"] == counted[code]:
            totals[code][row["date__year"], row["basis"]] = row["total"]
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
