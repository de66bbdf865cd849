"""The option comparison as one use case, with a typed result.

From the plain parameters of the form (or of a saved scenario): each partner's
population variants (amtlich, trend, stress), the ranking of the forms, the cost
model (each partner alone versus together per variant and year, from its own
yearly cost), the funding verdict from the computed savings (a typed-in saving
only as an override, marked „angenommen“), the sensitivity table and, if a total
is typed in, its split by the key. Queries do not grow with the number of
partners: the municipalities with their population series, the projections and
Kreis totals, the sector's provisions, the forms with facts, the programme.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from lebenswert.core.numbers import format_money, format_number, format_percent
from municipalities.models import Municipality
from services.models import Sector

from .. import selectors
from . import pieces
from .charts import demography_chart, remanence_chart
from .cost_model import (
    BreakEven,
    CostComparison,
    FundingTerms,
    FundingVerdict,
    ModelInput,
    PartnerInput,
    PartnerYear,
    PooledYear,
    Sensitivity,
    SensitivityCell,
    SetupCosts,
    compare_funded,
    sensitivity,
)
from .cost_split import CostSplitError, PartnerBasis, Share, split
from .laender import LandFunding, Lands, funding_by_land, land_codes, lands
from .options import (
    CRITERIA,
    FundingCheck,
    FundingPlan,
    Ranking,
    Requirement,
    funding_check,
    rank,
)
from .projection import (
    DEFAULT_STRESS_PCT,
    Figure,
    PartnerDemography,
    Projection,
    basis_label,
    partner_demography,
    project,
    variant_populations,
)

DEFAULT_BUNDLING_PCT = Decimal(15)
# The set-up costs are spread over the planned term; without one, over this.
DEFAULT_TERM_YEARS = 5
FALLBACK_POPULATION_YEAR = 2024  # a population without a date: the Zensus update
SETUP_PARTS = ("legal", "contracts", "it", "staff")


@dataclass
class PartnerData:
    """One partner: its population series and variants, its own yearly cost."""

    municipality: Municipality
    figures: list[Figure]
    projection: Projection | None  # the trend: today's population for the split
    demography: PartnerDemography | None
    yearly_cost: Decimal | None  # today's cost of the task alone
    cost_source: str  # "entered", "recorded" or "" (missing)
    cost_is_demo: bool
    fixed_share_pct: Decimal | None  # typed for this partner or for all; None: default
    usage: Decimal | None

    @cached_property
    def chart(self) -> SafeString:
        """The variants as a band chart; drawn when shown (a page whose demography
        section comes from the cache does not draw it)."""
        if self.demography is None:
            return SafeString("")
        return demography_chart(self.demography)

    @cached_property
    def demography_rows(self) -> list[DemographyRow]:
        """The demography table's rows as printed: formatted once here, as
        `VariantCosts.printed_rows` (a filter per cell cost more than the table)."""
        demography = self.demography
        if demography is None:
            return []
        language = get_language()
        return [
            DemographyRow(
                label=variant.label,
                available=variant.available,
                cells=[
                    _number_or_dash(variant.values.get(year), language)
                    for year in demography.years
                ],
                rate=(
                    "–"
                    if variant.rate is None
                    else format_percent(
                        Decimal(str(variant.rate)) * 100,
                        2,
                        signed=True,
                        language=language,
                    )
                ),
                absent_reason=variant.absent_reason,
            )
            for variant in demography.variants.values()
        ]

    @cached_property
    def demography_band(self) -> list[str]:
        """The band's cells (lowest–highest) per year, as printed."""
        demography = self.demography
        if demography is None:
            return []
        cells, language = [], get_language()
        for year in demography.years:
            band = demography.band.get(year)
            low, high = (
                ("", "")
                if band is None
                else (
                    format_number(band[0], language=language),
                    format_number(band[1], language=language),
                )
            )
            cells.append(f"{low}–{high}")
        return cells


@dataclass
class DemographyRow:
    label: str
    available: bool
    cells: list[str]
    rate: str
    absent_reason: str


def _number_or_dash(value, language: str | None = None) -> str:
    return (
        "–" if value is None or value == "" else format_number(value, language=language)
    )


@dataclass
class ComparisonResult:
    """Everything the comparison page, a scenario and its report show."""

    params: dict
    sector: Sector
    partners: list[PartnerData]
    ranking: Ranking
    # The programme's check on the savings used (computed, or the override).
    funding: FundingCheck | None
    funding_by_form: dict[str, FundingCheck]
    funding_verdict: FundingVerdict | None
    # A typed-in yearly total split by the key (optional).
    shares: list[Share]
    split_error: str
    split_total: Decimal | None
    # The cost model: alone versus together, and the sensitivity table.
    costs: CostComparison | None
    costs_error: str
    sensitivity: Sensitivity | None
    bundling_pct: Decimal
    bundling_default: bool
    setup: SetupCosts
    term_years: int
    term_default: bool
    stress_pct: Decimal
    stress_default: bool
    savings_override_pct: Decimal | None
    # The partners' Länder: the law whose forms are ranked, the rules across the
    # border, and one funding verdict per Land (the lead Land's is `funding`).
    lands: Lands | None = None
    funding_by_land: list[LandFunding] = field(default_factory=list)

    @property
    def demography(self) -> list[PartnerDemography]:
        return [p.demography for p in self.partners if p.demography]

    @property
    def pooling_saving_pct(self) -> Decimal:
        return self.bundling_pct

    @property
    def split_total_source(self) -> str:
        return "entered"

    @property
    def has_demo_costs(self) -> bool:
        return any(p.cost_is_demo for p in self.partners)

    @cached_property
    def variant_labels(self) -> dict[str, str]:
        """The variants' names as pages print them (amtlich, Trend, Stress)."""
        return {
            key: variant.label
            for demography in self.demography
            for key, variant in demography.variants.items()
        }

    @cached_property
    def cost_sections(self) -> list[SafeString]:
        """Each partner's cost table and chart as HTML, kept by its data."""
        return self._cost_pieces[0]

    @cached_property
    def pooled_section(self) -> SafeString:
        """The pooled costs' table as HTML, kept by its data."""
        return self._cost_pieces[1]

    @cached_property
    def _cost_pieces(self) -> tuple[list[SafeString], SafeString]:
        return pieces.cost_sections(self)

    @cached_property
    def demography_sections(self) -> list[SafeString]:
        """Each partner's demography section as HTML, kept by its data."""
        return pieces.demography_sections(self)

    @cached_property
    def basis_labels(self) -> dict[str, str]:
        return {basis: basis_label(basis) for basis in ("zensus2011", "zensus2022")}

    @property
    def summary_saving(self) -> PooledYear | None:
        """The pooled saving today in the first variant (the page's summary)."""
        if self.costs is None:
            return None
        return self.costs.pooled_for(self.costs.variants[0], self.costs.base_year)

    @property
    def setup_total(self) -> Decimal:
        return self.setup.total

    @cached_property
    def cost_tables(self) -> list[PartnerCosts]:
        """Per partner and variant: the rows by year and the break-even year."""
        if self.costs is None:
            return []
        labels = self.variant_labels
        tables = []
        for partner in self.partners:
            ags = partner.municipality.ags
            variants = [
                VariantCosts(
                    key=variant,
                    label=labels.get(variant, variant),
                    rows=[self.costs.row(ags, variant, y) for y in self.costs.years],
                    break_even=self.costs.break_even_for(ags, variant),
                )
                for variant in self.costs.variants
            ]
            tables.append(
                PartnerCosts(
                    partner=partner,
                    fixed_share_pct=self.costs.fixed_share_pct[ags],
                    fixed_share_default=self.costs.fixed_share_default[ags],
                    variants=variants,
                    chart=remanence_chart(
                        ags=ags,
                        name=partner.municipality.short_name,
                        rows_by_variant=[(v.label, v.rows) for v in variants],
                    ),
                )
            )
        return tables

    @cached_property
    def pooled_tables(self) -> list[tuple[str, list]]:
        """(variant label, the pooled rows by year) per variant."""
        if self.costs is None:
            return []
        labels = self.variant_labels
        return [
            (
                labels.get(variant, variant),
                [self.costs.pooled_for(variant, y) for y in self.costs.years],
            )
            for variant in self.costs.variants
        ]

    @cached_property
    def printed_pooled_tables(self) -> list[tuple[str, list[tuple[PooledYear, list]]]]:
        """`pooled_tables` with each row's cells after the year formatted, as
        `VariantCosts.printed_rows` (the page prints a hundred of them)."""
        language = get_language()
        return [
            (label, [(row, _pooled_cells(row, language)) for row in rows])
            for label, rows in self.pooled_tables
        ]

    @cached_property
    def sensitivity_rows(self) -> list[SensitivityRow]:
        """One row per bundling effect and variant, a cell per year."""
        if self.sensitivity is None:
            return []
        labels = self.variant_labels
        names = {p.municipality.ags: p.municipality.short_name for p in self.partners}
        table = self.sensitivity
        rows = []
        for level in table.levels:
            for variant in table.variants:
                cells = [table.cell(level, variant, y) for y in table.years]
                losers = dict.fromkeys(ags for c in cells for ags in c.losers)
                rows.append(
                    SensitivityRow(
                        bundling_pct=level,
                        variant=labels.get(variant, variant),
                        cells=cells,
                        losers=[names[ags] for ags in losers],
                        current=level == self.bundling_pct,
                    )
                )
        return rows


@dataclass
class VariantCosts:
    key: str
    label: str
    rows: list[PartnerYear]
    break_even: BreakEven

    @property
    def rowspan(self) -> int:
        """The variant's heading spans its rows and the break-even row."""
        return len(self.rows) + 1

    @property
    def printed_rows(self) -> list[PrintedCostRow]:
        """Each row's cells as the cost table prints them: formatted once here,
        since a page has hundreds and a template filter per cell cost more than
        the rest of the table; flat, so that the template's loop unpacks them
        (a loop over the cells of each row cost as much as the cells)."""
        language = get_language()  # once: asked per number, it cost a third
        return [
            PrintedCostRow(
                year=str(row.year),  # as the template prints an int: no grouping
                population=format_number(row.population, language=language),
                alone=format_number(row.alone, 2, language=language),
                together=format_number(row.together, 2, language=language),
                alone_per_head=_amount_or_dash(row.alone_per_head, language),
                together_per_head=_amount_or_dash(row.together_per_head, language),
                saving=format_number(row.saving, 2, language=language),
                saving_pct=_pct_or_dash(row.saving_pct, language),
                loses=row.loses,
            )
            for row in self.rows
        ]


class PrintedCostRow(NamedTuple):
    year: str
    population: str
    alone: str
    together: str
    alone_per_head: str
    together_per_head: str
    saving: str
    saving_pct: str
    loses: bool


def _amount_or_dash(value: Decimal | None, language: str | None = None) -> str:
    return "–" if value is None else format_number(value, 2, language=language)


def _pct_or_dash(value: Decimal | None, language: str | None = None) -> str:
    return "–" if value is None else format_percent(value, 1, language=language)


def _pooled_cells(row: PooledYear, language: str | None) -> list[str]:
    return [
        format_number(row.population, language=language),
        *(
            format_number(amount, 2, language=language)
            for amount in (
                row.alone,
                row.fixed,
                row.fixed_pooled,
                row.variable,
                row.setup_yearly,
                row.grant_yearly,
                row.together,
                row.saving,
            )
        ),
        _pct_or_dash(row.saving_pct, language),
    ]


@dataclass
class PartnerCosts:
    partner: PartnerData
    fixed_share_pct: Decimal
    fixed_share_default: bool
    variants: list[VariantCosts]
    chart: SafeString


@dataclass
class SensitivityRow:
    bundling_pct: Decimal
    variant: str
    cells: list[SensitivityCell]
    losers: list[str]
    current: bool  # the bundling effect entered

    @property
    def printed_cells(self) -> list[str]:
        """Each cell's saving in whole euros with its percentage, as printed."""
        language = get_language()
        return [
            f"{format_money(cell.saving, 0, language=language)}"
            f" ({_pct_or_dash(cell.saving_pct, language)})"
            for cell in self.cells
        ]


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _setup(params: dict) -> SetupCosts:
    setup = params.get("setup") or {}
    return SetupCosts(
        **{part: _decimal(setup.get(part)) or Decimal(0) for part in SETUP_PARTS}
    )


def option_comparison(
    *,
    params: dict,
    sector: Sector | None = None,
    municipalities: list[Municipality] | None = None,
) -> ComparisonResult:
    """Everything the comparison result shows, computed from the plain parameters
    (`sector`, `municipalities`: see `_sector_and_partners`)."""
    sector, partners, stress = _sector_and_partners(params, sector, municipalities)
    # The forms and the funding programme of the first partner's Land; each
    # Land's programme for its own partners.
    setting = _lands(partners)
    ranking = _ranking(params, setting)
    bundling = _decimal(params.get("pooling_saving_pct"))
    years = params.get("years")
    override = _decimal(params.get("savings_pct"))
    terms = _funding_terms(params, setting)
    model = _model_input(
        params,
        sector=sector,
        partners=partners,
        bundling_pct=DEFAULT_BUNDLING_PCT if bundling is None else bundling,
        term_years=years or DEFAULT_TERM_YEARS,
    )
    costs, costs_error, table = None, "", None
    if isinstance(model, str):
        costs_error = model
    else:
        try:
            costs = compare_funded(model, terms)
            table = sensitivity(model, terms, known=costs)
        except CostSplitError as error:  # also CostModelError: a key value missing
            costs, table, costs_error = None, None, str(error)
    verdict = costs.funding if costs else None
    funding, funding_by_form = _funding(
        terms,
        ranking=ranking,
        savings_pct=verdict.used_pct if verdict else override,
        eligible_costs=_setup(params).total or None,
    )
    if verdict is None and override is not None and funding is not None:
        verdict = FundingVerdict(
            check=funding, computed_pct=None, used_pct=override, assumed=True
        )
    by_land = funding_by_land(
        setting,
        lead_check=verdict.check if verdict else funding,
        years=years,
        savings_pct=_savings_used(verdict, override, costs),
        exception_justified=bool(params.get("exception")),
        plan=_funding_plan(params, setting),
        eligible_costs=_setup(params).total or None,
    )
    shares, split_error, total = _cost_split(params, partners=partners)
    return ComparisonResult(
        params=params,
        sector=sector,
        partners=partners,
        ranking=ranking,
        funding=verdict.check if verdict else funding,
        funding_by_form=funding_by_form,
        funding_verdict=verdict,
        shares=shares,
        split_error=split_error,
        split_total=total,
        costs=costs,
        costs_error=costs_error,
        sensitivity=table,
        bundling_pct=DEFAULT_BUNDLING_PCT if bundling is None else bundling,
        bundling_default=bundling is None,
        setup=_setup(params),
        term_years=years or DEFAULT_TERM_YEARS,
        term_default=not years,
        stress_pct=DEFAULT_STRESS_PCT if stress is None else stress,
        stress_default=stress is None,
        savings_override_pct=override,
        lands=setting,
        funding_by_land=by_land,
    )


def _sector_and_partners(
    params: dict, sector: Sector | None, municipalities: list[Municipality] | None
) -> tuple[Sector, list[PartnerData], Decimal | None]:
    """The sector, the partners (by AGS) and the stress rate entered (None: the
    default) of `params`. The sector and the municipalities the caller has read
    already (the form validated them; the partners as
    `selectors.comparison_partners` reads them) are not read again."""
    if sector is None or sector.code != params["sector"]:
        sector = Sector.objects.get(code=params["sector"])
    if municipalities is None or sorted(m.ags for m in municipalities) != sorted(
        params["partners"]
    ):
        municipalities = selectors.comparison_partner_list(ags=params["partners"])
    # Older scenarios stored the user's population change as rate_pct.
    stress = _decimal(params.get("stress_pct", params.get("rate_pct")))
    partners = _partners(
        params,
        municipalities=sorted(municipalities, key=lambda m: m.ags),
        sector=sector,
        stress_pct=DEFAULT_STRESS_PCT if stress is None else stress,
    )
    return sector, partners, stress


def _ranking(params: dict, setting: Lands) -> Ranking:
    """The lead Land's forms ranked, flagged where crossing the border needs a rule."""
    lead = setting.lead
    profiles = selectors.form_profiles(land_code=lead.land_code if lead else "")
    setting.flag_forms(profiles)
    return rank(profiles, _requirements(params))


def _funding_plan(params: dict, setting: Lands) -> FundingPlan:
    lead = setting.lead
    return FundingPlan(
        service_improvement=bool(params.get("service_improvement")),
        fees_charged=bool(params.get("fees_charged")),
        other_lands=setting.others(lead.land_code) if lead else (),
    )


def _funding_terms(params: dict, setting: Lands) -> FundingTerms | None:
    """The lead Land's programme for its own partners (None without one)."""
    lead = setting.lead
    if lead is None or lead.programme is None:
        return None
    return FundingTerms(
        rules=lead.programme,
        years=params.get("years"),
        exception_justified=bool(params.get("exception")),
        override_pct=_decimal(params.get("savings_pct")),
        plan=_funding_plan(params, setting),
        partners=len(setting.groups[0].partners),
    )


def _savings_used(
    verdict: FundingVerdict | None,
    override: Decimal | None,
    costs: CostComparison | None,
) -> Decimal | None:
    """The savings the other Länder's programmes are checked on: the lead
    verdict's, else the override, else the computed ones."""
    if verdict is not None:
        return verdict.used_pct
    if override is not None:
        return override
    return costs.funding_savings_pct if costs else None


def _lands(partners: list[PartnerData]) -> Lands:
    """The partners' Länder with their law, programme and the rules across the
    border."""
    pairs = [
        (p.municipality.short_name, p.municipality.kreis.land_id) for p in partners
    ]
    codes = land_codes([code for _name, code in pairs])
    return lands(
        pairs,
        laws=selectors.land_laws(land_codes=codes),
        rules=selectors.cross_border_rules(land_codes=codes),
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
    params: dict,
    *,
    municipalities: list[Municipality],
    sector: Sector,
    stress_pct: Decimal,
) -> list[PartnerData]:
    provisions = selectors.provision_by_municipality(
        sector=sector, municipalities=municipalities
    )
    sources = selectors.demography_sources(municipalities=municipalities)
    usage = params.get("usage") or {}
    costs = params.get("costs") or {}
    fixed = params.get("fixed_shares") or {}
    fixed_all = _decimal(params.get("fixed_share_pct"))
    partners = []
    for municipality in municipalities:
        figures = _figures(municipality)
        provision = provisions.get(municipality.pk)
        recorded = provision.yearly_cost if provision else None
        entered = _decimal(costs.get(municipality.ags))
        demography = partner_demography(
            ags=municipality.ags,
            name=municipality.short_name,
            kreis_code=municipality.kreis_id,
            figures=figures,
            sources=sources,
            stress_pct=stress_pct,
        )
        own_fixed = _decimal(fixed.get(municipality.ags))
        partners.append(
            PartnerData(
                municipality=municipality,
                figures=figures,
                projection=project(figures),
                demography=demography,
                yearly_cost=entered if entered is not None else recorded,
                cost_source=(
                    "entered"
                    if entered is not None
                    else "recorded"
                    if recorded is not None
                    else ""
                ),
                cost_is_demo=bool(
                    entered is None and recorded is not None and provision.is_demo
                ),
                fixed_share_pct=own_fixed if own_fixed is not None else fixed_all,
                usage=_decimal(usage.get(municipality.ags)),
            )
        )
    return partners


def _model_input(
    params: dict,
    *,
    sector: Sector,
    partners: list[PartnerData],
    bundling_pct: Decimal,
    term_years: int,
) -> ModelInput | str:
    """The cost model's input, or why there is none (in German)."""
    without_people = [p.municipality.short_name for p in partners if not p.demography]
    if without_people:
        return gettext("Für %(names)s fehlt die Einwohnerzahl.") % {
            "names": ", ".join(without_people)
        }
    without_cost = [
        p.municipality.short_name for p in partners if p.yearly_cost is None
    ]
    if without_cost:
        return gettext(
            "Für den Vergleich „allein oder gemeinsam“ fehlen die heutigen Kosten "
            "der Aufgabe von %(names)s: Tragen Sie je Partner die jährlichen Kosten "
            "ein, die die Gemeinde heute allein trägt."
        ) % {"names": ", ".join(without_cost)}
    return ModelInput(
        sector=sector.code,
        partners=tuple(
            PartnerInput(
                ags=p.municipality.ags,
                name=p.municipality.short_name,
                cost=p.yearly_cost,
                populations=variant_populations(p.demography),
                fixed_share_pct=p.fixed_share_pct,
                usage=p.usage,
                area_km2=p.municipality.area_km2,
            )
            for p in partners
        ),
        bundling_pct=bundling_pct,
        setup=_setup(params),
        term_years=term_years,
        key=params.get("key") or "population",
        mix=params.get("mix"),
    )


def _requirements(params: dict) -> dict[str, Requirement]:
    return {
        criterion: Requirement(int(weight), bool(must))
        for criterion, (weight, must) in params["requirements"].items()
        if criterion in CRITERIA
    }


def _funding(
    terms: FundingTerms | None,
    *,
    ranking: Ranking,
    savings_pct: Decimal | None,
    eligible_costs: Decimal | None,
) -> tuple[FundingCheck | None, dict[str, FundingCheck]]:
    """The lead Land's programme checked for the plan, and for each ranked form, on
    the savings used (computed, or the override; none without costs)."""
    if terms is None:
        return None, {}
    check = {
        "partners": terms.partners,
        "years": terms.years,
        "savings_pct": savings_pct,
        "exception_justified": terms.exception_justified,
        "plan": terms.plan,
        "eligible_costs": eligible_costs,
    }
    by_form = {
        option.form.code: funding_check(
            terms.rules, **check, form_level=option.form.level
        )
        for option in ranking.options
    }
    return funding_check(terms.rules, **check), by_form


def _cost_split(
    params: dict, *, partners: list[PartnerData]
) -> tuple[list[Share], str, Decimal | None]:
    """A typed-in yearly total split by the chosen key (none without a total)."""
    total = _decimal(params.get("total"))
    if total is None:
        return [], "", None
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
        return [], str(error), total
    return shares, "", total
