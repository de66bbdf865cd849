"""The management commands import_gv100ad, import_boundaries and seed_demo."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lebenswert.accounts.models import User
from lebenswert.portal.management.commands.seed_demo import DEMO_PASSWORD
from municipalities import actions
from municipalities.models import Boundary, Membership, Municipality, PlannerAssignment
from tests.conftest import require_official_file
from tests.municipalities.test_actions import _directory_state
from tests.municipalities.test_importers import (
    WERRA_MEISSNER_BOUNDARIES,
    geojson,
    gv100ad_file,
    mini_gv100ad,
    square,
)


def _run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def mini_file(tmp_path):
    path = tmp_path / "GV100AD_mini.txt"
    path.write_bytes(gv100ad_file(mini_gv100ad()))
    return path


@pytest.fixture
def bad_file(tmp_path):
    records = mini_gv100ad()
    path = tmp_path / "GV100AD_kaputt.txt"
    path.write_bytes(gv100ad_file([*records[:-1], records[-1][:150]]))
    return path


def test_import_gv100ad_imports_the_file_and_prints_the_report(db, mini_file):
    output = _run("import_gv100ad", str(mini_file))

    assert "Gemeinden: 4 neu, 0 aktualisiert" in output
    assert "GV100AD_mini.txt importiert." in output
    assert Municipality.objects.count() == 4


def test_import_gv100ad_takes_population_date_and_census_basis(db, mini_file):
    _run(
        "import_gv100ad",
        str(mini_file),
        "--population-date=2022-12-31",
        "--census-basis=zensus2011",
    )

    eschwege = Municipality.objects.get(ags="06636003")
    assert eschwege.population_date == date(2022, 12, 31)
    assert eschwege.population_basis == "zensus2011"


def test_import_gv100ad_of_bad_file_stops_with_line_number_and_changes_nothing(
    db, bad_file
):
    actions.pilot_region_load()
    before = _directory_state()

    with pytest.raises(CommandError) as error:
        _run("import_gv100ad", str(bad_file))

    message = str(error.value)
    assert message.startswith(f"{bad_file}: Zeile 15: Der Datensatz hat 150 statt 220")
    assert message.endswith("Es wurde nichts geändert.")
    assert _directory_state() == before


def test_import_gv100ad_of_missing_file_says_so(db, tmp_path):
    with pytest.raises(CommandError, match="Datei nicht gefunden"):
        _run("import_gv100ad", str(tmp_path / "fehlt.txt"))


@pytest.mark.official_data
def test_import_boundaries_imports_the_bkg_file_of_the_pilot_region(db):
    path = require_official_file(WERRA_MEISSNER_BOUNDARIES)
    actions.pilot_region_load()

    output = _run("import_boundaries", str(path), "--valid-on=2021-01-01")

    assert "Gemeindegrenzen: 17 neu, 0 aktualisiert" in output
    assert Boundary.objects.filter(valid_on=date(2021, 1, 1)).count() == 17
    assert Boundary.objects.first().source.startswith("© GeoBasis-DE / BKG")


def test_import_boundaries_of_bad_file_names_the_problem_and_changes_nothing(
    db, tmp_path
):
    actions.pilot_region_load()
    path = tmp_path / "grenzen.geojson"
    path.write_bytes(
        geojson(("06636003", square()), ("06636008", square()), ("06636003", square()))
    )

    with pytest.raises(CommandError) as error:
        _run("import_boundaries", str(path))

    assert "Objekt 3: AGS 06636003 kommt doppelt vor" in str(error.value)
    assert str(error.value).endswith("Es wurde nichts geändert.")
    assert not Boundary.objects.exists()


@pytest.fixture
def no_gv100ad_file(monkeypatch):
    monkeypatch.delenv("GV100AD_FILE", raising=False)


DEMO_ROLES = {
    "eschwege@demo.lebenswert.invalid": ("06636003", "editor"),
    "witzenhausen@demo.lebenswert.invalid": ("06636016", "editor"),
    "sontra@demo.lebenswert.invalid": ("06636011", "viewer"),
}


def _demo_state() -> dict:
    return {
        "users": sorted(User.objects.values_list("email", "is_staff", "is_superuser")),
        "memberships": sorted(
            Membership.objects.values_list("user__email", "municipality__ags", "role")
        ),
        "planners": list(
            PlannerAssignment.objects.values_list(
                "user__email", "kreis_id", "regierungsbezirk_id"
            )
        ),
    }


def test_seed_demo_creates_the_five_demo_users_with_their_roles(db, no_gv100ad_file):
    output = _run("seed_demo")

    state = _demo_state()
    assert state["users"] == [
        ("admin@demo.lebenswert.invalid", True, True),
        ("eschwege@demo.lebenswert.invalid", False, False),
        ("planung@demo.lebenswert.invalid", False, False),
        ("sontra@demo.lebenswert.invalid", False, False),
        ("witzenhausen@demo.lebenswert.invalid", False, False),
    ]
    assert state["memberships"] == sorted(
        (email, ags, role) for email, (ags, role) in DEMO_ROLES.items()
    )
    assert state["planners"] == [("planung@demo.lebenswert.invalid", "06636", None)]
    assert User.objects.get(email="sontra@demo.lebenswert.invalid").check_password(
        DEMO_PASSWORD
    )
    assert Municipality.objects.count() == 17
    assert "Demo-Zugänge" in output


def test_seed_demo_twice_changes_nothing(db, no_gv100ad_file):
    _run("seed_demo")
    first = _demo_state()
    directory = _directory_state()

    _run("seed_demo")

    assert _demo_state() == first
    assert _directory_state() == directory


def test_seed_demo_resets_a_changed_demo_role(db, no_gv100ad_file):
    _run("seed_demo")
    Membership.objects.filter(user__email="sontra@demo.lebenswert.invalid").update(
        role="editor"
    )

    _run("seed_demo")

    assert (
        Membership.objects.get(user__email="sontra@demo.lebenswert.invalid").role
        == "viewer"
    )


def test_seed_demo_with_gv100ad_file_imports_the_directory_first(
    db, mini_file, monkeypatch
):
    monkeypatch.setenv("GV100AD_FILE", str(mini_file))

    output = _run("seed_demo")

    assert "Gemeindeverzeichnis GV100AD_mini.txt: " in output
    assert Municipality.objects.filter(ags__in=["09171123", "07000999"]).count() == 2
    assert Municipality.objects.filter(kreis_id="06636").count() == 17


def test_seed_demo_with_bad_gv100ad_file_stops_before_changing_anything(
    db, bad_file, monkeypatch
):
    monkeypatch.setenv("GV100AD_FILE", str(bad_file))

    with pytest.raises(CommandError, match="Zeile 15"):
        _run("seed_demo")

    assert not Municipality.objects.exists()
    assert not User.objects.exists()


def test_seed_demo_names_the_zweckverband_as_water_provider_of_its_members(
    db, no_gv100ad_file
):
    from services.models import ServiceProvision

    _run("seed_demo")
    _run("seed_demo")
    provisions = ServiceProvision.objects.filter(
        sector__code="wasserversorgung", provider_organisation__isnull=False
    ).select_related("municipality", "provider_organisation")
    assert sorted(p.municipality.ags for p in provisions) == [
        "06636003", "06636008", "06636014",
    ]  # fmt: skip
    assert {p.provider_label for p in provisions} == {
        "Zweckverband Meißner-Verbandswasserwerk"
    }


def test_demo_accounts_that_need_it_get_a_second_factor_and_a_code(
    db, no_gv100ad_file, settings
):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    output = _run("seed_demo")
    assert "Zweiter Faktor der Demo-Zugänge" in output
    assert TOTPDevice.objects.filter(confirmed=True).count() == 4  # not the viewer
    _run("seed_demo")
    assert TOTPDevice.objects.count() == 4
    settings.DEMO_MODE = True
    code = _run("demo_code", "eschwege@demo.lebenswert.invalid").strip()
    device = TOTPDevice.objects.get(user__email="eschwege@demo.lebenswert.invalid")
    assert device.verify_token(code)
    settings.DEMO_MODE = False
    with pytest.raises(CommandError, match="Nur für Demo-Zugänge"):
        _run("demo_code", "eschwege@demo.lebenswert.invalid")


def test_seed_demo_publishes_the_examples_but_not_the_open_request(db, no_gv100ad_file):
    from cooperations.models import Cooperation

    output = _run("seed_demo")

    published = Cooperation.objects.published()
    assert published.exists()
    assert all(cooperation.is_example for cooperation in published)
    assert not published.filter(partners__consent="requested").exists()
    assert f"Öffentliches Register: {published.count()} Beispiel" in output

    # Withdrawn by the operator: a second run leaves the register alone.
    Cooperation.objects.update(is_published=False, published_at=None)
    first = Cooperation.objects.order_by("pk").first()
    Cooperation.objects.filter(pk=first.pk).update(is_published=True)
    _run("seed_demo")
    assert list(Cooperation.objects.published()) == [first]
