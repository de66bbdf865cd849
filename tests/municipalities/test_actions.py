import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.db.models import Sum

from municipalities import actions, tasks
from municipalities.importers import ImportFileError
from municipalities.models import (
    Boundary,
    CensusBasis,
    DirectoryImport,
    Gemeindeverband,
    Kreis,
    Land,
    Membership,
    Municipality,
    PlannerAssignment,
    PopulationFigure,
    Regierungsbezirk,
)
from tests.conftest import GV100AD_PATH, refuse_last_row, require_official_file
from tests.factories import (
    KreisFactory,
    MunicipalityFactory,
    RegierungsbezirkFactory,
    UserFactory,
)
from tests.municipalities.test_importers import (
    HESSEN_BOUNDARIES,
    WERRA_MEISSNER_BOUNDARIES,
    geojson,
    gv100ad_file,
    mini_gv100ad,
    square,
)

DIRECTORY_MODELS = [
    Land,
    Regierungsbezirk,
    Kreis,
    Gemeindeverband,
    Municipality,
    PopulationFigure,
    Boundary,
]


def _directory_state() -> dict[str, list[dict]]:
    """Every row of the directory, to show that a failed import changed nothing."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in DIRECTORY_MODELS
    }


def _import(content: bytes, **kwargs) -> actions.ImportReport:
    return actions.gv100ad_import(lines=content.splitlines(keepends=True), **kwargs)


@pytest.fixture
def pilot_region(db):
    return actions.pilot_region_load()


@pytest.fixture
def official_import(db):
    with require_official_file(GV100AD_PATH).open("rb") as handle:
        return actions.gv100ad_import(lines=handle)


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    """Uploaded imports go to a temporary folder, not to var/private."""
    field = DirectoryImport._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path))
    return tmp_path


# GV100AD: the official file


@pytest.mark.official_data
def test_gv100ad_import_of_official_file_creates_all_municipalities_with_german_total(
    official_import,
):
    assert Municipality.objects.count() == 10953
    assert (
        Municipality.objects.aggregate(total=Sum("population"))["total"] == 83_577_140
    )
    assert PopulationFigure.objects.filter(date=date(2024, 12, 31)).count() == 10953
    assert official_import.created["Gemeinden"] == 10953
    assert "83.577.140 Einwohner" in official_import.notes[-1]


@pytest.mark.official_data
def test_gv100ad_import_of_official_file_stores_eschwege_with_date_and_census_basis(
    official_import,
):
    eschwege = Municipality.objects.get(ags="06636003")

    assert eschwege.population == 18743
    assert eschwege.population_date == date(2024, 12, 31)
    assert eschwege.population_basis == CensusBasis.ZENSUS_2022
    assert eschwege.ars == "066360003003"
    assert (eschwege.name, eschwege.short_name) == ("Eschwege, Kreisstadt", "Eschwege")
    assert eschwege.type == Municipality.Type.STADT == "63"
    assert eschwege.area_km2 == Decimal("63.26")
    assert eschwege.territory_date == date(2025, 11, 30)
    assert eschwege.kreis.regierungsbezirk_id == "066"
    figure = eschwege.population_figures.get()
    assert (figure.population, figure.basis) == (18743, "zensus2022")


@pytest.mark.official_data
def test_gv100ad_import_of_official_file_keeps_city_states_markets_and_kreis_free_areas(
    official_import,
):
    hamburg = Municipality.objects.get(ags="02000000")
    marktl = Municipality.objects.get(ags="09171123")

    assert (hamburg.short_name, hamburg.type) == ("Hamburg", "61")
    assert hamburg.kreis.type == Kreis.Type.KREISFREIE_STADT
    assert hamburg.kreis.regierungsbezirk is None
    assert (marktl.short_name, marktl.type) == ("Marktl", Municipality.Type.MARKT)
    assert marktl.verband.type == Gemeindeverband.Type.VERWALTUNGSGEMEINSCHAFT
    assert Kreis.objects.get(code="07000").type == Kreis.Type.OHNE_KREIS
    assert Municipality.objects.filter(kreis_id="13000").count() == 2


@pytest.mark.official_data
def test_gv100ad_import_of_official_file_twice_changes_nothing(official_import):
    before = _directory_state()

    with GV100AD_PATH.open("rb") as handle:
        report = actions.gv100ad_import(lines=handle)

    assert _directory_state() == before
    assert report.created["Gemeinden"] == 0
    assert report.updated["Gemeinden"] == 10953
    assert "Gemeinden: 0 neu, 10953 aktualisiert" in report.lines()


# GV100AD: small files


def test_gv100ad_import_creates_the_hierarchy_of_a_small_file(db):
    report = _import(gv100ad_file(mini_gv100ad()))

    # Every Land exists from the migration that adds the Länder's forms.
    assert report.updated["Länder"] == 3
    assert report.created == {
        "Länder": 0,
        "Regierungsbezirke": 2,
        "Kreise": 3,
        "Gemeindeverbände": 4,
        "Gemeinden": 4,
        "Einwohnerzahlen": 4,
    }
    eschwege = Municipality.objects.select_related("kreis", "verband").get(
        ags="06636003"
    )
    assert (eschwege.ars, eschwege.short_name, eschwege.postcode) == (
        "066360003003",
        "Eschwege",
        "37269",
    )
    assert eschwege.verband.code == "066360003"
    assert eschwege.kreis.regierungsbezirk_id == "066"
    assert (
        eschwege.source
        == "Destatis, Gemeindeverzeichnis GV100AD, Gebietsstand 30.11.2025"
    )
    marktl = Municipality.objects.get(ags="09171123")
    assert (marktl.type, marktl.postcode_multiple) == ("60", True)
    assert Kreis.objects.get(code="07000").land.name == "Rheinland-Pfalz"


def test_gv100ad_import_updates_pilot_region_and_lists_municipalities_not_in_file(
    pilot_region,
):
    records = mini_gv100ad(line_5=dict(population=18000))

    report = _import(gv100ad_file(records))

    assert (report.created["Gemeinden"], report.updated["Gemeinden"]) == (2, 2)
    assert Municipality.objects.count() == 19
    assert Municipality.objects.get(ags="06636003").population == 18000
    assert (
        PopulationFigure.objects.get(
            municipality__ags="06636003", date=date(2024, 12, 31)
        ).population
        == 18000
    )
    # Municipalities not in the file stay; the report names them.
    assert Municipality.objects.filter(ags="06636016").exists()
    assert report.notes[0].startswith("15 Gemeinden im Portal fehlen in der Datei")
    assert "06636016" in report.notes[0]


def test_gv100ad_import_takes_population_date_and_census_basis_from_arguments(db):
    _import(
        gv100ad_file(mini_gv100ad()),
        population_date=date(2022, 12, 31),
        census_basis=CensusBasis.ZENSUS_2011,
    )

    eschwege = Municipality.objects.get(ags="06636003")
    assert eschwege.population_date == date(2022, 12, 31)
    assert eschwege.population_basis == "zensus2011"
    assert eschwege.population_figures.get().date == date(2022, 12, 31)


def _truncated_last_record() -> bytes:
    records = mini_gv100ad()
    return gv100ad_file([*records[:-1], records[-1][:150]])


def _duplicated_eschwege() -> bytes:
    records = mini_gv100ad()
    return gv100ad_file([*records[:7], records[4], *records[7:]])


BAD_GV100AD_FILES = {
    "truncated": (
        _truncated_last_record,
        15,
        "Der Datensatz hat 150 statt 220 Zeichen",
    ),
    "windows-1252": (
        lambda: gv100ad_file(mini_gv100ad(), encoding="cp1252"),
        3,  # "Werra-Meißner-Kreis" is the first name with an ß
        "nicht UTF-8-kodiert",
    ),
    "duplicate-ags": (
        _duplicated_eschwege,
        8,
        "Schlüssel 06636003 kommt doppelt vor (zuerst in Zeile 5)",
    ),
    "population-not-a-number": (
        lambda: gv100ad_file(mini_gv100ad(line_12=dict(population="28l2"))),
        12,
        "Bevölkerung „000000028l2“ ist keine Zahl",
    ),
    "unknown-satzart": (
        lambda: gv100ad_file(mini_gv100ad(line_8=dict(satzart="70"))),
        8,
        "Unbekannte Satzart „70“",
    ),
    "other-gebietsstand": (
        lambda: gv100ad_file(mini_gv100ad(line_12=dict(stand="20250630"))),
        12,
        "Gebietsstand 30.06.2025 weicht vom Gebietsstand der Datei (30.11.2025) ab",
    ),
}


@pytest.mark.parametrize(
    ("make_content", "line", "problem"),
    BAD_GV100AD_FILES.values(),
    ids=BAD_GV100AD_FILES.keys(),
)
def test_gv100ad_import_of_bad_file_names_line_and_problem_and_changes_nothing(
    pilot_region, make_content, line, problem
):
    before = _directory_state()

    with pytest.raises(ImportFileError) as error:
        _import(make_content())

    assert error.value.line == line
    assert str(error.value).startswith(f"Zeile {line}: ")
    assert problem in str(error.value)
    assert _directory_state() == before


def _directory_by_keys() -> dict[str, list[dict]]:
    """The directory's rows by their official keys, without generated ids."""
    return {
        model.__name__: [
            {key: value for key, value in row.items() if key != "id"}
            for row in model.objects.order_by(*order).values()
        ]
        for model, order in (
            (Land, ["code"]),
            (Regierungsbezirk, ["code"]),
            (Kreis, ["code"]),
            (Gemeindeverband, ["code"]),
            (Municipality, ["ags"]),
        )
    } | {
        "PopulationFigure": list(
            PopulationFigure.objects.order_by("municipality__ags", "date").values(
                "municipality__ags", "date", "population", "basis", "source"
            )
        )
    }


def test_gv100ad_import_writes_the_same_directory_by_copy_and_by_insert(
    pilot_region, both_bulk_paths
):
    first = gv100ad_file(mini_gv100ad())
    changed = gv100ad_file(mini_gv100ad(line_5=dict(population=18000)))

    def write():
        reports = [_import(first).as_dict(), _import(changed).as_dict()]
        return reports, _directory_by_keys()

    by_copy, by_values = both_bulk_paths(write)

    assert by_copy == by_values
    reports, directory = by_copy
    assert reports[1]["updated"]["Gemeinden"] == 4
    eschwege = next(
        row for row in directory["Municipality"] if row["ags"] == "06636003"
    )
    assert eschwege["population"] == 18000 and eschwege["short_name"] == "Eschwege"


def test_gv100ad_import_failing_in_its_last_write_changes_nothing(
    pilot_region, bulk_path, monkeypatch
):
    """A row the database refuses after the regions and municipalities were
    written (here a population figure without population) undoes all of it."""
    refuse_last_row(monkeypatch, actions, PopulationFigure, 2)  # population
    before = _directory_state()

    with pytest.raises(IntegrityError):
        _import(gv100ad_file(mini_gv100ad(line_5=dict(population=18000))))

    assert _directory_state() == before


# Boundaries


@pytest.mark.official_data
def test_boundaries_import_of_bkg_file_after_pilot_region_stores_all_17(pilot_region):
    raw = require_official_file(WERRA_MEISSNER_BOUNDARIES).read_bytes()

    report = actions.boundaries_import(
        raw=raw, source="BKG VG5000", valid_on=date(2021, 1, 1)
    )

    assert report.created == {"Gemeindegrenzen": 17}
    assert report.notes == []
    assert Boundary.objects.filter(municipality__kreis_id="06636").count() == 17
    eschwege = Boundary.objects.get(municipality__ags="06636003")
    assert eschwege.geometry["type"] in {"Polygon", "MultiPolygon"}
    assert (eschwege.source, eschwege.valid_on) == ("BKG VG5000", date(2021, 1, 1))


@pytest.mark.official_data
def test_boundaries_import_of_hessen_file_skips_bromskirchen_not_in_2025_directory(
    official_import,
):
    raw = require_official_file(HESSEN_BOUNDARIES).read_bytes()

    report = actions.boundaries_import(raw=raw, source="BKG VG5000", valid_on=None)

    assert report.created == {"Gemeindegrenzen": 425}
    assert Boundary.objects.count() == 425
    assert not Boundary.objects.filter(municipality__ags="06635005").exists()
    assert report.notes == [
        "1 Grenzen ohne Gemeinde im Verzeichnis übersprungen (Gebietsstand "
        "abweichend?): 06635005"
    ]


def test_boundaries_import_replaces_an_outline_and_skips_unknown_municipalities(
    pilot_region,
):
    actions.boundaries_import(
        raw=geojson(("06636003", square())), source="alt", valid_on=None
    )

    report = actions.boundaries_import(
        raw=geojson(
            ("06636003", square(10.5)), ("06636008", square()), ("09999999", square())
        ),
        source="neu",
        valid_on=date(2021, 1, 1),
    )

    assert report.created == {"Gemeindegrenzen": 1}
    assert report.updated == {"Gemeindegrenzen": 1}
    assert "09999999" in report.notes[0]
    eschwege = Boundary.objects.get(municipality__ags="06636003")
    assert eschwege.geometry == square(10.5)
    assert eschwege.source == "neu"
    assert Boundary.objects.count() == 2


BAD_BOUNDARY_FILES = {
    "invalid-json": (
        b'{"type": "FeatureCollection",\n "features": [',
        "Kein gültiges JSON",
    ),
    "missing-ags": (
        geojson(("06636008", square(10.5)), (None, square())),
        "Objekt 2: Eigenschaft „ags“ fehlt",
    ),
    "point": (
        geojson(
            ("06636008", square(10.5)),
            ("06636003", {"type": "Point", "coordinates": [10, 51]}),
        ),
        "Objekt 2 (06636003): Geometrie muss Polygon oder MultiPolygon sein",
    ),
    "duplicate-ags": (
        geojson(
            ("06636003", square(10.5)), ("06636008", square()), ("06636003", square())
        ),
        "Objekt 3: AGS 06636003 kommt doppelt vor",
    ),
}


@pytest.mark.parametrize(
    ("raw", "problem"), BAD_BOUNDARY_FILES.values(), ids=BAD_BOUNDARY_FILES.keys()
)
def test_boundaries_import_of_bad_file_names_problem_and_changes_nothing(
    pilot_region, raw, problem
):
    actions.boundaries_import(
        raw=geojson(("06636003", square())), source="alt", valid_on=None
    )
    before = _directory_state()

    with pytest.raises(ImportFileError, match=re.escape(problem)):
        actions.boundaries_import(raw=raw, source="neu", valid_on=None)

    assert _directory_state() == before


# Pilot region


def test_pilot_region_load_twice_keeps_one_row_each(db):
    actions.pilot_region_load()
    report = actions.pilot_region_load()

    assert (report.created["Gemeinden"], report.updated["Gemeinden"]) == (0, 17)
    assert Municipality.objects.count() == 17
    assert PopulationFigure.objects.count() == 68
    assert Municipality.objects.filter(is_lebenswert_partner=True).count() == 10
    assert Gemeindeverband.objects.count() == 17
    assert Kreis.objects.get().name == "Werra-Meißner-Kreis"


def test_pilot_region_load_stores_population_series_with_its_census_break(pilot_region):
    series = list(
        PopulationFigure.objects.filter(municipality__ags="06636003")
        .order_by("date")
        .values_list("date", "population", "basis")
    )

    assert series == [
        (date(2019, 12, 31), 19412, "zensus2011"),
        (date(2021, 12, 31), 19278, "zensus2011"),
        (date(2022, 12, 31), 19472, "zensus2011"),
        (date(2024, 12, 31), 18743, "zensus2022"),
    ]
    eschwege = Municipality.objects.get(ags="06636003")
    assert (eschwege.population, eschwege.population_basis) == (18743, "zensus2022")
    assert eschwege.ars == "066360003003"


def test_pilot_region_load_agrees_with_gv100ad_codes(db):
    """Loading the pilot region over a GV100AD import adds no second Verband."""
    _import(gv100ad_file(mini_gv100ad()))

    actions.pilot_region_load()

    assert Gemeindeverband.objects.filter(kreis_id="06636").count() == 17
    assert Municipality.objects.get(ags="06636003").verband_id == "066360003"


# Directory imports (upload, worker)


def _request_import(
    content: bytes, *, kind: str = "gv100ad", name: str = "GV100AD.txt"
):
    return actions.directory_import_create(
        kind=kind,
        uploaded_file=SimpleUploadedFile(name, content),
        requested_by=UserFactory(is_staff=True),
    )


def test_directory_import_create_stores_file_and_queues_task_after_commit(
    db, private_storage, django_capture_on_commit_callbacks, monkeypatch
):
    content = gv100ad_file(mini_gv100ad())
    sent = []
    monkeypatch.setattr(tasks.directory_import_run, "delay", sent.append)

    with django_capture_on_commit_callbacks() as callbacks:
        directory_import = _request_import(content)
        assert sent == [] and directory_import.queued is None

    assert directory_import.status == DirectoryImport.Status.QUEUED
    assert directory_import.original_name == "GV100AD.txt"
    assert (private_storage / directory_import.file.name).read_bytes() == content
    assert len(callbacks) == 1
    callbacks[0]()
    assert sent == [directory_import.pk] and directory_import.queued is True


def test_directory_import_run_imports_a_queued_file(db, private_storage):
    directory_import = _request_import(gv100ad_file(mini_gv100ad()))

    result = actions.directory_import_run(directory_import_id=directory_import.pk)

    assert result.status == DirectoryImport.Status.SUCCEEDED
    assert result.counts["created"]["Gemeinden"] == 4
    assert result.error == ""
    assert result.started_at <= result.finished_at
    assert Municipality.objects.count() == 4


def test_directory_import_run_marks_bad_file_failed_with_its_line(db, private_storage):
    directory_import = _request_import(_truncated_last_record())

    result = actions.directory_import_run(directory_import_id=directory_import.pk)

    assert result.status == DirectoryImport.Status.FAILED
    assert result.error.startswith("Zeile 15: Der Datensatz hat 150 statt 220 Zeichen")
    assert result.finished_at is not None
    assert Municipality.objects.count() == 0


def test_directory_import_run_a_second_time_does_nothing(db, private_storage):
    directory_import = _request_import(gv100ad_file(mini_gv100ad()))
    first = actions.directory_import_run(directory_import_id=directory_import.pk)
    Municipality.objects.filter(ags="06636003").update(population=1)

    second = actions.directory_import_run(directory_import_id=directory_import.pk)

    assert second.status == DirectoryImport.Status.SUCCEEDED
    assert second.finished_at == first.finished_at
    assert second.counts == first.counts
    assert Municipality.objects.get(ags="06636003").population == 1


def test_directory_import_run_leaves_a_running_import_alone(db, private_storage):
    directory_import = _request_import(gv100ad_file(mini_gv100ad()))
    DirectoryImport.objects.filter(pk=directory_import.pk).update(
        status=DirectoryImport.Status.RUNNING
    )

    result = actions.directory_import_run(directory_import_id=directory_import.pk)

    assert result.status == DirectoryImport.Status.RUNNING
    assert result.finished_at is None
    assert Municipality.objects.count() == 0


def test_directory_import_run_imports_boundaries(pilot_region, private_storage):
    directory_import = _request_import(
        geojson(("06636003", square())), kind="boundaries", name="grenzen.geojson"
    )

    result = actions.directory_import_run(directory_import_id=directory_import.pk)

    assert result.status == DirectoryImport.Status.SUCCEEDED
    assert result.counts["created"] == {"Gemeindegrenzen": 1}
    boundary = Boundary.objects.get()
    assert boundary.source == "BKG, hochgeladen als grenzen.geojson"


def test_directory_import_run_reports_an_internal_error_without_details(
    db, private_storage, caplog
):
    directory_import = _request_import(gv100ad_file(mini_gv100ad()))
    directory_import.file.delete(save=False)

    result = actions.directory_import_run(directory_import_id=directory_import.pk)

    assert result.status == DirectoryImport.Status.FAILED
    assert result.error.startswith(
        "Interner Fehler beim Import; nichts wurde geändert."
    )
    assert f"Directory import {directory_import.pk} failed" in caplog.text


# Who works where


def test_membership_set_changes_the_role_instead_of_adding_a_second_membership(
    municipality,
):
    user = UserFactory()
    first = actions.membership_set(
        user=user, municipality=municipality, role=Membership.Role.VIEWER
    )

    second = actions.membership_set(
        user=user, municipality=municipality, role=Membership.Role.EDITOR
    )

    assert second.pk == first.pk
    assert Membership.objects.get(user=user).role == "editor"


def test_membership_set_rejects_an_unknown_role_and_stores_nothing(municipality):
    user = UserFactory()

    with pytest.raises(ValidationError) as error:
        actions.membership_set(user=user, municipality=municipality, role="owner")

    assert "role" in error.value.message_dict
    assert not Membership.objects.filter(user=user).exists()


def test_planner_assignment_set_rejects_both_kreis_and_regierungsbezirk(kreis):
    user = UserFactory()

    with pytest.raises(ValidationError) as error:
        actions.planner_assignment_set(
            user=user, kreis=kreis, regierungsbezirk=kreis.regierungsbezirk
        )

    assert "entweder einen Kreis oder einen Regierungsbezirk" in str(error.value)
    assert not PlannerAssignment.objects.filter(user=user).exists()


def test_planner_assignment_set_rejects_neither_kreis_nor_regierungsbezirk(db):
    user = UserFactory()

    with pytest.raises(ValidationError, match="entweder einen Kreis"):
        actions.planner_assignment_set(user=user)

    assert not PlannerAssignment.objects.filter(user=user).exists()


def test_planner_assignment_set_twice_keeps_one_assignment(db):
    user = UserFactory()
    kreis = KreisFactory()
    bezirk = RegierungsbezirkFactory()

    first = actions.planner_assignment_set(user=user, kreis=kreis)
    second = actions.planner_assignment_set(user=user, kreis=kreis)
    by_bezirk = actions.planner_assignment_set(user=user, regierungsbezirk=bezirk)
    again_by_bezirk = actions.planner_assignment_set(user=user, regierungsbezirk=bezirk)

    assert second.pk == first.pk
    assert again_by_bezirk.pk == by_bezirk.pk
    assert PlannerAssignment.objects.filter(user=user).count() == 2


def test_planner_assignment_set_is_per_user(db):
    kreis = KreisFactory()
    MunicipalityFactory(kreis=kreis)

    actions.planner_assignment_set(user=UserFactory(), kreis=kreis)
    actions.planner_assignment_set(user=UserFactory(), kreis=kreis)

    assert PlannerAssignment.objects.filter(kreis=kreis).count() == 2
