"""The pilot region of the LebensWert project: the Werra-Meißner-Kreis (Hessen).

Written from Destatis figures (Gemeindeverzeichnis GV100AD and GV-Auszug; population
on 31.12., 2019–2022 on the Zensus 2011 basis, 2024 on the Zensus 2022 basis; area on
31.12.2024; centre points from Destatis) so that a fresh installation runs without
any download. © Statistisches Bundesamt (Destatis), 2025, dl-de/by-2-0.
Loaded by `municipalities.actions.pilot_region_load`.
"""

from datetime import date

SOURCE = "Destatis, Gemeindeverzeichnis (GV100AD, GV-Auszug)"
TERRITORY_DATE = date(2025, 11, 30)
AREA_DATE = date(2024, 12, 31)

LAND = {"code": "06", "name": "Hessen", "seat": "Wiesbaden"}
BEZIRK = {"code": "066", "name": "Reg.-Bez. Kassel", "seat": "Kassel"}
KREIS = {
    "code": "06636",
    "name": "Werra-Meißner-Kreis",
    "seat": "Eschwege",
    "type": "44",  # Landkreis
}

POPULATION_DATES = (
    date(2019, 12, 31),
    date(2021, 12, 31),
    date(2022, 12, 31),
    date(2024, 12, 31),
)

# ags, official name, type code, area km², population 2019/2021/2022/2024,
# latitude, longitude, postcode, LebensWert practice partner
MUNICIPALITIES = [
    (
        "06636001",
        "Bad Sooden-Allendorf, Stadt",
        "63",
        "73.75",
        (8631, 8478, 8394, 8141),
        "51.272411",
        "9.980802",
        "37242",
        True,
    ),
    (
        "06636002",
        "Berkatal",
        "64",
        "19.57",
        (1463, 1472, 1508, 1474),
        "51.236421",
        "9.921125",
        "37297",
        True,
    ),
    (
        "06636003",
        "Eschwege, Kreisstadt",
        "63",
        "63.26",
        (19412, 19278, 19472, 18743),
        "51.185804",
        "10.057981",
        "37269",
        True,
    ),
    (
        "06636004",
        "Großalmerode, Stadt",
        "63",
        "37.59",
        (6408, 6289, 6255, 6090),
        "51.257737",
        "9.784493",
        "37247",
        False,
    ),
    (
        "06636005",
        "Herleshausen",
        "64",
        "59.50",
        (2790, 2741, 2820, 2620),
        "51.006221",
        "10.161532",
        "37293",
        False,
    ),
    (
        "06636006",
        "Hessisch Lichtenau, Stadt",
        "63",
        "105.72",
        (12431, 12360, 12598, 12337),
        "51.198085",
        "9.721431",
        "37235",
        True,
    ),
    (
        "06636007",
        "Meinhard",
        "64",
        "39.62",
        (4568, 4548, 4560, 4267),
        "51.206055",
        "10.064348",
        "37276",
        False,
    ),
    (
        "06636008",
        "Meißner",
        "64",
        "44.81",
        (2943, 2938, 2950, 2915),
        "51.211361",
        "9.937311",
        "37290",
        True,
    ),
    (
        "06636009",
        "Neu-Eichenberg",
        "64",
        "27.66",
        (1818, 1811, 1808, 1732),
        "51.389849",
        "9.913586",
        "37249",
        False,
    ),
    (
        "06636010",
        "Ringgau",
        "64",
        "66.81",
        (2871, 2875, 2868, 2830),
        "51.093843",
        "10.092751",
        "37296",
        False,
    ),
    (
        "06636011",
        "Sontra, Stadt",
        "63",
        "111.28",
        (7826, 7642, 7561, 7466),
        "51.068954",
        "9.933210",
        "36205",
        True,
    ),
    (
        "06636012",
        "Waldkappel, Stadt",
        "63",
        "96.53",
        (4234, 4239, 4231, 4052),
        "51.143780",
        "9.873438",
        "37284",
        True,
    ),
    (
        "06636013",
        "Wanfried, Stadt",
        "63",
        "46.88",
        (4174, 4161, 4227, 4050),
        "51.183286",
        "10.170055",
        "37281",
        True,
    ),
    (
        "06636014",
        "Wehretal",
        "64",
        "39.20",
        (4960, 4981, 4999, 4883),
        "51.151179",
        "9.996927",
        "37287",
        False,
    ),
    (
        "06636015",
        "Weißenborn",
        "64",
        "15.56",
        (974, 958, 952, 963),
        "51.123424",
        "10.113236",
        "37299",
        True,
    ),
    (
        "06636016",
        "Witzenhausen, Stadt",
        "63",
        "126.78",
        (15126, 14943, 15005, 15132),
        "51.341392",
        "9.858869",
        "37213",
        True,
    ),
    (
        "06636200",
        "Gutsbezirk Kaufunger Wald, gemfr. Gebiet",
        "66",
        "50.32",
        (0, 0, 0, 0),
        "51.279820",
        "9.737941",
        "",
        False,
    ),
]


def verband_number(ags: str) -> str:
    """Hessen's municipalities are verbandsfrei: the Verband number mirrors the AGS.

    Destatis numbers them 0001–0016 and 9200 for the unincorporated area.
    """
    number = ags[5:]
    return "9" + number if number.startswith("2") else "0" + number


# The Kreis' official population projection (DOMAIN §5a): Hessisches Statistisches
# Landesamt, released 03.04.2023, base 31.12.2021, −6.4 % by 2050. Known from the
# press report of the release (certainty G), not from its tables: the base value is
# the sum of the 16 municipalities' figures on 31.12.2021 (Zensus 2011 basis, above)
# and the years between are a straight line.
KREIS_PROJECTION = {
    "publisher": "Hessisches Statistisches Landesamt",
    "title": "Bevölkerungsvorausberechnung für Hessen und seine Kreise bis 2050",
    "release_date": date(2023, 4, 3),
    "base_year": 2021,
    "basis": "zensus2011",
    "certainty": "reported",
    "notes": (
        "Pressebericht zur amtlichen Veröffentlichung: Werra-Meißner-Kreis −6,4 % "
        "von 2021 bis 2050. Ausgangswert 31.12.2021 = Summe der 16 Gemeinden "
        "(Destatis, Zensus 2011); Jahrespfad linear interpoliert."
    ),
}
KREIS_PROJECTION_CHANGE_PCT = -6.4
KREIS_PROJECTION_HORIZON = 2050


def kreis_projection_values() -> list[tuple[int, int, bool]]:
    """(year, population, interpolated) from the base year to 2050."""
    base_year = KREIS_PROJECTION["base_year"]
    index = POPULATION_DATES.index(date(base_year, 12, 31))
    start = sum(row[4][index] for row in MUNICIPALITIES)
    end = round(start * (1 + KREIS_PROJECTION_CHANGE_PCT / 100))
    span = KREIS_PROJECTION_HORIZON - base_year
    return [
        (
            year,
            round(start + (end - start) * (year - base_year) / span),
            year not in (base_year, KREIS_PROJECTION_HORIZON),
        )
        for year in range(base_year, KREIS_PROJECTION_HORIZON + 1)
    ]
