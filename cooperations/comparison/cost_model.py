"""The cost model of the option comparison: each partner alone versus together.

Pure functions over plain data (no ORM). Every split goes through `cost_split`, so
shares add up to the cent. Per partner p, population variant v and year y:

    fixed_p          = cost_p × f_p                 (stays when people leave)
    variable_p(v, y) = cost_p × (1 − f_p) × P_p(v, y) / P_p(base year)
    alone_p(v, y)    = fixed_p + variable_p(v, y)

    operating(v, y)  = Σ fixed_p × (1 − bundling) + Σ variable_p(v, y)
    one-off          = set-up costs − grant
    together(v, y)   = operating(v, y) + one-off / term    (years inside the term)
    share_p(v, y)    = together(v, y) split by the key, to the cent

Set-up costs and the grant: Hessen pays the IKZ grant once, towards the costs of
starting the cooperation, so it reduces the one-off costs; what is left is spread
evenly over the term from the start year, like a write-off. Years after the term
carry no set-up charge. Alone and together amounts are rounded half up to the
cent once, from exact fractions.

Break-even year: the first year whose cumulative operating saving (alone minus
the partner's share of the operating cost, year by year from the start year,
populations interpolated linearly between the given years) covers the partner's
share of the one-off costs.

Sensitivity: the same at 5/10/15/25 % bundling effect, the grant following the
funding verdict at each level, and for every partner who pays more than alone
in any cell the bundling effect (to 0.1 %) from which it no longer does.

Funding: the savings the programme asks for are the operating savings in the
base year as a percentage of the costs alone (without set-up costs and grant,
which would make the grant decide its own condition), rounded down to 0.1 %, so a
target is never claimed that the numbers miss.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from functools import cached_property
from math import ceil
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lebenswert.core.numbers import format_percent

from .cost_split import (
    CostSplitError,
    PartnerBasis,
    largest_remainder,
    split,
    weights_for,
)
from .options import NO_PLAN, FundingCheck, FundingPlan, FundingRules, funding_check

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
SENSITIVITY_LEVELS = (Decimal(5), Decimal(10), Decimal(15), Decimal(25))


@dataclass(frozen=True)
class FixedShareDefault:
    pct: Decimal
    basis: str


# Fixed-cost share of a task's yearly cost, per sector: the part that stays when
# fewer people are served (networks, plants, buildings, standby staff). Basis:
# the LebensWert guide (DOMAIN.md §2): wastewater 75–85 %, water supply 90–95 %;
# the table takes a value inside each range. Other sectors have no sourced figure:
# they fall back to an even split, marked as an assumption to override per partner.
FIXED_SHARE_DEFAULTS: dict[str, FixedShareDefault] = {
    "wasserversorgung": FixedShareDefault(
        Decimal(92),
        gettext_lazy("Leitfaden LebensWert: 90–95 % Fixkosten in der Wasserversorgung"),
    ),
    "abwasser": FixedShareDefault(
        Decimal(80),
        gettext_lazy(
            "Leitfaden LebensWert: 75–85 % Fixkosten in der Abwasserbeseitigung"
        ),
    ),
}
FALLBACK_FIXED_SHARE = FixedShareDefault(
    Decimal(50),
    gettext_lazy(
        "ohne Quelle für diesen Bereich angenommen; bitte je Partner eintragen"
    ),
)


def fixed_share_default(sector: str) -> FixedShareDefault:
    return FIXED_SHARE_DEFAULTS.get(sector, FALLBACK_FIXED_SHARE)


class CostModelError(CostSplitError):
    """Input the model cannot compute; the message names the problem in German."""


# --------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class PartnerInput:
    """One partner: today's yearly cost of the task alone and its populations."""

    ags: str
    name: str
    cost: Decimal
    populations: Mapping[str, Mapping[int, int]]  # variant → year → inhabitants
    fixed_share_pct: Decimal | None = None  # None: the sector's default
    usage: Decimal | None = None
    area_km2: Decimal | None = None

    def __post_init__(self):
        # What the model derives from this partner alone (exact populations, the
        # fixed and variable parts per variant and year), kept: every bundling
        # level of the sensitivity table and every break-even year asks again.
        # Not a field, so never compared, copied by `replace` or printed.
        object.__setattr__(self, "memo", {})


@dataclass(frozen=True)
class SetupCosts:
    """One-off costs of starting the cooperation, in €."""

    legal: Decimal = Decimal(0)
    contracts: Decimal = Decimal(0)
    it: Decimal = Decimal(0)
    staff: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.legal + self.contracts + self.it + self.staff


@dataclass(frozen=True)
class ModelInput:
    sector: str
    partners: tuple[PartnerInput, ...]
    bundling_pct: Decimal  # saving on the pooled fixed costs
    setup: SetupCosts = field(default_factory=SetupCosts)
    term_years: int = 5  # the set-up costs are spread over these years
    key: str = "population"
    mix: Mapping[str, int] | None = None
    grant: Decimal = Decimal(0)  # only when the funding check passes
    start_year: int | None = None  # None: the base year


@dataclass(frozen=True)
class FundingTerms:
    """What the funding check needs besides the computed savings."""

    rules: FundingRules
    years: int | None
    exception_justified: bool = False
    form_level: str = ""
    override_pct: Decimal | None = None  # a typed-in saving: „angenommen“
    plan: FundingPlan = NO_PLAN  # service improvement, fees, other Länder
    partners: int | None = None  # the partners in the programme's Land; None: all


# -------------------------------------------------------------------- results


@dataclass(frozen=True)
class PartnerYear:
    """One partner in one variant and year, alone versus its share together."""

    ags: str
    name: str
    variant: str
    year: int
    population: int
    fixed: Decimal
    variable: Decimal
    alone: Decimal
    together: Decimal
    alone_per_head: Decimal | None
    together_per_head: Decimal | None
    saving: Decimal
    saving_pct: Decimal | None

    @property
    def loses(self) -> bool:
        return self.together > self.alone


@dataclass(frozen=True)
class PooledYear:
    """All partners in one variant and year: the pooled cost, step by step."""

    variant: str
    year: int
    population: int
    alone: Decimal  # Σ of the partners' rounded costs alone
    fixed: Decimal  # Σ fixed parts
    fixed_pooled: Decimal  # … less the bundling saving
    variable: Decimal
    operating: Decimal
    setup_yearly: Decimal
    grant_yearly: Decimal
    in_term: bool
    together: Decimal
    saving: Decimal
    saving_pct: Decimal | None


@dataclass(frozen=True)
class BreakEven:
    ags: str
    name: str
    variant: str
    one_off_share: Decimal
    year: int | None  # None: not within the years compared


@dataclass(frozen=True)
class FundingVerdict:
    check: FundingCheck
    computed_pct: Decimal | None  # from the model; None: no costs to compute from
    used_pct: Decimal  # what the check was given
    assumed: bool  # an override was used: shown as „angenommen“

    @property
    def label(self) -> str:
        return _("angenommen") if self.assumed else _("berechnet")


@dataclass
class CostComparison:
    inputs: ModelInput
    base_year: int
    start_year: int
    years: tuple[int, ...]
    variants: tuple[str, ...]
    fixed_share_pct: dict[str, Decimal]
    fixed_share_default: dict[str, bool]
    pooled: list[PooledYear]
    rows: list[PartnerYear]
    break_even: list[BreakEven]
    funding_savings_pct: Decimal
    missing_variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    funding: FundingVerdict | None = None

    def row(self, ags: str, variant: str, year: int) -> PartnerYear:
        return self._index["row", ags, variant, year]

    def pooled_for(self, variant: str, year: int) -> PooledYear:
        return self._index["pooled", variant, year]

    def break_even_for(self, ags: str, variant: str) -> BreakEven:
        return self._index["break_even", ags, variant]

    @cached_property
    def _index(self) -> dict[tuple, PartnerYear | PooledYear | BreakEven]:
        """The rows by what pages look them up by: a page asks hundreds of times."""
        index: dict[tuple, PartnerYear | PooledYear | BreakEven] = {}
        for r in reversed(self.rows):  # the first row wins, as a search would
            index["row", r.ags, r.variant, r.year] = r
        for p in reversed(self.pooled):
            index["pooled", p.variant, p.year] = p
        for b in reversed(self.break_even):
            index["break_even", b.ags, b.variant] = b
        return index


@dataclass(frozen=True)
class SensitivityCell:
    bundling_pct: Decimal
    variant: str
    year: int
    grant: Decimal
    saving: Decimal
    saving_pct: Decimal | None
    partner_saving: dict[str, Decimal]
    losers: tuple[str, ...]


@dataclass(frozen=True)
class Threshold:
    """The bundling effect from which a partner pays no more than alone."""

    ags: str
    name: str
    pct: Decimal | None  # None: not even at 100 %
    sentence: str


@dataclass
class Sensitivity:
    levels: tuple[Decimal, ...]
    variants: tuple[str, ...]
    years: tuple[int, ...]
    cells: list[SensitivityCell]
    thresholds: list[Threshold]

    def cell(self, level: Decimal, variant: str, year: int) -> SensitivityCell:
        return self._cells[Decimal(level), variant, year]

    @cached_property
    def _cells(self) -> dict[tuple[Decimal, str, int], SensitivityCell]:
        return {(c.bundling_pct, c.variant, c.year): c for c in reversed(self.cells)}


# ---------------------------------------------------------------- arithmetic


def _fraction(value) -> Fraction:
    return Fraction(value)  # exact for a Decimal too, without parsing its text


def _cents(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(part: Fraction, whole: Fraction, rounding=ROUND_HALF_UP) -> Decimal | None:
    if whole == 0:
        return None
    exact = part * 100 / whole
    value = Decimal(exact.numerator) / Decimal(exact.denominator)
    return value.quantize(TENTH, rounding=rounding)


_WIDE = Context(prec=40)


def _cents_pct(part: Decimal, whole: Decimal) -> Decimal | None:
    """`_pct` of two amounts in cents, without fractions (a page has hundreds).

    Exact: the quotient is rounded to 40 digits first, but a quotient of two
    amounts under 10¹⁵ cents that is not itself a multiple of 0.05 % lies at
    least 1 ÷ (20 × whole in cents) away from one — far beyond that rounding.
    """
    if whole == 0:
        return None
    value = _WIDE.divide(_WIDE.multiply(part, 100), whole)
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def alone_cost(cost, fixed_share_pct, base_population: int, population) -> Fraction:
    """A partner's exact yearly cost alone: the fixed part plus the scaled rest."""
    fixed = _fraction(cost) * _fraction(fixed_share_pct) / 100
    variable = (_fraction(cost) - fixed) * _fraction(population) / base_population
    return fixed + variable


@dataclass(frozen=True)
class _Partner:
    source: PartnerInput
    fixed_pct: Decimal
    default: bool
    fixed: Fraction
    variable_now: Fraction
    base_population: int

    def __post_init__(self):
        object.__setattr__(self, "memo", {})  # as PartnerInput's, by year


@dataclass(frozen=True)
class _Frame:
    base_year: int  # the latest base year among the partners: "today"
    years: tuple[int, ...]  # the base year, then the later years given
    variants: tuple[str, ...]  # the variants every partner has
    missing: dict[str, tuple[str, ...]]  # a variant left out → who lacks it


def _check(inputs: ModelInput) -> _Frame:
    """The years and variants to compare; refuses input the model cannot use.

    A variant that one partner lacks (no official projection) is left out for
    all and named. A partner whose figures start earlier is read at the others'
    base year, linearly between its own years.
    """
    if not inputs.partners:
        raise CostModelError(_("Es ist kein Partner gewählt."))
    if not Decimal(0) <= inputs.bundling_pct <= Decimal(100):
        raise CostModelError(_("Der Bündelungseffekt liegt zwischen 0 und 100 %."))
    if inputs.term_years < 1:
        raise CostModelError(_("Die Laufzeit beträgt mindestens ein Jahr."))
    if inputs.setup.total < 0 or inputs.grant < 0:
        raise CostModelError(_("Einmalkosten und Zuschuss sind null oder größer."))
    for partner in inputs.partners:
        names = {"name": partner.name}
        if partner.cost < 0:
            raise CostModelError(
                _("Die Kosten von %(name)s sind null oder größer.") % names
            )
        share = partner.fixed_share_pct
        if share is not None and not Decimal(0) <= share <= Decimal(100):
            raise CostModelError(
                _("Der Fixkostenanteil von %(name)s liegt zwischen 0 und 100 %%.")
                % names
            )
        for values in partner.populations.values():
            if (
                not values
                or values[min(values)] <= 0
                or any(v < 0 for v in values.values())
            ):
                raise CostModelError(
                    _("Für %(name)s fehlt eine Einwohnerzahl über null.") % names
                )
    variants = tuple(
        v
        for v in inputs.partners[0].populations
        if all(v in p.populations for p in inputs.partners)
    )
    everywhere = {v for p in inputs.partners for v in p.populations}
    missing = {
        v: tuple(p.name for p in inputs.partners if v not in p.populations)
        for v in sorted(everywhere - set(variants))
    }
    if not variants:
        raise CostModelError(
            _("Es gibt keine Bevölkerungsvariante, die für alle Partner vorliegt.")
        )
    series = [p.populations[v] for p in inputs.partners for v in variants]
    base_year = max(min(values) for values in series)
    years = tuple(sorted({y for values in series for y in values if y >= base_year}))
    return _Frame(base_year=base_year, years=years, variants=variants, missing=missing)


def _partners(inputs: ModelInput, variant: str) -> list[_Partner]:
    """Each partner's fixed and variable part; the variable part belongs to the
    population of the partner's own first year (the year of today's cost). Kept
    per sector and variant: the bundling effect and the grant do not change them."""
    default = fixed_share_default(inputs.sector).pct
    partners = []
    for p in inputs.partners:
        known = p.memo.get(("partner", inputs.sector, variant))
        if known is None:
            pct = default if p.fixed_share_pct is None else p.fixed_share_pct
            cost = _fraction(p.cost)
            fixed = cost * _fraction(pct) / 100
            known = p.memo["partner", inputs.sector, variant] = _Partner(
                source=p,
                fixed_pct=pct,
                default=p.fixed_share_pct is None,
                fixed=fixed,
                variable_now=cost - fixed,
                base_population=p.populations[variant][min(p.populations[variant])],
            )
        partners.append(known)
    return partners


def _population(partner: PartnerInput, variant: str, year: int) -> Fraction:
    """The given population, interpolated linearly between the given years."""
    known = partner.memo.get(("population", variant, year))
    if known is None:
        known = partner.memo["population", variant, year] = _interpolated(
            partner.populations[variant], year
        )
    return known


def _interpolated(series: Mapping[int, int], year: int) -> Fraction:
    if year in series:
        return Fraction(series[year])
    known = sorted(series)
    if year < known[0]:
        return Fraction(series[known[0]])
    if year > known[-1]:
        return Fraction(series[known[-1]])
    before = max(y for y in known if y < year)
    after = min(y for y in known if y > year)
    # One exact fraction: before + (after − before) × (year − before) ÷ span.
    span = after - before
    return Fraction(
        series[before] * span + (series[after] - series[before]) * (year - before),
        span,
    )


def _bases(partners: list[_Partner], variant: str, year: int) -> list[PartnerBasis]:
    """The split key's values; the population of the variant in that year."""
    bases = []
    for p in partners:
        known = p.memo.get(("basis", year))
        if known is None:
            known = p.memo["basis", year] = PartnerBasis(
                ags=p.source.ags,
                name=p.source.name,
                population=_population(p.source, variant, year),
                area_km2=p.source.area_km2,
                usage=p.source.usage,
            )
        bases.append(known)
    return bases


def _variable(partner: _Partner, variant: str, year: int) -> Fraction:
    """The partner's variable part in `year`: today's, scaled by its population."""
    known = partner.memo.get(("variable", year))
    if known is None:
        population = _population(partner.source, variant, year)
        now = partner.variable_now
        # variable_now × population ÷ base population, as one exact fraction.
        known = partner.memo["variable", year] = Fraction(
            now.numerator * population.numerator,
            now.denominator * population.denominator * partner.base_population,
        )
    return known


def _pooled_variable(partners: list[_Partner], variant: str, year: int) -> Fraction:
    """The partners' variable parts together in `year`: the same at every bundling
    effect and grant, so summed once per set of partners (kept on the first)."""
    key = ("pooled variable", tuple(p.source.ags for p in partners), year)
    known = partners[0].memo.get(key)
    if known is None:
        known = partners[0].memo[key] = sum(
            (_variable(p, variant, year) for p in partners), Fraction(0)
        )
    return known


def _alone(partner: _Partner, variant: str, year: int) -> tuple:
    """(whole inhabitants, fixed, variable, alone, alone per head) of a partner's
    year, rounded to the cent: the same at every bundling effect."""
    known = partner.memo.get(("alone", year))
    if known is None:
        variable = _variable(partner, variant, year)
        # Whole inhabitants; between two given years interpolated.
        population = int(_population(partner.source, variant, year) + Fraction(1, 2))
        alone = _cents(partner.fixed + variable)
        known = partner.memo["alone", year] = (
            population,
            _cents(partner.fixed),
            _cents(variable),
            alone,
            _per_head(alone, population),
        )
    return known


def _start_year(inputs: ModelInput, frame: _Frame) -> int:
    return inputs.start_year if inputs.start_year is not None else frame.base_year


def _in_term(inputs: ModelInput, start_year: int, year: int) -> bool:
    return start_year <= year < start_year + inputs.term_years


def _yearly(
    inputs: ModelInput,
    partners_by_variant: dict[str, list[_Partner]],
    *,
    years: tuple[int, ...],
    start_year: int,
    row: Callable | None = None,
) -> tuple[list[PooledYear], list]:
    """The pooled cost and every partner's share, per variant and year; each
    partner's year as `row` makes it (`_partner_year`, or `_partner_saving` where
    only the saving is shown)."""
    row = row or _partner_year
    bundling = _fraction(inputs.bundling_pct) / 100
    one_off = _fraction(inputs.setup.total) - _fraction(inputs.grant)
    # A year in the term carries its part of the one-off costs and of the grant,
    # a year after it none: the same every year, so worked out once here.
    by_term = {
        True: (
            one_off / inputs.term_years,
            _cents(_fraction(inputs.setup.total) / inputs.term_years),
            _cents(_fraction(inputs.grant) / inputs.term_years),
        ),
        False: (0, _cents(Fraction(0)), _cents(Fraction(0))),
    }
    pooled_rows, partner_rows = [], []
    for variant, partners in partners_by_variant.items():
        fixed = sum((p.fixed for p in partners), Fraction(0))
        fixed_pooled = fixed * (1 - bundling)
        fixed_cents, fixed_pooled_cents = _cents(fixed), _cents(fixed_pooled)
        for year in years:
            variable = _pooled_variable(partners, variant, year)
            operating = fixed_pooled + variable
            in_term = _in_term(inputs, start_year, year)
            one_off_yearly, setup_yearly, grant_yearly = by_term[in_term]
            # A grant beyond a year's whole cost is not paid out to the partners.
            total = max(operating + one_off_yearly, 0)
            together = _cents(total)
            shares = _amounts(together, _bases(partners, variant, year), inputs)
            rows = [row(p, variant, year, shares) for p in partners]
            partner_rows.extend(rows)
            alone_sum = sum((r.alone for r in rows), Decimal(0))
            people = sum(r.population for r in rows)
            pooled_rows.append(
                PooledYear(
                    variant=variant,
                    year=year,
                    population=people,
                    alone=alone_sum,
                    fixed=fixed_cents,
                    fixed_pooled=fixed_pooled_cents,
                    variable=_cents(variable),
                    operating=_cents(operating),
                    setup_yearly=setup_yearly,
                    grant_yearly=grant_yearly,
                    in_term=in_term,
                    together=together,
                    saving=alone_sum - together,
                    saving_pct=_cents_pct(alone_sum - together, alone_sum),
                )
            )
    return pooled_rows, partner_rows


def _amounts(
    total: Decimal, bases: list[PartnerBasis], inputs: ModelInput
) -> dict[str, Decimal]:
    """The amounts of `split(total, bases, …)` (€, two places), without the
    percentages and descriptions a year's row does not show: the same
    largest-remainder split of the whole cents by the same exact weights."""
    cents = largest_remainder(
        int(total * 100), weights_for(bases, inputs.key, inputs.mix)
    )
    return {ags: Decimal(units).scaleb(-2) for ags, units in cents.items()}


def _partner_year(
    partner: _Partner, variant: str, year: int, shares: dict[str, Decimal]
) -> PartnerYear:
    """One partner's year: alone (fixed part plus its variable part) vs its share."""
    ags = partner.source.ags
    population, fixed, variable, alone, alone_per_head = _alone(partner, variant, year)
    share = shares[ags]
    return PartnerYear(
        ags=ags,
        name=partner.source.name,
        variant=variant,
        year=year,
        population=population,
        fixed=fixed,
        variable=variable,
        alone=alone,
        together=share,
        alone_per_head=alone_per_head,
        together_per_head=_per_head(share, population),
        saving=alone - share,
        saving_pct=_cents_pct(alone - share, alone),
    )


class _Saving(NamedTuple):
    """A partner's year as the sensitivity table uses it: `PartnerYear` without
    the fixed and variable parts and the figures per inhabitant."""

    ags: str
    name: str
    variant: str
    year: int
    population: int
    alone: Decimal
    saving: Decimal
    loses: bool


def _partner_saving(
    partner: _Partner, variant: str, year: int, shares: dict[str, Decimal]
) -> _Saving:
    population, _fixed, _variable, alone, _per_head = _alone(partner, variant, year)
    share = shares[partner.source.ags]
    return _Saving(
        ags=partner.source.ags,
        name=partner.source.name,
        variant=variant,
        year=year,
        population=population,
        alone=alone,
        saving=alone - share,
        loses=share > alone,
    )


def _per_head(amount: Decimal, population: int) -> Decimal | None:
    if not population:
        return None
    return (amount / population).quantize(CENT, rounding=ROUND_HALF_UP)


# The error of a float sum of a hundred years of a few operations each stays far
# below this share of the magnitudes summed (they are 2⁻⁵² apart): outside that
# margin the float sum has the sign of the exact one.
_FLOAT_MARGIN = 1e-9


def _break_even(
    inputs: ModelInput,
    partners: list[_Partner],
    variant: str,
    *,
    start_year: int,
    last_year: int,
) -> list[BreakEven]:
    """Per partner: the year its operating savings have paid its one-off share.

    The running sums are floats, which cost a tenth of exact fractions; a sum
    within the margin of zero is decided by the exact sum (`_paid`).
    """
    bundling = _fraction(inputs.bundling_pct) / 100
    one_off = _cents(_fraction(inputs.setup.total) - _fraction(inputs.grant))
    start_bases = _bases(partners, variant, start_year)
    owed = {
        s.ags: s.amount.quantize(CENT) * (1 if one_off >= 0 else -1)
        for s in split(abs(one_off), start_bases, inputs.key, inputs.mix)
    }
    running = {p.source.ags: -float(owed[p.source.ags]) for p in partners}
    scale = {ags: abs(value) for ags, value in running.items()}
    fixed_f = {p.source.ags: float(p.fixed) for p in partners}
    reached: dict[str, int] = {}
    fixed_pooled = sum((p.fixed for p in partners), Fraction(0)) * (1 - bundling)
    fixed_pooled_f = float(fixed_pooled)
    history: list[tuple[dict, Fraction, dict]] = []  # exact, per year so far
    for year in range(start_year, last_year + 1):
        if len(reached) == len(partners):
            break
        weights = dict(
            weights_for(_bases(partners, variant, year), inputs.key, inputs.mix)
        )
        weight_sum = sum(weights.values(), Fraction(0))
        variables = {p.source.ags: _variable(p, variant, year) for p in partners}
        history.append((weights, weight_sum, variables))
        variables_f = {ags: float(v) for ags, v in variables.items()}
        per_weight = (fixed_pooled_f + sum(variables_f.values())) / float(weight_sum)
        for p in partners:
            ags = p.source.ags
            if ags in reached:
                continue
            variable, share = variables_f[ags], per_weight * float(weights[ags])
            running[ags] += fixed_f[ags] + variable - share
            scale[ags] += abs(fixed_f[ags]) + abs(variable) + abs(share)
            margin = _FLOAT_MARGIN * scale[ags]
            if running[ags] >= margin or (
                running[ags] > -margin
                and _paid(p, owed[ags], fixed_pooled, history) >= 0
            ):
                reached[ags] = year
    return [
        BreakEven(
            ags=p.source.ags,
            name=p.source.name,
            variant=variant,
            one_off_share=owed[p.source.ags],
            year=reached.get(p.source.ags),
        )
        for p in partners
    ]


def _paid(
    partner: _Partner,
    owed: Decimal,
    fixed_pooled: Fraction,
    history: list[tuple[dict, Fraction, dict]],
) -> Fraction:
    """A partner's exact operating savings over the years so far, less its share
    of the one-off costs."""
    ags = partner.source.ags
    cumulative = -_fraction(owed)
    for weights, weight_sum, variables in history:
        per_weight = (fixed_pooled + sum(variables.values(), Fraction(0))) / weight_sum
        share = per_weight * weights[ags]  # exact: the same as × w ÷ Σw
        cumulative += partner.fixed + variables[ags] - share
    return cumulative


# ---------------------------------------------------------------- use cases


def compare(inputs: ModelInput) -> CostComparison:
    """Every partner alone versus together, per variant and year, with break-even."""
    frame = _check(inputs)
    start_year = _start_year(inputs, frame)
    by_variant = {v: _partners(inputs, v) for v in frame.variants}
    pooled, rows = _yearly(inputs, by_variant, years=frame.years, start_year=start_year)
    break_even = [
        item
        for variant, partners in by_variant.items()
        for item in _break_even(
            inputs, partners, variant, start_year=start_year, last_year=frame.years[-1]
        )
    ]
    first = by_variant[frame.variants[0]]
    return CostComparison(
        inputs=inputs,
        base_year=frame.base_year,
        start_year=start_year,
        years=frame.years,
        variants=frame.variants,
        missing_variants=frame.missing,
        fixed_share_pct={p.source.ags: p.fixed_pct for p in first},
        fixed_share_default={p.source.ags: p.default for p in first},
        pooled=pooled,
        rows=rows,
        break_even=break_even,
        funding_savings_pct=operating_savings_pct(inputs),
    )


def operating_savings_pct(inputs: ModelInput) -> Decimal:
    """The yearly saving the funding programme asks about, in % of the costs alone.

    Base year, operating costs only (no set-up costs, no grant); rounded down to
    0.1 % so that 14.96 % never reads as the 15 % a programme demands.
    """
    return _savings_pct(*_savings_base(inputs), inputs.bundling_pct)


def _savings_base(inputs: ModelInput) -> tuple[Fraction, Fraction]:
    """The partners' fixed costs and their costs alone in the base year: all the
    funding's saving needs besides the bundling effect."""
    partners = _partners(inputs, _check(inputs).variants[0])
    fixed = sum((p.fixed for p in partners), Fraction(0))
    return fixed, sum((p.fixed + p.variable_now for p in partners), Fraction(0))


def _savings_pct(fixed: Fraction, alone: Fraction, bundling_pct: Decimal) -> Decimal:
    saving = fixed * (_fraction(bundling_pct) / 100)
    return _pct(saving, alone, rounding=ROUND_DOWN) or Decimal(0)


def funding_verdict(
    inputs: ModelInput, terms: FundingTerms, *, computed_pct: Decimal | None = None
) -> FundingVerdict:
    """The programme's verdict on the computed savings, or on an override.

    An override is the planner's own figure: the verdict carries it as
    „angenommen“ beside the computed one.
    """
    computed = (
        computed_pct if computed_pct is not None else operating_savings_pct(inputs)
    )
    assumed = terms.override_pct is not None
    used = terms.override_pct if assumed else computed
    check = funding_check(
        terms.rules,
        partners=len(inputs.partners) if terms.partners is None else terms.partners,
        years=terms.years,
        savings_pct=used,
        exception_justified=terms.exception_justified,
        form_level=terms.form_level,
        plan=terms.plan,
        eligible_costs=inputs.setup.total or None,
    )
    return FundingVerdict(
        check=check, computed_pct=computed, used_pct=used, assumed=assumed
    )


def compare_funded(inputs: ModelInput, terms: FundingTerms | None) -> CostComparison:
    """`compare`, with the grant the funding verdict gives (none without terms)."""
    if terms is None:
        return compare(replace(inputs, grant=Decimal(0)))
    verdict = funding_verdict(inputs, terms)
    grant = verdict.check.grant if verdict.check.eligible else None
    result = compare(replace(inputs, grant=grant or Decimal(0)))
    result.funding = verdict
    return result


def _grant(
    inputs: ModelInput,
    terms: FundingTerms | None,
    computed_pct: Decimal | None = None,
) -> Decimal:
    if terms is None:
        return Decimal(0)
    check = funding_verdict(inputs, terms, computed_pct=computed_pct).check
    return (check.grant or Decimal(0)) if check.eligible else Decimal(0)


def _rows_at(
    inputs: ModelInput,
    terms: FundingTerms | None,
    bundling_pct: Decimal,
    *,
    frame: _Frame,
    base: tuple[Fraction, Fraction],
    known: CostComparison | None,
) -> tuple[Decimal, list[PooledYear], list[PartnerYear] | list[_Saving]]:
    """Grant, pooled rows and partner rows at one bundling effect; `known`: the
    comparison already computed, used where it was computed for the same input."""
    at = replace(inputs, bundling_pct=bundling_pct)
    grant = _grant(at, terms, _savings_pct(*base, bundling_pct))
    at = replace(at, grant=grant)
    if known is not None and known.inputs == at:
        return grant, known.pooled, known.rows
    by_variant = {v: _partners(at, v) for v in frame.variants}
    pooled, rows = _yearly(
        at,
        by_variant,
        years=frame.years,
        start_year=_start_year(inputs, frame),
        row=_partner_saving,
    )
    return grant, pooled, rows


def sensitivity(
    inputs: ModelInput,
    terms: FundingTerms | None = None,
    *,
    levels: tuple[Decimal, ...] = SENSITIVITY_LEVELS,
    known: CostComparison | None = None,
) -> Sensitivity:
    """Savings at each bundling effect × variant × year, and who loses where.

    The grant follows the funding verdict at each level. For every partner whose
    share exceeds its own cost in any cell: the bundling effect (to 0.1 %) from
    which it pays no more than alone in every variant and year. `known`: the
    comparison at the entered bundling effect (`compare_funded`), not computed twice.
    """
    frame = _check(inputs)
    base = _savings_base(inputs)
    cells: list[SensitivityCell] = []
    losing: dict[str, str] = {}
    for level in levels:
        grant, pooled, rows = _rows_at(
            inputs, terms, Decimal(level), frame=frame, base=base, known=known
        )
        # The partners' rows per variant and year, grouped once (not per cell).
        by_cell: dict[tuple[str, int], list[PartnerYear | _Saving]] = {}
        for row in rows:
            by_cell.setdefault((row.variant, row.year), []).append(row)
        for total in pooled:
            mine = by_cell.get((total.variant, total.year), [])
            losers = tuple(r.ags for r in mine if r.loses)
            losing.update({r.ags: r.name for r in mine if r.loses})
            cells.append(
                SensitivityCell(
                    bundling_pct=Decimal(level),
                    variant=total.variant,
                    year=total.year,
                    grant=grant,
                    saving=total.saving,
                    saving_pct=total.saving_pct,
                    partner_saving={r.ags: r.saving for r in mine},
                    losers=losers,
                )
            )
    needed = _needed_tenths(inputs, terms, frame)
    thresholds = [
        _threshold(name=p.name, ags=p.ags, tenths=needed[p.ags])
        for p in inputs.partners
        if p.ags in losing
    ]
    return Sensitivity(
        levels=tuple(Decimal(level) for level in levels),
        variants=frame.variants,
        years=frame.years,
        cells=cells,
        thresholds=thresholds,
    )


def _needed_tenths(
    inputs: ModelInput, terms: FundingTerms | None, frame: _Frame
) -> dict[str, int | None]:
    """Per partner, the smallest bundling effect in tenths of a percent from which
    it pays no more than alone in every variant and year; None: not even at 100 %.

    Everything but the bundling effect b and the grant stays the same, so per
    variant and year the condition weight × (F × (1 − b) + V + one-off) ≤ alone
    gives b ≥ (F + V + one-off − alone ÷ weight) ÷ F, exactly. The grant starts
    at the bundling effect whose savings pass the funding check, so the bound is
    taken without the grant below that point and with it from there on.
    """
    start_year = _start_year(inputs, frame)
    cells = []
    for variant in frame.variants:
        partners = _partners(inputs, variant)
        fixed = sum((p.fixed for p in partners), Fraction(0))
        for year in frame.years:
            weights = dict(
                weights_for(_bases(partners, variant, year), inputs.key, inputs.mix)
            )
            weight_sum = sum(weights.values(), Fraction(0))
            alone = {
                p.source.ags: _fraction(_alone(p, variant, year)[3]) for p in partners
            }
            cells.append(
                (
                    fixed,
                    _pooled_variable(partners, variant, year),
                    _in_term(inputs, start_year, year),
                    {ags: w / weight_sum for ags, w in weights.items()},
                    alone,
                )
            )

    def bound(ags: str, grant: Decimal) -> Fraction | None:
        one_off = (_fraction(inputs.setup.total) - _fraction(grant)) / inputs.term_years
        worst = Fraction(0)
        for fixed, variable, in_term, weights, alone in cells:
            weight, extra = weights[ags], (one_off if in_term else 0)
            if weight == 0:
                continue
            if fixed == 0:
                if weight * (variable + extra) > alone[ags]:
                    return None
                continue
            worst = max(worst, (fixed + variable + extra - alone[ags] / weight) / fixed)
        return worst if worst <= 1 else None

    def tenths(value: Fraction | None) -> int | None:
        return None if value is None else ceil(value * 1000)

    grant_from, grant = _grant_start(inputs, terms)
    needed: dict[str, int | None] = {}
    for partner in inputs.partners:
        without = tenths(bound(partner.ags, Decimal(0)))
        if grant_from is None or (without is not None and without < grant_from):
            needed[partner.ags] = without
            continue
        with_grant = tenths(bound(partner.ags, grant))
        needed[partner.ags] = (
            None if with_grant is None else max(grant_from, with_grant)
        )
    return needed


def _grant_start(
    inputs: ModelInput, terms: FundingTerms | None
) -> tuple[int | None, Decimal]:
    """From which bundling effect (tenths of a percent) the grant is paid, and how
    much; (None, 0) if never. Eligibility only grows with the bundling effect."""

    base = _savings_base(inputs)

    def grant_at(tenths: int) -> Decimal:
        bundling = Decimal(tenths) / 10
        return _grant(
            replace(inputs, bundling_pct=bundling),
            terms,
            _savings_pct(*base, bundling),
        )

    grant = grant_at(1000)
    if not grant:
        return None, Decimal(0)
    low, high = 0, 1000
    while low < high:
        middle = (low + high) // 2
        if grant_at(middle):
            high = middle
        else:
            low = middle + 1
    return high, grant


def _threshold(*, ags: str, name: str, tenths: int | None) -> Threshold:
    if tenths is None:
        return Threshold(
            ags=ags,
            name=name,
            pct=None,
            sentence=_(
                "Für %(name)s lohnt sich die Kooperation mit diesem Kostenschlüssel "
                "bei keinem Bündelungseffekt."
            )
            % {"name": name},
        )
    pct = Decimal(tenths) / 10
    return Threshold(
        ags=ags,
        name=name,
        pct=pct,
        sentence=_(
            "Für %(name)s lohnt sich die Kooperation erst ab %(pct)s Bündelungseffekt."
        )
        % {"name": name, "pct": format_percent(pct)},
    )
