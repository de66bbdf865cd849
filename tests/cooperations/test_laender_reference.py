"""Reference data of every Land from cooperations/migrations/0012: the Länder's
cooperation laws, their forms mapped onto the form families with certainty and
source for every fact, the forms a law does not offer, and the rules across a
Land border.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cooperations.models import (
    Certainty,
    CooperationLaw,
    CrossBorderRule,
    FactStatus,
    FormAbsence,
    FormFact,
    FormFamily,
    OrganisationalForm,
)
from municipalities.models import Land

pytestmark = pytest.mark.django_db

ALL = set(FormFamily.values)
WG = FormFamily.WORKING_GROUP
MANDATE = FormFamily.AGREEMENT_MANDATE
DELEGATION = FormFamily.AGREEMENT_DELEGATION
GKA = FormFamily.JOINT_INSTITUTION
UNION = FormFamily.ADMINISTRATIVE_UNION

# Land -> (families offered, families stated as absent). A family in neither set is
# an open question of the research file (Arbeitsgemeinschaft in MV, Anstalt in TH).
FAMILIES = {
    "01": (ALL - {WG}, {WG}),
    "03": (ALL - {WG}, {WG}),
    "05": (ALL - {UNION}, {UNION}),
    "06": (ALL, set()),
    "07": (ALL, set()),
    "08": (ALL - {WG}, {WG}),
    "09": (ALL, set()),
    "10": (ALL - {GKA, UNION}, {GKA, UNION}),
    "12": (ALL, set()),
    "13": (ALL - {WG}, set()),
    "14": (ALL - {GKA}, {GKA}),
    "15": (ALL - {GKA}, {GKA}),
    "16": (ALL - {GKA}, set()),
}
# Land -> the law of its administrative unions, as the forms name it.
UNION_LAWS = {
    "01": {"Amtsordnung (AO)", "§ 19a GkZ"},
    "03": {"§§ 97 ff. NKomVG"},
    "06": {"§§ 30–34 KGG"},
    "07": {"§§ 64 ff. GemO"},
    "08": {"§§ 59–62 GemO", "§ 59 GemO"},
    "09": {"VGemO"},
    "12": {"§§ 133 ff. BbgKVerf", "Verbandsgemeinde- und Mitverwaltungsgesetz"},
    "13": {"§§ 125 ff. KV M-V", "§ 167 KV M-V"},
    "14": {"§§ 3–35 SächsKomZG", "§§ 36 ff. SächsKomZG"},
    "15": {"§§ 88 ff. KVG LSA"},
    "16": {"§§ 46 ff. ThürKO", "§ 51 ThürKO"},
}
ABBREVIATIONS = {
    "01": "GkZ", "03": "NKomZG", "05": "GkG NRW", "06": "KGG", "07": "KomZG",
    "08": "GKZ", "09": "KommZG", "10": "KGG", "12": "GKGBbg", "13": "KV M-V",
    "14": "SächsKomZG", "15": "GKG-LSA", "16": "ThürKGG",
}  # fmt: skip
PREFIXES = {
    "01": "sh", "03": "ni", "05": "nw", "07": "rp", "08": "bw", "09": "by",
    "10": "sl", "12": "bb", "13": "mv", "14": "sn", "15": "st", "16": "th",
}  # fmt: skip
HESSEN_CODES = {
    "netzwerk", "arbeitsgemeinschaft", "oerv-mandat", "oerv-delegation",
    "zweckverband", "anstalt", "gvv", "privatrechtlich",
}  # fmt: skip
CITY_STATES = {"02", "04", "11"}
RATED = set(FormFact.Criterion.values) - {"legal_person"}
REFERENCE_MODELS = (
    OrganisationalForm,
    FormFact,
    FormAbsence,
    CooperationLaw,
    CrossBorderRule,
)


def _families(land_code: str) -> set[str]:
    return set(
        OrganisationalForm.objects.filter(land_id=land_code).values_list(
            "family", flat=True
        )
    )


def _approval(land_code: str, family: str) -> FormFact:
    return FormFact.objects.get(
        form__land_id=land_code, form__family=family, criterion="approval"
    )


@pytest.mark.parametrize("land_code", sorted(FAMILIES))
def test_each_land_offers_its_forms_and_states_the_absent_ones(land_code):
    offered, absent = FAMILIES[land_code]
    assert _families(land_code) == offered
    absences = FormAbsence.objects.filter(land_id=land_code)
    assert {row.family for row in absences} == absent
    assert all(row.note and row.source for row in absences)


@pytest.mark.parametrize("land_code", sorted(FAMILIES))
def test_an_open_family_is_an_open_question_of_the_law(land_code):
    offered, absent = FAMILIES[land_code]
    open_families = ALL - offered - absent
    law = CooperationLaw.objects.get(land_id=land_code)
    assert not offered & absent
    for family in open_families:
        label = {WG: "Arbeitsgemeinschaft", GKA: "Anstalt"}[family]
        assert label in law.open_questions
        assert "weder als vorhanden noch als fehlend" in law.open_questions


@pytest.mark.parametrize("land_code", sorted(UNION_LAWS))
def test_administrative_unions_cite_their_own_law(land_code):
    laws = set(
        OrganisationalForm.objects.filter(land_id=land_code, family=UNION).values_list(
            "law", flat=True
        )
    )
    assert laws == UNION_LAWS[land_code]


@pytest.mark.parametrize("land_code", sorted(FAMILIES))
def test_every_form_has_ten_facts_with_ratings_and_a_code_of_its_land(land_code):
    forms = OrganisationalForm.objects.filter(land_id=land_code).prefetch_related(
        "facts"
    )
    assert forms
    for form in forms:
        if land_code == "06":
            assert form.code in HESSEN_CODES
        else:
            assert form.code.startswith(PREFIXES[land_code] + "-")
        assert form.name and form.name_en and form.summary and form.position
        facts = {fact.criterion: fact for fact in form.facts.all()}
        assert set(facts) == set(FormFact.Criterion.values)
        assert all(facts[criterion].rating is not None for criterion in RATED)
        assert all(fact.value for fact in facts.values())


@pytest.mark.parametrize(
    ("land_code", "law"),
    [("06", "§ 26"), ("09", "Art. 12 KommZG"), ("10", "§ 18")],
)
def test_a_mandate_is_notified_and_a_delegation_approved(land_code, law):
    mandate = _approval(land_code, MANDATE)
    delegation = _approval(land_code, DELEGATION)
    assert mandate.value.startswith("Anzeige")
    assert "Genehmigung" in delegation.value
    for fact in (mandate, delegation):
        assert fact.status == FactStatus.SOURCE_BACKED
        assert law in fact.law and fact.source
    # A notification starts more quickly than an approval.
    assert mandate.rating > delegation.rating


def test_bavaria_approves_a_delegation_only_with_powers():
    delegation = _approval("09", DELEGATION)
    assert "Befugnisse" in delegation.value and "sonst Anzeige" in delegation.value
    fees = FormFact.objects.get(
        form__code="by-zweckvereinbarung-delegation", criterion="fees"
    )
    assert fees.law == "Art. 11 KommZG" and fees.certainty == Certainty.SOURCE


def test_nrw_approves_every_agreement_and_rates_the_mandate_accordingly():
    mandate, delegation = _approval("05", MANDATE), _approval("05", DELEGATION)
    for fact in (mandate, delegation):
        assert fact.value.startswith("Genehmigung")
        assert "jede Vereinbarung" in fact.value
        assert fact.law == "§ 24 GkG NRW"
        assert fact.status == FactStatus.SOURCE_BACKED
    hessen_mandate = _approval("06", MANDATE)
    assert mandate.rating == delegation.rating < hessen_mandate.rating


@pytest.mark.parametrize("land_code", ["12", "13", "01"])
def test_unread_approval_rules_are_to_be_checked(land_code):
    for family in (MANDATE, DELEGATION):
        fact = _approval(land_code, family)
        assert fact.certainty == Certainty.SECONDARY
        assert fact.status == FactStatus.TO_CHECK


def test_every_row_carries_a_source_and_a_certainty():
    certainties = set(Certainty.values)
    for model in REFERENCE_MODELS:
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            assert row.source.strip(), row
            assert row.certainty in certainties, row
    for law in CooperationLaw.objects.all():
        assert law.cross_border and law.cross_border_source
        assert law.cross_border_certainty in certainties


def test_nothing_short_of_s_reads_as_settled():
    counts = dict.fromkeys(Certainty.values, 0)
    for fact in FormFact.objects.all():
        counts[fact.certainty] += 1
        expected = (
            FactStatus.SOURCE_BACKED
            if fact.certainty == Certainty.SOURCE
            else FactStatus.TO_CHECK
        )
        assert fact.status == expected, fact
    # The data holds every mark, so the rule is exercised for each.
    assert all(counts.values()), counts
    label = str(FactStatus.TO_CHECK.label)
    assert label == "mit der Kommunalaufsicht zu prüfen"


def test_every_reference_row_passes_the_model_validation():
    for model in REFERENCE_MODELS:
        for row in model.objects.all():
            row.full_clean()


def test_sixteen_laender_and_thirteen_laws_none_for_the_city_states():
    assert Land.objects.count() == 16
    assert Land.objects.get(code="09").name == "Bayern"
    assert Land.objects.get(code="16").name == "Thüringen"
    laws = dict(CooperationLaw.objects.values_list("land_id", "abbreviation"))
    assert laws == ABBREVIATIONS
    assert not CITY_STATES & set(laws)
    assert not OrganisationalForm.objects.filter(land_id__in=CITY_STATES).exists()


def test_funding_status_per_land_with_its_date():
    funding = dict(CooperationLaw.objects.values_list("land_id", "funding"))
    programme = {code for code, status in funding.items() if status == "programme"}
    assert programme == {"05", "06", "09", "16"}
    assert {code for code, status in funding.items() if status == "incomplete"} == {
        "07"
    }
    for law in CooperationLaw.objects.filter(funding="none_known"):
        assert "gesucht" in law.funding_note
    assert set(CooperationLaw.objects.values_list("funding_as_of", flat=True)) == {
        datetime.date(2026, 12, 5)
    }


def test_saxony_closed_its_administrative_unions_in_2012():
    saxony = CooperationLaw.objects.get(land_id="14")
    assert saxony.unions_closed_since == datetime.date(2012, 11, 17)
    assert not CooperationLaw.objects.exclude(land_id="14").filter(
        unions_closed_since__isnull=False
    )
    approval = FormFact.objects.get(
        form__code="sn-verwaltungsgemeinschaft", criterion="approval"
    )
    assert "17.11.2012" in approval.value and approval.rating == 0


def test_cross_border_rules_of_brandenburg_and_schleswig_holstein_are_read():
    brandenburg = CooperationLaw.objects.get(land_id="12")
    assert "Staatsvertrag" in brandenburg.cross_border
    assert "§ 1 Abs. 4 GKGBbg" in brandenburg.cross_border
    holstein = CooperationLaw.objects.get(land_id="01")
    assert "§ 21 GkZ" in holstein.cross_border
    assert "Innenministeriums" in holstein.cross_border
    for law in (brandenburg, holstein):
        assert law.cross_border_certainty == Certainty.SOURCE
    unresearched = CooperationLaw.objects.filter(land_id__in=["03", "08", "16"])
    for law in unresearched:
        assert law.cross_border.startswith("Nicht erforscht")
        assert law.cross_border_certainty == Certainty.SECONDARY


def test_the_bavarian_hessian_treaty_covers_unions_and_agreements():
    rule = CrossBorderRule.objects.get()
    assert (rule.land_a_id, rule.land_b_id) == ("06", "09")
    assert rule.certainty == Certainty.SOURCE
    assert "Bay_HesZwVerbStV" in rule.source
    assert "Staatsvertrag" in rule.instrument
    assert set(rule.families) == {MANDATE, DELEGATION, "special_purpose_union"}


def test_hessen_gains_its_law_and_sources_and_keeps_the_gvv_in_the_kgg():
    law = CooperationLaw.objects.get(land_id="06")
    assert law.abbreviation == "KGG" and law.certainty == Certainty.SOURCE
    assert "§§ 30–34 KGG" in law.unions_note and "§ 25a" in law.open_questions
    gvv = OrganisationalForm.objects.get(code="gvv")
    assert gvv.law == "§§ 30–34 KGG" and gvv.certainty == Certainty.HEADING
    assert "ikz-hessen.de" in gvv.source
    staff = FormFact.objects.get(form__code="zweckverband", criterion="own_staff")
    assert staff.status == FactStatus.TO_CHECK and staff.law == "§ 17 KGG"


def _added_rows() -> dict[str, int]:
    return {
        "laws": CooperationLaw.objects.count(),
        "absences": FormAbsence.objects.count(),
        "rules": CrossBorderRule.objects.count(),
        "forms": OrganisationalForm.objects.exclude(land_id="06").count(),
        "hessen sources": FormFact.objects.filter(form__land_id="06")
        .exclude(source="")
        .count(),
    }


# serialized_rollback: see test_reference_data.test_migration_is_reversible.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_laender_migration_is_reversible():
    before = _added_rows()
    assert before == {
        "laws": 13,
        "absences": 8,
        "rules": 1,
        "forms": 94,
        "hessen sources": 80,
    }
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("cooperations", "0011_laender_reference_schema")])
        assert set(_added_rows().values()) == {0}
        # Only the columns of that state (later migrations add fields).
        staff = FormFact.objects.only("certainty", "law").get(
            form__code="zweckverband", criterion="own_staff"
        )
        assert (staff.certainty, staff.law) == ("S", "§§ 5–23a KGG")
        assert Land.objects.count() == 16  # the directory may refer to them
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert _added_rows() == before
