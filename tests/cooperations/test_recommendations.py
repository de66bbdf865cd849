"""The guide's recommendations: each rule on its own."""

from decimal import Decimal as D

from cooperations.recommendations import (
    Situation,
    inventory_and_forecast,
    local_supply,
    recommendations_for,
    vacancy_management,
    water_service_pool,
    water_staff_support,
)


def situation(figures=None, cooperating_in=(), trend=None) -> Situation:
    return Situation(
        figures=figures or {},
        cooperating_in=frozenset(cooperating_in),
        population_trend=trend,
    )


def test_water_price_above_the_kreis_median_suggests_a_service_pool():
    found = water_service_pool(situation({"water_price_m3": (D("2.90"), D("2.40"))}))
    assert found.code == "water_service_pool"
    assert "2,90" in found.reason and "2,40" in found.reason
    assert "90–95 %" in found.measure


def test_wastewater_fee_above_the_median_suggests_the_pool_too():
    found = water_service_pool(situation({"wastewater_fee_m3": (D("4.1"), D("3"))}))
    assert found and "Abwassergebühr" in found.reason


def test_no_pool_at_or_below_the_median_or_when_already_cooperating():
    assert (
        water_service_pool(situation({"water_price_m3": (D("2.40"), D("2.40"))}))
        is None
    )
    assert water_service_pool(situation({"water_price_m3": (D("2"), D("2.4"))})) is None
    assert (
        water_service_pool(
            situation(
                {"water_price_m3": (D("3"), D("2"))},
                cooperating_in={"wasserversorgung", "abwasser"},
            )
        )
        is None
    )


def test_few_water_staff_suggest_mutual_support():
    assert water_staff_support(situation({"water_staff_fte": (D("1.5"), D("4"))}))
    assert water_staff_support(situation({"water_staff_fte": (D("5"), D("4"))})) is None


def test_high_vacancy_suggests_vacancy_management():
    found = vacancy_management(situation({"vacancy_rate": (D("12.7"), D("7.35"))}))
    assert "12,70 %" in found.reason and "7,35 %" in found.reason
    assert (
        vacancy_management(
            situation({"vacancy_rate": (D("12"), D("7"))}, cooperating_in={"wohnen"})
        )
        is None
    )


def test_far_to_the_supermarket_suggests_joint_local_supply():
    assert local_supply(situation({"distance_supermarket_km": (D("5.2"), D("2"))}))
    assert (
        local_supply(situation({"distance_supermarket_km": (D("1"), D("2"))})) is None
    )


def test_a_shrinking_population_suggests_starting_with_inventory():
    found = inventory_and_forecast(situation(trend=(19472, 18743)))
    assert "19.472" in found.reason and "18.743" in found.reason
    assert inventory_and_forecast(situation(trend=(18000, 18743))) is None
    assert inventory_and_forecast(situation()) is None


def test_no_figures_no_recommendations():
    assert recommendations_for(situation()) == []


def test_a_reason_rounds_a_figure_as_the_table_beside_it():
    """The Steckbrief's table shows an indicator with its places (12,7); the
    reason beside it names the same figure the same way, not 12,70."""
    found = vacancy_management(
        Situation(
            figures={"vacancy_rate": (D("12.70"), D("7.35"))},
            cooperating_in=frozenset(),
            decimals={"vacancy_rate": 1},
        )
    )
    assert "12,7 %" in found.reason and "12,70" not in found.reason
    assert "(7,4 %)" in found.reason  # the median, rounded half up like the table
