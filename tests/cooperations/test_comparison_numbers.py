"""The option comparison reads German numbers; links with plain digits still work."""

from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from cooperations.forms import comparison_query
from cooperations.models import Scenario
from lebenswert.core.numbers import NARROW_NBSP
from municipalities.actions import pilot_region_load

URL = "/vergleich/optionen/"
PARTNERS = ["06636003", "06636013", "06636011"]


@pytest.fixture
def pilot(roles):
    pilot_region_load()
    return roles


def _query(**extra):
    params = {
        "sektor": "abwasser",
        "aufgabe": "service_pool",
        "partner": PARTNERS,
        "laufzeit": 10,
        "einsparung": "15",
        "schluessel": "population",
        **extra,
    }
    return urlencode(params, doseq=True)


@pytest.mark.django_db
@pytest.mark.parametrize("kosten", ["2.400.000", "2400000", "2.400.000,00"])
def test_annual_cost_in_german_or_plain_digits_gives_the_same_comparison(
    client, pilot, kosten
):
    client.force_login(pilot["planner"])
    response = client.get(f"{URL}?{_query(kosten=kosten, einsparung='15 %')}")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {}
    assert form.cleaned_data["kosten"] == 2400000
    assert form.params()["total"] == "2400000"  # what a saved scenario stores
    assert form.cleaned_data["einsparung"] == 15
    assert "keine eindeutige Zahl" not in response.content.decode()


@pytest.mark.django_db
def test_ambiguous_cost_and_out_of_range_percent_are_named_in_german(client, pilot):
    client.force_login(pilot["planner"])
    response = client.get(f"{URL}?{_query(kosten='1.234.5', einsparung='150')}")
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "„1.234.5“ ist keine eindeutige Zahl" in errors["kosten"][0]
    assert errors["einsparung"] == [f"Erlaubt sind Werte von 0–100{NARROW_NBSP}%."]
    assert "E+" not in response.content.decode()


@pytest.mark.django_db
def test_saving_a_comparison_with_a_german_annual_cost(client, pilot):
    client.force_login(pilot["editor"])
    response = client.post(
        reverse("comparison:scenario_create"),
        {"query": _query(kosten="2.400.000", rate="-0,8"), "name": "Pool Ost"},
    )
    scenario = Scenario.objects.get()
    assert response.url == scenario.get_absolute_url()
    assert scenario.params["total"] == "2400000"
    assert scenario.params["rate_pct"] == "-0.8"
    # The stored scenario's link reads the same numbers back.
    again = client.get(f"{URL}?{comparison_query(scenario.params)}")
    assert again.status_code == 200
    assert again.context["form"].cleaned_data["kosten"] == 2400000
    assert again.context["form"].cleaned_data["rate"] == Decimal("-0.8")


def test_partner_form_and_admin_take_german_numbers_with_the_models_range(roles):
    from django.contrib import admin
    from django.test import RequestFactory

    from cooperations.forms import PartnerForm
    from cooperations.models import FundingProgramme
    from lebenswert.core.forms import NumberField

    form = PartnerForm({"role": "partner", "cost_share_pct": "150", "version": 1})
    assert isinstance(form.fields["cost_share_pct"], NumberField)
    assert 'inputmode="decimal"' in str(form["cost_share_pct"])
    form.is_valid()
    assert form.errors["cost_share_pct"] == [
        f"Erlaubt sind Werte von 0–100{NARROW_NBSP}%."
    ]
    assert PartnerForm(
        {"role": "partner", "cost_share_pct": "33,33", "version": 1}
    ).is_valid()

    request = RequestFactory().get("/")
    request.user = roles["admin"]
    admin_form = admin.site._registry[FundingProgramme].get_form(request)
    assert isinstance(admin_form.base_fields["savings_target_pct"], NumberField)
