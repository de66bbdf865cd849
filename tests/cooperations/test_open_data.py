"""The open-data files of the register and the reference data, their licences, the
pages that serve them and the DCAT-AP.de catalogue (issue 17, item 5)."""

import csv
import io
import json
import os
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.urls import reverse
from django.utils.http import http_date
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdf

from cooperations import actions, tasks
from cooperations.models import CooperationPartner, OrganisationalForm
from services.models import Sector

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
CC_BY = URIRef("http://dcat-ap.de/def/licenses/cc-by/4.0")
DL_BY = URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")
NAMES = [
    f"{slug}.{extension}"
    for slug in (
        "kooperationsregister",
        "organisationsformen",
        "foerderprogramme",
        "gemeindeverzeichnis",
    )
    for extension in ("csv", "json")
]


@pytest.fixture
def folder(tmp_path, settings):
    """The open-data storage in a temporary folder, for the action and the pages."""
    settings.STORAGES = {
        **settings.STORAGES,
        "open_data": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path, "file_permissions_mode": 0o640},
        },
    }
    return tmp_path


@pytest.fixture
def register(municipality, other_municipality):
    published = actions.cooperation_create(
        actor=None, title="Wasserverbund", task="=HYPERLINK(1) Kläranlage",
        partners=[municipality, other_municipality], lead=municipality,
        status="active", start_date=date(2024, 1, 1),
        sectors=list(Sector.objects.filter(code="abwasser")),
        form=OrganisationalForm.objects.get(code="zweckverband"),
    )  # fmt: skip
    published.partners.update(
        contact_name="Erika Mustermann", contact_email="erika@eschwege.example"
    )
    published.partners.filter(municipality=other_municipality).update(
        consent=CooperationPartner.Consent.REQUESTED
    )
    published = actions.cooperation_publish(
        cooperation=published, actor=None, expected_version=published.version
    )
    actions.cooperation_create(
        actor=None, title="Geheime Sondierung", task="vertraulich",
        partners=[municipality],
    )  # fmt: skip
    return published


def _csv(folder, name) -> tuple[list[str], list[dict]]:
    text = (folder / name).read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("# ")]
    body = "\n".join(line for line in text.splitlines() if not line.startswith("# "))
    return comments, list(csv.DictReader(io.StringIO(body)))


def test_every_dataset_is_written_as_csv_and_json_atomically(folder, register):
    written = actions.open_data_write()

    assert written == NAMES
    assert sorted(os.listdir(folder)) == sorted(NAMES)  # no temporary file left
    assert oct((folder / NAMES[0]).stat().st_mode & 0o777) == "0o640"


def test_register_files_hold_published_cooperations_with_members_only(
    folder, register, municipality
):
    actions.open_data_write()
    comments, rows = _csv(folder, "kooperationsregister.csv")

    assert comments[1] == (
        "# Lizenz: Creative Commons Namensnennung – 4.0 International (CC BY 4.0) "
        "(https://creativecommons.org/licenses/by/4.0/)"
    )
    assert comments[2] == "# Namensnennung: LebensWert"
    assert [row["titel"] for row in rows] == ["Wasserverbund"]
    row = rows[0]
    assert row["partner_ags"] == municipality.ags  # Witzenhausen was only asked
    assert row["status"] == "active" and row["beginn"] == "2024-01-01"
    assert row["organisationsform"] == "zweckverband"
    assert row["landesgesetz"] == "Gesetz über kommunale Gemeinschaftsarbeit (KGG)"
    assert row["sektoren"] == "abwasser"
    assert row["aufgabe"].startswith("'=")  # no formula for spreadsheet programs
    assert row["adresse"] == (
        f"{django_settings.LEBENSWERT_PUBLIC_URL}/register/{register.pk}/"
    )

    document = json.loads((folder / "kooperationsregister.json").read_text())
    assert document["lizenz"]["uri"] == str(CC_BY)
    assert document["namensnennung"] == "LebensWert"
    assert [c["titel"] for c in document["daten"]] == ["Wasserverbund"]
    assert document["daten"][0]["partner_ags"] == [municipality.ags]
    for name in NAMES:
        text = (folder / name).read_text()
        assert "Mustermann" not in text and "eschwege.example" not in text, name


def test_portal_licence_comes_from_the_setting(folder, register, settings):
    settings.LEBENSWERT_DATA_LICENCE = {
        "id": "dl-zero-de/2.0",
        "attribution": "Werra-Meißner-Kreis",
    }
    actions.open_data_write()
    comments, _rows = _csv(folder, "organisationsformen.csv")
    assert comments[1].startswith("# Lizenz: Datenlizenz Deutschland – Zero")
    assert comments[2] == "# Namensnennung: Werra-Meißner-Kreis"

    settings.LEBENSWERT_DATA_LICENCE = {"id": "all-rights", "attribution": "x"}
    with pytest.raises(ImproperlyConfigured):
        actions.open_data_write()


def test_official_directory_keeps_its_licence(folder, register, municipality):
    actions.open_data_write()
    comments, rows = _csv(folder, "gemeindeverzeichnis.csv")

    assert comments[1] == (
        "# Lizenz: Datenlizenz Deutschland – Namensnennung – Version 2.0 "
        "(https://www.govdata.de/dl-de/by-2-0)"
    )
    assert "Statistisches Bundesamt (Destatis)" in comments[2]
    eschwege = next(row for row in rows if row["ags"] == municipality.ags)
    assert (eschwege["einwohner"], eschwege["zensusbasis"]) == ("5000", "zensus2022")


def test_reference_data_files_hold_every_form_and_programme(folder, register):
    actions.open_data_write()
    _comments, forms = _csv(folder, "organisationsformen.csv")
    assert len(forms) == OrganisationalForm.objects.count() > 13
    programmes = json.loads((folder / "foerderprogramme.json").read_text())["daten"]
    assert programmes and {"land", "zuschuesse", "quelle"} <= set(programmes[0])


def test_files_are_served_with_their_type_and_date(client, folder, register):
    actions.open_data_write()
    path = reverse("register:open_data_download", args=["kooperationsregister.csv"])
    response = client.get(path)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert b"Wasserverbund" in b"".join(response.streaming_content)
    assert "public" in response["Cache-Control"]
    since = http_date((folder / "kooperationsregister.csv").stat().st_mtime + 1)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    json_path = reverse("register:open_data_download", args=["foerderprogramme.json"])
    assert client.get(json_path)["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "name", ["secret_key", "..%2Fsecret_key", "kooperationsregister.xlsx", "x.csv"]
)
def test_only_the_dataset_files_are_served(client, folder, register, name):
    actions.open_data_write()
    (folder / "secret_key").write_text("geheim")
    assert client.get(f"/register/daten/{name}").status_code == 404


def test_download_page_names_files_and_licences(client, folder, register):
    page = client.get(reverse("register:open_data_list")).content.decode()
    assert "Noch nicht erstellt" in page
    actions.open_data_write()
    page = client.get(reverse("register:open_data_list")).content.decode()
    for name in NAMES:
        assert f"/register/daten/{name}" in page
    assert "https://www.govdata.de/dl-de/by-2-0" in page
    assert "https://creativecommons.org/licenses/by/4.0/" in page
    assert reverse("register:open_data_catalogue") in page


def _catalogue(client) -> Graph:
    response = client.get(reverse("register:open_data_catalogue"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    return Graph().parse(data=response.content, format="json-ld")


def test_dcat_catalogue_describes_datasets_files_and_licences(client, folder, register):
    actions.open_data_write()
    client.cookies["django_language"] = "en"  # the catalogue is the same in English
    graph = _catalogue(client)
    base = django_settings.LEBENSWERT_PUBLIC_URL

    catalogue = URIRef(f"{base}/register/katalog.jsonld")
    assert (catalogue, rdf.RDF.type, rdf.DCAT.Catalog) in graph
    datasets = set(graph.subjects(rdf.RDF.type, rdf.DCAT.Dataset))
    assert len(datasets) == 4
    assert set(graph.objects(catalogue, rdf.DCAT.dataset)) == datasets
    register_set = URIRef(f"{base}/register/daten/#kooperationsregister")
    titles = set(graph.objects(register_set, rdf.DCTERMS.title))
    assert Literal("Public register of inter-municipal cooperations", lang="en") in (
        titles
    )
    assert (
        Literal("Öffentliches Register interkommunaler Kooperationen", lang="de")
        in titles
    )
    assert graph.value(register_set, rdf.DCTERMS.modified) is not None
    publisher = graph.value(register_set, rdf.DCTERMS.publisher)
    assert graph.value(publisher, rdf.FOAF.name) == Literal("LebensWert")

    downloads = {str(url) for url in graph.objects(None, rdf.DCAT.downloadURL)}
    assert downloads == {f"{base}/register/daten/{name}" for name in NAMES}
    licences = {}
    for distribution in graph.subjects(rdf.RDF.type, rdf.DCAT.Distribution):
        url = str(graph.value(distribution, rdf.DCAT.downloadURL))
        licences[url.rsplit("/", 1)[1]] = graph.value(distribution, rdf.DCTERMS.license)
        assert graph.value(distribution, rdf.DCAT.mediaType) is not None
        assert graph.value(distribution, DCATDE.licenseAttributionByText)
    assert licences["gemeindeverzeichnis.csv"] == DL_BY
    assert licences["kooperationsregister.json"] == CC_BY
    assert set(licences.values()) == {CC_BY, DL_BY}


def test_catalogue_without_files_lists_the_datasets_only(client, folder, db):
    graph = _catalogue(client)
    assert len(set(graph.subjects(rdf.RDF.type, rdf.DCAT.Dataset))) == 4
    assert not set(graph.subjects(rdf.RDF.type, rdf.DCAT.Distribution))


def test_nightly_task_and_command_write_the_files(folder, register, capsys):
    schedule = django_settings.CELERY_BEAT_SCHEDULE["write-open-data"]
    assert schedule["task"] == "cooperations.tasks.open_data_write"
    assert tasks.open_data_write.run() == len(NAMES)
    (folder / "kooperationsregister.csv").unlink()
    call_command("write_open_data")
    assert "kooperationsregister.csv" in capsys.readouterr().out
    assert (folder / "kooperationsregister.csv").exists()


def test_write_replaces_files_whole(folder, register):
    storage = FileSystemStorage(location=folder)
    actions.open_data_write(storage=storage)
    register.title = "Umbenannt"
    register.save()
    actions.open_data_write(storage=storage)
    _comments, rows = _csv(folder, "kooperationsregister.csv")
    assert [row["titel"] for row in rows] == ["Umbenannt"]


def test_system_check_refuses_an_unknown_licence(settings):
    from django.core.checks import run_checks

    assert not [e for e in run_checks() if e.id == "cooperations.E001"]
    settings.LEBENSWERT_DATA_LICENCE = {"id": "cc-by/9.9", "attribution": "x"}
    assert [e.id for e in run_checks() if e.id.startswith("cooperations.")] == [
        "cooperations.E001"
    ]
