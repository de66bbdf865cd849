"""Population series and projections: the pilot Kreis projection, the CSV
importers, their commands and their upload in the portal (small synthetic files
only)."""

from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from lebenswert.audit.models import Change
from lebenswert.core.fragments import DIRECTORY, versions
from municipalities import actions
from municipalities.importers import ImportFileError
from municipalities.models import (
    DirectoryImport,
    PopulationFigure,
    PopulationProjection,
    PopulationProjectionValue,
)
from tests.factories import UserFactory

HSL = {
    "publisher": "Hessisches Statistisches Landesamt",
    "title": "Bevölkerungsvorausberechnung",
    "release_date": date(2023, 4, 3),
}


@pytest.fixture
def pilot(db):
    actions.pilot_region_load()


def _state() -> tuple:
    return (
        sorted(
            PopulationFigure.objects.values_list(
                "municipality__ags", "date", "population", "basis", "source"
            )
        ),
        sorted(PopulationProjection.objects.values_list("pk", "publisher", "notes")),
        sorted(PopulationProjectionValue.objects.values_list("year", "population")),
    )


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return ("\n".join(lines) + "\n").encode(encoding)


def _run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_pilot_region_load_ships_the_hsl_kreis_projection_marked(pilot):
    actions.pilot_region_load()  # twice: still one series
    projection = PopulationProjection.objects.get()
    assert projection.kreis_id == "06636" and projection.municipality is None
    assert projection.publisher == "Hessisches Statistisches Landesamt"
    assert projection.release_date == date(2023, 4, 3)
    assert projection.base_year == 2021 and projection.basis == "zensus2011"
    assert projection.certainty == PopulationProjection.Certainty.REPORTED
    assert "Jahrespfad linear interpoliert" in projection.notes
    values = {v.year: v for v in projection.values.all()}
    assert sorted(values) == list(range(2021, 2051))
    # the base is the sum of the 16 municipalities on 31.12.2021; −6.4 % by 2050
    assert values[2021].population == 99714 and not values[2021].interpolated
    assert values[2050].population == round(99714 * 0.936)
    assert not values[2050].interpolated
    assert sum(v.interpolated for v in values.values()) == 28


def test_population_series_import_reads_a_german_spreadsheet_file(pilot):
    raw = _csv(
        "AGS;Jahr;Einwohner;Zensusbasis",
        "06636003;2011;20.150;Zensus 2011",
        "6636003;2012;20.010;Zensus 2011",
        "06636003;2024;18.743;Zensus 2022",
        encoding="cp1252",
    )
    report = actions.population_series_import(raw=raw, source="HSL, Gemeindetabelle")

    assert report.created["Einwohnerzahlen"] == 2
    assert report.updated["Einwohnerzahlen"] == 1
    figures = PopulationFigure.objects.filter(municipality__ags="06636003")
    assert figures.get(date=date(2011, 12, 31)).population == 20150
    assert figures.get(date=date(2012, 12, 31)).basis == "zensus2011"
    assert figures.get(date=date(2024, 12, 31)).source == "HSL, Gemeindetabelle"


def test_population_series_import_takes_stichtag_and_the_default_basis(pilot):
    raw = _csv("ags,stichtag,einwohner", "06636013,31.12.2023,4100")
    actions.population_series_import(raw=raw, source="HSL", default_basis="zensus2022")
    figure = PopulationFigure.objects.get(
        municipality__ags="06636013", date=date(2023, 12, 31)
    )
    assert (figure.population, figure.basis) == (4100, "zensus2022")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("066360;2011;20150;Zensus 2011", "AGS „066360“ hat nicht 8 Ziffern"),
        ("06636003;2011;20150;", "Die Zensusbasis fehlt"),
        ("06636003;2011;20150;Zensus 1987", "Zensusbasis „Zensus 1987“ unbekannt"),
        ("06636003;2011;20150,5;Zensus 2011", "„20150,5“ ist keine ganze Zahl"),
        ("06636003;2011;-5;Zensus 2011", "„-5“ ist keine ganze Zahl"),
        ("06636003;2011;20.15;Zensus 2011", "„20.15“ ist keine ganze Zahl"),
        ("06636003;11;20150;Zensus 2011", "Jahr „11“ ist keine Jahreszahl"),
        ("06636003;2011;;Zensus 2011", "Die Einwohnerzahl fehlt"),
        ("06636003;;20150;Zensus 2011", "Jahr oder Stichtag fehlt"),
        ("06636003;2024;18743;Zensus 2022", "kommt doppelt vor (zuerst in Zeile 2)"),
        ("09162000;2011;1400000;Zensus 2011", "09162000 ist nicht im Gemeinde"),
    ],
)
def test_population_series_import_refuses_a_bad_line_and_writes_nothing(
    pilot, row, message
):
    raw = _csv("AGS;Jahr;Einwohner;Zensusbasis", "06636003;2024;18743;Zensus 2022", row)
    before = _state()

    with pytest.raises(ImportFileError) as error:
        actions.population_series_import(raw=raw, source="HSL")

    assert str(error.value).startswith("Zeile 3: ")
    assert message in str(error.value)
    assert error.value.line == 3
    assert _state() == before


def test_population_series_import_refuses_a_file_without_the_columns(pilot):
    with pytest.raises(ImportFileError, match="Zeile 1: Spalten fehlen.*Einwohner"):
        actions.population_series_import(
            raw=_csv("AGS;Jahr", "06636003;2011"), source="x"
        )


def test_population_series_import_can_skip_unknown_municipalities(pilot):
    raw = _csv(
        "AGS;Jahr;Einwohner;Zensusbasis",
        "09162000;2011;1400000;Zensus 2011",
        "06636003;2011;20150;Zensus 2011",
    )
    report = actions.population_series_import(raw=raw, source="x", skip_unknown=True)
    assert report.created["Einwohnerzahlen"] == 1
    assert "09162000" in report.notes[0]


def test_projection_import_stores_one_series_per_area_and_replaces_a_release(pilot):
    raw = _csv(
        "Schlüssel;Jahr;Einwohner",
        "06636;2021;99.714",
        "06636;2040;95.000",
        "06636003;2020;19.400",
        "06636003;2040;17.000",
    )
    report = actions.population_projection_import(raw=raw, **HSL, basis="zensus2011")
    assert report.created["Vorausberechnungen"] == 1  # the pilot's HSL Kreis series
    assert report.updated["Vorausberechnungen"] == 1
    kreis = PopulationProjection.objects.get(kreis_id="06636")
    assert dict(kreis.values.values_list("year", "population")) == {
        2021: 99714,
        2040: 95000,
    }
    own = PopulationProjection.objects.get(municipality__ags="06636003")
    assert own.base_year == 2020 and own.title == HSL["title"]

    actions.population_projection_import(
        raw=raw, **{**HSL, "release_date": date(2026, 1, 1)}
    )
    assert PopulationProjection.objects.filter(kreis_id="06636").count() == 2


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("066360;2030;95000", "weder ein Kreisschlüssel"),
        ("06636;2030;95000,5", "„95000,5“ ist keine ganze Zahl"),
        ("06636;2021;95000", "Schlüssel 06636 im Jahr 2021 kommt doppelt vor"),
        ("06999;2030;95000", "06999 ist nicht im Gemeindeverzeichnis"),
        ("06636;zwei;95000", "Jahr „zwei“ ist keine Jahreszahl"),
    ],
)
def test_projection_import_refuses_a_bad_line_and_writes_nothing(pilot, row, message):
    raw = _csv("Schlüssel;Jahr;Einwohner", "06636;2021;99714", row)
    before = _state()

    with pytest.raises(ImportFileError) as error:
        actions.population_projection_import(raw=raw, **HSL)

    assert str(error.value).startswith("Zeile 3: ") and message in str(error.value)
    assert _state() == before


def test_projection_import_refuses_forbidden_text_in_the_metadata(pilot):
    raw = _csv("Schlüssel;Jahr;Einwohner", "06636;2021;99714")
    before = _state()
    with pytest.raises(ImportFileError, match="Zeile 2"):
        actions.population_projection_import(
            raw=raw,
            **{**HSL, "publisher": "Amt\u0007", "release_date": date(2025, 1, 1)},
        )
    assert _state() == before


def test_import_commands_report_and_refuse_with_file_and_line(pilot, tmp_path):
    series = tmp_path / "einwohner.csv"
    series.write_bytes(_csv("AGS;Jahr;Einwohner", "06636003;2011;20150"))
    output = _run(
        "import_population_series",
        str(series),
        "--source=HSL",
        "--census-basis=zensus2011",
    )
    assert "Einwohnerzahlen: 1 neu, 0 aktualisiert" in output

    projection = tmp_path / "vorausberechnung.csv"
    projection.write_bytes(_csv("Schlüssel;Jahr;Einwohner", "06636;2021;99714"))
    output = _run(
        "import_population_projection",
        str(projection),
        "--publisher=Bertelsmann Stiftung",
        "--title=Wegweiser Kommune",
        "--release-date=2024-05-01",
        "--certainty=source",
    )
    assert "Vorausberechnungen: 1 neu, 0 aktualisiert" in output

    series.write_bytes(_csv("AGS;Jahr;Einwohner", "06636003;2011;viele"))
    before = _state()
    with pytest.raises(CommandError) as error:
        _run("import_population_series", str(series), "--source=HSL")
    assert str(error.value).startswith(f"{series}: Zeile 2: ")
    assert str(error.value).endswith("Es wurde nichts geändert.")
    assert _state() == before


def test_admin_adds_a_projection_with_history_and_a_new_directory_version(
    client, roles, municipality
):
    client.force_login(roles["admin"])
    before = versions(DIRECTORY)
    response = client.post(
        reverse("admin:municipalities_populationprojection_add"),
        {
            "kreis": municipality.kreis_id,
            "publisher": "Bertelsmann Stiftung",
            "title": "Wegweiser Kommune",
            "release_date": "2024-05-01",
            "base_year": "2020",
            "basis": "zensus2011",
            "certainty": "source",
            "notes": "",
            "source_url": "",
            "values-TOTAL_FORMS": "1",
            "values-INITIAL_FORMS": "0",
            "values-0-year": "2040",
            "values-0-population": "90000",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    projection = PopulationProjection.objects.get()
    assert projection.values.get().population == 90000
    assert Change.objects.for_object(projection).exists()
    assert versions(DIRECTORY) > before


def test_a_projection_names_exactly_one_area(municipality):
    projection = PopulationProjection(
        kreis=municipality.kreis,
        municipality=municipality,
        publisher="HSL",
        title="x",
        release_date=date(2023, 4, 3),
        base_year=2021,
    )
    with pytest.raises(ValidationError, match="entweder einen Kreis oder eine"):
        projection.full_clean()


# Upload in the portal (/gemeinden/import/), run by the worker's action

UPLOAD_URL = reverse("municipalities:directory_import_create")

PROJECTION_FIELDS = {
    "projection_publisher": "Hessisches Statistisches Landesamt",
    "projection_title": "Bevölkerungsvorausberechnung für die Kreise",
    "projection_release_date": "2026-01-15",
    "projection_base_year": "2024",
    "projection_basis": "zensus2022",
    "projection_certainty": "source",
    "projection_notes": "Hauptvariante",
    "projection_source_url": "https://statistik.hessen.de/",
}


@pytest.fixture
def admin_client(client, pilot, private_folder):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _upload(client, kind: str, content: bytes, **fields):
    """Post the form; the job is queued (the worker is called by _run_upload)."""
    return client.post(
        UPLOAD_URL,
        {"kind": kind, "file": SimpleUploadedFile("daten.csv", content), **fields},
    )


def _run_upload(client, response) -> tuple[DirectoryImport, str]:
    """Run the uploaded import as the worker does; the import and its page."""
    assert response.status_code == 302, response.context["form"].errors
    directory_import = DirectoryImport.objects.get()
    assert response.url == f"/gemeinden/import/{directory_import.pk}/"
    result = actions.directory_import_run(directory_import_id=directory_import.pk)
    return result, client.get(response.url).content.decode()


def test_admin_uploads_a_population_series_and_the_worker_stores_it(admin_client):
    before = versions(DIRECTORY)
    response = _upload(
        admin_client,
        "population_series",
        _csv(
            "AGS;Jahr;Einwohner;Zensusbasis",
            "06636003;2011;20.150;Zensus 2011",
            "06636003;2012;20.010;",
            "06636003;2024;18.743;Zensus 2022",
        ),
        series_source="HSL, Gemeindetabelle",
        series_basis="zensus2011",
    )

    result, page = _run_upload(admin_client, response)

    assert result.status == DirectoryImport.Status.SUCCEEDED, result.error
    assert result.options == {
        "source": "HSL, Gemeindetabelle",
        "default_basis": "zensus2011",
        "skip_unknown": False,
    }
    assert result.counts["created"] == {"Einwohnerzahlen": 2}
    assert result.counts["updated"] == {"Einwohnerzahlen": 1}
    figures = PopulationFigure.objects.filter(municipality__ags="06636003")
    assert figures.get(date=date(2011, 12, 31)).population == 20150
    assert figures.get(date=date(2012, 12, 31)).basis == "zensus2011"
    assert figures.get(date=date(2024, 12, 31)).source == "HSL, Gemeindetabelle"
    assert versions(DIRECTORY) > before
    assert "erfolgreich" in page and "Einwohnerzahlen: 2 neu" in page


def test_admin_uploads_a_projection_with_its_metadata(admin_client):
    before = versions(DIRECTORY)
    response = _upload(
        admin_client,
        "projection",
        _csv("Schlüssel;Jahr;Einwohner", "06636;2024;97.000", "06636;2040;88.500"),
        **PROJECTION_FIELDS,
        # typed for another kind, then switched: neither checked nor stored
        series_basis="zensus1987",
    )

    result, page = _run_upload(admin_client, response)

    assert result.status == DirectoryImport.Status.SUCCEEDED, result.error
    assert "source" not in result.options
    projection = PopulationProjection.objects.get(release_date=date(2026, 1, 15))
    assert projection.kreis_id == "06636"
    assert projection.publisher == "Hessisches Statistisches Landesamt"
    assert projection.title == "Bevölkerungsvorausberechnung für die Kreise"
    assert (projection.base_year, projection.basis) == (2024, "zensus2022")
    assert projection.certainty == PopulationProjection.Certainty.SOURCE
    assert projection.notes == "Hauptvariante"
    assert projection.source_url == "https://statistik.hessen.de/"
    assert dict(projection.values.values_list("year", "population")) == {
        2024: 97000,
        2040: 88500,
    }
    assert versions(DIRECTORY) > before
    assert "Vorausberechnungen: 1 neu" in page


def test_an_uploaded_series_with_a_bad_line_fails_with_its_line_and_writes_nothing(
    admin_client,
):
    before = _state()
    response = _upload(
        admin_client,
        "population_series",
        _csv(
            "AGS;Jahr;Einwohner;Zensusbasis",
            "06636003;2011;20150;Zensus 2011",
            "06636003;2012;zwanzigtausend;Zensus 2011",
        ),
        series_source="HSL",
    )

    result, page = _run_upload(admin_client, response)

    assert result.status == DirectoryImport.Status.FAILED
    assert result.error.startswith("Zeile 3: Einwohnerzahl „zwanzigtausend“")
    assert _state() == before
    assert "Zeile 3: Einwohnerzahl" in page and "fehlgeschlagen" in page


def test_an_uploaded_projection_for_an_unknown_kreis_fails_and_writes_nothing(
    admin_client,
):
    before = _state()
    response = _upload(
        admin_client,
        "projection",
        _csv("Schlüssel;Jahr;Einwohner", "06636;2024;97000", "06999;2024;50000"),
        **PROJECTION_FIELDS,
    )

    result, _page = _run_upload(admin_client, response)

    assert result.status == DirectoryImport.Status.FAILED
    assert result.error.startswith("Zeile 3: 06999 ist nicht im Gemeindeverzeichnis")
    assert _state() == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"projection_publisher": ""},
            "projection_publisher",
            "Bitte geben Sie „Herausgeber“ an.",
        ),
        ({"projection_title": ""}, "projection_title", "Bitte geben Sie „Titel“ an."),
        (
            {"projection_release_date": ""},
            "projection_release_date",
            "Bitte geben Sie „veröffentlicht am“ an.",
        ),
        (
            {"projection_release_date": "3.4.23x"},
            "projection_release_date",
            "Bitte ein gültiges Datum",
        ),
        (
            {"projection_base_year": "1800"},
            "projection_base_year",
            "größer oder gleich 1950",
        ),
        ({"projection_base_year": "20,5"}, "projection_base_year", "ganze Zahl"),
        ({"projection_publisher": "HSL\u0007"}, "projection_publisher", "U+0007"),
    ],
)
def test_a_projection_upload_with_missing_or_bad_metadata_names_the_field(
    admin_client, fields, field, message
):
    response = _upload(
        admin_client,
        "projection",
        _csv("Schlüssel;Jahr;Einwohner", "06636;2024;97000"),
        **{**PROJECTION_FIELDS, **fields},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    assert message in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_a_series_upload_without_a_source_names_the_field(admin_client):
    response = _upload(
        admin_client,
        "population_series",
        _csv("AGS;Jahr;Einwohner;Zensusbasis", "06636003;2011;20150;Zensus 2011"),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "series_source": ["Bitte geben Sie „Quelle“ an."]
    }
    assert not DirectoryImport.objects.exists()


def test_a_population_import_without_its_options_is_refused_by_the_model(
    pilot, private_folder
):
    with pytest.raises(ValidationError, match="publisher, title, release_date"):
        actions.directory_import_create(
            kind=DirectoryImport.Kind.PROJECTION,
            uploaded_file=SimpleUploadedFile("p.csv", b"Schl\xc3\xbcssel;Jahr\n"),
            requested_by=UserFactory(is_staff=True, is_superuser=True),
        )
    assert not DirectoryImport.objects.exists()


@pytest.mark.parametrize("role", ["editor", "planner", "viewer"])
def test_only_admins_upload_population_data(client, roles, role, private_folder):
    client.force_login(roles[role])

    assert client.get(UPLOAD_URL).status_code == 403
    response = _upload(
        client,
        "population_series",
        _csv("AGS;Jahr;Einwohner;Zensusbasis", "06636003;2011;20150;Zensus 2011"),
        series_source="HSL",
    )
    assert response.status_code == 403
    assert not DirectoryImport.objects.exists()
