"""The open data of the public register (issue 17): the datasets, their rows, the
CSV and JSON files with licence and attribution, and the DCAT-AP.de catalogue.

The files are written by `actions.open_data_write` (nightly, and by the command
`write_open_data`); the pages in `register_views` serve them and the catalogue.
Only public data goes in: published cooperations with their members (never
contact persons), the reference data, and the official directory figures, which
keep their own licence (dl-de/by-2-0, Destatis).
"""

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import Storage
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lebenswert.core.spreadsheet import neutralise
from municipalities.models import Municipality

from . import selectors
from .models import FundingProgramme, OrganisationalForm

# The licences of the DCAT-AP.de vocabulary the portal may name: id → (name, text).
LICENCES = {
    "cc-by/4.0": (
        "Creative Commons Namensnennung – 4.0 International (CC BY 4.0)",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "cc-by-sa/4.0": (
        "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen "
        "4.0 International (CC BY-SA 4.0)",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "cc-zero": (
        "Creative Commons CC Zero License (cc-zero)",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    "dl-by-de/2.0": (
        "Datenlizenz Deutschland – Namensnennung – Version 2.0",
        "https://www.govdata.de/dl-de/by-2-0",
    ),
    "dl-zero-de/2.0": (
        "Datenlizenz Deutschland – Zero – Version 2.0",
        "https://www.govdata.de/dl-de/zero-2-0",
    ),
}
LICENCE_URI = "http://dcat-ap.de/def/licenses/"
# The official directory: its publisher's licence and attribution (data sources
# page, ../shared/data/SOURCES.md).
OFFICIAL_LICENCE = "dl-by-de/2.0"
OFFICIAL_ATTRIBUTION = "© Statistisches Bundesamt (Destatis), 2025; Daten umformatiert"
LIST_SEPARATOR = " | "  # between the items of a list in a CSV cell


@dataclass(frozen=True)
class Licence:
    id: str
    name: str
    url: str
    attribution: str

    @property
    def uri(self) -> str:
        """The licence's URI in the DCAT-AP.de vocabulary."""
        return LICENCE_URI + self.id

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "name": self.name,
            "url": self.url,
            "uri": self.uri,
            "namensnennung": self.attribution,
        }


def _licence(licence_id: str, attribution: str) -> Licence:
    if licence_id not in LICENCES:
        raise ImproperlyConfigured(
            f"LEBENSWERT_DATA_LICENCE: {licence_id!r} is none of {sorted(LICENCES)}."
        )
    name, url = LICENCES[licence_id]
    return Licence(id=licence_id, name=name, url=url, attribution=attribution)


def portal_licence() -> Licence:
    """The licence the operator set for the portal's own data."""
    chosen = settings.LEBENSWERT_DATA_LICENCE
    return _licence(chosen["id"], chosen["attribution"])


def official_licence() -> Licence:
    return _licence(OFFICIAL_LICENCE, OFFICIAL_ATTRIBUTION)


def public_url(path: str) -> str:
    """An absolute address of the portal (settings.LEBENSWERT_PUBLIC_URL)."""
    return settings.LEBENSWERT_PUBLIC_URL + path


def _code(value) -> str:
    return getattr(value, "code", "") if value is not None else ""


def _date(value) -> str:
    return value.isoformat() if value else ""


def register_rows() -> Iterable[dict]:
    """One row per published cooperation: what its register page shows."""
    for cooperation in selectors.register_export():
        form = cooperation.form
        law = getattr(form.land, "cooperation_law", None) if form else None
        members = cooperation.public_partners
        yield {
            "id": cooperation.pk,
            "titel": cooperation.title,
            "aufgabe": cooperation.task,
            "status": cooperation.status,
            "status_bezeichnung": str(cooperation.get_status_display()),
            "beginn": _date(cooperation.start_date),
            "ende": _date(cooperation.end_date),
            "organisationsform": _code(form),
            "organisationsform_name": form.name if form else "",
            "rechtsgrundlage": form.law if form else "",
            "land": form.land_id if form else "",
            "landesgesetz": f"{law.name} ({law.abbreviation})" if law else "",
            "sektoren": [sector.code for sector in cooperation.sectors.all()],
            "partner_ags": [p.municipality.ags for p in members if p.municipality_id],
            "partner": [str(p) for p in members],
            "dokumente": [
                public_url(
                    reverse(
                        "register:register_document_download",
                        args=[cooperation.pk, document.pk],
                    )
                )
                for document in cooperation.public_documents
            ],
            "veroeffentlicht_am": _date(cooperation.published_at),
            "adresse": public_url(
                reverse("register:register_detail", args=[cooperation.pk])
            ),
        }


def _reference(row) -> dict:
    """What every row of the reference data begins with: code, name and Land."""
    return {
        "kuerzel": row.code,
        "name": row.name,
        "land": row.land_id,
        "land_name": row.land.name,
    }


def _sourced(fact) -> dict:
    """What every row of the reference data ends with: how it is known."""
    return {"gewissheit": fact.certainty, "quelle": fact.source}


def form_rows() -> Iterable[dict]:
    """The organisational forms of every Land's cooperation law."""
    forms = OrganisationalForm.objects.select_related("land")
    for form in forms.order_by("land", "position", "code"):
        yield {
            **_reference(form),
            "name_en": form.name_en,
            "stufe": form.level,
            "formfamilie": form.family,
            "rechtsgrundlage": form.law,
            "kurzbeschreibung": form.summary,
            **_sourced(form),
        }


def funding_rows() -> Iterable[dict]:
    """The funding programmes of the Länder, as the option comparison checks them."""
    programmes = FundingProgramme.objects.select_related("land")
    for programme in programmes.order_by("land", "name", "code"):
        yield {
            **_reference(programme),
            "fassung": programme.version,
            "stelle": programme.body,
            "kriterien_vollstaendig": programme.criteria_complete,
            "mindestzahl_partner": programme.min_partners,
            "mindestdauer_jahre": programme.min_years,
            "einsparziel_prozent": programme.savings_target_pct,
            "zuschuesse": programme.grants,
            "zuschlag_je_weiterem_partner": programme.grant_per_further_partner,
            "hoechstbetrag": programme.max_grant,
            "hoechster_foerdersatz_prozent": programme.max_rate_pct,
            "weitere_bedingungen": programme.conditions,
            "gueltig_bis": _date(programme.valid_until),
            **_sourced(programme),
        }


def municipality_rows() -> Iterable[dict]:
    """The official directory: keys, names, population and area with their
    reference dates and census basis (Destatis GV100AD)."""
    municipalities = (
        Municipality.objects.select_related("kreis", "kreis__land")
        .order_by("ags")
        .iterator(chunk_size=2000)
    )
    for municipality in municipalities:
        yield {
            "ags": municipality.ags,
            "ars": municipality.ars,
            "name": municipality.name,
            "art": municipality.type,
            "kreis": municipality.kreis_id,
            "kreis_name": municipality.kreis.name,
            "land": municipality.kreis.land_id,
            "land_name": municipality.kreis.land.name,
            "einwohner": municipality.population,
            "einwohner_stichtag": _date(municipality.population_date),
            "zensusbasis": municipality.population_basis,
            "flaeche_km2": municipality.area_km2,
            "flaeche_stichtag": _date(municipality.area_date),
            "gebietsstand": _date(municipality.territory_date),
            "quelle": municipality.source,
        }


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str  # German, translatable for the pages
    title_en: str
    description: str
    description_en: str
    official: bool  # official data under their publisher's licence
    rows: Callable[[], Iterable[dict]]

    @property
    def licence(self) -> Licence:
        return official_licence() if self.official else portal_licence()

    def file_name(self, extension: str) -> str:
        return f"{self.slug}.{extension}"


DATASETS = [
    Dataset(
        slug="kooperationsregister",
        title=_("Öffentliches Register interkommunaler Kooperationen"),
        title_en="Public register of inter-municipal cooperations",
        description=_(
            "Die veröffentlichten Kooperationen von Gemeinden: Titel, Aufgabe, "
            "Organisationsform mit Landesgesetz, bestätigte Partner, Status, Beginn, "
            "Sektoren und öffentliche Dokumente; keine Ansprechpersonen."
        ),
        description_en=(
            "The published cooperations of municipalities: title, task, "
            "organisational form with its Land law, confirmed partners, status, "
            "start, sectors and public documents; no contact persons."
        ),
        official=False,
        rows=register_rows,
    ),
    Dataset(
        slug="organisationsformen",
        title=_("Organisationsformen der interkommunalen Zusammenarbeit je Land"),
        title_en="Forms of inter-municipal cooperation per Land",
        description=_(
            "Die Formen der Zusammenarbeit nach dem Recht jedes Landes, von informell "
            "bis institutionell, mit Rechtsgrundlage, Gewissheit und Quelle."
        ),
        description_en=(
            "The forms of cooperation under each Land's law, from informal to "
            "institutional, with legal basis, certainty and source."
        ),
        official=False,
        rows=form_rows,
    ),
    Dataset(
        slug="foerderprogramme",
        title=_("Förderprogramme für interkommunale Zusammenarbeit je Land"),
        title_en="Funding programmes for inter-municipal cooperation per Land",
        description=_(
            "Die Förderprogramme der Länder mit ihren prüfbaren Regeln (Mindestzahl "
            "der Partner, Laufzeit, Einsparziel, Zuschüsse), Gewissheit und Quelle."
        ),
        description_en=(
            "The Länder's funding programmes with the rules that can be checked "
            "(minimum partners, term, savings target, grants), certainty and source."
        ),
        official=False,
        rows=funding_rows,
    ),
    Dataset(
        slug="gemeindeverzeichnis",
        title=_("Gemeinden mit amtlichen Einwohnerzahlen und Flächen"),
        title_en="Municipalities with official population and area",
        description=_(
            "Amtlicher Gemeindeschlüssel, Name, Kreis und Land, Einwohnerzahl mit "
            "Stichtag und Zensusbasis, Fläche mit Stichtag (Gemeindeverzeichnis "
            "GV100AD des Statistischen Bundesamtes)."
        ),
        description_en=(
            "Official municipality key, name, Kreis and Land, population with "
            "reference date and census basis, area with reference date (Destatis "
            "municipality directory GV100AD)."
        ),
        official=True,
        rows=municipality_rows,
    ),
]
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "CSV", "text/csv"),
    "json": ("application/json", "JSON", "application/json"),
}


def dataset_for(file_name: str) -> Dataset | None:
    """The dataset a file name of the download folder belongs to, if any."""
    slug, _dot, extension = file_name.partition(".")
    if extension not in FORMATS:
        return None
    return next((d for d in DATASETS if d.slug == slug), None)


def _header(dataset: Dataset, generated: datetime) -> dict:
    licence = dataset.licence
    return {
        "titel": str(dataset.title),
        "beschreibung": str(dataset.description),
        "lizenz": licence.as_dict(),
        "namensnennung": licence.attribution,
        "stand": generated.isoformat(timespec="seconds"),
        "quelle": public_url(reverse("register:open_data_list")),
    }


def as_json(dataset: Dataset, rows: list[dict], generated: datetime) -> bytes:
    document = {**_header(dataset, generated), "daten": rows}
    return json.dumps(
        document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
    ).encode()


def as_csv(dataset: Dataset, rows: list[dict], generated: datetime) -> bytes:
    """Comma-separated (RFC 4180), UTF-8. The licence, attribution and date stand
    in comment lines („# …“) before the header; lists are joined with „ | “, free
    text is neutralised against spreadsheet formulas."""
    header = _header(dataset, generated)
    licence = dataset.licence
    buffer = io.StringIO()
    buffer.write(f"# {header['titel']}\n")
    buffer.write(f"# Lizenz: {licence.name} ({licence.url})\n")
    buffer.write(f"# Namensnennung: {licence.attribution}\n")
    buffer.write(f"# Stand: {header['stand']}; Quelle: {header['quelle']}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    columns = list(rows[0]) if rows else []
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row[column]) for column in columns])
    return buffer.getvalue().encode()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
        return neutralise(LIST_SEPARATOR.join(str(item) for item in value))
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


@dataclass(frozen=True)
class DataFile:
    dataset: Dataset
    name: str
    extension: str
    size: int
    modified: datetime

    @property
    def media_type(self) -> str:
        return FORMATS[self.extension][0]

    @property
    def url(self) -> str:
        return reverse("register:open_data_download", args=[self.name])


def data_files(storage: Storage) -> list[DataFile]:
    """The files written so far, in the order of DATASETS and FORMATS."""
    found = []
    for dataset in DATASETS:
        for extension in FORMATS:
            name = dataset.file_name(extension)
            if storage.exists(name):
                found.append(
                    DataFile(
                        dataset=dataset,
                        name=name,
                        extension=extension,
                        size=storage.size(name),
                        modified=storage.get_modified_time(name),
                    )
                )
    return found


def _texts(german: str, english: str) -> list[dict]:
    return [
        {"@value": str(german), "@language": "de"},
        {"@value": english, "@language": "en"},
    ]


def _when(moment: datetime) -> dict:
    return {"@value": moment.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}


CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority/"


def catalogue(files: list[DataFile]) -> dict:
    """The DCAT-AP.de catalogue (JSON-LD, its context inline) of the datasets and
    the files written so far; licences on the distributions, as DCAT-AP.de asks.
    Titles and descriptions in German and English, whatever the request's."""
    with translation.override("de"):
        return _catalogue(files)


def _catalogue(files: list[DataFile]) -> dict:
    with_files = {}
    for data_file in files:
        with_files.setdefault(data_file.dataset.slug, []).append(data_file)
    publisher = {
        "@id": public_url("/#betreiber"),
        "@type": "foaf:Organization",
        "foaf:name": portal_licence().attribution,
    }
    page = public_url(reverse("register:open_data_list"))
    datasets = []
    for dataset in DATASETS:
        own = with_files.get(dataset.slug, [])
        licence = dataset.licence
        entry = {
            "@id": f"{page}#{dataset.slug}",
            "@type": "dcat:Dataset",
            "dct:identifier": dataset.slug,
            "dct:title": _texts(dataset.title, dataset.title_en),
            "dct:description": _texts(dataset.description, dataset.description_en),
            "dct:publisher": {"@id": publisher["@id"]},
            "dct:language": {"@id": f"{EU}language/DEU"},
            "dct:accrualPeriodicity": {"@id": f"{EU}frequency/DAILY"},
            "dcat:theme": {"@id": f"{EU}data-theme/GOVE"},
            "dcat:landingPage": {"@id": page},
            "dcat:distribution": [
                {
                    "@id": public_url(data_file.url),
                    "@type": "dcat:Distribution",
                    "dct:title": f"{dataset.slug}.{data_file.extension}",
                    "dcat:accessURL": {"@id": public_url(data_file.url)},
                    "dcat:downloadURL": {"@id": public_url(data_file.url)},
                    "dct:format": {
                        "@id": f"{EU}file-type/{FORMATS[data_file.extension][1]}"
                    },
                    "dcat:mediaType": {
                        "@id": "https://www.iana.org/assignments/media-types/"
                        + FORMATS[data_file.extension][2]
                    },
                    "dcat:byteSize": {
                        "@value": str(data_file.size),
                        "@type": "xsd:nonNegativeInteger",
                    },
                    "dct:license": {"@id": licence.uri},
                    "dcatde:licenseAttributionByText": licence.attribution,
                    "dct:modified": _when(data_file.modified),
                }
                for data_file in own
            ],
        }
        if own:
            entry["dct:modified"] = _when(max(f.modified for f in own))
        datasets.append(entry)
    modified = [f.modified for f in files] or [timezone.now()]
    return {
        "@context": CONTEXT,
        "@id": public_url(reverse("register:open_data_catalogue")),
        "@type": "dcat:Catalog",
        "dct:title": _texts(_("LebensWert – offene Daten"), "LebensWert – open data"),
        "dct:description": _texts(
            _(
                "Das öffentliche Register interkommunaler Kooperationen und die "
                "Referenzdaten des Portals LebensWert."
            ),
            "The public register of inter-municipal cooperations and the reference "
            "data of the LebensWert portal.",
        ),
        "dct:publisher": publisher,
        "dct:language": {"@id": f"{EU}language/DEU"},
        "foaf:homepage": {"@id": public_url("/")},
        "dct:modified": _when(max(modified)),
        "dcat:dataset": datasets,
    }


def catalogue_json(files: list[DataFile]) -> str:
    return json.dumps(catalogue(files), ensure_ascii=False, indent=1)


def check_data_licence(app_configs=None, **kwargs) -> list[checks.Error]:
    """The operator's licence must be one the catalogue can name (a system check,
    so a typing error stops the start instead of the nightly job)."""
    chosen = settings.LEBENSWERT_DATA_LICENCE["id"]
    if chosen in LICENCES:
        return []
    return [
        checks.Error(
            f"LEBENSWERT_DATA_LICENCE {chosen!r} is no licence of the DCAT-AP.de "
            "vocabulary the portal knows.",
            hint=f"One of {', '.join(sorted(LICENCES))} (README, Konfiguration).",
            id="cooperations.E001",
        )
    ]
