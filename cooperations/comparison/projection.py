"""A transparent population projection and the per-inhabitant cost it implies.

Growth rate: the average yearly rate between the first and the last figure of
one census basis (Zensus 2011 or Zensus 2022), never across the break, since the
Zensus 2022 figures start on a new level. Missing years simply widen the span.
The rate is applied to the latest figure, whatever its basis. A user can set the
rate instead.

Cost: a share of today's yearly cost is fixed (networks, plants, buildings) and
stays when fewer people live there; the rest moves with the population. Pooling
lowers the fixed part by the assumed pooling saving.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

YEARS = (2030, 2040)
CENT = Decimal("0.01")

# Fixed-cost shares (DOMAIN §2: wastewater 75–85 %, water 90–95 %): the middle.
DEFAULT_FIXED_SHARE_PCT = {"wasserversorgung": Decimal(92), "abwasser": Decimal(80)}
FALLBACK_FIXED_SHARE_PCT = Decimal(50)


@dataclass(frozen=True)
class Figure:
    year: int
    population: int
    basis: str  # "zensus2011" / "zensus2022"


@dataclass(frozen=True)
class Rate:
    rate: Decimal  # yearly, e.g. Decimal("-0.0073")
    basis: str
    first_year: int | None
    last_year: int | None
    missing_years: tuple[int, ...]
    user_set: bool
    note: str


@dataclass(frozen=True)
class Projection:
    base_year: int
    base_population: int
    base_basis: str
    rate: Rate
    populations: dict[int, int]


def growth_rate(figures: list[Figure]) -> Rate:
    """Average yearly rate within the census basis that has the longest recent span."""
    by_basis: dict[str, list[Figure]] = {}
    for figure in sorted(figures, key=lambda f: f.year):
        by_basis.setdefault(figure.basis, []).append(figure)
    usable = {
        basis: series
        for basis, series in by_basis.items()
        if len(series) >= 2 and series[0].population > 0
    }
    if not usable:
        return Rate(
            rate=Decimal(0),
            basis="",
            first_year=None,
            last_year=None,
            missing_years=(),
            user_set=False,
            note=_(
                "Keine zwei Stände auf derselben Zensusbasis: die Einwohnerzahl "
                "wird als gleichbleibend angenommen."
            ),
        )
    # The most recent basis with a span wins; on the same last year the longer.
    basis, series = max(
        usable.items(),
        key=lambda item: (item[1][-1].year, item[1][-1].year - item[1][0].year),
    )
    first, last = series[0], series[-1]
    span = last.year - first.year
    ratio = Decimal(last.population) / Decimal(first.population)
    rate = (Decimal(float(ratio) ** (1 / span)) - 1).quantize(Decimal("0.000001"))
    present = {f.year for f in series}
    missing = tuple(y for y in range(first.year, last.year + 1) if y not in present)
    note = _(
        "Durchschnittliche jährliche Veränderung %(first)s–%(last)s auf der Basis "
        "%(basis)s; über den Bruch zwischen den Zensusbasen wird nicht gerechnet."
    ) % {"first": first.year, "last": last.year, "basis": basis_label(basis)}
    if missing:
        note += " " + _("Fehlende Jahre (%(years)s) verlängern nur die Spanne.") % {
            "years": ", ".join(str(y) for y in missing)
        }
    return Rate(
        rate=rate,
        basis=basis,
        first_year=first.year,
        last_year=last.year,
        missing_years=missing,
        user_set=False,
        note=note,
    )


def basis_label(basis: str) -> str:
    return {"zensus2011": "Zensus 2011", "zensus2022": "Zensus 2022"}.get(basis, basis)


def user_rate(rate_pct: Decimal) -> Rate:
    return Rate(
        rate=rate_pct / 100,
        basis="",
        first_year=None,
        last_year=None,
        missing_years=(),
        user_set=True,
        note=_("Jährliche Veränderung von %(pct)s %% vom Nutzer gesetzt.")
        % {"pct": rate_pct},
    )


def project(
    figures: list[Figure], *, years=YEARS, rate_pct: Decimal | None = None
) -> Projection | None:
    """Population in `years` from the latest figure; None without any figure."""
    if not figures:
        return None
    latest = max(figures, key=lambda f: f.year)
    rate = user_rate(rate_pct) if rate_pct is not None else growth_rate(figures)
    populations = {
        year: int(
            (
                Decimal(latest.population)
                * Decimal(float(1 + rate.rate) ** (year - latest.year))
            ).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        )
        for year in years
    }
    return Projection(
        base_year=latest.year,
        base_population=latest.population,
        base_basis=latest.basis,
        rate=rate,
        populations=populations,
    )


@dataclass(frozen=True)
class CostRow:
    ags: str
    name: str
    population_now: int
    cost_now: Decimal
    populations: dict[int, int]
    alone_per_head: dict[int, Decimal]
    pooled_per_head: dict[int, Decimal]


@dataclass(frozen=True)
class CostScenario:
    rows: list[CostRow]
    fixed_share_pct: Decimal
    pooling_saving_pct: Decimal
    pooled_per_head: dict[int, Decimal]
    years: tuple[int, ...]


def per_head_costs(
    partners: list[tuple[str, str, int, Decimal, dict[int, int]]],
    *,
    fixed_share_pct: Decimal,
    pooling_saving_pct: Decimal,
    years=YEARS,
) -> CostScenario:
    """€ per inhabitant in `years`, each municipality alone versus all pooled.

    `partners`: (ags, name, population now, yearly cost now, projected populations).
    Alone: fixed part stays, variable part scales with the population. Pooled: the
    sum of the fixed parts less the pooling saving, plus the variable parts, over
    all inhabitants.
    """
    fixed = fixed_share_pct / 100
    saving = pooling_saving_pct / 100
    rows, pooled = [], {}
    totals = {year: (Decimal(0), 0) for year in years}
    for ags, name, population, cost, populations in partners:
        alone = {}
        for year in years:
            future = populations[year]
            variable = cost * (1 - fixed) * Decimal(future) / Decimal(population)
            yearly = cost * fixed + variable
            alone[year] = (yearly / future).quantize(CENT) if future else Decimal(0)
            pooled_cost = cost * fixed * (1 - saving) + variable
            total_cost, total_people = totals[year]
            totals[year] = (total_cost + pooled_cost, total_people + future)
        rows.append((ags, name, population, cost, populations, alone))
    for year, (total_cost, total_people) in totals.items():
        pooled[year] = (
            (total_cost / total_people).quantize(CENT) if total_people else Decimal(0)
        )
    return CostScenario(
        rows=[
            CostRow(
                ags=ags,
                name=name,
                population_now=population,
                cost_now=cost,
                populations=populations,
                alone_per_head=alone,
                pooled_per_head=pooled,
            )
            for ags, name, population, cost, populations, alone in rows
        ],
        fixed_share_pct=fixed_share_pct,
        pooling_saving_pct=pooling_saving_pct,
        pooled_per_head=pooled,
        years=tuple(years),
    )
