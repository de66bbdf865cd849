"""Funding per Land, the partners' Land and the Land border (issue 14, part 2).

The programmes and laws come from the migrations (0002, 0012, 0013); the
municipalities and Kreise are made here with the factories."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from cooperations import selectors
from cooperations.comparison.options import FundingPlan, funding_check
from cooperations.models import CooperationLaw, FundingProgramme
from municipalities.models import Land
from tests.factories import (
    KreisFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    RegierungsbezirkFactory,
    UserFactory,
)

NRW, HESSEN, RLP, BAYERN, SAARLAND, THUERINGEN = "05", "06", "07", "09", "10", "16"
URL = "/vergleich/optionen/"


@pytest.fixture(autouse=True)
def german():
    with translation.override("de"):
        yield


def _rules(land_code: str):
    rules = selectors.funding_rules(land_code=land_code)
    assert rules is not None, land_code
    return rules


# ------------------------------------------------------------ the funding check


@pytest.mark.django_db
def test_nrw_passes_with_two_partners_and_counts_a_service_improvement():
    rules = _rules(NRW)
    improved = FundingPlan(service_improvement=True)
    check = funding_check(
        rules, partners=2, years=5, savings_pct=Decimal(5), plan=improved
    )
    assert check.eligible and not check.missing and not check.unchecked
    assert check.grant == Decimal(175000)
    assert any("wesentliche Verbesserung der Leistung" in m for m in check.met)
    # Without the improvement, 5 % savings miss the 15 % the alternative replaces.
    check = funding_check(rules, partners=2, years=5, savings_pct=Decimal(5))
    assert not check.eligible and check.grant is None
    assert "unter den verlangten 15 %" in check.missing[0]
    assert "wesentliche Verbesserung der Leistung" in check.missing[0]
    # 15 % savings suffice on their own.
    assert funding_check(rules, partners=2, years=5, savings_pct=Decimal(15)).eligible
    # One NRW partner only fails, unless the cooperation crosses the border.
    alone = funding_check(rules, partners=1, years=5, savings_pct=Decimal(20))
    assert not alone.eligible and "mindestens 2" in alone.missing[0]


@pytest.mark.django_db
def test_nrw_grant_adds_35000_per_further_partner_within_90_pct_of_known_costs():
    rules = _rules(NRW)
    check = funding_check(rules, partners=4, years=5, savings_pct=Decimal(20))
    assert check.grant == Decimal(245000)  # 175.000 + 2 × 35.000
    assert "35.000\xa0€ für jeden der 2 weiteren Partner" in check.grant_notes[0]
    assert "ohne eingetragene Einmalkosten nicht angewandt" in check.grant_notes[1]
    capped = funding_check(
        rules,
        partners=4,
        years=5,
        savings_pct=Decimal(20),
        eligible_costs=Decimal(200000),
    )
    assert capped.grant == Decimal(180000)  # 90 % of 200.000
    assert "höchstens 90 % der Einmalkosten" in capped.grant_notes[-1]
    across = funding_check(
        rules,
        partners=1,
        years=5,
        savings_pct=Decimal(20),
        plan=FundingPlan(other_lands=("Niedersachsen",)),
    )
    assert across.eligible and across.grant == Decimal(75000)
    assert "über die Landesgrenze genügen 1" in across.met[0]


@pytest.mark.django_db
def test_bayern_requires_five_years_and_15_pct_and_leaves_the_partner_count_open():
    rules = _rules(BAYERN)
    check = funding_check(rules, partners=2, years=4, savings_pct=Decimal("14.9"))
    assert not check.eligible
    assert [m.split(":")[0] for m in check.missing] == [
        "Die Laufzeit von 4 Jahren ist zu kurz",
        "Die erwartete Einsparung von 14,9 % liegt unter den verlangten 15 % der "
        "Personal- und Sachkosten; es fehlen 0,1 Prozentpunkte.",
    ]
    # The partner count is neither met nor missing: the sources do not state one.
    assert check.unchecked == [
        "Eine Mindestzahl der Partner nennen die Quellen des Programms nicht; nicht "
        "geprüft."
    ]
    assert not any("Partner" in text for text in check.met + check.missing)
    check = funding_check(
        rules,
        partners=2,
        years=5,
        savings_pct=Decimal(15),
        eligible_costs=Decimal(40000),
    )
    assert check.eligible and check.unchecked
    assert check.grant == Decimal(34000)  # 50.000 fixed, at most 85 % of 40.000
    # The 90.000 € for the "Raum mit besonderem Handlungsbedarf" is stated, not
    # computed.
    assert "Raum mit besonderem Handlungsbedarf" in rules.conditions
    assert "prüft das Portal nicht" in rules.conditions


@pytest.mark.django_db
def test_thueringen_refuses_a_facility_with_fees():
    rules = _rules(THUERINGEN)
    fees = FundingPlan(fees_charged=True)
    check = funding_check(rules, partners=3, years=5, savings_pct=None, plan=fees)
    assert not check.eligible
    assert check.missing == [
        "Für die Nutzung der Einrichtung sollen Gebühren oder Beiträge erhoben "
        "werden: das Programm fördert keine Einrichtung, für die Abgaben nach dem "
        "Kommunalabgabengesetz erhoben werden."
    ]
    check = funding_check(rules, partners=3, years=5, savings_pct=None)
    # No savings target: not checked, so a missing saving is no obstacle.
    assert check.eligible and check.unchecked == [
        "Ein Einsparziel nennen die Quellen des Programms nicht; nicht geprüft."
    ]
    # The grant depends on population and regional importance: only its ceiling.
    assert check.grant is None and check.grant_up_to == Decimal(500000)
    two = funding_check(rules, partners=2, years=5, savings_pct=None)
    assert two.missing == ["2 Partner sind zu wenige: nötig sind mindestens 3."]


@pytest.mark.django_db
def test_hessen_keeps_its_rules_and_states_its_special_amounts():
    rules = _rules(HESSEN)
    check = funding_check(rules, partners=3, years=5, savings_pct=Decimal(15))
    assert check.eligible and check.grant == Decimal(75000)
    assert not check.unchecked and not check.grant_notes
    programme = FundingProgramme.objects.get(code="hessen-ikz")
    assert programme.certainty == "S"
    assert "150.000 € je teilnehmender Gemeinde" in programme.conditions
    assert "Innern, für Sicherheit und Heimatschutz" in programme.body


@pytest.mark.django_db
def test_rheinland_pfalz_is_a_programme_with_incomplete_criteria():
    assert CooperationLaw.objects.get(pk=RLP).funding == "incomplete"
    rules = _rules(RLP)
    assert not rules.criteria_complete and rules.to_check
    check = funding_check(rules, partners=3, years=None, savings_pct=None)
    assert not check.eligible and check.incomplete and not check.missing
    assert check.grant is None and check.grant_up_to == Decimal(210000)
    assert len(check.unchecked) == 2  # duration and savings: not found


@pytest.mark.django_db
def test_every_programme_has_a_certainty_a_source_and_a_body():
    programmes = FundingProgramme.objects.all()
    assert {p.land_id for p in programmes} == {BAYERN, HESSEN, NRW, RLP, THUERINGEN}
    for programme in programmes:
        assert programme.certainty in {"S", "G"} and programme.source
        assert programme.body and programme.version
    laws = CooperationLaw.objects.filter(funding="programme")
    assert {law.pk for law in laws} == {BAYERN, HESSEN, NRW, THUERINGEN}


@pytest.mark.django_db
def test_land_laws_and_cross_border_rules_read_in_constant_queries(
    django_assert_num_queries,
):
    with django_assert_num_queries(2):
        laws = selectors.land_laws(land_codes=[HESSEN, BAYERN, SAARLAND])
    assert laws[BAYERN].abbreviation == "KommZG"
    assert laws[BAYERN].programme.name.startswith("Förderung")
    assert laws[SAARLAND].funding == "none_known" and laws[SAARLAND].programme is None
    with django_assert_num_queries(1):
        rules = selectors.cross_border_rules(land_codes=[BAYERN, HESSEN])
    assert [r.instrument.split(" ")[0] for r in rules] == ["Staatsvertrag"]
    with django_assert_num_queries(1):
        assert selectors.cross_border_rules(land_codes=[HESSEN, THUERINGEN]) == []


# ------------------------------------------------------------- the comparison


def _kreis(land_code: str, code: str, name: str, bezirk: str | None = None):
    land = Land.objects.get(code=land_code)
    return KreisFactory(
        code=code,
        land=land,
        name=name,
        regierungsbezirk=(
            RegierungsbezirkFactory(code=bezirk, land=land, name=f"RB {bezirk}")
            if bezirk
            else None
        ),
    )


@pytest.fixture
def places(db):
    """Two municipalities each of a Bavarian Landkreis, an NRW Kreis and a
    Saarland Landkreis, and a Hessian and a Thuringian neighbour."""
    kreise = {
        "by": _kreis(BAYERN, "09674", "Haßberge", bezirk="096"),
        "nw": _kreis(NRW, "05762", "Höxter", bezirk="057"),
        "sl": _kreis(SAARLAND, "10042", "Merzig-Wadern"),
        "he": _kreis(HESSEN, "06636", "Werra-Meißner-Kreis", bezirk="066"),
        "th": _kreis(THUERINGEN, "16063", "Wartburgkreis"),
    }
    made = {
        "by": [("09674134", "Ebern, Stadt"), ("09674147", "Hofheim i.UFr., Stadt")],
        "nw": [("05762004", "Brakel, Stadt"), ("05762028", "Nieheim, Stadt")],
        "sl": [("10042111", "Losheim am See"), ("10042115", "Merzig, Stadt")],
        "he": [("06636013", "Wanfried, Stadt")],
        "th": [("16063077", "Treffurt, Stadt")],
    }
    for key, rows in made.items():
        for ags, name in rows:
            MunicipalityFactory(kreis=kreise[key], ags=ags, name=name)
    planner = UserFactory()
    for kreis in kreise.values():
        PlannerAssignmentFactory(user=planner, kreis=kreis)
    return planner


def _compare(client, planner, partners, **extra):
    client.force_login(planner)
    params = {
        "sektor": "abwasser",
        "aufgabe": "specialist_staff",
        "partner": partners,
        "laufzeit": "5",
        "buendelung": "20",  # 80 % fixed costs × 20 % = 16 % savings
        **{f"kosten_{ags}": "400.000" for ags in partners},
        "einmal_recht": "40.000",
        **extra,
    }
    response = client.get(f"{URL}?{urlencode(params, doseq=True)}")
    assert response.status_code == 200, response.content.decode()[:2000]
    return response.context["result"], response.content.decode()


def _approval(result, code: str) -> str:
    option = next(o for o in result.ranking.options if o.form.code == code)
    return next(s.sentence for s in option.scores if s.criterion == "approval")


@pytest.mark.django_db
def test_two_bavarian_municipalities_get_the_kommzg_and_the_bavarian_programme(
    client, places
):
    result, body = _compare(client, places, ["09674134", "09674147"])
    assert result.lands.lead.abbreviation == "KommZG" and not result.lands.cross_border
    assert "Gesetz über die kommunale Zusammenarbeit (KommZG)" in body
    codes = {o.form.code for o in result.ranking.options}
    assert codes and all(code.startswith("by-") for code in codes)
    assert "by-zweckvereinbarung-mandat" in codes
    assert "Anzeige" in _approval(result, "by-zweckvereinbarung-mandat")
    assert "Genehmigung" in _approval(result, "by-zweckvereinbarung-delegation")
    (bavaria,) = result.funding_by_land
    check = bavaria.check
    assert check is result.funding and check.rules.name.startswith(
        "Förderung der interkommunalen Zusammenarbeit in Bayern"
    )
    assert check.eligible and check.grant == Decimal(34000)  # 85 % of 40.000
    assert result.costs.inputs.grant == Decimal(34000)
    assert "Die geprüften Bedingungen sind erfüllt." in body
    assert "Eine Mindestzahl der Partner nennen die Quellen" in body
    assert "Raum mit besonderem Handlungsbedarf" in body


@pytest.mark.django_db
def test_two_nrw_municipalities_count_a_service_improvement(client, places):
    partners = ["05762004", "05762028"]
    result, body = _compare(client, places, partners, buendelung="10")
    assert result.lands.lead.abbreviation == "GkG NRW"
    assert "(GkG NRW)" in body
    assert {o.form.code for o in result.ranking.options} >= {"nw-oerv-mandat"}
    assert "für jede Vereinbarung" in _approval(result, "nw-oerv-mandat")
    # 8 % savings: not enough on their own.
    assert not result.funding.eligible
    result, body = _compare(client, places, partners, buendelung="10", leistung="on")
    assert result.funding.eligible
    assert result.funding.grant == Decimal(36000)  # 175.000, at most 90 % of 40.000
    assert "wesentliche Verbesserung der Leistung" in body
    assert result.params["service_improvement"] is True


@pytest.mark.django_db
def test_two_saarland_municipalities_have_no_programme_and_no_joint_institution(
    client, places
):
    result, body = _compare(client, places, ["10042111", "10042115"])
    law = result.lands.lead
    assert law.abbreviation == "KGG" and law.land_name == "Saarland"
    families = {o.form.family for o in result.ranking.options} | {
        e.form.family for e in result.ranking.excluded
    }
    assert "joint_institution" not in families and "special_purpose_union" in families
    assert "Anzeige" in _approval(result, "sl-oerv-mandat")
    assert "Genehmigung" in _approval(result, "sl-oerv-delegation")
    assert result.funding is None and result.costs.inputs.grant == 0
    (saarland,) = result.funding_by_land
    assert saarland.check is None and saarland.law.funding == "none_known"
    assert "Saarland: kein Förderprogramm bekannt (Stand 05.12.2026)." in body


@pytest.mark.django_db
def test_a_hessian_and_a_thuringian_neighbour_get_both_verdicts_and_no_treaty(
    client, places
):
    result, body = _compare(
        client, places, ["06636013", "16063077"], gebuehren="on", ausnahme="on"
    )
    lands = result.lands
    assert lands.cross_border and lands.lead.land_name == "Hessen"
    assert [g.law.land_code for g in lands.groups] == [HESSEN, THUERINGEN]
    assert lands.rules == []
    assert "(KGG)" in body and "Die Partner liegen in mehreren Ländern" in body
    # No treaty recorded: every form but the informal network is flagged, and both
    # Länder's texts on the border are stated.
    assert "netzwerk" not in lands.flags and "zweckverband" in lands.flags
    assert "kein Staatsvertrag erfasst" in lands.flags["zweckverband"]
    assert "Zusammenarbeit über die Landesgrenze" in body
    assert "§ 36 KGG" in body and "Nicht erforscht" in body
    hessen, thueringen = result.funding_by_land
    # Each Land counts its own partners; Hessen says the count is not settled.
    assert hessen.partners == ["Wanfried"] and thueringen.partners == ["Treffurt"]
    assert not hessen.check.eligible
    assert any(
        "ob Partner aus Thüringen mitzählen" in u for u in hessen.check.unchecked
    )
    assert not thueringen.check.eligible
    assert any("Gebühren oder Beiträge" in m for m in thueringen.check.missing)
    assert 'id="foerderung-16"' in body


@pytest.mark.django_db
def test_a_bavarian_hessian_pair_is_flagged_for_the_staatsvertrag(client, places):
    result, body = _compare(client, places, ["06636013", "09674134"])
    lands = result.lands
    assert lands.lead.land_code == HESSEN and lands.cross_border
    (rule,) = lands.rules
    assert rule.instrument.startswith("Staatsvertrag zwischen Bayern und Hessen")
    assert set(lands.flags) == {"oerv-mandat", "oerv-delegation", "zweckverband"}
    assert all("Staatsvertrag" in flag for flag in lands.flags.values())
    assert rule.instrument in body and "Landesgrenze: Regel beachten" in body
    assert [entry.law.land_code for entry in result.funding_by_land] == [
        HESSEN,
        BAYERN,
    ]
    bavaria = result.funding_by_land[1].check
    assert bavaria.eligible and bavaria.grant == Decimal(34000)
    assert "in der Kostenrechnung nicht enthalten" in body


# -------------------------------------------------------------- the migration


# serialized_rollback: see tests/cooperations/test_reference_data.py.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_funding_migration_is_reversible():
    new = ["bayern-ikz", "nrw-ikz", "thueringen-ikz", "rlp-ikz"]
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("cooperations", "0012_laender_forms")])
        assert not FundingProgramme.objects.filter(code__in=new).exists()
        # Only the columns of that state (later migrations add fields).
        hessen = FundingProgramme.objects.only("certainty", "conditions").get(
            code="hessen-ikz"
        )
        assert hessen.certainty == "G" and not hessen.conditions
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert FundingProgramme.objects.filter(code__in=new).count() == 4
    assert FundingProgramme.objects.get(code="hessen-ikz").certainty == "S"
