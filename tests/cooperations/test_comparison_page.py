"""The option comparison page with the pilot data: Eschwege, Meinhard and Wanfried
on wastewater, each with its own costs (issue 13)."""

import re
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperations.comparison.options import CRITERIA
from cooperations.forms import ComparisonForm, comparison_query
from cooperations.models import Scenario
from lebenswert.core.numbers import format_percent
from municipalities.actions import pilot_region_load
from municipalities.models import Municipality

URL = "/vergleich/optionen/"
ESCHWEGE, MEINHARD, WANFRIED = "06636003", "06636007", "06636013"
THREE = [ESCHWEGE, MEINHARD, WANFRIED]
SEVEN = ["06636001", "06636002", "06636003", "06636007", "06636011", "06636013",
         "06636016"]  # fmt: skip


@pytest.fixture
def pilot(roles):
    pilot_region_load()
    return roles


def _query(partners=THREE, **extra) -> str:
    params = {
        "sektor": "abwasser",
        "aufgabe": "service_pool",
        "partner": partners,
        "laufzeit": "10",
        "schluessel": "population",
        "buendelung": "15",
        **{f"kosten_{ags}": "400.000" for ags in partners},
        "kosten_06636003": "2.400.000",
        "einmal_recht": "30.000",
        "einmal_it": "20.000",
        **extra,
    }
    return urlencode(params, doseq=True)


def _result(client, query):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 200, response.content.decode()[:2000]
    return response, response.context["result"]


@pytest.mark.django_db
def test_no_variant_shows_a_pilot_partner_growing_by_2040(client, pilot):
    client.force_login(pilot["planner"])
    _response, result = _result(client, _query())
    assert [p.municipality.ags for p in result.partners] == THREE
    for demography in result.demography:
        base = demography.base_population
        variants = demography.variants
        assert set(variants) == {"amtlich", "trend", "stress"}
        for variant in variants.values():
            assert variant.available
            assert variant.values[2030] <= base and variant.values[2040] <= base
    # … and the cost model uses exactly these variants.
    assert result.costs.variants == ("amtlich", "trend", "stress")
    for row in result.costs.rows:
        assert row.population <= result.costs.row(row.ags, row.variant, 2024).population


@pytest.mark.django_db
def test_each_partner_is_compared_with_its_own_costs(client, pilot):
    client.force_login(pilot["planner"])
    response, result = _result(client, _query())
    today = {
        r.ags: r for r in result.costs.rows if (r.variant, r.year) == ("amtlich", 2024)
    }
    assert today[ESCHWEGE].alone == Decimal("2400000.00")
    assert today[WANFRIED].alone == Decimal("400000.00")
    # Alone: each its own cost per inhabitant; they differ.
    assert len({r.alone_per_head for r in today.values()}) == 3
    body = response.content.decode()
    assert "2.400.000,00" in body  # German numbers through the one path
    assert "Kostenremanenz" in body


@pytest.mark.django_db
def test_per_inhabitant_shares_differ_under_a_mixed_key(client, pilot):
    client.force_login(pilot["planner"])
    query = _query(
        schluessel="mix",
        mix_population="1",
        mix_usage="1",
        nutzung_06636003="4.000",
        nutzung_06636007="3.000",
        nutzung_06636013="1.000",
    )
    _response, result = _result(client, query)
    for variant in result.costs.variants:
        for year in result.costs.years:
            per_head = {
                result.costs.row(ags, variant, year).together_per_head for ags in THREE
            }
            assert len(per_head) == 3, (variant, year)
            pooled = result.costs.pooled_for(variant, year)
            shares = sum(result.costs.row(ags, variant, year).together for ags in THREE)
            assert shares == pooled.together  # to the cent


@pytest.mark.django_db
def test_funding_verdict_follows_the_computed_savings(client, pilot):
    client.force_login(pilot["planner"])
    # 80 % fixed costs (wastewater) × 15 % bundling = 12 %: short of Hessen's 15 %.
    response, low = _result(client, _query())
    assert low.funding_verdict.computed_pct == Decimal(12)
    assert not low.funding_verdict.assumed and not low.funding.eligible
    assert "berechnet" in response.content.decode()
    # 25 % bundling: 20 %, the programme's condition is met and the grant paid.
    _response, high = _result(client, _query(buendelung="25"))
    assert high.funding_verdict.computed_pct == Decimal(20)
    assert high.funding.eligible and high.costs.inputs.grant > 0
    assert high.costs.pooled_for("amtlich", 2024).grant_yearly > 0


@pytest.mark.django_db
def test_a_typed_saving_overrides_the_computed_one_and_is_marked_assumed(client, pilot):
    client.force_login(pilot["planner"])
    response, result = _result(client, _query(einsparung="15"))
    verdict = result.funding_verdict
    assert verdict.assumed and verdict.used_pct == 15 and verdict.computed_pct == 12
    assert result.funding.eligible
    body = response.content.decode()
    assert "angenommen" in body and "berechnet wären 12" in body


@pytest.mark.django_db
def test_sensitivity_names_who_loses_and_from_which_bundling_effect(client, pilot):
    client.force_login(pilot["planner"])
    # Equal shares: the small partners pay more than alone.
    response, result = _result(client, _query(schluessel="equal"))
    table = result.sensitivity
    assert table.levels == (Decimal(5), Decimal(10), Decimal(15), Decimal(25))
    assert len(result.sensitivity_rows) == 4 * 3
    sentences = [t.sentence for t in table.thresholds]
    assert any("Meinhard" in s for s in sentences)
    body = response.content.decode()
    assert "Für Meinhard lohnt sich die Kooperation" in body


@pytest.mark.django_db
def test_old_links_keep_working(client, pilot):
    """Links made before the cost model: a total, a rate, a typed saving."""
    client.force_login(pilot["planner"])
    old = urlencode(
        {
            "sektor": "abwasser",
            "aufgabe": "service_pool",
            "partner": THREE,
            "laufzeit": 10,
            "einsparung": "14.9",
            "kosten": "123456.78",
            "schluessel": "population",
            "fixkosten": "75",
            "buendelung": "20",
            "rate": "-0.5",
        },
        doseq=True,
    )
    response, result = _result(client, old)
    assert sum(s.amount for s in result.shares) == Decimal("123456.78")
    assert (
        result.funding_verdict.assumed
        and result.funding_verdict.used_pct == Decimal("14.9")
    )
    assert result.stress_pct == Decimal("-0.5") and result.bundling_pct == 20
    assert result.costs is None and "Meinhard" in result.costs_error
    assert "Tragen Sie je Partner" in response.content.decode()


@pytest.mark.django_db
def test_every_input_survives_the_round_trip_through_a_link(pilot):
    query = QueryDict(
        _query(
            fixkosten_06636013="70",
            einmal_vertraege="5.000,50",
            einmal_personal="1.000",
            rate="-1,5",
            einsparung="16",
        )
    )
    municipalities = Municipality.objects.filter(ags__in=THREE)
    form = ComparisonForm(query, municipalities=municipalities)
    assert form.is_valid(), form.errors
    params = form.params()
    assert params["costs"][ESCHWEGE] == "2400000"
    assert params["fixed_shares"] == {WANFRIED: "70"}
    assert params["setup"] == {
        "legal": "30000",
        "contracts": "5000.5",
        "it": "20000",
        "staff": "1000",
    }
    again = ComparisonForm(
        QueryDict(comparison_query(params)), municipalities=municipalities
    )
    assert again.is_valid(), again.errors
    assert again.params() == params


@pytest.mark.django_db
def test_query_count_does_not_grow_with_partners(
    client, pilot, django_assert_max_num_queries
):
    client.force_login(pilot["planner"])
    client.get(f"{URL}?{_query(SEVEN[:3])}")
    with CaptureQueriesContext(connection) as three:
        client.get(f"{URL}?{_query(SEVEN[:3])}")
    with CaptureQueriesContext(connection) as seven:
        client.get(f"{URL}?{_query(SEVEN)}")
    assert len(seven) == len(three)
    with django_assert_max_num_queries(len(three)):
        client.get(f"{URL}?{_query(SEVEN, buendelung='25')}")


@pytest.mark.django_db
def test_result_is_summarised_above_the_form(client, pilot):
    client.force_login(pilot["planner"])
    body = client.get(f"{URL}?{_query()}").content.decode()
    summary = body.index('id="kurzfassung"')
    form = body.index('class="comparison-form')
    assert summary < form < body.index('id="ergebnis"')
    assert 'href="#ergebnis"' in body[summary:form]


@pytest.mark.django_db
def test_demography_chart_table_method_and_sources_per_partner(client, pilot):
    client.force_login(pilot["planner"])
    body = client.get(f"{URL}?{_query()}").content.decode()
    for ags in THREE:
        assert f'id="demografie-{ags}"' in body  # the SVG chart
    assert body.count('class="chart-band"') == 3
    assert "Hessisches Statistisches Landesamt" in body
    assert "Stress" in body and "Trend" in body


@pytest.mark.django_db
def test_saved_scenarios_keep_the_inputs_and_their_comparison_marks_differences(
    client, pilot
):
    client.force_login(pilot["planner"])
    create = reverse("comparison:scenario_create")
    client.post(create, {"query": _query(), "name": "Bündelung 15"})
    client.post(create, {"query": _query(buendelung="25"), "name": "Bündelung 25"})
    low, high = Scenario.objects.order_by("pk")
    assert low.params["costs"][ESCHWEGE] == "2400000"
    assert high.params["pooling_saving_pct"] == "25"
    detail = client.get(low.get_absolute_url())
    assert detail.context["result"].costs.funding_savings_pct == 12
    assert "Kosten allein oder gemeinsam" in detail.content.decode()
    response = client.get(
        reverse("comparison:scenario_compare") + f"?id={low.pk}&id={high.pk}"
    )
    rows = {row.key: row for row in response.context["assumptions"]}
    assert rows["bundling"].differs and rows["bundling"].values == [
        format_percent(15),
        format_percent(25),
    ]
    assert not rows["sector"].differs and not rows[f"cost:{ESCHWEGE}"].differs
    body = response.content.decode()
    marks = body.count('<span class="badge badge-differs">abweichend</span>')
    assert marks == sum(r.differs for r in rows.values())


@pytest.mark.django_db
def test_a_missing_key_value_is_named_instead_of_computed(client, pilot):
    client.force_login(pilot["planner"])
    response, result = _result(
        client, _query(schluessel="usage", nutzung_06636003="5", nutzung_06636007="2")
    )
    assert result.costs is None and result.sensitivity is None
    assert result.costs_error == "Für Wanfried fehlt die Angabe „Nutzung“."
    assert "Für Wanfried fehlt die Angabe" in response.content.decode()


def _between_tags(html: str) -> str:
    """Markup without the whitespace beside tags (templates indent differently;
    a browser shows the same)."""
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.django_db
def test_the_table_inputs_are_written_as_their_widgets_render_them(pilot):
    """The partner and criteria tables write Django's input markup from each
    widget's context; it must match the widget's own rendering, errors included."""
    query = QueryDict(_query(kosten_06636013="1.234.5", w_fees="9", muss_exit="on"))
    form = ComparisonForm(query, municipalities=Municipality.objects.all())
    assert not form.is_valid()
    html = _between_tags(
        render_to_string("forms/comparison_partners.html", {"field": form["partner"]})
        + render_to_string("forms/comparison_criteria.html", {"form": form})
    )
    names = [f"{prefix}_{m.ags}" for m in form.partner_list for prefix in
             ("kosten", "fixkosten", "nutzung")]  # fmt: skip
    names += [f"{kind}_{criterion}" for criterion in CRITERIA for kind in ("w", "muss")]
    for name in names:
        assert _between_tags(str(form[name])) in html, name
    for box in form["partner"]:
        assert _between_tags(box.tag()) in html
    assert 'aria-invalid="true"' in str(form["kosten_06636013"])
    assert 'aria-describedby="id_kosten_06636013_error"' in html
    assert f'id="id_kosten_06636013_error">{form.errors["kosten_06636013"][0]}' in html


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"sektor": "nix", "laufzeit": "abc", "einsparung": "1.234.5", "rate": "50"},
    ],
)
@pytest.mark.django_db
def test_the_trimmed_field_template_renders_as_crispys_own(pilot, extra):
    query = QueryDict(_query(**extra))
    form = ComparisonForm(
        query, municipalities=Municipality.objects.filter(ags__in=THREE)
    )
    form.is_valid()
    assert form.helper.field_template == "forms/comparison_field.html"
    context = {"form": form}
    trimmed = _between_tags(
        render_to_string(
            "cooperations/comparison/partials/option_comparison_form.html", context
        )
    )
    form.helper.field_template = None  # crispy's bootstrap5/field.html
    crispys = _between_tags(
        render_to_string(
            "cooperations/comparison/partials/option_comparison_form.html", context
        )
    )
    assert trimmed == crispys
    assert ("is-invalid" in trimmed) == bool(extra)


@pytest.mark.django_db
def test_the_sector_list_is_read_once_for_checking_and_the_options(pilot):
    form = ComparisonForm(
        QueryDict(_query()), municipalities=Municipality.objects.filter(ags__in=THREE)
    )
    with CaptureQueriesContext(connection) as queries:
        assert form.fields["sektor"].clean("abwasser").code == "abwasser"
        html = str(form["sektor"])
    sectors = [
        q["sql"] for q in queries.captured_queries if "services_sector" in q["sql"]
    ]
    assert len(sectors) == 1 and "CURSOR" not in sectors[0]
    assert 'value="abwasser"' in html and 'value="wasserversorgung"' in html
    with pytest.raises(ValidationError) as refused:
        form.fields["sektor"].clean("nix")
    assert refused.value.code == "invalid_choice"
