from decimal import Decimal

import pytest

from cooperations import selectors
from cooperations.comparison.options import (
    CRITERIA,
    Requirement,
    default_requirements,
    funding_check,
    rank,
)

pytestmark = pytest.mark.django_db

HESSEN = "06"  # the Land whose forms and funding the reference data holds


def _requirements(**weights):
    requirements = {criterion: Requirement() for criterion in CRITERIA}
    for criterion, value in weights.items():
        requirements[criterion] = (
            value if isinstance(value, Requirement) else Requirement(value)
        )
    return requirements


def test_fee_powers_as_a_must_exclude_informal_contractual_mandate_and_private():
    ranking = rank(
        selectors.form_profiles(land_code=HESSEN),
        _requirements(fees=Requirement(3, must=True)),
    )
    excluded = {e.form.code: e for e in ranking.excluded}
    assert set(excluded) == {
        "netzwerk", "arbeitsgemeinschaft", "oerv-mandat", "privatrechtlich"
    }  # fmt: skip
    reason = excluded["arbeitsgemeinschaft"].reasons[0]
    assert "„braucht Gebühren- oder Hoheitsrechte“ ist ein Muss" in reason
    assert "keine Gebühren, keine Hoheitsrechte (§§ 3–4 KGG)" in reason
    # The informal network's fee fact is still to be checked: said so.
    assert "Kommunalaufsicht" in excluded["netzwerk"].reasons[0]
    assert excluded["netzwerk"].to_check
    assert {o.form.code for o in ranking.options} == {
        "oerv-delegation", "zweckverband", "anstalt", "gvv"
    }  # fmt: skip


def test_ranking_is_deterministic_and_every_score_is_explained():
    requirements = default_requirements("service_pool")
    first = rank(selectors.form_profiles(land_code=HESSEN), requirements)
    second = rank(
        list(reversed(selectors.form_profiles(land_code=HESSEN))), requirements
    )
    assert [(o.form.code, o.score_pct, o.rank) for o in first.options] == [
        (o.form.code, o.score_pct, o.rank) for o in second.options
    ]
    for option in first.options:
        assert len(option.scores) == len(CRITERIA)
        for score in option.scores:
            assert score.sentence.endswith((".", "prüfen)"))
            if score.weight:
                assert f"Gewicht {score.weight}" in score.sentence
    scores = [o.score_pct for o in first.options]
    assert scores == sorted(scores, reverse=True)


def test_score_is_weighted_share_of_the_maximum():
    ranking = rank(
        selectors.form_profiles(land_code=HESSEN), _requirements(setup=2, exit=1)
    )
    by_code = {o.form.code: o for o in ranking.options}
    # Zweckverband: setup 1 × 2 + exit 0 × 1 = 2 of 12 points
    assert by_code["zweckverband"].score_pct == Decimal("16.7")
    assert by_code["netzwerk"].score_pct == Decimal("100.0")
    assert by_code["netzwerk"].rank == 1


def test_ties_share_a_rank_and_name_each_other():
    # Network and Arbeitsgemeinschaft both rate 4 on VAT and procurement.
    ranking = rank(
        selectors.form_profiles(land_code=HESSEN), _requirements(vat=1, procurement=1)
    )
    by_code = {o.form.code: o for o in ranking.options}
    network, group = by_code["netzwerk"], by_code["arbeitsgemeinschaft"]
    assert network.rank == group.rank == 1
    assert group.form.name in network.tied_with
    assert ranking.has_ties
    # Order among equals: the forms' position, informal first.
    codes = [o.form.code for o in ranking.options]
    assert codes.index("netzwerk") < codes.index("arbeitsgemeinschaft")


def test_uncertain_facts_mark_the_option():
    ranking = rank(selectors.form_profiles(land_code=HESSEN), _requirements(setup=1))
    by_code = {o.form.code: o for o in ranking.options}
    assert by_code["zweckverband"].uncertain  # set-up effort is (G)
    score = next(s for s in by_code["zweckverband"].scores if s.criterion == "setup")
    assert score.to_check and "Kommunalaufsicht" in score.sentence
    # Fee powers are (G) since migration 0012; the binding strength is source-backed.
    ranking = rank(selectors.form_profiles(land_code=HESSEN), _requirements(binding=1))
    by_code = {o.form.code: o for o in ranking.options}
    assert not by_code["zweckverband"].uncertain


@pytest.fixture
def rules():
    return selectors.funding_rules(land_code=HESSEN)


def test_funding_three_partners_five_years_fifteen_pct_is_eligible(rules):
    check = funding_check(rules, partners=3, years=5, savings_pct=Decimal(15))
    assert check.eligible and not check.missing
    assert check.grant == Decimal(75000)


def test_funding_two_partners_need_a_justified_exception(rules):
    check = funding_check(rules, partners=2, years=5, savings_pct=Decimal(20))
    assert not check.eligible and check.needs_exception
    assert check.missing == [
        "2 Partner reichen nur in einem begründeten Ausnahmefall; ohne Begründung "
        "sind mindestens 3 Gemeinden nötig."
    ]
    check = funding_check(
        rules, partners=2, years=5, savings_pct=Decimal(20), exception_justified=True
    )
    assert check.eligible and check.grant == Decimal(50000)


def test_funding_one_partner_short_term_and_low_savings_say_what_is_missing(rules):
    check = funding_check(rules, partners=1, years=4, savings_pct=Decimal("14.9"))
    assert not check.eligible
    assert len(check.missing) == 3
    assert "1 Partner sind zu wenige" in check.missing[0]
    assert "4 Jahren ist zu kurz: verlangt sind mindestens 5 Jahre" in check.missing[1]
    assert "14,9 % liegt unter den verlangten 15 %" in check.missing[2]
    assert "0,1 Prozentpunkte" in check.missing[2]
    assert check.grant is None


def test_funding_more_than_three_partners_and_missing_inputs(rules):
    check = funding_check(rules, partners=7, years=10, savings_pct=Decimal("15.0"))
    assert check.eligible and check.grant == Decimal(100000)
    check = funding_check(rules, partners=4, years=None, savings_pct=None)
    assert [m.split(":")[0] for m in check.missing] == [
        "Die geplante Laufzeit fehlt",
        "Die erwartete Einsparung fehlt",
    ]


def test_funding_of_an_informal_form_misses_the_agreement(rules):
    check = funding_check(
        rules, partners=3, years=5, savings_pct=Decimal(15), form_level="informal"
    )
    assert not check.eligible and "Vereinbarung" in check.missing[0]


def test_tasks_that_exchange_staff_or_services_need_a_binding_agreement():
    ranking = rank(
        selectors.form_profiles(land_code=HESSEN), default_requirements("service_pool")
    )
    excluded = {e.form.code: e for e in ranking.excluded}
    assert set(excluded) == {"netzwerk", "arbeitsgemeinschaft"}
    assert "verbindliche Vereinbarung" in excluded["arbeitsgemeinschaft"].reasons[0]
    exchange = rank(
        selectors.form_profiles(land_code=HESSEN), default_requirements("exchange")
    )
    assert not exchange.excluded
    assert exchange.options[0].form.code == "netzwerk"
