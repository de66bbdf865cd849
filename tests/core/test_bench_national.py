"""The national bench scenario (bench/national.py) at a small scale: consistent
data through the bulk paths, marked as synthetic, with every constraint back."""

import json
from collections import Counter

import pytest
from django.db import connection
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import journeys, national
from cooperations.models import Cooperation, CooperationPartner
from lebenswert.accounts.models import User
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    ROLES,
    figures_scope,
    versions,
)
from municipalities.models import Membership, PlannerAssignment
from services.models import IndicatorValue
from tests.factories import KreisFactory, MunicipalityFactory

SCALE = national.Scale(cooperations=60, users=24, indicators=3, years=2, admins=2)


@pytest.fixture
def directory(db):
    """A Landkreis of eight municipalities (the first an uninhabited
    gemeindefreies Gebiet, as the directory has 200) and a kreisfreie Stadt."""
    landkreis = KreisFactory(code="06636")
    city = KreisFactory(code="06611", name="Kassel", type="41")
    places = [
        MunicipalityFactory(kreis=landkreis, ags=f"06636{n:03d}") for n in range(1, 9)
    ]
    places[0].population = 0
    places[0].save()
    places.append(MunicipalityFactory(kreis=city, ags="06611000"))
    return places


def constraint_names(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass "
            "UNION SELECT indexname FROM pg_indexes WHERE tablename = %s",
            [table, table],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def generated(directory, tmp_path):
    before = constraint_names(IndicatorValue._meta.db_table)
    result = national.generate(
        directory_file=None, scale=SCALE, logins_file=tmp_path / "logins.json"
    )
    return result, before, tmp_path / "logins.json"


def test_national_scenario_writes_demo_values_for_every_municipality(generated):
    result, _, _ = generated
    assert result["values"] == 9 * 3 * 2
    values = IndicatorValue.objects.all()
    assert values.count() == 9 * 3 * 2
    assert not values.filter(is_demo=False).exists()
    assert not values.exclude(source=national.SOURCE).exists()
    assert set(values.values_list("year", flat=True)) == {2024, 2025}


def test_national_scenario_restores_the_constraints_of_the_values_table(generated):
    _, before, _ = generated
    assert constraint_names(IndicatorValue._meta.db_table) == before


def test_national_scenario_cooperations_have_two_to_eight_confirmed_neighbours(
    generated,
):
    result, _, _ = generated
    assert Cooperation.objects.count() == SCALE.cooperations
    partners = list(
        CooperationPartner.objects.values_list(
            "cooperation_id", "municipality_id", "municipality__kreis_id", "consent"
        )
    )
    assert result["partners"] == len(partners)
    per_cooperation = Counter(row[0] for row in partners)
    assert all(2 <= count <= 8 for count in per_cooperation.values())
    assert {row[3] for row in partners} == {CooperationPartner.Consent.CONFIRMED}
    leads = dict(Cooperation.objects.values_list("pk", "lead__kreis_id"))
    same_kreis = sum(1 for row in partners if row[2] == leads[row[0]])
    assert same_kreis / len(partners) > 0.7
    # Every lead is one of its cooperation's partners; both Kreise have some.
    pairs = {(row[0], row[1]) for row in partners}
    assert all(
        (pk, lead) in pairs
        for pk, lead in Cooperation.objects.values_list("pk", "lead_id")
    )
    assert set(leads.values()) == {"06636", "06611"}


def test_national_scenario_accounts_cover_every_kreis_and_can_log_in(generated):
    result, _, logins_file = generated
    assert User.objects.count() == SCALE.users
    assert set(PlannerAssignment.objects.values_list("kreis_id", flat=True)) == {
        "06636",
        "06611",
    }
    assert User.objects.filter(is_staff=True).count() == SCALE.admins
    staff = SCALE.users - 2 - SCALE.admins
    assert Membership.objects.filter(role="editor").count() == staff
    assert TOTPDevice.objects.filter(confirmed=True).count() == SCALE.users
    logins = json.loads(logins_file.read_text())
    assert len(logins["staff"]) == staff
    assert len(logins["planner"]) == 2
    user = User.objects.get(email=logins["staff"][0]["email"])
    assert user.check_password(logins["password"])
    assert user.totpdevice_set.get().key == logins["staff"][0]["key"]
    assert result["users"] == SCALE.users


def test_national_scenario_raises_the_data_versions_of_cached_pages(generated):
    assert all(
        version > 1
        for version in versions(DIRECTORY, COOPERATIONS, ROLES, figures_scope("06636"))
    )


def test_national_accounts_work_for_inhabited_places_and_compare_with_them(
    generated,
):
    """The option comparison offers only municipalities with inhabitants: an
    account or partner in a gemeindefreies Gebiet made the journey's comparison
    answer 400."""
    _, _, logins_file = generated
    logins = json.loads(logins_file.read_text())
    assert not Membership.objects.filter(municipality__population=0).exists()
    for login in logins["staff"] + logins["planner"]:
        assert login["ags"] != "06636001"
        assert "06636001" not in login["partners"]
        assert len(login["partners"]) == 2


def test_journey_summary_reports_p95_per_step_and_failures():
    samples = [[1000.0 + n, "overview", float(n), ""] for n in range(1, 101)]
    samples.append([1050.0, "figure save", 900.0, "CatchResponseError('200')"])
    summary = journeys.summarise(samples, seconds=100)
    assert summary["steps"]["overview"]["p95_ms"] == 95.0
    assert summary["steps"]["overview"]["meets_target"] is True
    assert summary["steps"]["figure save"]["failures"] == 1
    assert summary["failures"] == 1
    assert summary["meets_target"] is False


def test_journey_cpu_by_step_is_requests_times_calibrated_cpu():
    table = {
        "login password": {"requests": 50},
        "overview": {"requests": 400},
        "guide page": {"requests": 10},
    }
    calibration = {"login password": [200.0, 220.0], "overview": [10.0, 30.0]}
    rows = journeys.cpu_by_step(table, calibration)
    assert list(rows) == ["login password", "overview"]
    assert rows["overview"]["cpu_seconds"] == 8.0
    assert rows["login password"]["cpu_ms_per_request"] == 210.0
    assert rows["login password"]["cpu_seconds"] == 10.5
    assert rows["overview"]["share"] == round(8 / 18.5, 3)


def test_journey_figures_after_the_ramp_up_leave_out_its_first_seconds():
    # 20 users started at one per second: the ramp-up ends after 20 s.
    samples = [[1000.0, "login password", 900.0, ""]]
    samples += [[1020.0 + n, "overview", 20.0, ""] for n in range(40)]
    later = journeys.after_ramp_up(samples, users=20, seconds=60)
    assert later["from_second"] == 20.0
    assert later["p50_p95_ms"] == {"overview": [20.0, 20.0]}
    assert later["requests_per_second"] == 1.0


def test_journey_chart_is_a_standalone_svg_over_the_run():
    samples = [[1000.0 + n, "overview", float(n % 7) * 10, ""] for n in range(120)]
    svg = journeys.chart(samples, seconds=120)
    assert svg.startswith("<?xml")
    assert "<style>" in svg
    assert "p95 (ms)" in svg
