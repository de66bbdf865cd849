"""The option comparison as one use case, with a typed result.

From the plain parameters of the form (or of a saved scenario): the partners'
population projection, the ranking of the forms, the funding check, the cost split
and the demography scenario. Queries do not grow with the number of partners: the
municipalities with their population series, the sector's provisions, the forms
with facts, the programme.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext

from municipalities.models import Municipality
from services.models import Sector

from .. import selectors
from .cost_split import CostSplitError, PartnerBasis, Share, split
from .options import CRITERIA, FundingCheck, Ranking, Requirement, funding_check, rank
from .projection import (
    DEFAULT_FIXED_SHARE_PCT,
    DEFAULT_STRESS_PCT,
    FALLBACK_FIXED_SHARE_PCT,
    CostScenario,
    Figure,
    PartnerDemography,
    Projection,
    partner_demography,
    per_head_costs,
    project,
)

DEFAULT_POOLING_SAVING_PCT = Decimal(15)
FALLBACK_POPULATION_YEAR = 2024  # a population without a date: the Zensus update


@dataclass
class PartnerData:
    """One partner: its population series, projection and variants, the sector's
    cost."""

    municipality: Municipality
    figures: list[Figure]
    projection: Projection | None  # the trend, or the user's rate (rate_pct)
    demography: PartnerDemography | None
    yearly_cost: Decimal | None
    cost_is_demo: bool
    usage: Decimal | None


@dataclass
class ComparisonResult:
    """Everything the comparison page, a scenario and its report show."""

    params: dict
    sector: Sector
    partners: list[PartnerData]
    ranking: Ranking
    funding: FundingCheck | None
    funding_by_form: dict[str, FundingCheck]
    shares: list[Share]
    split_error: str
    split_total: Decimal | None
    split_total_source: str  # "entered" or "recorded"
    scenario: CostScenario | None
    scenario_error: str
    fixed_share_pct: Decimal
    fixed_share_default: bool
    pooling_saving_pct: Decimal
    rate_pct: Decimal | None


@dataclass
class _CostSplit:
    shares: list[Share]
    error: str
    total: Decimal | None
    total_source: str


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def option_comparison(*, params: dict) -> ComparisonResult:
    """Everything the comparison result shows, computed from the plain parameters."""
    sector = Sector.objects.get(code=params["sector"])
    total = _decimal(params.get("total"))
    rate_pct = _decimal(params.get("rate_pct"))
    partners = _partners(params, sector=sector, total=total, rate_pct=rate_pct)
    # The forms and the funding programme of the Land the (first) partner is in.
    land_code = partners[0].municipality.kreis.land_id if partners else ""
    ranking = rank(selectors.form_profiles(land_code=land_code), _requirements(params))
    funding, funding_by_form = _funding(
        params, land_code=land_code, partner_count=len(partners), ranking=ranking
    )
    cost = _cost_split(params, partners=partners, total=total)
    fixed = _decimal(params.get("fixed_share_pct"))
    fixed_default = fixed is None
    if fixed is None:
        fixed = DEFAULT_FIXED_SHARE_PCT.get(sector.code, FALLBACK_FIXED_SHARE_PCT)
    pooling = _decimal(params.get("pooling_saving_pct"))
    if pooling is None:
        pooling = DEFAULT_POOLING_SAVING_PCT
    scenario, scenario_error = _scenario(
        partners, cost=cost, fixed_share_pct=fixed, pooling_saving_pct=pooling
    )
    return ComparisonResult(
        params=params,
        sector=sector,
        partners=partners,
        ranking=ranking,
        funding=funding,
        funding_by_form=funding_by_form,
        shares=cost.shares,
        split_error=cost.error,
        split_total=cost.total,
        split_total_source=cost.total_source,
        scenario=scenario,
        scenario_error=scenario_error,
        fixed_share_pct=fixed,
        fixed_share_default=fixed_default,
        pooling_saving_pct=pooling,
        rate_pct=rate_pct,
    )


def _figures(municipality: Municipality) -> list[Figure]:
    """The official population series; without one, the single figure on record."""
    figures = [
        Figure(f.date.year, f.population, f.basis, f.source)
        for f in municipality.population_figures.all()  # prefetched
    ]
    if not figures and municipality.population:
        year = (
            municipality.population_date.year
            if municipality.population_date
            else FALLBACK_POPULATION_YEAR
        )
        basis = municipality.population_basis or "zensus2022"
        figures = [Figure(year, municipality.population, basis)]
    return figures


def _partners(
    params: dict, *, sector: Sector, total: Decimal | None, rate_pct: Decimal | None
) -> list[PartnerData]:
    municipalities = selectors.comparison_partner_list(ags=params["partners"])
    provisions = selectors.provision_by_municipality(
        sector=sector, municipalities=municipalities
    )
    sources = selectors.demography_sources(municipalities=municipalities)
    stress_pct = _decimal(params.get("stress_pct"))
    usage = params.get("usage") or {}
    partners = []
    for municipality in municipalities:
        figures = _figures(municipality)
        provision = provisions.get(municipality.pk)
        partners.append(
            PartnerData(
                municipality=municipality,
                figures=figures,
                projection=project(figures, rate_pct=rate_pct),
                demography=partner_demography(
                    ags=municipality.ags,
                    name=municipality.short_name,
                    kreis_code=municipality.kreis_id,
                    figures=figures,
                    sources=sources,
                    stress_pct=DEFAULT_STRESS_PCT if stress_pct is None else stress_pct,
                ),
                yearly_cost=provision.yearly_cost if provision else None,
                # Recorded costs are used only without an entered total.
                cost_is_demo=bool(total is None and provision and provision.is_demo),
                usage=_decimal(usage.get(municipality.ags)),
            )
        )
    return partners


def _requirements(params: dict) -> dict[str, Requirement]:
    return {
        criterion: Requirement(int(weight), bool(must))
        for criterion, (weight, must) in params["requirements"].items()
        if criterion in CRITERIA
    }


def _funding(
    params: dict, *, land_code: str, partner_count: int, ranking: Ranking
) -> tuple[FundingCheck | None, dict[str, FundingCheck]]:
    """The Land's programme checked for the plan, and for each ranked form."""
    rules = selectors.funding_rules(land_code=land_code)
    if rules is None:
        return None, {}
    check = {
        "partners": partner_count,
        "years": params.get("years"),
        "savings_pct": _decimal(params.get("savings_pct")),
        "exception_justified": bool(params.get("exception")),
    }
    by_form = {
        option.form.code: funding_check(rules, **check, form_level=option.form.level)
        for option in ranking.options
    }
    return funding_check(rules, **check), by_form


def _cost_split(
    params: dict, *, partners: list[PartnerData], total: Decimal | None
) -> _CostSplit:
    """The entered total split by the chosen key; without a total, the recorded
    costs if every partner has one."""
    source = "entered"
    known = [p.yearly_cost for p in partners]
    if total is None and partners and all(c is not None for c in known):
        total, source = sum(known, Decimal(0)), "recorded"
    if total is None:
        error = gettext(
            "Für die Kostenaufteilung fehlen die Kosten: Tragen Sie die Kosten der "
            "Aufgabe je Jahr ein."
        )
        return _CostSplit(shares=[], error=error, total=None, total_source=source)
    bases = [
        PartnerBasis(
            ags=p.municipality.ags,
            name=p.municipality.short_name,
            population=(p.projection.base_population if p.projection else None),
            area_km2=p.municipality.area_km2,
            usage=p.usage,
        )
        for p in partners
    ]
    try:
        shares = split(total, bases, params.get("key") or "equal", params.get("mix"))
    except CostSplitError as error:
        return _CostSplit(shares=[], error=str(error), total=total, total_source=source)
    return _CostSplit(shares=shares, error="", total=total, total_source=source)


def _scenario(
    partners: list[PartnerData],
    *,
    cost: _CostSplit,
    fixed_share_pct: Decimal,
    pooling_saving_pct: Decimal,
) -> tuple[CostScenario | None, str]:
    """The demography scenario from today's cost per partner: recorded, or the
    entered total shared by population."""
    if any(p.projection is None for p in partners):
        return None, gettext("Für mindestens eine Gemeinde fehlt die Einwohnerzahl.")
    if cost.total is None:
        return None, gettext(
            "Für das Demografie-Szenario fehlen die Kosten der Aufgabe."
        )
    people = sum(p.projection.base_population for p in partners)
    rows = []
    for p in partners:
        yearly = p.yearly_cost
        if yearly is None or cost.total_source == "entered":
            yearly = cost.total * p.projection.base_population / people
        rows.append(
            (
                p.municipality.ags,
                p.municipality.short_name,
                p.projection.base_population,
                yearly,
                p.projection.populations,
            )
        )
    scenario = per_head_costs(
        rows, fixed_share_pct=fixed_share_pct, pooling_saving_pct=pooling_saving_pct
    )
    return scenario, ""
