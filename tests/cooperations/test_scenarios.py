from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperations import actions, reports, selectors
from cooperations.models import Scenario
from municipalities.actions import pilot_region_load

SEVEN = ["06636001", "06636002", "06636003", "06636008", "06636011", "06636013",
         "06636016"]  # fmt: skip
URL = "/vergleich/optionen/"


@pytest.fixture
def pilot(roles):
    pilot_region_load()
    return roles


def _query(partners, **extra):
    params = {
        "sektor": "abwasser",
        "aufgabe": "service_pool",
        "partner": partners,
        "laufzeit": 10,
        "einsparung": "15",
        "kosten": "123456.78",
        "schluessel": "population",
        **extra,
    }
    return urlencode(params, doseq=True)


@pytest.mark.django_db
def test_comparison_for_seven_partners_ranks_splits_and_projects(client, pilot):
    client.force_login(pilot["planner"])
    response = client.get(f"{URL}?{_query(SEVEN)}")
    assert response.status_code == 200
    result = response.context["result"]
    assert len(result.partners) == 7
    assert sum(s.amount for s in result.shares) == Decimal("123456.78")
    assert sum(s.pct for s in result.shares) == Decimal(100)
    # The typed 15 % is an override of the computed savings: „angenommen“.
    assert result.funding.eligible and result.funding.grant == Decimal(100000)
    assert result.funding_verdict.assumed
    # Without each partner's own costs there is no "alone versus together".
    assert result.costs is None and "Eschwege" in result.costs_error
    assert [d.years for d in result.demography] == [(2024, 2030, 2040)] * 7
    eschwege = next(p for p in result.partners if p.municipality.ags == "06636003")
    # 2019–2022 (Zensus 2011) is too short to carry across the census break
    assert eschwege.projection.rate.basis == ""
    assert eschwege.projection.base_year == 2024
    assert eschwege.demography.variants["amtlich"].values[2040] < 18743
    body = response.content.decode()
    assert "Methode und Annahmen" in body and "Zensus 2011" in body
    assert "Gewicht" in body  # explanation sentences are printed


@pytest.mark.django_db
def test_comparison_query_count_does_not_grow_with_partners(client, pilot):
    client.force_login(pilot["planner"])
    client.get(f"{URL}?{_query(SEVEN[:2])}")
    with CaptureQueriesContext(connection) as two:
        client.get(f"{URL}?{_query(SEVEN[:2])}")
    with CaptureQueriesContext(connection) as seven:
        client.get(f"{URL}?{_query(SEVEN)}")
    assert len(seven) == len(two)


@pytest.mark.django_db
def test_task_defaults_apply_without_weights_and_fee_must_excludes_forms(client, pilot):
    client.force_login(pilot["editor"])
    response = client.get(f"{URL}?{_query(SEVEN[:3], aufgabe='operation')}")
    excluded = {e.form.code for e in response.context["result"].ranking.excluded}
    assert excluded == {
        "netzwerk", "arbeitsgemeinschaft", "oerv-mandat", "privatrechtlich"
    }  # fmt: skip
    body = response.content.decode()
    assert "ist ein Muss, aber" in body


@pytest.mark.django_db
def test_bad_input_is_named_and_nothing_is_computed(client, pilot):
    client.force_login(pilot["editor"])
    response = client.get(f"{URL}?{_query([], einsparung='viel', schluessel='usage')}")
    assert response.status_code == 400
    assert response.context["result"] is None
    body = response.content.decode()
    assert "Bitte wählen Sie mindestens eine Gemeinde." in body
    assert "„viel“ ist keine" in body


@pytest.mark.django_db
def test_usage_key_needs_usage_of_every_partner(client, pilot):
    client.force_login(pilot["editor"])
    query = _query(["06636003", "06636013"], schluessel="usage", nutzung_06636003="5")
    result = client.get(f"{URL}?{query}").context["result"]
    assert result.split_error == "Für Wanfried fehlt die Angabe „Nutzung“."
    query += "&nutzung_06636013=2,5"
    result = client.get(f"{URL}?{query}").context["result"]
    assert [s.pct for s in result.shares] == [Decimal("66.67"), Decimal("33.33")]


@pytest.mark.django_db
def test_form_without_input_shows_empty_form(client, pilot):
    client.force_login(pilot["viewer"])
    response = client.get(URL)
    assert response.status_code == 200 and response.context["result"] is None
    assert 'name="partner" value="06636003"' in response.content.decode()
    # The uninhabited Gutsbezirk is no partner.
    assert "06636200" not in response.content.decode()


def _scenario(owner, *, shared=False, partners=("06636003", "06636013")):
    params = {
        "sector": "abwasser",
        "task_kind": "service_pool",
        "partners": list(partners),
        "requirements": {"own_staff": [2, False], "vat": [1, False]},
        "years": 5,
        "savings_pct": "14.9",
        "exception": False,
        "total": "1000.00",
        "key": "equal",
        "mix": {},
        "usage": {},
        "fixed_share_pct": None,
        "pooling_saving_pct": "15",
        "rate_pct": None,
    }
    return actions.scenario_create(
        owner=owner, name="Pool Abwasser", params=params, shared=shared
    )


@pytest.mark.django_db
def test_saving_a_comparison_stores_params_and_partners(client, pilot):
    client.force_login(pilot["editor"])
    query = _query(SEVEN[:3])
    response = client.post(
        reverse("comparison:scenario_create"),
        {"query": query, "name": "Pool West", "shared": "on"},
    )
    scenario = Scenario.objects.get()
    assert response.url == scenario.get_absolute_url()
    assert scenario.shared and scenario.owner == pilot["editor"]
    assert sorted(p.ags for p in scenario.partners.all()) == sorted(SEVEN[:3])
    assert scenario.params["savings_pct"] == "15"
    detail = client.get(scenario.get_absolute_url())
    assert detail.status_code == 200
    assert "Pool West" in detail.content.decode()


@pytest.mark.django_db
def test_saving_without_name_or_with_bad_comparison_is_refused(client, pilot):
    client.force_login(pilot["editor"])
    url = reverse("comparison:scenario_create")
    client.post(url, {"query": _query(SEVEN[:3]), "name": ""})
    client.post(url, {"query": _query([]), "name": "x"})
    assert not Scenario.objects.exists()


@pytest.mark.django_db
def test_shared_scenarios_are_read_by_partner_staff_only(client, pilot):
    private = _scenario(pilot["planner"])
    shared = _scenario(pilot["planner"], shared=True)
    viewer = pilot["viewer"]  # Eschwege, a partner
    other = pilot["other_staff"]  # Witzenhausen, no partner
    assert viewer.has_perm("cooperations.read_scenario", shared)
    assert not viewer.has_perm("cooperations.read_scenario", private)
    assert not other.has_perm("cooperations.read_scenario", shared)
    assert not viewer.has_perm("cooperations.manage_scenario", shared)
    assert selectors.scenario_list_for_user(user=viewer) == [shared]
    assert set(selectors.scenario_list_for_user(user=pilot["planner"])) == {
        private,
        shared,
    }
    client.force_login(other)
    assert client.get(shared.get_absolute_url()).status_code == 403
    delete = reverse("comparison:scenario_delete", args=[shared.pk])
    client.force_login(viewer)
    assert client.post(delete).status_code == 403
    client.force_login(pilot["planner"])
    assert client.post(delete).status_code == 302
    assert not Scenario.objects.filter(pk=shared.pk).exists()


@pytest.mark.django_db
def test_up_to_three_scenarios_side_by_side(client, pilot):
    owner = pilot["planner"]
    scenarios = [_scenario(owner) for _ in range(4)]
    client.force_login(owner)
    url = reverse("comparison:scenario_compare")
    ids = "&".join(f"id={s.pk}" for s in scenarios[:3])
    response = client.get(f"{url}?{ids}")
    assert response.status_code == 200
    assert len(response.context["columns"]) == 3
    assert "0,1 Prozentpunkte" in response.content.decode()
    too_many = "&".join(f"id={s.pk}" for s in scenarios)
    assert client.get(f"{url}?{too_many}").status_code == 302
    assert client.get(f"{url}?id={scenarios[0].pk}").status_code == 302


@pytest.mark.django_db
def test_scenario_report_context_has_everything_for_a_print_template(pilot):
    scenario = _scenario(pilot["planner"])
    with CaptureQueriesContext(connection) as two:
        context = reports.scenario_report_context(scenario)
    assert context["scenario"] == scenario
    assert [m.ags for m in context["partners"]] == ["06636003", "06636013"]
    assert context["top"] and len(context["top"]) <= 3
    assert context["result"].funding.missing  # 2 partners, 14.9 %
    assert sum(s.amount for s in context["result"].shares) == Decimal("1000.00")
    assert len(context["result"].demography) == 2
    assert "sektor=abwasser" in context["query"]
    assert len(context["method_notes"]) >= 4
    bigger = _scenario(pilot["planner"], partners=SEVEN)
    with CaptureQueriesContext(connection) as seven:
        reports.scenario_report_context(bigger)
    assert len(seven) == len(two)


@pytest.mark.django_db
def test_comparison_index_links_both_comparisons(client, pilot):
    client.force_login(pilot["viewer"])
    body = client.get(reverse("comparison:comparison_index")).content.decode()
    assert reverse("services:municipality_comparison") in body
    assert reverse("comparison:option_comparison") in body


@pytest.mark.django_db
def test_scenario_list_query_count_does_not_grow(client, pilot):
    owner = pilot["planner"]
    _scenario(owner)
    client.force_login(owner)
    url = reverse("comparison:scenario_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        _scenario(owner, partners=SEVEN)
    with CaptureQueriesContext(connection) as six:
        response = client.get(url)
    assert len(response.context["scenarios"]) == 6
    assert len(six) == len(one)
