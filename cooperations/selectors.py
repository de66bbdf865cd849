"""Queries behind the cooperation pages."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from lebenswert.accounts.models import User
from lebenswert.audit.models import Change

from .deadlines import Deadline, upcoming
from .models import Cooperation, CooperationPartner, Funding, SavingsEntry
from .rules import kreise_of

FUNDINGS = Prefetch(
    "fundings",
    queryset=Funding.objects.select_related("programme").order_by("granted_on"),
)


def cooperation_list_for_user(
    *,
    user: User,
    query: str = "",
    status: str = "",
    sector: str = "",
    form: str = "",
    municipality: str = "",
    kreis: str = "",
) -> QuerySet[Cooperation]:
    """Cooperations the user may read, filtered; partners and sectors prefetched."""
    from municipalities.rules import planner_scope_of

    cooperations = Cooperation.objects.all()
    if not user.is_staff:
        _kreise, bezirke = planner_scope_of(user)
        visible = Q(partners__municipality__kreis_id__in=kreise_of(user)) | Q(
            partners__municipality__kreis__regierungsbezirk_id__in=bezirke
        )
        cooperations = cooperations.filter(
            pk__in=Cooperation.objects.filter(visible).values("pk")
        )
    if query:
        cooperations = cooperations.filter(
            Q(title__icontains=query) | Q(task__icontains=query)
        )
    if status:
        cooperations = cooperations.filter(status=status)
    if sector:
        cooperations = cooperations.filter(sectors__code=sector)
    if form:
        cooperations = cooperations.filter(form__code=form)
    if municipality:
        cooperations = cooperations.filter(partners__municipality__ags=municipality)
    if kreis:
        cooperations = cooperations.filter(partners__municipality__kreis_id=kreis)
    return (
        cooperations.distinct()
        .select_related("form", "lead")
        .prefetch_related(
            "sectors",
            Prefetch(
                "partners",
                queryset=CooperationPartner.objects.select_related(
                    "municipality", "organisation"
                ),
            ),
        )
        .order_by("title", "pk")
    )


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
class CooperationMatrix:
    """Municipalities of a Kreis × sectors; each cell lists the cooperations."""

    municipalities: list
    sectors: list
    cells: dict[tuple[int, int | None], list[Cooperation]]

    def rows(self):
        for municipality in self.municipalities:
            yield (
                municipality,
                [
                    self.cells.get((municipality.pk, sector.pk), [])
                    for sector in self.sectors
                ]
                + [self.cells.get((municipality.pk, None), [])],
            )


def cooperation_matrix(*, user: User, kreis_code: str) -> CooperationMatrix:
    """Who cooperates in which sector within a Kreis (only what the user may read)."""
    from municipalities.models import Municipality
    from services.models import Sector

    municipalities = list(
        Municipality.objects.in_kreis(kreis_code)
        .only("ags", "name", "short_name")
        .order_by("short_name")
    )
    sectors = list(Sector.objects.all())
    cells: dict[tuple[int, int | None], list[Cooperation]] = {}
    in_kreis = {m.pk for m in municipalities}
    for cooperation in cooperation_list_for_user(user=user, kreis=kreis_code):
        sector_ids = [s.pk for s in cooperation.sectors.all()] or [None]
        for partner in cooperation.partners.all():
            if partner.municipality_id in in_kreis:
                for sector_id in sector_ids:
                    cells.setdefault((partner.municipality_id, sector_id), []).append(
                        cooperation
                    )
    return CooperationMatrix(
        municipalities=municipalities, sectors=sectors, cells=cells
    )


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


# Providers that run the service themselves (or not at all): a candidate gap.
OWN_OPERATION = {"regiebetrieb", "eigenbetrieb", "none"}


def cooperation_gaps(*, user: User, kreis_code: str) -> list[tuple]:
    """Per sector: municipalities without a cooperation or an external provider."""
    from services.models import ServiceProvision

    matrix = cooperation_matrix(user=user, kreis_code=kreis_code)
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
            and provisions.get((municipality.pk, sector.pk), "none") in OWN_OPERATION
        ]
        gaps.append((sector, missing))
    return gaps


def cooperation_network(*, user: User, kreis_code: str):
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
    """Municipalities a user can pick as partners: those of the user's Kreise."""
    from municipalities.models import Municipality

    kreise = kreise_of(user) or {kreis or "06636"}
    return Municipality.objects.filter(kreis_id__in=kreise).order_by("short_name")


def form_profiles(*, land_code: str = "06") -> list:
    """The Land's organisational forms with their facts, for the option comparison."""
    from .models import OrganisationalForm
    from .options import Fact, FormProfile

    return [
        FormProfile(
            code=form.code,
            name=form.name,
            level=form.level,
            law=form.law,
            position=form.position,
            facts={
                fact.criterion: Fact(
                    value=fact.value,
                    status=fact.status,
                    law=fact.law,
                    rating=fact.rating,
                )
                for fact in form.facts.all()
            },
        )
        for form in OrganisationalForm.objects.filter(land_id=land_code)
        .prefetch_related("facts")
        .order_by("position", "code")
    ]


def funding_rules(*, land_code: str = "06"):
    """The Land's funding programme as plain rules, or None if it has none."""
    from .models import FundingProgramme
    from .options import FundingRules

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
