from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cooperations import selectors
from cooperations.comparison.projection import (
    DemographySources,
    Figure,
    ProjectionSeries,
    growth_rate,
    partner_demography,
    project,
    trend_series,
    variant_populations,
)
from municipalities import actions as municipality_actions

# Eschwege (DOMAIN §6): 2019–2022 on Zensus 2011, 2024 on Zensus 2022; 2020 missing.
ESCHWEGE = [
    Figure(2019, 19412, "zensus2011"),
    Figure(2021, 19278, "zensus2011"),
    Figure(2022, 19472, "zensus2011"),
    Figure(2024, 18743, "zensus2022"),
]


def test_short_series_on_a_superseded_basis_is_not_carried_across_the_break():
    # 2019–2022 (Zensus 2011) is three figures, the 2024 level is Zensus 2022:
    # the window dominated by the 2022 arrivals would make Eschwege grow.
    rate = growth_rate(ESCHWEGE)
    assert rate.rate == 0 and rate.basis == ""
    assert "gleichbleibend" in rate.note
    assert "2019–2022 (Zensus 2011)" in rate.note


def test_projection_starts_from_the_latest_figure_on_its_own_basis():
    projection = project(ESCHWEGE)
    assert projection.base_year == 2024 and projection.base_basis == "zensus2022"
    assert projection.populations == {2030: 18743, 2040: 18743}


def test_long_series_wins_and_names_its_missing_years():
    figures = [
        *(Figure(year, 20000 - 100 * (year - 2011), "zensus2011")
          for year in range(2011, 2022) if year != 2015),
        Figure(2024, 18743, "zensus2022"),
    ]  # fmt: skip
    rate = growth_rate(figures)
    assert rate.basis == "zensus2011"
    assert (rate.first_year, rate.last_year) == (2011, 2021)
    assert rate.missing_years == (2015,)
    assert rate.rate == Decimal("-0.005116")  # (19000 / 20000) ** (1/10) - 1
    assert "Zensus 2011" in rate.note and "2015" in rate.note


def test_newer_basis_wins_once_it_has_two_figures():
    figures = [*ESCHWEGE, Figure(2025, 18500, "zensus2022")]
    rate = growth_rate(figures)
    assert rate.basis == "zensus2022"
    assert rate.rate < 0


def test_a_single_figure_means_constant_population_said_so():
    projection = project([Figure(2024, 963, "zensus2022")])
    assert projection.rate.rate == 0
    assert projection.populations == {2030: 963, 2040: 963}
    assert "gleichbleibend" in projection.rate.note
    assert project([]) is None


def test_user_rate_replaces_the_official_series():
    projection = project(ESCHWEGE, rate_pct=Decimal("-1"))
    assert projection.rate.user_set
    assert projection.populations[2030] == round(18743 * 0.99**6)


# --- The demography variants ---------------------------------------------------

HSL = ProjectionSeries(
    area_name="Werra-Meißner-Kreis",
    publisher="Hessisches Statistisches Landesamt",
    title="Bevölkerungsvorausberechnung",
    release_date=date(2023, 4, 3),
    base_year=2021,
    basis="zensus2011",
    reported=True,
    notes="Jahrespfad linear interpoliert",
    values={2021: 100000, 2050: 93600},
)
NO_SOURCES = DemographySources(own={}, kreis={}, kreis_totals={}, kreis_names={})
KREIS_ONLY = DemographySources(
    own={}, kreis={"06636": HSL}, kreis_totals={}, kreis_names={}
)


def _demography(figures, sources=KREIS_ONLY, **options):
    return partner_demography(
        ags="06636003",
        name="Eschwege",
        kreis_code="06636",
        figures=figures,
        sources=sources,
        **options,
    )


def test_variants_start_today_and_give_2030_and_2040_for_the_cost_model():
    demography = _demography(ESCHWEGE)
    populations = variant_populations(demography)
    assert set(populations) == {"amtlich", "trend", "stress"}
    assert all(set(values) == {2024, 2030, 2040} for values in populations.values())
    assert all(values[2024] == 18743 for values in populations.values())
    assert populations["stress"][2040] == round(18743 * 0.99**16)


def test_kreis_projection_change_is_applied_from_the_latest_figure():
    amtlich = _demography(ESCHWEGE).variants["amtlich"]
    # Kreis: 100,000 (2021) → 93,600 (2050), a straight line; only its change
    # from 2024 on counts, the level (Zensus 2011) does not.
    kreis_2024 = Decimal(100000) - Decimal(6400) * 3 / 29
    kreis_2040 = Decimal(100000) - Decimal(6400) * 19 / 29
    assert amtlich.values[2040] == round(18743 * kreis_2040 / kreis_2024)
    codes = {flag.code for flag in amtlich.flags}
    assert codes == {"reported", "projection_basis", "share_constant"}
    (source,) = amtlich.sources
    assert source.release_date == date(2023, 4, 3) and source.years == (2021, 2050)
    assert "Werra-Meißner-Kreis" in amtlich.method
    assert "03.04.2023" in amtlich.method


def test_share_of_the_kreis_moves_with_the_own_trend_relative_to_the_kreis():
    figures = [Figure(year, 10000 + 50 * (year - 2018), "zensus2022")
               for year in range(2018, 2025)]  # fmt: skip
    totals = {(year, "zensus2022"): 100000 for year in range(2018, 2025)}
    sources = replace(KREIS_ONLY, kreis_totals={"06636": totals})
    amtlich = _demography(figures, sources).variants["amtlich"]
    # own +300 over 6 years on a constant Kreis: the share grows by this rate
    share_rate = (10300 / 10000) ** (1 / 6) - 1
    kreis = (Decimal(100000) - Decimal(6400) * 19 / 29) / (
        Decimal(100000) - Decimal(6400) * 3 / 29
    )
    expected = 10300 * float(kreis) * (1 + round(share_rate, 6)) ** 16
    assert abs(amtlich.values[2040] - expected) <= 1
    assert "share_constant" not in {flag.code for flag in amtlich.flags}
    assert "gegenüber dem Kreis" in amtlich.method


def test_own_projection_is_preferred_and_its_horizon_said():
    own = replace(HSL, area_name="Eschwege", reported=False, basis="",
                  values={2020: 19000, 2035: 17500})  # fmt: skip
    sources = replace(KREIS_ONLY, own={"06636003": own})
    amtlich = _demography(ESCHWEGE, sources).variants["amtlich"]
    assert 2040 not in amtlich.values and amtlich.values[2024] == 18743
    assert amtlich.values[2030] == round(18743 * 18000 / 18600)
    assert {flag.code for flag in amtlich.flags} == {"horizon"}
    assert "Eigene Vorausberechnung" in amtlich.method


def test_without_a_projection_amtlich_is_absent_and_says_why():
    sources = replace(NO_SOURCES, kreis_names={"06636": "Werra-Meißner-Kreis"})
    demography = _demography(ESCHWEGE, sources)
    amtlich = demography.variants["amtlich"]
    assert not amtlich.available
    assert "Werra-Meißner-Kreis" in amtlich.absent_reason
    assert set(variant_populations(demography)) == {"trend", "stress"}


def test_fewer_than_five_years_are_flagged_and_widen_the_band():
    short = [Figure(year, 18743 - 100 * (year - 2022), "zensus2022")
             for year in (2022, 2023, 2024)]  # fmt: skip
    long = [Figure(year, 18743 - 100 * (year - 2024), "zensus2022")
            for year in range(2018, 2025)]  # fmt: skip
    flagged, plain = _demography(short), _demography(long)
    trend = flagged.variants["trend"]
    assert "short_series" in {flag.code for flag in trend.flags}
    assert "2022, 2023, 2024" in trend.flags[0].message
    assert flagged.band_widened and not plain.band_widened

    def width(demography):
        low, high = demography.band[2040]
        return high - low

    def spread(demography):
        values = [v.values[2040] for v in demography.variants.values()]
        return max(values) - min(values)

    assert width(plain) == spread(plain)
    assert width(flagged) > spread(flagged)


def test_band_is_lowest_to_highest_variant():
    demography = _demography(ESCHWEGE, stress_pct=Decimal("-2"))
    for year in demography.years:
        values = [v.values[year] for v in demography.variants.values()]
        low, high = demography.band[year]
        assert low <= min(values) and high >= max(values)
    assert demography.band[2024] == (18743, 18743)


def test_no_figure_no_demography():
    assert _demography([]) is None


BASES = st.sampled_from(["zensus2011", "zensus2022"])


@given(
    st.dictionaries(
        st.integers(2000, 2030), st.tuples(st.integers(1, 100_000), BASES), min_size=1
    )
)
def test_trend_never_mixes_census_bases(series):
    figures = [Figure(year, people, basis) for year, (people, basis) in series.items()]
    chosen = trend_series(figures)
    trend = _demography(figures, NO_SOURCES).variants["trend"]
    (source,) = trend.sources
    used = [f for f in figures if f.year in source.years]
    assert len({f.basis for f in used}) == 1
    assert {f.basis for f in used} == {source.basis}
    if chosen is not None:
        assert set(chosen.years) == set(source.years)
        assert all(f.basis == chosen.basis for f in chosen.figures)
        # every figure of that basis is used: the longest series on one basis
        assert len(chosen.figures) == sum(f.basis == chosen.basis for f in figures)


# --- With the pilot data ---------------------------------------------------------

PILOT_PARTNERS = {
    "06636003": "Eschwege",
    "06636007": "Meinhard",
    "06636013": "Wanfried",
}


@pytest.fixture
def pilot_demography(db):
    municipality_actions.pilot_region_load()
    municipalities = selectors.comparison_partner_list(ags=list(PILOT_PARTNERS))
    sources = selectors.demography_sources(municipalities=municipalities)
    return {
        m.short_name: partner_demography(
            ags=m.ags,
            name=m.short_name,
            kreis_code=m.kreis_id,
            figures=[
                Figure(f.date.year, f.population, f.basis, f.source)
                for f in m.population_figures.all()
            ],
            sources=sources,
        )
        for m in municipalities
    }


def test_pilot_partners_shrink_or_stay_in_every_variant(pilot_demography):
    assert set(pilot_demography) == set(PILOT_PARTNERS.values())
    for demography in pilot_demography.values():
        assert demography.base_year == 2024
        for variant in demography.variants.values():
            assert variant.available, variant.absent_reason
            assert variant.values[2030] <= demography.base_population
            assert variant.values[2040] <= variant.values[2030]


def test_pilot_amtlich_follows_the_hsl_kreis_projection(pilot_demography):
    amtlich = pilot_demography["Eschwege"].variants["amtlich"]
    (source,) = amtlich.sources
    assert source.publisher == "Hessisches Statistisches Landesamt"
    assert source.release_date == date(2023, 4, 3)
    assert "linear interpoliert" in source.note
    # The Kreis 2021 → 2050: 99,714 → 93,332 on a straight line; its change from
    # 2024 to 2040 applied to Eschwege's 18,743 (Zensus 2022).
    kreis = {
        year: 99714 + (93332 - 99714) * (year - 2021) / 29 for year in (2024, 2040)
    }
    assert amtlich.values[2040] == round(18743 * kreis[2040] / kreis[2024])
    assert "reported" in {flag.code for flag in amtlich.flags}


def test_pilot_trend_names_why_it_is_flat_and_where_the_figure_is_from(
    pilot_demography,
):
    demography = pilot_demography["Wanfried"]
    trend = demography.variants["trend"]
    (source,) = trend.sources
    assert source.publisher.startswith("Destatis") and source.years == (2024,)
    assert {flag.code for flag in trend.flags} == {"no_series"}
    assert "2019–2022 (Zensus 2011)" in trend.method
    assert demography.band_widened
    low, high = demography.band[2040]
    assert low == round(demography.variants["stress"].values[2040] * 0.9975**16)
    assert high == round(4050 * 1.0025**16)


def test_demography_sources_take_two_queries(db, django_assert_num_queries):
    municipality_actions.pilot_region_load()
    municipalities = selectors.comparison_partner_list(ags=list(PILOT_PARTNERS))
    with django_assert_num_queries(2):
        sources = selectors.demography_sources(municipalities=municipalities)
    assert set(sources.kreis) == {"06636"} and not sources.own
    # 2019, 2021, 2022 and 2024: every municipality of the Kreis has a figure
    assert sources.kreis_totals["06636"][2024, "zensus2022"] == 97695
    assert sources.kreis_totals["06636"][2021, "zensus2011"] == 99714


def test_imported_long_series_feeds_the_trend_on_one_basis(db):
    municipality_actions.pilot_region_load()
    rows = [f"06636003;{year};{19900 - 60 * (year - 2011)};Zensus 2011"
            for year in (*range(2011, 2019), 2020)]  # fmt: skip
    raw = "\n".join(["AGS;Jahr;Einwohner;Zensusbasis", *rows]).encode()
    municipality_actions.population_series_import(raw=raw, source="HSL")
    (eschwege,) = selectors.comparison_partner_list(ags=["06636003"])
    figures = [
        Figure(f.date.year, f.population, f.basis, f.source)
        for f in eschwege.population_figures.all()
    ]
    demography = partner_demography(
        ags="06636003",
        name="Eschwege",
        kreis_code="06636",
        figures=figures,
        sources=selectors.demography_sources(municipalities=[eschwege]),
    )
    trend = demography.variants["trend"]
    (source,) = trend.sources
    assert source.basis == "zensus2011" and source.years == tuple(range(2011, 2023))
    assert {flag.code for flag in trend.flags} == {"older_basis"}
    assert not demography.band_widened
    assert trend.values[2040] < trend.values[2030] < 18743
    assert "2011–2022" in trend.method


def test_projection_ending_before_the_latest_figure_is_absent_with_reason():
    old = replace(HSL, values={2010: 100000, 2020: 95000})
    amtlich = _demography(ESCHWEGE, replace(KREIS_ONLY, kreis={"06636": old}))
    assert not amtlich.variants["amtlich"].available
    assert "endet 2020" in amtlich.variants["amtlich"].absent_reason


def test_projection_starting_after_the_latest_figure_changes_from_its_start():
    later = replace(HSL, values={2026: 100000, 2040: 90000})
    amtlich = _demography(ESCHWEGE, replace(KREIS_ONLY, kreis={"06636": later}))
    values = amtlich.variants["amtlich"].values
    assert values[2024] == 18743
    assert values[2040] == round(18743 * 0.9)
