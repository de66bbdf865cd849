"""Parsers for the official files an admin downloads: Destatis GV100AD, BKG GeoJSON.

Parsers only read and validate; they return plain records and raise
`ImportFileError` naming the line (or feature) of the first problem. Writing is
done by `municipalities.actions`, all in one transaction.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
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


def parse_gv100ad(raw_lines: Iterable[bytes]) -> Directory:
    """Parse the GV100AD fixed-width file (UTF-8, 220 characters a record).

    Columns are 1-based as in Destatis' record description (see README).
    """
    directory = Directory()
    seen: dict[tuple[str, str], int] = {}
    known_laender: set[str] = set()
    known_kreise: set[str] = set()
    known_verbaende: set[str] = set()
    for number, raw in enumerate(raw_lines, start=1):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ImportFileError(
                "Die Datei ist nicht UTF-8-kodiert (Byte "
                f"{error.start + 1}). Laden Sie die Originaldatei von Destatis hoch.",
                line=number,
            ) from None
        text = text.rstrip("\r\n")
        if number == 1:
            text = text.removeprefix("\ufeff")
        if not text.strip():
            continue
        if len(text) != GV100AD_RECORD_LENGTH:
            raise ImportFileError(
                f"Der Datensatz hat {len(text)} statt {GV100AD_RECORD_LENGTH} Zeichen "
                "(abgeschnitten oder kein GV100AD-Format).",
                line=number,
            )
        satzart = text[0:2]
        stand = _digits(text[2:10], what="Gebietsstand", line=number)
        try:
            stand_date = date(int(stand[:4]), int(stand[4:6]), int(stand[6:8]))
        except ValueError:
            raise ImportFileError(
                f"Gebietsstand {stand} ist kein Datum.", line=number
            ) from None
        if directory.territory_date is None:
            directory.territory_date = stand_date
        elif stand_date != directory.territory_date:
            raise ImportFileError(
                f"Gebietsstand {stand_date:%d.%m.%Y} weicht vom Gebietsstand der Datei "
                f"({directory.territory_date:%d.%m.%Y}) ab.",
                line=number,
            )
        land = text[10:12]
        rb = text[12:13]
        kreis = text[13:15]
        gemeinde = text[15:18]
        verband = text[18:22]
        # Columns count the file's characters; names are stored NFC-normalised
        # (a decomposed "ä" becomes the one character "ä") by the free-text rule.
        name = _name(text[22:72], what="Name", line=number)
        seat = _name(text[72:122], what="Sitz", line=number)
        kennzeichen = text[122:124].strip()
        if satzart == "10":
            code = _digits(land, what="Landesschlüssel", line=number)
            key = (satzart, code)
            record = LandRecord(code=code, name=name, seat=seat)
            known_laender.add(code)
            target = directory.laender
        elif satzart == "20":
            code = _digits(land + rb, what="Regierungsbezirksschlüssel", line=number)
            _require_land(code, known_laender, line=number)
            key = (satzart, code)
            record = BezirkRecord(code=code, name=name, seat=seat)
            target = directory.bezirke
        elif satzart == "30":
            # Regionen (Baden-Württemberg) are not part of the portal's hierarchy.
            continue
        elif satzart == "40":
            code = _digits(land + rb + kreis, what="Kreisschlüssel", line=number)
            _require_land(code, known_laender, line=number)
            if kennzeichen not in KREIS_TYPES:
                raise ImportFileError(
                    f"Unbekanntes Textkennzeichen „{kennzeichen}“ für einen Kreis.",
                    line=number,
                )
            key = (satzart, code)
            record = KreisRecord(code=code, name=name, seat=seat, type=kennzeichen)
            known_kreise.add(code)
            target = directory.kreise
        elif satzart == "50":
            kreis_code = _digits(land + rb + kreis, what="Kreisschlüssel", line=number)
            code = kreis_code + _digits(verband, what="Verbandsschlüssel", line=number)
            if kreis_code not in known_kreise:
                # Some unincorporated areas have no Kreis record (07000, 13000 in
                # the 2025 file): the Verband stands for the Kreis.
                _require_land(kreis_code, known_laender, line=number)
                directory.kreise.append(
                    KreisRecord(code=kreis_code, name=name, seat=seat, type=NO_KREIS)
                )
                known_kreise.add(kreis_code)
            if kennzeichen not in VERBAND_TYPES:
                raise ImportFileError(
                    f"Unbekanntes Textkennzeichen „{kennzeichen}“ für einen "
                    "Gemeindeverband.",
                    line=number,
                )
            key = (satzart, code)
            record = VerbandRecord(code=code, name=name, seat=seat, type=kennzeichen)
            known_verbaende.add(code)
            target = directory.verbaende
        elif satzart == "60":
            ags = _digits(land + rb + kreis + gemeinde, what="AGS", line=number)
            verband_code = _digits(verband, what="Verbandsschlüssel", line=number)
            if ags[:5] not in known_kreise:
                raise ImportFileError(
                    f"Gemeinde {ags} gehört zu einem Kreis {ags[:5]}, der vorher nicht "
                    "aufgeführt ist.",
                    line=number,
                )
            if ags[:5] + verband_code not in known_verbaende:
                raise ImportFileError(
                    f"Gemeinde {ags} gehört zu einem Gemeindeverband "
                    f"{ags[:5]}{verband_code}, der vorher nicht aufgeführt ist.",
                    line=number,
                )
            if kennzeichen not in MUNICIPALITY_TYPES:
                raise ImportFileError(
                    f"Unbekanntes Textkennzeichen „{kennzeichen}“ für eine Gemeinde.",
                    line=number,
                )
            if not name:
                raise ImportFileError(f"Gemeinde {ags} hat keinen Namen.", line=number)
            area_ha = _number(text[128:139], what="Fläche", line=number)
            key = (satzart, ags)
            postcode = text[165:170].strip()
            if postcode and not postcode.isdigit():
                raise ImportFileError(
                    f"Postleitzahl „{postcode}“ hat nicht 5 Ziffern.", line=number
                )
            record = MunicipalityRecord(
                ags=ags,
                ars=ags[:5] + verband_code + ags[5:],
                name=name,
                type=kennzeichen,
                area_km2=(Decimal(area_ha) / 100) if area_ha is not None else None,
                population=_number(text[139:150], what="Bevölkerung", line=number),
                postcode=postcode,
                postcode_multiple=bool(text[170:175].strip()),
                line=number,
            )
            target = directory.municipalities
        else:
            raise ImportFileError(
                f"Unbekannte Satzart „{satzart}“ "
                "(erwartet 10, 20, 30, 40, 50 oder 60).",
                line=number,
            )
        if key in seen:
            raise ImportFileError(
                f"Schlüssel {key[1]} kommt doppelt vor (zuerst in Zeile {seen[key]}).",
                line=number,
            )
        seen[key] = number
        target.append(record)
    if not directory.municipalities:
        raise ImportFileError(
            "Die Datei enthält keine Gemeinde-Datensätze (Satzart 60)."
        )
    return directory


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
