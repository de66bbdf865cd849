"""Reference data from cooperations/migrations/0002: Hessen's organisational forms
under the KGG, one fact per criterion, and the IKZ funding rules (DOMAIN.md §§ 3–4).
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cooperations.models import (
    Certainty,
    FactStatus,
    FormFact,
    FundingProgramme,
    OrganisationalForm,
)

GRADIENT = [
    "netzwerk",
    "arbeitsgemeinschaft",
    "oerv-mandat",
    "oerv-delegation",
    "zweckverband",
    "anstalt",
    "gvv",
    "privatrechtlich",
]
LEVELS = {
    "netzwerk": "informal",
    "arbeitsgemeinschaft": "contractual",
    "oerv-mandat": "contractual",
    "oerv-delegation": "contractual",
    "zweckverband": "institutional",
    "anstalt": "institutional",
    "gvv": "institutional",
    "privatrechtlich": "institutional",
}
ALL_CRITERIA = set(FormFact.Criterion.values)

# Cells DOMAIN.md § 3 marks (G) or (S/G): never to be shown as settled.
GENERAL_KNOWLEDGE = {
    "netzwerk": {"legal_person", "binding", "own_staff", "setup", "exit"},
    "arbeitsgemeinschaft": {"own_staff", "liability", "exit"},
    "oerv-mandat": {"own_staff", "fees", "liability", "setup", "vat"},
    "oerv-delegation": {"own_staff", "fees", "liability", "setup", "procurement"},
    # Staff and fees: G in the research file on the Länder (migration 0012).
    "zweckverband": {"own_staff", "fees", "vat", "procurement"},
    "anstalt": {"own_staff", "fees", "vat", "procurement"},
    "gvv": ALL_CRITERIA - {"liability"},
    "privatrechtlich": ALL_CRITERIA,
}
# Cells marked (S), plus the network's clearly inapplicable VAT and procurement.
SOURCE_BACKED = {
    "netzwerk": {"vat", "procurement"},
    "arbeitsgemeinschaft": {"legal_person", "binding", "approval", "fees"},
    "oerv-mandat": {"legal_person", "binding", "approval", "exit", "procurement"},
    "oerv-delegation": {"legal_person", "binding", "approval", "exit", "vat"},
    "zweckverband": ALL_CRITERIA - {"own_staff", "fees", "setup", "vat", "procurement"},
    "anstalt": ALL_CRITERIA - {"own_staff", "fees", "setup", "vat", "procurement"},
    "gvv": {"liability"},
    "privatrechtlich": set(),
}


def _hessen_forms():
    return OrganisationalForm.objects.filter(land_id="06", code__in=GRADIENT)


def _fact(form_code: str, criterion: str) -> FormFact:
    return FormFact.objects.get(form__code=form_code, criterion=criterion)


@pytest.mark.django_db
def test_eight_hessen_forms_in_gradient_order_with_ten_facts_each():
    forms = list(_hessen_forms().order_by("position"))
    assert [form.code for form in forms] == GRADIENT
    for form in forms:
        assert form.land.name == "Hessen"
        assert form.level == LEVELS[form.code]
        assert form.name and form.name_en and form.summary
        assert {fact.criterion for fact in form.facts.all()} == ALL_CRITERIA
        assert all(fact.value for fact in form.facts.all())


@pytest.mark.django_db
def test_forms_name_their_kgg_sections():
    laws = dict(_hessen_forms().values_list("code", "law"))
    assert laws["arbeitsgemeinschaft"] == "§§ 3–4 KGG"
    assert laws["oerv-mandat"] == "§ 24 Abs. 1 Nr. 2 KGG"
    assert laws["oerv-delegation"] == "§ 24 Abs. 1 Nr. 1 KGG"
    assert laws["zweckverband"] == "§§ 5–23a KGG"
    assert laws["anstalt"] == "§§ 29a–29b KGG"
    assert laws["gvv"] == "§§ 30–34 KGG"
    assert "§ 2 Abs. 2 KGG" in laws["privatrechtlich"]
    assert "HGO §§ 121 ff." in laws["privatrechtlich"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("form_code", "criterion"),
    sorted(
        (code, criterion)
        for code, criteria in GENERAL_KNOWLEDGE.items()
        for criterion in criteria
    ),
)
def test_general_knowledge_is_never_presented_as_settled(form_code, criterion):
    assert _fact(form_code, criterion).status == FactStatus.TO_CHECK


@pytest.mark.django_db
@pytest.mark.parametrize("form_code", GRADIENT)
def test_only_source_backed_cells_are_marked_source(form_code):
    source = set(
        FormFact.objects.filter(
            form__code=form_code, certainty=Certainty.SOURCE
        ).values_list("criterion", flat=True)
    )
    assert source == SOURCE_BACKED[form_code]


@pytest.mark.django_db
def test_named_general_knowledge_examples_are_to_be_checked():
    assert _fact("zweckverband", "vat").status == FactStatus.TO_CHECK
    assert _fact("privatrechtlich", "liability").status == FactStatus.TO_CHECK
    assert _fact("netzwerk", "legal_person").status == FactStatus.TO_CHECK


@pytest.mark.django_db
def test_zweckverband_binding_and_exit():
    binding = _fact("zweckverband", "binding")
    assert binding.status == FactStatus.SOURCE_BACKED
    exit_fact = _fact("zweckverband", "exit")
    assert exit_fact.status == FactStatus.SOURCE_BACKED
    assert "⅔" in exit_fact.value or "zwei Drittel" in exit_fact.value
    assert "20 Jahre" in exit_fact.value


@pytest.mark.django_db
def test_oerv_mandate_is_notified_and_delegation_approved():
    mandate = _fact("oerv-mandat", "approval")
    delegation = _fact("oerv-delegation", "approval")
    assert "Anzeige" in mandate.value
    assert "Genehmigung" not in mandate.value
    assert "Genehmigung" in delegation.value
    for fact in (mandate, delegation):
        assert fact.status == FactStatus.SOURCE_BACKED
        assert fact.law.startswith("§ 24 Abs. 4, ")
    # The approval itself is § 26 KGG (research file on the Länder, section 4).
    assert mandate.law.endswith("§ 26 Abs. 2 KGG")
    assert delegation.law.endswith("§ 26 Abs. 1 KGG")


@pytest.mark.django_db
def test_tax_and_procurement_facts_cite_their_laws():
    for form_code in GRADIENT[2:]:
        assert _fact(form_code, "procurement").law == "§ 108 GWB"
    for form_code in GRADIENT[2:-1]:
        assert _fact(form_code, "vat").law == "§ 2b UStG"
    assert _fact("privatrechtlich", "approval").law == "HGO §§ 121 ff."


@pytest.mark.django_db
def test_hessen_ikz_programme_has_the_rahmenvereinbarung_numbers():
    programme = FundingProgramme.objects.get(code="hessen-ikz")
    assert programme.name == (
        "Förderung der interkommunalen Zusammenarbeit in Hessen "
        "(Rahmenvereinbarung 2021)"
    )
    assert programme.land_id == "06"
    assert programme.min_partners == 3
    assert programme.min_partners_exception == 2
    assert programme.min_years == 5
    assert programme.savings_target_pct == Decimal("15")
    assert programme.grants == [
        {"partners_min": 2, "amount": 50000},
        {"partners_min": 3, "amount": 75000},
        {"partners_min": 4, "amount": 100000},
    ]
    assert programme.valid_until == datetime.date(2026, 12, 31)
    assert "7.12.2021" in programme.source
    assert "beratungszentrum.hessen.de" in programme.source


# serialized_rollback: the flush after a transactional test would otherwise leave the
# reference data missing for later transactional tests (and this one sees it at start).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_is_reversible():
    assert _hessen_forms().count() == 8
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([("cooperations", "0001_initial")])
        assert not _hessen_forms().exists()
        assert not FormFact.objects.filter(form__code__in=GRADIENT).exists()
        assert not FundingProgramme.objects.filter(code="hessen-ikz").exists()
    finally:
        # Whatever happened, leave the database at the latest state of every app.
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    executor.loader.build_graph()
    assert not executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert _hessen_forms().count() == 8
    assert FormFact.objects.filter(form__code__in=GRADIENT).count() == 80
    assert FundingProgramme.objects.filter(code="hessen-ikz").exists()
