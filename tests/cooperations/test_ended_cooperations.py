"""Ended cooperations are history: the Kreis's matrix, network map, gaps and the
Regionalbericht show current cooperations, and ended ones only on request
(?beendete=1, a GET switch; a report parameter)."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from cooperations import actions, selectors
from cooperations.models import Cooperation
from cooperations.reports import REGION, region_context
from lebenswert.reports.registry import params_clean
from services.models import Sector

SWITCH = "auch beendete Kooperationen zeigen"


@pytest.fixture
def water(db):
    return Sector.objects.get(code="wasserversorgung")


@pytest.fixture
def two(municipality, other_municipality, water):
    """A current and an ended cooperation between the same two places."""
    for place, (lat, lon) in (
        (municipality, ("51.185804", "10.057981")),
        (other_municipality, ("51.341392", "9.858869")),
    ):
        place.latitude, place.longitude = Decimal(lat), Decimal(lon)
        place.save()
    current = actions.cooperation_create(
        actor=None, title="Laufender Bauhof", task="Bauhof", lead=municipality,
        partners=[other_municipality], status="exploring",
    )  # fmt: skip
    ended = actions.cooperation_create(
        actor=None, title="Alter Wasserverbund", task="Wasser", lead=municipality,
        partners=[other_municipality], sectors=[water], status="exploring",
    )  # fmt: skip
    actions.cooperation_status_set(
        cooperation=ended, status="ended", actor=None, expected_version=ended.version
    )
    return current, ended


def test_current_leaves_out_ended_cooperations(two):
    current, ended = two
    assert list(Cooperation.objects.current()) == [current]
    assert set(Cooperation.objects.all()) == {current, ended}


@pytest.mark.parametrize("page", ["matrix", "netz", "luecken"])
def test_kreis_page_shows_current_cooperations_and_ended_ones_on_request(
    client, roles, two, page
):
    client.force_login(roles["planner"])
    path = f"/kooperationen/{page}/?kreis=06636"
    default = client.get(path).content.decode()
    switched = client.get(path + "&beendete=1").content.decode()
    # The switch: a labelled checkbox in a GET form with a button, on in the second.
    assert '<label for="id_beendete" class="form-check-label">' in default
    assert SWITCH in default
    assert re.search(r'<input type="checkbox" name="beendete" value="1"[^>]*>', default)
    assert 'id="id_beendete">' in default and 'id="id_beendete" checked>' in switched
    if page == "luecken":
        # Default: nobody cooperates in water any more, both places are a gap.
        def water_row(html):
            return html.split("Wasserversorgung", 1)[1].split("</tr>")[0]

        assert "Eschwege" in water_row(default) and "Witzenhausen" in water_row(default)
        shown = water_row(switched)
        assert "Eschwege" not in shown and "Witzenhausen" not in shown
    elif page == "netz":  # one pair of places: one cooperation, then both
        assert "Eschwege</a></th><td>Witzenhausen (1)</td>" in default
        assert "Eschwege</a></th><td>Witzenhausen (2)</td>" in switched
        # A place's link lists its cooperations: current ones unless switched.
        assert "?municipality=06636003&amp;current=1" in default
        assert '?municipality=06636003">' in switched
    else:
        assert "Laufender Bauhof" in default and "Laufender Bauhof" in switched
        assert "Alter Wasserverbund" not in default
        assert "Alter Wasserverbund" in switched


@pytest.mark.parametrize("page", ["matrix", "netz", "luecken"])
def test_kreis_page_query_count_is_the_same_with_the_switch(client, roles, two, page):
    client.force_login(roles["planner"])
    path = f"/kooperationen/{page}/?kreis=06636"

    def queries(address):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    assert queries(path) == queries(path + "&beendete=1") <= 12


def test_matrix_pages_and_report_button_keep_the_switch(client, roles, two):
    client.force_login(roles["planner"])
    page = client.get("/kooperationen/matrix/?kreis=06636&beendete=1")
    assert page.context["include_ended"] is True
    html = page.content.decode()
    assert '<input type="hidden" name="beendete" value="1">' in html
    default = client.get("/kooperationen/matrix/?kreis=06636").content.decode()
    assert '<input type="hidden" name="beendete"' not in default


def test_selectors_take_include_ended(two, kreis):
    current, ended = two
    matrix = selectors.cooperation_matrix(user=None, kreis_code=kreis.code)
    titles = {t for cell in matrix.cells.values() for _pk, t in cell.titles}
    assert titles == {current.title}
    everything = selectors.cooperation_matrix(
        user=None, kreis_code=kreis.code, include_ended=True
    )
    titles = {t for cell in everything.cells.values() for _pk, t in cell.titles}
    assert titles == {current.title, ended.title}
    network = selectors.cooperation_network(user=None, kreis_code=kreis.code)
    assert [p.count for p in network.pairs] == [1] and network.cooperations == 1
    network = selectors.cooperation_network(
        user=None, kreis_code=kreis.code, include_ended=True
    )
    assert [p.count for p in network.pairs] == [2] and network.cooperations == 2


def test_region_report_parameter_is_optional_and_normalised(two, kreis):
    assert params_clean(REGION, {"kreis": "06636"}) == {"kreis": "06636"}
    assert params_clean(REGION, {"kreis": "06636", "beendete": ""}) == {
        "kreis": "06636"
    }
    assert params_clean(REGION, {"kreis": "06636", "beendete": "1"}) == {
        "kreis": "06636",
        "beendete": "1",
    }


def test_region_report_shows_current_cooperations_unless_asked(two, kreis):
    default = region_context({"kreis": kreis.code})
    assert [c.title for c in default["cooperations"]] == ["Laufender Bauhof"]
    text = render_to_string(REGION.template, default)
    assert "Alter Wasserverbund" not in text
    assert "Beendete Kooperationen sind nicht aufgeführt." in text
    switched = region_context({"kreis": kreis.code, "beendete": "1"})
    assert {c.title for c in switched["cooperations"]} == {
        "Laufender Bauhof",
        "Alter Wasserverbund",
    }
    text = render_to_string(REGION.template, switched)
    assert "Alter Wasserverbund" in text
    assert "Beendete Kooperationen sind in diesem Bericht eingeschlossen." in text


def test_report_request_carries_the_switch(client, roles, two, kreis, monkeypatch):
    from lebenswert.reports import tasks
    from lebenswert.reports.models import ReportJob

    monkeypatch.setattr(tasks.report_job_run, "delay", lambda *args: None)
    client.force_login(roles["planner"])
    client.post(
        "/berichte/neu/", {"kind": "region", "kreis": kreis.code, "beendete": "1"}
    )
    job = ReportJob.objects.get()
    assert job.params == {"kreis": kreis.code, "beendete": "1"}
