"""Parsers for the official files an admin downloads: Destatis GV100AD, BKG GeoJSON,
population series and projections as CSV.

Parsers only read and validate; they return plain records and raise
`ImportFileError` naming the line (or feature) of the first problem. Writing is
done by `municipalities.actions`, all in one transaction.
"""

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from lebenswert.core import text as free_text

GV100AD_RECORD_LENGTH = 220
GV100AD_SOURCE = "Destatis, Gemeindeverzeichnis GV100AD"


class ImportFileError(ValueError):
    """The file cannot be imported; the message names where and why."""

    def __init__(self, message: str, *, line: int | None = None):
        self.line = line
        super().__init__(f"Zeile {line}: {message}" if line else message)


@dataclass(frozen=True)
class LandRecord:
    code: str
    name: str
    seat: str


@dataclass(frozen=True)
class BezirkRecord:
    code: str
    name: str
    seat: str


@dataclass(frozen=True)
class KreisRecord:
    code: str
    name: str
    seat: str
    type: str


@dataclass(frozen=True)
class VerbandRecord:
    code: str
    name: str
    seat: str
    type: str


@dataclass(frozen=True)
class MunicipalityRecord:
    ags: str
    ars: str
    name: str
    type: str
    area_km2: Decimal | None
    population: int | None
    postcode: str
    postcode_multiple: bool
    line: int


@dataclass
class Directory:
    territory_date: date | None = None
    laender: list[LandRecord] = field(default_factory=list)
    bezirke: list[BezirkRecord] = field(default_factory=list)
    kreise: list[KreisRecord] = field(default_factory=list)
    verbaende: list[VerbandRecord] = field(default_factory=list)
    municipalities: list[MunicipalityRecord] = field(default_factory=list)


MUNICIPALITY_TYPES = {"60", "61", "62", "63", "64", "65", "66", "67"}
KREIS_TYPES = {"41", "42", "43", "44", "45"}
NO_KREIS = "00"  # a Kreis level the file implies but does not list
VERBAND_TYPES = {"50", "51", "52", "53", "54", "55", "56", "57", "58"}


def _digits(value: str, *, what: str, line: int, allow_blank: bool = False) -> str:
    if allow_blank and not value.strip():
        return ""
    if not value.isdigit():
        raise ImportFileError(
            f"{what} „{value.strip()}“ ist keine Ziffernfolge.", line=line
        )
    return value


def _number(value: str, *, what: str, line: int) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit():
        raise ImportFileError(f"{what} „{value}“ ist keine Zahl.", line=line)
    return int(value)


def _name(value: str, *, what: str, line: int) -> str:
    try:
        return free_text.check(value.strip(), field=what, multiline=False)
    except ValidationError as error:
        raise ImportFileError(error.messages[0], line=line) from None


def _require_land(code: str, known_laender: set[str], *, line: int) -> None:
    # Otherwise the missing Land only shows as a foreign-key error at commit.
    if code[:2] not in known_laender:
        raise ImportFileError(
            f"Schlüssel {code} gehört zu einem Land {code[:2]}, das vorher nicht "
            "aufgeführt ist.",
            line=line,
        )


def _known_type(kennzeichen: str, types: set[str], *, of: str, line: int) -> str:
    if kennzeichen not in types:
        raise ImportFileError(
            f"Unbekanntes Textkennzeichen „{kennzeichen}“ für {of}.", line=line
        )
    return kennzeichen


def _record_text(raw: bytes, *, line: int) -> str | None:
    """The record as text without its line end; None for a blank line."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            "Die Datei ist nicht UTF-8-kodiert (Byte "
            f"{error.start + 1}). Laden Sie die Originaldatei von Destatis hoch.",
            line=line,
        ) from None
    text = text.rstrip("\r\n")
    if line == 1:
        text = text.removeprefix("\ufeff")
    if not text.strip():
        return None
    if len(text) != GV100AD_RECORD_LENGTH:
        raise ImportFileError(
            f"Der Datensatz hat {len(text)} statt {GV100AD_RECORD_LENGTH} Zeichen "
            "(abgeschnitten oder kein GV100AD-Format).",
            line=line,
        )
    return text


def _territory_date(text: str, *, line: int) -> date:
    stand = _digits(text[2:10], what="Gebietsstand", line=line)
    try:
        return date(int(stand[:4]), int(stand[4:6]), int(stand[6:8]))
    except ValueError:
        raise ImportFileError(
            f"Gebietsstand {stand} ist kein Datum.", line=line
        ) from None


@dataclass(slots=True)
class _Record:
    """The columns every GV100AD record has (1-based in Destatis' description)."""

    line: int
    text: str
    satzart: str
    land: str
    rb: str
    kreis: str
    gemeinde: str
    verband: str
    name: str
    seat: str
    kennzeichen: str

    @classmethod
    def split(cls, text: str, *, line: int) -> "_Record":
        # Columns count the file's characters; names are stored NFC-normalised
        # (a decomposed "ä" becomes the one character "ä") by the free-text rule.
        return cls(
            line=line,
            text=text,
            satzart=text[0:2],
            land=text[10:12],
            rb=text[12:13],
            kreis=text[13:15],
            gemeinde=text[15:18],
            verband=text[18:22],
            name=_name(text[22:72], what="Name", line=line),
            seat=_name(text[72:122], what="Sitz", line=line),
            kennzeichen=text[122:124].strip(),
        )


class _Gv100adReader:
    """Reads the records in order; each may refer only to records read before it."""

    def __init__(self):
        self.directory = Directory()
        self.seen: dict[tuple[str, str], int] = {}
        self.known_laender: set[str] = set()
        self.known_kreise: set[str] = set()
        self.known_verbaende: set[str] = set()
        self.parsers = {
            "10": self._land,
            "20": self._bezirk,
            "40": self._kreis,
            "50": self._verband,
            "60": self._municipality,
        }

    def read(self, raw: bytes, *, line: int) -> None:
        text = _record_text(raw, line=line)
        if text is None:
            return
        self._check_territory_date(_territory_date(text, line=line), line=line)
        record = _Record.split(text, line=line)
        if record.satzart == "30":
            # Regionen (Baden-Württemberg) are not part of the portal's hierarchy.
            return
        if record.satzart not in self.parsers:
            raise ImportFileError(
                f"Unbekannte Satzart „{record.satzart}“ "
                "(erwartet 10, 20, 30, 40, 50 oder 60).",
                line=line,
            )
        code, parsed, target = self.parsers[record.satzart](record)
        key = (record.satzart, code)
        if key in self.seen:
            first = self.seen[key]
            raise ImportFileError(
                f"Schlüssel {code} kommt doppelt vor (zuerst in Zeile {first}).",
                line=line,
            )
        self.seen[key] = line
        target.append(parsed)

    def _check_territory_date(self, stand_date: date, *, line: int) -> None:
        directory = self.directory
        if directory.territory_date is None:
            directory.territory_date = stand_date
        elif stand_date != directory.territory_date:
            raise ImportFileError(
                f"Gebietsstand {stand_date:%d.%m.%Y} weicht vom Gebietsstand der Datei "
                f"({directory.territory_date:%d.%m.%Y}) ab.",
                line=line,
            )

    def _land(self, r: _Record) -> tuple[str, LandRecord, list]:
        code = _digits(r.land, what="Landesschlüssel", line=r.line)
        self.known_laender.add(code)
        record = LandRecord(code=code, name=r.name, seat=r.seat)
        return code, record, self.directory.laender

    def _bezirk(self, r: _Record) -> tuple[str, BezirkRecord, list]:
        code = _digits(r.land + r.rb, what="Regierungsbezirksschlüssel", line=r.line)
        _require_land(code, self.known_laender, line=r.line)
        record = BezirkRecord(code=code, name=r.name, seat=r.seat)
        return code, record, self.directory.bezirke

    def _kreis(self, r: _Record) -> tuple[str, KreisRecord, list]:
        code = _digits(r.land + r.rb + r.kreis, what="Kreisschlüssel", line=r.line)
        _require_land(code, self.known_laender, line=r.line)
        kind = _known_type(r.kennzeichen, KREIS_TYPES, of="einen Kreis", line=r.line)
        self.known_kreise.add(code)
        record = KreisRecord(code=code, name=r.name, seat=r.seat, type=kind)
        return code, record, self.directory.kreise

    def _verband(self, r: _Record) -> tuple[str, VerbandRecord, list]:
        kreis_code = _digits(
            r.land + r.rb + r.kreis, what="Kreisschlüssel", line=r.line
        )
        code = kreis_code + _digits(r.verband, what="Verbandsschlüssel", line=r.line)
        if kreis_code not in self.known_kreise:
            # Some unincorporated areas have no Kreis record (07000, 13000 in
            # the 2025 file): the Verband stands for the Kreis.
            _require_land(kreis_code, self.known_laender, line=r.line)
            self.directory.kreise.append(
                KreisRecord(code=kreis_code, name=r.name, seat=r.seat, type=NO_KREIS)
            )
            self.known_kreise.add(kreis_code)
        kind = _known_type(
            r.kennzeichen, VERBAND_TYPES, of="einen Gemeindeverband", line=r.line
        )
        self.known_verbaende.add(code)
        record = VerbandRecord(code=code, name=r.name, seat=r.seat, type=kind)
        return code, record, self.directory.verbaende

    def _municipality(self, r: _Record) -> tuple[str, MunicipalityRecord, list]:
        line, text = r.line, r.text
        ags = _digits(r.land + r.rb + r.kreis + r.gemeinde, what="AGS", line=line)
        verband_code = _digits(r.verband, what="Verbandsschlüssel", line=line)
        if ags[:5] not in self.known_kreise:
            raise ImportFileError(
                f"Gemeinde {ags} gehört zu einem Kreis {ags[:5]}, der vorher nicht "
                "aufgeführt ist.",
                line=line,
            )
        if ags[:5] + verband_code not in self.known_verbaende:
            raise ImportFileError(
                f"Gemeinde {ags} gehört zu einem Gemeindeverband "
                f"{ags[:5]}{verband_code}, der vorher nicht aufgeführt ist.",
                line=line,
            )
        kind = _known_type(
            r.kennzeichen, MUNICIPALITY_TYPES, of="eine Gemeinde", line=line
        )
        if not r.name:
            raise ImportFileError(f"Gemeinde {ags} hat keinen Namen.", line=line)
        area_ha = _number(text[128:139], what="Fläche", line=line)
        postcode = text[165:170].strip()
        if postcode and not postcode.isdigit():
            raise ImportFileError(
                f"Postleitzahl „{postcode}“ hat nicht 5 Ziffern.", line=line
            )
        record = MunicipalityRecord(
            ags=ags,
            ars=ags[:5] + verband_code + ags[5:],
            name=r.name,
            type=kind,
            area_km2=(Decimal(area_ha) / 100) if area_ha is not None else None,
            population=_number(text[139:150], what="Bevölkerung", line=line),
            postcode=postcode,
            postcode_multiple=bool(text[170:175].strip()),
            line=line,
        )
        return ags, record, self.directory.municipalities


def parse_gv100ad(raw_lines: Iterable[bytes]) -> Directory:
    """Parse the GV100AD fixed-width file (UTF-8, 220 characters a record).

    Columns are 1-based as in Destatis' record description (see README).
    """
    reader = _Gv100adReader()
    for number, raw in enumerate(raw_lines, start=1):
        reader.read(raw, line=number)
    if not reader.directory.municipalities:
        raise ImportFileError(
            "Die Datei enthält keine Gemeinde-Datensätze (Satzart 60)."
        )
    return reader.directory


@dataclass(frozen=True)
class BoundaryRecord:
    ags: str
    geometry: dict
    feature: int


def parse_boundaries(raw: bytes) -> list[BoundaryRecord]:
    """Parse a GeoJSON FeatureCollection of municipality outlines keyed by `ags`."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ImportFileError("Die Datei ist nicht UTF-8-kodiert.") from None
    except json.JSONDecodeError as error:
        raise ImportFileError(
            f"Kein gültiges JSON: {error.msg}.", line=error.lineno
        ) from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise ImportFileError("Erwartet wird eine GeoJSON-FeatureCollection.")
    records: list[BoundaryRecord] = []
    seen: dict[str, int] = {}
    for index, feature in enumerate(data.get("features") or [], start=1):
        where = f"Objekt {index}"
        if not isinstance(feature, dict):
            raise ImportFileError(f"{where}: kein GeoJSON-Feature.")
        properties = feature.get("properties")
        if not isinstance(properties, dict):
            properties = {}
        ags = str(properties.get("ags") or properties.get("AGS") or "").strip()
        if len(ags) != 8 or not ags.isdigit():
            raise ImportFileError(
                f"{where}: Eigenschaft „ags“ fehlt oder hat nicht 8 Ziffern."
            )
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in {
            "Polygon",
            "MultiPolygon",
        }:
            raise ImportFileError(
                f"{where} ({ags}): Geometrie muss Polygon oder MultiPolygon sein."
            )
        if not _valid_coordinates(geometry):
            raise ImportFileError(
                f"{where} ({ags}): Koordinaten fehlen oder liegen nicht in WGS84."
            )
        if ags in seen:
            raise ImportFileError(
                f"{where}: AGS {ags} kommt doppelt vor (zuerst in Objekt {seen[ags]})."
            )
        seen[ags] = index
        records.append(BoundaryRecord(ags=ags, geometry=geometry, feature=index))
    if not records:
        raise ImportFileError("Die Datei enthält keine Gemeindegrenzen.")
    return records


def _valid_coordinates(geometry: dict) -> bool:
    polygons = geometry.get("coordinates")
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    try:
        rings = [ring for polygon in polygons for ring in polygon]
        points = [point for ring in rings for point in ring]
        return bool(points) and all(
            -180 <= float(lon) <= 180 and -90 <= float(lat) <= 90
            for lon, lat, *_ in points
        )
    except (TypeError, ValueError):
        return False


# Population series and projections as CSV, the way staff save the statistical
# offices' tables from a spreadsheet: semicolon or comma, UTF-8 or Windows-1252,
# German thousands separators. One header row names the columns.

SERIES_HEADERS = {
    "ags": {"ags", "gemeindeschlüssel", "gemeindeschluessel", "schlüssel", "gkz"},
    "year": {"jahr", "year"},
    "date": {"stichtag", "datum", "date"},
    "population": {"einwohner", "bevölkerung", "bevoelkerung", "population"},
    "basis": {"zensusbasis", "basis", "census_basis"},
}
PROJECTION_HEADERS = {
    "key": {
        "schlüssel", "schluessel", "ags", "kreisschlüssel", "kreisschluessel",
        "gemeindeschlüssel", "gemeindeschluessel", "key",
    },
    "year": {"jahr", "year"},
    "population": {"einwohner", "bevölkerung", "bevoelkerung", "population"},
}  # fmt: skip
COLUMN_NAMES = {
    "ags": "AGS",
    "key": "Schlüssel",
    "year": "Jahr",
    "date": "Stichtag",
    "population": "Einwohner",
    "basis": "Zensusbasis",
}
CENSUS_BASES = {
    "zensus2011": "zensus2011",
    "zensus 2011": "zensus2011",
    "2011": "zensus2011",
    "zensus2022": "zensus2022",
    "zensus 2022": "zensus2022",
    "2022": "zensus2022",
}
MIN_YEAR, MAX_YEAR = 1950, 2100


@dataclass(frozen=True)
class SeriesRecord:
    ags: str
    date: date
    population: int
    basis: str
    line: int


@dataclass(frozen=True)
class ProjectionRecord:
    key: str  # a Kreis (5 digits) or a municipality (AGS, 8 digits)
    year: int
    population: int
    line: int


def _csv_rows(raw: bytes, headers: dict[str, set[str]], required: tuple[str, ...]):
    """(line, {column: cell}) for each non-blank row after the header."""
    if not raw.strip():
        raise ImportFileError("Die Datei ist leer.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns: dict[str, int] = {}
    for index, name in enumerate(next(reader)):
        for column, aliases in headers.items():
            if name.strip().lower() in aliases and column not in columns:
                columns[column] = index
    missing = [COLUMN_NAMES[column] for column in required if column not in columns]
    if missing:
        raise ImportFileError(
            f"Spalten fehlen in der Kopfzeile: {', '.join(missing)}.", line=1
        )
    try:
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            yield (
                reader.line_num,
                {
                    column: cells[index].strip() if index < len(cells) else ""
                    for column, index in columns.items()
                },
            )
    except csv.Error as error:
        raise ImportFileError(
            f"Die Zeile ist kein gültiges CSV ({error}).", line=reader.line_num
        ) from None


def _count_of_people(text: str, *, line: int) -> int:
    """'18743', '18.743' or '18 743' → 18743; a fraction or sign is refused."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(".", "")
    if not cleaned:
        raise ImportFileError("Die Einwohnerzahl fehlt.", line=line)
    if not cleaned.isdigit() or (
        "." in text and not re.fullmatch(r"\d{1,3}(\.\d{3})+", text.strip())
    ):
        raise ImportFileError(
            f"Einwohnerzahl „{text}“ ist keine ganze Zahl ≥ 0.", line=line
        )
    return int(cleaned)


def _year(text: str, *, line: int) -> int:
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise ImportFileError(
            f"Jahr „{text}“ ist keine Jahreszahl zwischen {MIN_YEAR} und {MAX_YEAR}.",
            line=line,
        )
    return int(text)


def _reference_date(cells: dict[str, str], *, line: int) -> date:
    """The column Jahr (31.12. of that year) or Stichtag (TT.MM.JJJJ or ISO)."""
    if cells.get("year"):
        return date(_year(cells["year"], line=line), 12, 31)
    text = cells.get("date", "")
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            pass
    raise ImportFileError(f"Stichtag „{text}“ ist kein Datum (TT.MM.JJJJ).", line=line)


def _first_time(seen: dict, key: tuple, *, what: str, line: int) -> None:
    if key in seen:
        raise ImportFileError(
            f"{what} kommt doppelt vor (zuerst in Zeile {seen[key]}).", line=line
        )
    seen[key] = line


def parse_population_series(
    raw: bytes, *, default_basis: str = ""
) -> list[SeriesRecord]:
    """Annual population per AGS with its census basis (column or `default_basis`)."""
    records: list[SeriesRecord] = []
    seen: dict[tuple[str, date], int] = {}
    for line, cells in _csv_rows(raw, SERIES_HEADERS, ("ags", "population")):
        ags = cells["ags"].replace(" ", "")
        if len(ags) == 7 and ags.isdigit():
            ags = "0" + ags  # a spreadsheet dropped the leading zero
        if len(ags) != 8 or not ags.isdigit():
            raise ImportFileError(
                f"AGS „{cells['ags']}“ hat nicht 8 Ziffern.", line=line
            )
        if not cells.get("year") and not cells.get("date"):
            raise ImportFileError("Jahr oder Stichtag fehlt.", line=line)
        when = _reference_date(cells, line=line)
        basis_text = cells.get("basis", "").lower()
        basis = CENSUS_BASES.get(basis_text) if basis_text else default_basis
        if not basis:
            raise ImportFileError(
                f"Zensusbasis „{cells.get('basis', '')}“ unbekannt (erwartet Zensus "
                "2011 oder Zensus 2022)."
                if basis_text
                else "Die Zensusbasis fehlt: Spalte Zensusbasis oder eine Vorgabe für "
                "Zeilen ohne Angabe (beim Upload „Zensusbasis für Zeilen ohne "
                "Angabe“, im Befehl --census-basis).",
                line=line,
            )
        _first_time(seen, (ags, when), what=f"AGS {ags} zum {when:%d.%m.%Y}", line=line)
        population = _count_of_people(cells["population"], line=line)
        records.append(SeriesRecord(ags, when, population, basis, line))
    if not records:
        raise ImportFileError("Die Datei enthält keine Einwohnerzahlen.")
    return records


def parse_projection(raw: bytes) -> list[ProjectionRecord]:
    """Projected population per Kreis (5 digits) or municipality (8) and year."""
    records: list[ProjectionRecord] = []
    seen: dict[tuple[str, int], int] = {}
    for line, cells in _csv_rows(
        raw, PROJECTION_HEADERS, ("key", "year", "population")
    ):
        key = cells["key"].replace(" ", "")
        if not key.isdigit() or len(key) not in (5, 8):
            raise ImportFileError(
                f"Schlüssel „{cells['key']}“ ist weder ein Kreisschlüssel (5 Ziffern) "
                "noch ein AGS (8 Ziffern).",
                line=line,
            )
        year = _year(cells["year"], line=line)
        _first_time(
            seen, (key, year), what=f"Schlüssel {key} im Jahr {year}", line=line
        )
        population = _count_of_people(cells["population"], line=line)
        records.append(ProjectionRecord(key, year, population, line))
    if not records:
        raise ImportFileError("Die Datei enthält keine vorausberechneten Werte.")
    return records
