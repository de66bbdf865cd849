"""Population variants for each partner (the cost model is `cost_model`).

Every variant starts from the latest official figure ("today") and gives the
population in 2030 and 2040; none is one unexplained number:

- "amtlich": an official projection. The municipality's own if one is loaded;
  else the Kreis projection, whose change is applied to the municipality with its
  share of the Kreis moving by its own recent trend relative to the Kreis. Only
  a projection's change from the latest figure's year on is used, never its
  level, since it may be on the other census basis. Absent (with the reason)
  when neither is loaded.
- "trend": the average yearly change of one census basis' series, never across
  the Zensus 2011/2022 break (`trend_series` says which series and why). Fewer
  than MIN_TREND_YEARS figures are flagged and widen the band.
- "stress": a set yearly change (default −1 %).

The band is the lowest and highest variant in each year. `variant_populations`
gives the cost model its `{variant: {year: population}}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from lebenswert.core.numbers import format_date, format_percent
from municipalities.models import CensusBasis

YEARS = (2030, 2040)
RATE_PLACES = Decimal("0.000001")

# The variants, in the order pages show them (the cost model's keys).
AMTLICH, TREND, STRESS = "amtlich", "trend", "stress"
VARIANTS = (AMTLICH, TREND, STRESS)
DEFAULT_STRESS_PCT = Decimal(-1)  # a yearly change in percent
# A trend from fewer figures is not used across the census break, and the band's
# edges move out by this yearly change (DOMAIN §5a: a 3–4 year window
# is dominated by one-off migration). The width is a set assumption: about one
# standard error of a mean yearly rate from 3–4 years if single years scatter by
# ±0.5 %.
MIN_TREND_YEARS = 5
SHORT_TREND_WIDENING = Decimal("0.0025")

# Flag codes
NO_SERIES = "no_series"
SHORT_SERIES = "short_series"
OLDER_BASIS = "older_basis"
REPORTED = "reported"
HORIZON = "horizon"
PROJECTION_BASIS = "projection_basis"
SHARE_CONSTANT = "share_constant"
SHORT_SHARE = "short_share"
WIDENING_FLAGS = {NO_SERIES, SHORT_SERIES}


@dataclass(frozen=True)
class Figure:
    year: int
    population: int
    basis: str  # "zensus2011" / "zensus2022"
    source: str = ""


@dataclass(frozen=True)
class TrendSeries:
    """The figures a trend is measured on: all of one census basis."""

    basis: str
    figures: tuple[Figure, ...]  # by year, at least two
    short: bool  # fewer than MIN_TREND_YEARS figures

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(f.year for f in self.figures)

    @property
    def first(self) -> Figure:
        return self.figures[0]

    @property
    def last(self) -> Figure:
        return self.figures[-1]

    @property
    def span(self) -> int:
        return self.last.year - self.first.year

    def rate(self) -> Decimal:
        """Average yearly change between the first and the last figure."""
        ratio = Decimal(self.last.population) / Decimal(self.first.population)
        return _yearly(ratio, self.span)


def _yearly(ratio: Decimal, span: int) -> Decimal:
    return (Decimal(float(ratio) ** (1 / span)) - 1).quantize(RATE_PLACES)


def trend_series(figures: list[Figure]) -> TrendSeries | None:
    """The series a trend may use, all of one census basis; None if there is none
    (the trend then carries the latest figure forward, flagged).

    Never across the Zensus 2011/2022 break. A series of at least MIN_TREND_YEARS
    figures wins, the longest first (on a tie the more recent), even on the older
    basis: its rate is applied to the latest figure, flagged. Without one, only
    the basis of the latest figure is used: a short window on a superseded basis
    (the pilot's 2019–2022 on Zensus 2011) is dominated by one-off migration and
    would be carried onto a level it does not belong to.
    """
    by_basis: dict[str, list[Figure]] = {}
    for figure in sorted(figures, key=lambda f: f.year):
        by_basis.setdefault(figure.basis, []).append(figure)
    usable = {
        basis: series
        for basis, series in by_basis.items()
        if len(series) >= 2 and series[0].population > 0
    }
    long = {b: s for b, s in usable.items() if len(s) >= MIN_TREND_YEARS}
    if long:
        basis, series = max(long.items(), key=lambda i: (len(i[1]), i[1][-1].year))
    else:
        latest = max(figures, key=lambda f: f.year) if figures else None
        if latest is None or latest.basis not in usable:
            return None
        basis, series = latest.basis, usable[latest.basis]
    return TrendSeries(
        basis=basis, figures=tuple(series), short=len(series) < MIN_TREND_YEARS
    )


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
    """The trend's average yearly rate (see `trend_series`); 0 without a series."""
    series = trend_series(figures)
    if series is None:
        return Rate(
            rate=Decimal(0),
            basis="",
            first_year=None,
            last_year=None,
            missing_years=(),
            user_set=False,
            note=_no_series_note(figures),
        )
    first, last = series.first, series.last
    present = set(series.years)
    missing = tuple(y for y in range(first.year, last.year + 1) if y not in present)
    note = _(
        "Durchschnittliche jährliche Veränderung %(first)s–%(last)s auf der Basis "
        "%(basis)s; über den Bruch zwischen den Zensusbasen wird nicht gerechnet."
    ) % {"first": first.year, "last": last.year, "basis": basis_label(series.basis)}
    if missing:
        note += " " + _("Fehlende Jahre (%(years)s) verlängern nur die Spanne.") % {
            "years": ", ".join(str(y) for y in missing)
        }
    return Rate(
        rate=series.rate(),
        basis=series.basis,
        first_year=first.year,
        last_year=last.year,
        missing_years=missing,
        user_set=False,
        note=note,
    )


def _no_series_note(figures: list[Figure]) -> str:
    note = _(
        "Keine Reihe von mindestens zwei Ständen auf der Zensusbasis des letzten "
        "Stands: die Einwohnerzahl wird als gleichbleibend angenommen."
    )
    older = [f for f in figures if f.basis != max(figures, key=lambda f: f.year).basis]
    if len(older) >= 2:
        years = sorted(f.year for f in older)
        note += " " + _(
            "Die Reihe %(first)s–%(last)s (%(basis)s) hat weniger als %(min)s Jahre "
            "und wird nicht über den Zensusbruch fortgeschrieben."
        ) % {
            "first": years[0],
            "last": years[-1],
            "basis": basis_label(older[0].basis),
            "min": MIN_TREND_YEARS,
        }
    return note


def basis_label(basis: str) -> str:
    """The census basis as the model names it; an unknown key as it is."""
    return str(CensusBasis(basis).label) if basis in CensusBasis.values else basis


def user_rate(rate_pct: Decimal) -> Rate:
    return Rate(
        rate=rate_pct / 100,
        basis="",
        first_year=None,
        last_year=None,
        missing_years=(),
        user_set=True,
        note=_("Jährliche Veränderung von %(pct)s vom Nutzer gesetzt.")
        % {"pct": format_percent(rate_pct)},
    )


def _grow(population: int, rate: Decimal, years: int) -> int:
    return _round(Decimal(population) * Decimal(float(1 + rate) ** years))


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def project(
    figures: list[Figure], *, years=YEARS, rate_pct: Decimal | None = None
) -> Projection | None:
    """Population in `years` from the latest figure; None without any figure."""
    if not figures:
        return None
    latest = max(figures, key=lambda f: f.year)
    rate = user_rate(rate_pct) if rate_pct is not None else growth_rate(figures)
    populations = {
        year: _grow(latest.population, rate.rate, year - latest.year) for year in years
    }
    return Projection(
        base_year=latest.year,
        base_population=latest.population,
        base_basis=latest.basis,
        rate=rate,
        populations=populations,
    )


# --- The demography variants -------------------------------------------------


@dataclass(frozen=True)
class ProjectionSeries:
    """An official projection for a Kreis or a municipality (plain data)."""

    area_name: str
    publisher: str
    title: str
    release_date: date
    base_year: int
    basis: str
    reported: bool  # known from a report on the release, not the release (G)
    notes: str
    values: dict[int, int]  # year → population

    def value(self, year: int) -> Decimal | None:
        """The value in `year`, straight-line between given years; None outside."""
        if year in self.values:
            return Decimal(self.values[year])
        before = [y for y in self.values if y < year]
        after = [y for y in self.values if y > year]
        if not before or not after:
            return None
        y0, y1 = max(before), min(after)
        v0, v1 = Decimal(self.values[y0]), Decimal(self.values[y1])
        return v0 + (v1 - v0) * (year - y0) / (y1 - y0)

    @property
    def first_year(self) -> int:
        return min(self.values)

    @property
    def last_year(self) -> int:
        return max(self.values)


@dataclass(frozen=True)
class Source:
    """Where a variant's numbers come from."""

    publisher: str
    title: str
    release_date: date | None = None
    basis: str = ""
    years: tuple[int, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Flag:
    """Something the reader must know about a variant; `code` for templates."""

    code: str
    message: str


@dataclass(frozen=True)
class Variant:
    """One variant of a partner's population: values by year (base year first),
    or none with the reason."""

    key: str
    label: str
    values: dict[int, int]
    rate: Decimal | None  # average yearly change base → last year
    method: str
    sources: tuple[Source, ...] = ()
    flags: tuple[Flag, ...] = ()
    absent_reason: str = ""

    @property
    def available(self) -> bool:
        return bool(self.values)


@dataclass(frozen=True)
class PartnerDemography:
    """A partner's population today and in `years`, in every variant, with the
    band (lowest–highest) each year."""

    ags: str
    name: str
    base_year: int
    base_population: int
    base_basis: str
    years: tuple[int, ...]  # base year, then the projection years
    variants: dict[str, Variant]
    band: dict[int, tuple[int, int]]
    band_widened: bool

    @property
    def flags(self) -> list[Flag]:
        return [flag for v in self.variants.values() for flag in v.flags]


@dataclass(frozen=True)
class DemographySources:
    """What the variants need besides the partners' own figures (from selectors)."""

    own: dict[str, ProjectionSeries]  # AGS → the newest own projection
    kreis: dict[str, ProjectionSeries]  # Kreis code → the newest Kreis projection
    kreis_totals: dict[str, dict[tuple[int, str], int]]  # (year, basis) → people
    kreis_names: dict[str, str]


def partner_demography(
    *,
    ags: str,
    name: str,
    kreis_code: str,
    figures: list[Figure],
    sources: DemographySources,
    stress_pct: Decimal = DEFAULT_STRESS_PCT,
    years: tuple[int, ...] = YEARS,
) -> PartnerDemography | None:
    """The three variants for one partner; None without any population figure."""
    if not figures:
        return None
    latest = max(figures, key=lambda f: f.year)
    all_years = (latest.year, *(y for y in years if y > latest.year))
    trend = _trend(figures, latest, all_years)
    variants = {
        AMTLICH: _amtlich(
            name=name,
            kreis_code=kreis_code,
            figures=figures,
            latest=latest,
            years=all_years,
            sources=sources,
            own=sources.own.get(ags),
        ),
        TREND: trend,
        STRESS: _stress(latest, all_years, stress_pct),
    }
    widen = any(f.code in WIDENING_FLAGS for f in trend.flags)
    band = {}
    for year in all_years:
        values = [v.values[year] for v in variants.values() if year in v.values]
        low, high = min(values), max(values)
        if widen:
            steps = year - latest.year
            low = _grow(low, -SHORT_TREND_WIDENING, steps)
            high = _grow(high, SHORT_TREND_WIDENING, steps)
        band[year] = (low, high)
    return PartnerDemography(
        ags=ags,
        name=name,
        base_year=latest.year,
        base_population=latest.population,
        base_basis=latest.basis,
        years=all_years,
        variants=variants,
        band=band,
        band_widened=widen,
    )


def variant_populations(demography: PartnerDemography) -> dict[str, dict[int, int]]:
    """`{variant key: {year: population}}` for the cost model: the base year, then
    the projection years; a variant that is absent (no projection) is left out."""
    return {
        key: dict(variant.values)
        for key, variant in demography.variants.items()
        if variant.available
    }


def _figures_note(series: TrendSeries) -> str:
    return _("%(first)s–%(last)s (%(basis)s; Jahre %(years)s)") % {
        "first": series.first.year,
        "last": series.last.year,
        "basis": basis_label(series.basis),
        "years": ", ".join(str(y) for y in series.years),
    }


def _widening_note() -> str:
    return _("Das Band ist um %(pct)s je Jahr nach beiden Seiten erweitert.") % {
        "pct": format_percent(SHORT_TREND_WIDENING * 100, 2)
    }


def _figures_source(figures, basis: str) -> Source:
    publishers = dict.fromkeys(f.source for f in figures if f.source)
    return Source(
        publisher="; ".join(publishers) or _("amtliche Einwohnerzahlen"),
        title=_("Einwohnerzahlen am 31.12."),
        basis=basis,
        years=tuple(f.year for f in figures),
    )


def _trend(figures: list[Figure], latest: Figure, years: tuple[int, ...]) -> Variant:
    series = trend_series(figures)
    if series is None:
        return Variant(
            key=TREND,
            label=_("Trend"),
            values={year: latest.population for year in years},
            rate=Decimal(0),
            method=_no_series_note(figures),
            sources=(_figures_source([latest], latest.basis),),
            flags=(
                Flag(
                    NO_SERIES,
                    _("Kein Trend berechenbar: nur ein Stand auf %(basis)s.")
                    % {"basis": basis_label(latest.basis)}
                    + " "
                    + _widening_note(),
                ),
            ),
        )
    rate = series.rate()
    flags = []
    if series.short:
        flags.append(
            Flag(
                SHORT_SERIES,
                _(
                    "Nur %(count)s Jahre (%(years)s): eine kurze Reihe wird von "
                    "einmaligen Zu- und Fortzügen bestimmt."
                )
                % {"count": len(series.figures), "years": _figures_note(series)}
                + " "
                + _widening_note(),
            )
        )
    if series.basis != latest.basis:
        flags.append(
            Flag(
                OLDER_BASIS,
                _(
                    "Die Rate stammt aus der Reihe auf %(basis)s und wird auf den "
                    "letzten Stand %(year)s (%(latest)s) angewandt."
                )
                % {
                    "basis": basis_label(series.basis),
                    "year": latest.year,
                    "latest": basis_label(latest.basis),
                },
            )
        )
    method = _(
        "Durchschnittliche jährliche Veränderung %(rate)s aus %(series)s, "
        "angewandt auf den Stand 31.12.%(year)s; über den Bruch zwischen den "
        "Zensusbasen wird nicht gerechnet."
    ) % {
        "rate": format_percent(rate * 100, 2, signed=True),
        "series": _figures_note(series),
        "year": latest.year,
    }
    return Variant(
        key=TREND,
        label=_("Trend"),
        values={y: _grow(latest.population, rate, y - latest.year) for y in years},
        rate=rate,
        method=method,
        sources=(_figures_source(series.figures, series.basis),),
        flags=tuple(flags),
    )


def _stress(latest: Figure, years: tuple[int, ...], stress_pct: Decimal) -> Variant:
    rate = stress_pct / 100
    return Variant(
        key=STRESS,
        label=_("Stress"),
        values={y: _grow(latest.population, rate, y - latest.year) for y in years},
        rate=rate,
        method=_(
            "Gesetzte jährliche Veränderung %(pct)s ab dem Stand 31.12.%(year)s "
            "(Vorgabe %(default)s)."
        )
        % {  # two places, as the variants' table („je Jahr“, `rate:"2"`)
            "pct": format_percent(stress_pct, 2, signed=True),
            "year": latest.year,
            "default": format_percent(DEFAULT_STRESS_PCT, 2, signed=True),
        },
    )


def _projection_source(series: ProjectionSeries) -> Source:
    return Source(
        publisher=series.publisher,
        title=series.title,
        release_date=series.release_date,
        basis=series.basis,
        years=(series.base_year, series.last_year),
        note=series.notes,
    )


def _projection_flags(series: ProjectionSeries, years, latest: Figure) -> list[Flag]:
    flags = []
    if series.reported:
        flags.append(
            Flag(
                REPORTED,
                _(
                    "Die Vorausberechnung ist nach einem Bericht über die amtliche "
                    "Veröffentlichung erfasst, nicht aus ihren Tabellen: zu prüfen."
                ),
            )
        )
    beyond = [y for y in years if y > series.last_year]
    if beyond:
        flags.append(
            Flag(
                HORIZON,
                _("Die Vorausberechnung reicht nur bis %(year)s.")
                % {"year": series.last_year},
            )
        )
    if latest.basis and series.basis and latest.basis != series.basis:
        flags.append(
            Flag(
                PROJECTION_BASIS,
                _(
                    "Die Vorausberechnung rechnet auf %(basis)s; verwendet wird nur "
                    "ihre Veränderung ab %(year)s, angewandt auf den Stand %(year)s "
                    "(%(latest)s)."
                )
                % {
                    "basis": basis_label(series.basis),
                    "year": latest.year,
                    "latest": basis_label(latest.basis),
                },
            )
        )
    return flags


def _factor(series: ProjectionSeries, year: int, anchor: int) -> Decimal | None:
    """The projection's change from `anchor` to `year` (none before its first
    year); None beyond its horizon."""
    if year <= anchor:
        return Decimal(1)
    start, value = series.value(anchor), series.value(year)
    if start is None or value is None or not start:
        return None
    return value / start


def _amtlich(
    *,
    name: str,
    kreis_code: str,
    figures: list[Figure],
    latest: Figure,
    years: tuple[int, ...],
    sources: DemographySources,
    own: ProjectionSeries | None,
) -> Variant:
    series = own or sources.kreis.get(kreis_code)
    absent = _amtlich_absent(
        name=name, kreis_code=kreis_code, latest=latest, series=series, sources=sources
    )
    if absent is not None:
        return absent
    # Only the projection's change is used, from the latest figure on: its level
    # may be on the other census basis.
    anchor = max(latest.year, series.first_year)
    flags = _projection_flags(series, years, latest)
    share_rate, share_text = Decimal(0), ""
    if own is None:
        share_rate, share_text, share_flags = _share_trend(
            figures, sources.kreis_totals.get(kreis_code, {})
        )
        flags += share_flags
    values = {}
    for year in years:
        factor = _factor(series, year, anchor)
        if factor is not None:
            share = Decimal(float(1 + share_rate) ** (year - latest.year))
            values[year] = _round(Decimal(latest.population) * factor * share)
    method = _amtlich_method(
        name=name,
        series=series,
        own=own is not None,
        anchor=anchor,
        latest=latest,
        share_text=share_text,
    )
    last = max(values) if values else latest.year
    rate = (
        _yearly(Decimal(values[last]) / latest.population, last - latest.year)
        if last > latest.year and latest.population
        else None
    )
    return Variant(
        key=AMTLICH,
        label=_("amtlich"),
        values=values,
        rate=rate,
        method=method,
        sources=(_projection_source(series),),
        flags=tuple(flags),
    )


def _amtlich_absent(
    *,
    name: str,
    kreis_code: str,
    latest: Figure,
    series: ProjectionSeries | None,
    sources: DemographySources,
) -> Variant | None:
    """The official variant without values, with the reason; None if it has some."""
    if series is None:
        return Variant(
            key=AMTLICH,
            label=_("amtlich"),
            values={},
            rate=None,
            method="",
            absent_reason=_(
                "Für %(name)s und den %(kreis)s ist keine amtliche "
                "Vorausberechnung geladen."
            )
            % {"name": name, "kreis": sources.kreis_names.get(kreis_code, kreis_code)},
        )
    if latest.year >= series.last_year:
        return Variant(
            key=AMTLICH,
            label=_("amtlich"),
            values={},
            rate=None,
            method="",
            sources=(_projection_source(series),),
            absent_reason=_(
                "Die Vorausberechnung (%(publisher)s) endet %(year)s, nicht nach "
                "dem letzten Stand %(latest)s."
            )
            % {
                "publisher": series.publisher,
                "year": series.last_year,
                "latest": latest.year,
            },
        )
    return None


def _amtlich_method(
    *,
    name: str,
    series: ProjectionSeries,
    own: bool,
    anchor: int,
    latest: Figure,
    share_text: str,
) -> str:
    if own:
        method = _(
            "Eigene Vorausberechnung für %(name)s (%(publisher)s, veröffentlicht "
            "%(date)s): ihre Veränderung ab %(anchor)s, angewandt auf den Stand "
            "31.12.%(year)s."
        )
    else:
        method = _(
            "Vorausberechnung für den %(area)s (%(publisher)s, veröffentlicht "
            "%(date)s): die Veränderung des Kreises ab %(anchor)s, angewandt auf "
            "den Stand 31.12.%(year)s von %(name)s; der Anteil der Gemeinde am "
            "Kreis ändert sich dabei %(share)s."
        )
    method %= {
        "name": name,
        "area": series.area_name,
        "publisher": series.publisher,
        "date": format_date(series.release_date),
        "anchor": anchor,
        "year": latest.year,
        "share": share_text,
    }
    return method


def _share_trend(
    figures: list[Figure], totals: dict[tuple[int, str], int]
) -> tuple[Decimal, str, list[Flag]]:
    """The municipality's own trend relative to its Kreis, measured on the years
    (of one basis) for which the Kreis total is complete."""
    series = trend_series([f for f in figures if totals.get((f.year, f.basis))])
    if series is None:
        return (
            Decimal(0),
            _("nicht (keine verwendbare Reihe, siehe Trend)"),
            [
                Flag(
                    SHARE_CONSTANT,
                    _(
                        "Anteil am Kreis konstant gehalten: keine Reihe mit "
                        "vollständigem Kreiswert, die mindestens %(min)s Jahre lang "
                        "ist oder auf der Zensusbasis des letzten Stands liegt."
                    )
                    % {"min": MIN_TREND_YEARS},
                )
            ],
        )
    first, last = series.first, series.last
    kreis_ratio = Decimal(totals[last.year, last.basis]) / Decimal(
        totals[first.year, first.basis]
    )
    own_ratio = Decimal(last.population) / Decimal(first.population)
    rate = _yearly(own_ratio / kreis_ratio, series.span)
    text = _(
        "um %(rate)s je Jahr (eigene Entwicklung gegenüber dem Kreis %(series)s)"
    ) % {
        "rate": format_percent(rate * 100, 2, signed=True),
        "series": _figures_note(series),
    }
    flags = []
    if series.short:
        flags.append(
            Flag(
                SHORT_SHARE,
                _(
                    "Die Entwicklung des Anteils am Kreis beruht auf nur %(count)s "
                    "Jahren."
                )
                % {"count": len(series.figures)},
            )
        )
    return rate, text, flags
