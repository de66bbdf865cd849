from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from types import SimpleNamespace

import pytest

from cooperations.comparison import cost_model
from cooperations.comparison.cost_split import CostSplitError, PartnerBasis, split

SEVEN = [
    PartnerBasis("06636016", "Witzenhausen", 15132, Decimal("126.78"), Decimal(7)),
    PartnerBasis("06636003", "Eschwege", 18743, Decimal("63.26"), Decimal(11)),
    PartnerBasis("06636013", "Wanfried", 4050, Decimal("46.88"), Decimal(3)),
    PartnerBasis("06636011", "Sontra", 7466, Decimal("111.28"), Decimal(5)),
    PartnerBasis("06636002", "Berkatal", 1474, Decimal("19.57"), Decimal(1)),
    PartnerBasis("06636008", "Meißner", 2915, Decimal("44.81"), Decimal(2)),
    PartnerBasis("06636015", "Weißenborn", 963, Decimal("15.56"), Decimal(1)),
]


@pytest.mark.parametrize("key", ["equal", "population", "area", "usage", "mix"])
@pytest.mark.parametrize(
    "total", ["100.00", "0.01", "0.06", "1000000.00", "99999.99", "333.33", "0.00"]
)
def test_split_of_seven_partners_sums_to_the_cent_and_to_100_pct(key, total):
    mix = {"equal": 1, "population": 2, "area": 1, "usage": 0}
    shares = split(Decimal(total), SEVEN, key, mix)
    assert sum(s.amount for s in shares) == Decimal(total)
    assert sum(s.pct for s in shares) == Decimal(100)
    assert all(s.amount >= 0 for s in shares)
    assert [s.ags for s in shares] == [p.ags for p in SEVEN]


def test_equal_split_hands_leftover_cents_to_the_lowest_ags_first():
    shares = {s.ags: s.amount for s in split(Decimal("100.00"), SEVEN, "equal")}
    # 10000 cents / 7 = 1428 rest 4: the four lowest AGS get one cent more.
    assert shares["06636002"] == Decimal("14.29")
    assert shares["06636003"] == Decimal("14.29")
    assert shares["06636008"] == Decimal("14.29")
    assert shares["06636011"] == Decimal("14.29")
    assert shares["06636013"] == Decimal("14.28")
    assert shares["06636015"] == Decimal("14.28")
    assert shares["06636016"] == Decimal("14.28")


def test_split_is_the_same_whatever_the_partner_order():
    forward = {s.ags: s.amount for s in split(Decimal("1234.57"), SEVEN, "area")}
    backward = {s.ags: s.amount for s in split(Decimal("1234.57"), SEVEN[::-1], "area")}
    assert forward == backward


def test_population_split_follows_the_population():
    two = SEVEN[:2]
    shares = split(Decimal("3387.50"), two, "population")
    assert [s.amount for s in shares] == [Decimal("1513.20"), Decimal("1874.30")]


def test_missing_usage_is_named():
    partners = [PartnerBasis("06636003", "Eschwege"), SEVEN[0]]
    with pytest.raises(CostSplitError, match="Eschwege.*Nutzung"):
        split(Decimal("10.00"), partners, "usage")


def test_all_zero_usage_and_bad_totals_are_refused():
    zero = [PartnerBasis("1", "A", usage=Decimal(0)), PartnerBasis("2", "B", usage=0)]
    with pytest.raises(CostSplitError, match="null"):
        split(Decimal("10.00"), zero, "usage")
    with pytest.raises(CostSplitError, match="zwei Nachkommastellen"):
        split(Decimal("10.005"), SEVEN, "equal")
    with pytest.raises(CostSplitError, match="null oder größer"):
        split(Decimal("-1"), SEVEN, "equal")
    with pytest.raises(CostSplitError, match="Gewicht"):
        split(Decimal("10.00"), SEVEN, "mix", {"equal": 0})


@pytest.mark.parametrize("key", ["equal", "population", "area", "usage", "mix"])
@pytest.mark.parametrize("total", ["1000000.00", "333.33", "0.06", "0.00"])
def test_the_cost_models_amounts_are_the_splits_amounts(key, total):
    """The cost model splits each year's total without percentages (`_amounts`):
    the same cents, to the same places, as `split`."""
    mix = {"equal": 1, "population": 2, "area": 1, "usage": 0}
    # Exact populations between two given years are fractions in the model.
    bases = [replace(p, population=Fraction(p.population * 7 + 3, 7)) for p in SEVEN]
    inputs = SimpleNamespace(key=key, mix=mix)
    expected = {s.ags: s.amount for s in split(Decimal(total), bases, key, mix)}
    amounts = cost_model._amounts(Decimal(total), bases, inputs)
    assert amounts == expected
    assert all(a.as_tuple().exponent == -2 for a in amounts.values())


def test_equal_bases_hash_alike_once_the_hash_is_kept():
    first = PartnerBasis("06636003", "Eschwege", Fraction(37487, 2), Decimal("63.26"))
    second = replace(first)
    assert hash(first) == hash(first) == hash(second) and first == second
    assert hash(replace(first, population=Fraction(37489, 2))) != hash(first)
