"""The parsers of the official files: GV100AD (Destatis) and boundaries (BKG).

`gv100ad_record`, `mini_gv100ad` and `geojson` build small files for the tests of
the actions, the commands and the worker as well.
"""

import json
from datetime import date
from decimal import Decimal

import pytest

from municipalities.importers import (
    GV100AD_RECORD_LENGTH,
    ImportFileError,
    parse_boundaries,
    parse_gv100ad,
)
from tests.conftest import GV100AD_PATH, SHARED_DATA, require_official_file

STAND = "20251130"
WERRA_MEISSNER_BOUNDARIES = SHARED_DATA / "werra_meissner_gemeinden_vg5000_2021.geojson"
HESSEN_BOUNDARIES = SHARED_DATA / "hessen_gemeinden_vg5000_2021.geojson"


def gv100ad_record(
    *,
    satzart: str,
    land: str = "",
    rb: str = "",
    kreis: str = "",
    gemeinde: str = "",
    verband: str = "",
    name: str = "",
    seat: str = "",
    kennzeichen: str = "",
    area_ha: int | str | None = None,
    population: int | str | None = None,
    postcode: str = "",
    postcode_multiple: str = "",
    stand: str = STAND,
) -> str:
    """One 220-character record with each field at Destatis' 1-based columns."""
    record = [" "] * GV100AD_RECORD_LENGTH

    def put(first: int, last: int, value, *, number: bool = False) -> None:
        width = last - first + 1
        text = str(value).rjust(width, "0") if number else str(value).ljust(width)
        assert len(text) == width, f"{value!r} does not fit columns {first}–{last}"
        record[first - 1 : last] = text

    put(1, 2, satzart)
    put(3, 10, stand)
    put(11, 12, land)
    put(13, 13, rb)
    put(14, 15, kreis)
    put(16, 18, gemeinde)
    put(19, 22, verband)
    put(23, 72, name)
    put(73, 122, seat)
    put(123, 124, kennzeichen)
    if area_ha is not None:
        put(129, 139, area_ha, number=True)
    if population is not None:
        put(140, 150, population, number=True)
    put(166, 170, postcode)
    put(171, 175, postcode_multiple)
    return "".join(record)


def mini_gv100ad(**changes) -> list[str]:
    """Three Länder, four municipalities; `line_5=dict(...)` changes one record.

    Line 5 is Eschwege, 7 Meißner, 12 Marktl (a Markt in a
    Verwaltungsgemeinschaft), 15 the deutsch-luxemburgisches Hoheitsgebiet, whose
    Kreis 07000 has no Kreis record (Satzart 40).
    """
    fields = [
        dict(satzart="10", land="06", name="Hessen", seat="Wiesbaden"),
        dict(satzart="20", land="06", rb="6", name="Reg.-Bez. Kassel", seat="Kassel"),
        dict(
            satzart="40", land="06", rb="6", kreis="36", name="Werra-Meißner-Kreis",
            seat="Eschwege", kennzeichen="44",
        ),
        dict(
            satzart="50", land="06", rb="6", kreis="36", verband="0003",
            name="Eschwege, Kreisstadt", kennzeichen="50",
        ),
        dict(
            satzart="60", land="06", rb="6", kreis="36", gemeinde="003",
            verband="0003", name="Eschwege, Kreisstadt", kennzeichen="63",
            area_ha=6326, population=18743, postcode="37269",
        ),
        dict(
            satzart="50", land="06", rb="6", kreis="36", verband="0008",
            name="Meißner", kennzeichen="50",
        ),
        dict(
            satzart="60", land="06", rb="6", kreis="36", gemeinde="008",
            verband="0008", name="Meißner", kennzeichen="64", area_ha=4481,
            population=2915, postcode="37290",
        ),
        dict(satzart="10", land="09", name="Bayern", seat="München"),
        dict(satzart="20", land="09", rb="1", name="Oberbayern", seat="München"),
        dict(
            satzart="40", land="09", rb="1", kreis="71", name="Altötting",
            seat="Altötting", kennzeichen="44",
        ),
        dict(
            satzart="50", land="09", rb="1", kreis="71", verband="5103",
            name="Marktl (VGem)", seat="Marktl", kennzeichen="54",
        ),
        dict(
            satzart="60", land="09", rb="1", kreis="71", gemeinde="123",
            verband="5103", name="Marktl, M", kennzeichen="60", area_ha=2784,
            population=2812, postcode="84533", postcode_multiple="*****",
        ),
        dict(satzart="10", land="07", name="Rheinland-Pfalz", seat="Mainz"),
        dict(
            satzart="50", land="07", rb="0", kreis="00", verband="9999",
            name="Gemeinsames deutsch-luxemburgisches Hoheitsgebiet", kennzeichen="50",
        ),
        dict(
            satzart="60", land="07", rb="0", kreis="00", gemeinde="999",
            verband="9999", name="Gemeinsames deutsch-luxemburgisches Hoheitsgebiet",
            kennzeichen="66", area_ha=62, population=0,
        ),
    ]  # fmt: skip
    for key, change in changes.items():
        fields[int(key.removeprefix("line_")) - 1].update(change)
    return [gv100ad_record(**record) for record in fields]


def gv100ad_file(records: list[str], *, encoding: str = "utf-8") -> bytes:
    return "".join(f"{record}\n" for record in records).encode(encoding)


def square(lon: float = 10.0, lat: float = 51.2) -> dict:
    ring = [[lon, lat], [lon + 0.1, lat], [lon + 0.1, lat + 0.1], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def geojson(*features: tuple[str | None, dict]) -> bytes:
    """A FeatureCollection of (ags, geometry) pairs; ags None leaves it out."""
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"ags": ags} if ags else {"gen": "ohne AGS"},
                    "geometry": geometry,
                }
                for ags, geometry in features
            ],
        }
    ).encode()


def _lines(content: bytes) -> list[bytes]:
    return content.splitlines(keepends=True)


def test_gv100ad_record_places_fields_at_documented_columns():
    record = gv100ad_record(
        satzart="60", land="06", rb="6", kreis="36", gemeinde="003", verband="0003",
        name="Eschwege, Kreisstadt", kennzeichen="63", area_ha=6326,
        population=18743, postcode="37269",
    )  # fmt: skip

    # The same record as in Destatis' file, up to the fields the helper leaves blank.
    official = (
        "6020251130066360030003Eschwege, Kreisstadt" + " " * 80 + "63    "
        "0000000632600000018743" + " " * 15 + "37269"
    )
    assert len(record) == 220
    assert record.startswith(official)
    assert record[165:170] == "37269"


def test_parse_gv100ad_reads_the_hierarchy_of_a_small_file():
    directory = parse_gv100ad(_lines(gv100ad_file(mini_gv100ad())))

    assert directory.territory_date == date(2025, 11, 30)
    assert [land.code for land in directory.laender] == ["06", "09", "07"]
    assert [bezirk.code for bezirk in directory.bezirke] == ["066", "091"]
    assert [(k.code, k.type) for k in directory.kreise] == [
        ("06636", "44"),
        ("09171", "44"),
        ("07000", "00"),
    ]
    eschwege, meissner, marktl, hoheitsgebiet = directory.municipalities
    assert (eschwege.ags, eschwege.ars) == ("06636003", "066360003003")
    assert eschwege.area_km2 == Decimal("63.26")
    assert (eschwege.population, eschwege.postcode) == (18743, "37269")
    assert eschwege.postcode_multiple is False
    assert meissner.name == "Meißner"
    assert (marktl.ars, marktl.type, marktl.postcode_multiple) == (
        "091715103123",
        "60",
        True,
    )
    assert (hoheitsgebiet.ags, hoheitsgebiet.population) == ("07000999", 0)


def test_parse_gv100ad_accepts_byte_order_mark_windows_line_ends_and_blank_lines():
    records = mini_gv100ad()
    content = ("\ufeff" + "\r\n".join(records[:5]) + "\r\n\r\n").encode()

    directory = parse_gv100ad(_lines(content))

    assert [m.ags for m in directory.municipalities] == ["06636003"]


def test_parse_gv100ad_reads_blank_population_and_area_as_unknown():
    records = mini_gv100ad(line_5=dict(area_ha=None, population=None))

    eschwege = parse_gv100ad(_lines(gv100ad_file(records))).municipalities[0]

    assert (eschwege.area_km2, eschwege.population) == (None, None)


@pytest.mark.parametrize(
    ("changes", "line", "problem"),
    [
        (dict(line_5=dict(kennzeichen="69")), 5, "Unbekanntes Textkennzeichen „69“"),
        (dict(line_10=dict(kennzeichen="49")), 10, "Unbekanntes Textkennzeichen „49“"),
        (dict(line_5=dict(verband="0004")), 5, "Gemeindeverband 066360004"),
        (dict(line_5=dict(kreis="37")), 5, "Kreis 06637, der vorher nicht"),
        (
            dict(line_5=dict(verband="")),
            5,
            "Verbandsschlüssel „“ ist keine Ziffernfolge",
        ),
        (dict(line_5=dict(name="")), 5, "hat keinen Namen"),
        (dict(line_5=dict(postcode="3726X")), 5, "Postleitzahl „3726X“"),
        (dict(line_5=dict(area_ha="63,26")), 5, "Fläche „00000063,26“ ist keine Zahl"),
        (dict(line_5=dict(gemeinde="00A")), 5, "AGS „0663600A“"),
        (
            dict(line_5=dict(stand="20251131")),
            5,
            "Gebietsstand 20251131 ist kein Datum",
        ),
        (dict(line_1=dict(land="05")), 2, "Land 06, das vorher nicht aufgeführt ist"),
        (dict(line_13=dict(land="08")), 14, "Land 07, das vorher nicht aufgeführt ist"),
    ],
)
def test_parse_gv100ad_names_line_and_problem_of_a_bad_record(changes, line, problem):
    content = gv100ad_file(mini_gv100ad(**changes))

    with pytest.raises(ImportFileError) as error:
        parse_gv100ad(_lines(content))

    assert error.value.line == line
    assert str(error.value).startswith(f"Zeile {line}: ")
    assert problem in str(error.value)


def test_parse_gv100ad_rejects_a_file_without_municipalities():
    content = gv100ad_file(mini_gv100ad()[:4])

    with pytest.raises(ImportFileError, match="keine Gemeinde-Datensätze"):
        parse_gv100ad(_lines(content))


@pytest.fixture(scope="module")
def official_directory():
    with require_official_file(GV100AD_PATH).open("rb") as handle:
        return parse_gv100ad(handle)


@pytest.mark.official_data
def test_parse_gv100ad_reads_every_record_of_the_official_file(official_directory):
    municipalities = official_directory.municipalities

    assert official_directory.territory_date == date(2025, 11, 30)
    assert len(municipalities) == 10953
    assert sum(m.population or 0 for m in municipalities) == 83_577_140
    assert len(official_directory.laender) == 16
    assert len(official_directory.verbaende) == 4590


@pytest.mark.official_data
def test_parse_gv100ad_keeps_kreise_without_kreis_record_of_the_official_file(
    official_directory,
):
    kreise = {k.code: k for k in official_directory.kreise}

    assert kreise["02000"].type == "41"  # Hamburg has a Kreis record
    # Kreis-free areas have only a Gemeindeverband record; it stands for the Kreis.
    assert {code for code, k in kreise.items() if k.type == "00"} == {"07000", "13000"}
    assert kreise["13000"].name == "Küstengewässer einschl. Anteil am Festlandsockel"


@pytest.mark.official_data
def test_parse_gv100ad_reads_markt_of_the_official_file(official_directory):
    marktl = next(m for m in official_directory.municipalities if m.ags == "09171123")

    assert (marktl.name, marktl.type, marktl.ars) == ("Marktl, M", "60", "091715103123")
    assert marktl.population == 2812


def test_parse_boundaries_reads_polygons_and_multipolygons():
    multipolygon = {
        "type": "MultiPolygon",
        "coordinates": [square()["coordinates"], square(10.5)["coordinates"]],
    }

    records = parse_boundaries(
        geojson(("06636003", square()), ("06636008", multipolygon))
    )

    assert [(r.ags, r.feature) for r in records] == [("06636003", 1), ("06636008", 2)]
    assert records[1].geometry == multipolygon


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            b'{"type": "FeatureCollection",\n "features": [\n  {"type": }]}',
            "Zeile 3: Kein gültiges JSON",
        ),
        ('{"name": "Meißner"}'.encode("cp1252"), "nicht UTF-8-kodiert"),
        (b'{"type": "Feature"}', "GeoJSON-FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "keine Gemeindegrenzen"),
        (
            geojson(("06636003", square()), (None, square())),
            "Objekt 2: Eigenschaft „ags“ fehlt",
        ),
        (
            geojson(("6636003", square())),
            "Objekt 1: Eigenschaft „ags“ fehlt oder hat nicht 8 Ziffern",
        ),
        (
            geojson(("06636003", {"type": "Point", "coordinates": [10.0, 51.2]})),
            "Objekt 1 (06636003): Geometrie muss Polygon oder MultiPolygon sein",
        ),
        (
            geojson(("06636003", square(lon=3500000.0, lat=5680000.0))),
            "Objekt 1 (06636003): Koordinaten fehlen oder liegen nicht in WGS84",
        ),
        (
            geojson(("06636003", {"type": "Polygon", "coordinates": []})),
            "Objekt 1 (06636003): Koordinaten fehlen",
        ),
        (
            geojson(
                ("06636003", square()), ("06636008", square()), ("06636003", square())
            ),
            "Objekt 3: AGS 06636003 kommt doppelt vor (zuerst in Objekt 1)",
        ),
        (
            b'{"type": "FeatureCollection", "features": [null]}',
            "Objekt 1: kein GeoJSON-Feature",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"properties": {"ags": '
            b'"06636003"}, "geometry": "Polygon"}]}',
            "Objekt 1 (06636003): Geometrie muss Polygon oder MultiPolygon sein",
        ),
    ],
)
def test_parse_boundaries_names_the_problem(content, problem):
    with pytest.raises(ImportFileError) as error:
        parse_boundaries(content)

    assert problem in str(error.value)


@pytest.mark.official_data
def test_parse_boundaries_reads_the_bkg_file_of_the_pilot_region():
    path = require_official_file(WERRA_MEISSNER_BOUNDARIES)

    records = parse_boundaries(path.read_bytes())

    assert len(records) == 17
    assert {r.ags[:5] for r in records} == {"06636"}
