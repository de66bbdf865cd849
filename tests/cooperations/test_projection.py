from decimal import Decimal

import pytest

from cooperations.comparison.projection import (
    Figure,
    growth_rate,
    per_head_costs,
    project,
)

# Eschwege (DOMAIN §6): 2019–2022 on Zensus 2011, 2024 on Zensus 2022; 2020 missing.
ESCHWEGE = [
    Figure(2019, 19412, "zensus2011"),
    Figure(2021, 19278, "zensus2011"),
    Figure(2022, 19472, "zensus2011"),
    Figure(2024, 18743, "zensus2022"),
]


def test_rate_stays_within_one_census_basis_and_names_missing_years():
    rate = growth_rate(ESCHWEGE)
    assert rate.basis == "zensus2011"
    assert (rate.first_year, rate.last_year) == (2019, 2022)
    assert rate.missing_years == (2020,)
    # (19472 / 19412) ** (1/3) - 1 ≈ +0.103 % a year, not the −1.2 % across the break
    assert rate.rate == Decimal("0.001029")
    assert "Zensus 2011" in rate.note and "2020" in rate.note


def test_projection_starts_from_the_latest_figure_on_its_own_basis():
    projection = project(ESCHWEGE)
    assert projection.base_year == 2024 and projection.base_basis == "zensus2022"
    assert projection.populations[2030] == round(18743 * 1.001029**6)
    assert projection.populations[2040] == round(18743 * 1.001029**16)


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


def test_per_head_cost_alone_rises_when_people_leave_and_pooling_lowers_it():
    scenario = per_head_costs(
        [
            ("A", "A", 1000, Decimal(100000), {2030: 900, 2040: 800}),
            ("B", "B", 1000, Decimal(100000), {2030: 1000, 2040: 1000}),
        ],
        fixed_share_pct=Decimal(80),
        pooling_saving_pct=Decimal(15),
    )
    a, b = scenario.rows
    # A: 80,000 fixed + 20,000 × 0.9 variable over 900 people
    assert a.alone_per_head[2030] == Decimal("108.89")
    assert b.alone_per_head[2030] == Decimal("100.00")
    # pooled: (160,000 × 0.85 + 18,000 + 20,000) / 1,900
    assert scenario.pooled_per_head[2030] == Decimal("91.58")
    assert a.pooled_per_head[2040] == scenario.pooled_per_head[2040]


@pytest.mark.parametrize("fixed", [Decimal(0), Decimal(100)])
def test_per_head_cost_limits(fixed):
    scenario = per_head_costs(
        [("A", "A", 1000, Decimal(1000), {2030: 500, 2040: 500})],
        fixed_share_pct=fixed,
        pooling_saving_pct=Decimal(0),
    )
    expected = Decimal("1.00") if fixed == 0 else Decimal("2.00")
    assert scenario.rows[0].alone_per_head[2030] == expected
