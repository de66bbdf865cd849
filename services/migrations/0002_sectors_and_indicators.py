"""Reference data: the Daseinsvorsorge sectors and the indicators worth tracking.

Written from the LebensWert guide's action fields and the indicators named by BBSR
(Nahversorgung, Regionalstrategie Daseinsvorsorge) and the Hessian water statistics.
Admins can add more in /admin/.
"""

from decimal import Decimal

from django.db import migrations

SECTORS = [
    # code, name, name_en, action field, position, description
    ("wasserversorgung", "Wasserversorgung", "Water supply", "water", 10,
     "Gewinnung, Aufbereitung und Verteilung von Trinkwasser. 90–95 % der Kosten "
     "sind Fixkosten, die bleiben, wenn weniger Menschen angeschlossen sind."),
    ("abwasser", "Abwasserbeseitigung", "Wastewater", "water", 20,
     "Sammlung und Reinigung von Schmutz- und Niederschlagswasser; 75–85 % Fixkosten."),
    ("wohnen", "Wohnen", "Housing", "housing", 30,
     "Leerstand, alters- und einkommensgerechtes Wohnen, energetische Sanierung."),
    ("nahversorgung", "Nahversorgung und Nahmobilität", "Local supply and mobility",
     "local", 40,
     "Lebensmittel, Hausarzt, Apotheke, Grundschule und Haltestelle in der Nähe."),
    ("mobilitaet", "Mobilität", "Mobility", "local", 50,
     "Öffentlicher Verkehr, Bürgerbus, Radwege."),
    ("energie", "Energieversorgung", "Energy supply", "other", 60, ""),
    ("abfall", "Abfallentsorgung", "Waste disposal", "other", 70, ""),
    ("gesundheit", "Gesundheit", "Health", "other", 80, ""),
    ("pflege", "Pflege", "Care", "other", 90, ""),
    ("bildung", "Bildung", "Education", "other", 100, ""),
    ("jugend-senioren", "Jugend- und Seniorenarbeit", "Youth and elderly services",
     "other", 110, ""),
]  # fmt: skip

INDICATORS = [
    # sector, code, name, name_en, unit, better, decimals, min, max, source, description
    ("wasserversorgung", "water_price_m3", "Wasserpreis je m³", "Water price per m³",
     "€/m³", "lower", 2, "0.2", "15",
     "Wasserversorgungssatzung der Gemeinde",
     "Verbrauchspreis brutto je Kubikmeter Trinkwasser ohne Grundgebühr. "
     "Hessischer Durchschnitt 2018: 2,05 €/m³."),
    ("wasserversorgung", "water_cost_per_person", "Jahreskosten Wasser je Einwohner",
     "Annual water cost per inhabitant", "€/EW", "lower", 0, "10", "2000",
     "Haushalt bzw. Wirtschaftsplan des Versorgers",
     "Kosten der Trinkwasserversorgung eines Jahres geteilt durch die Einwohnerzahl."),
    ("wasserversorgung", "water_fixed_cost_share", "Fixkostenanteil Wasserversorgung",
     "Fixed-cost share of water supply", "%", "neutral", 0, "0", "100",
     "Wirtschaftsplan des Versorgers", "Anteil der Kosten, die nicht von der Menge abhängen."),
    ("wasserversorgung", "water_network_km", "Länge des Trinkwassernetzes",
     "Length of the water network", "km", "neutral", 1, "0", "5000",
     "Versorger / Bauamt", ""),
    ("wasserversorgung", "water_staff_fte", "Fachpersonal Wasserversorgung",
     "Specialist staff, water supply", "VZÄ", "higher", 1, "0", "500",
     "Stellenplan", "Vollzeitstellen mit wasserfachlicher Qualifikation."),
    ("abwasser", "wastewater_fee_m3", "Schmutzwassergebühr je m³", "Wastewater fee per m³",
     "€/m³", "lower", 2, "0.2", "20",
     "Abwassersatzung der Gemeinde", "Gebühr je Kubikmeter Frischwassermaßstab."),
    ("abwasser", "stormwater_fee_m2", "Niederschlagswassergebühr je m²",
     "Stormwater fee per m²", "€/m²", "lower", 2, "0", "5",
     "Abwassersatzung der Gemeinde",
     "Jahresgebühr je Quadratmeter versiegelter Fläche. Witzenhausen 2016: 1,46 €/m² "
     "(höchster Wert in Hessen)."),
    ("abwasser", "wastewater_network_km", "Länge des Kanalnetzes",
     "Length of the sewer network", "km", "neutral", 1, "0", "5000",
     "Abwasserbetrieb / Bauamt", ""),
    ("abwasser", "wastewater_staff_fte", "Fachpersonal Abwasser",
     "Specialist staff, wastewater", "VZÄ", "higher", 1, "0", "500", "Stellenplan", ""),
    ("wohnen", "vacancy_rate", "Leerstandsquote Wohnungen", "Housing vacancy rate", "%",
     "lower", 1, "0", "80", "Leerstandskataster, Zensus 2022", ""),
    ("wohnen", "vacant_buildings", "Leerstehende Gebäude", "Vacant buildings", "Anzahl",
     "lower", 0, "0", "10000", "Leerstandskataster der Gemeinde", ""),
    ("wohnen", "vacant_historic_buildings", "Leerstehende historische Gebäude",
     "Vacant historic buildings", "Anzahl", "lower", 0, "0", "5000",
     "Leerstandskataster, Denkmalpflege", "Wanfried zählte 2006 21 solcher Gebäude."),
    ("nahversorgung", "distance_supermarket_km", "Entfernung zum nächsten Supermarkt",
     "Distance to the next supermarket", "km", "lower", 1, "0", "60",
     "BBSR-Erreichbarkeitsanalyse",
     "Einwohnergewichtete Luftliniendistanz zum nächsten Supermarkt oder Discounter. "
     "Ländlicher Durchschnitt: 2,4 km (West), 3,3 km (Ost)."),
    ("nahversorgung", "distance_gp_km", "Entfernung zur nächsten Hausarztpraxis",
     "Distance to the next GP", "km", "lower", 1, "0", "60",
     "BBSR-Erreichbarkeitsanalyse", ""),
    ("nahversorgung", "distance_pharmacy_km", "Entfernung zur nächsten Apotheke",
     "Distance to the next pharmacy", "km", "lower", 1, "0", "60",
     "BBSR-Erreichbarkeitsanalyse", ""),
    ("nahversorgung", "distance_primary_school_km", "Entfernung zur nächsten Grundschule",
     "Distance to the next primary school", "km", "lower", 1, "0", "60",
     "BBSR-Erreichbarkeitsanalyse", ""),
    ("nahversorgung", "share_supermarket_1000m", "Einwohner mit Supermarkt in 1.000 m",
     "Inhabitants within 1,000 m of a supermarket", "%", "higher", 1, "0", "100",
     "BBSR-Erreichbarkeitsanalyse",
     "Anteil der Einwohner, die einen Supermarkt in 1.000 m Luftlinie erreichen."),
    ("mobilitaet", "share_transit_stop_1000m", "Einwohner mit Haltestelle in 1.000 m",
     "Inhabitants within 1,000 m of a public-transport stop", "%", "higher", 1, "0",
     "100", "BBSR-Erreichbarkeitsanalyse", ""),
    ("jugend-senioren", "share_65_plus", "Anteil 65 Jahre und älter",
     "Share aged 65 and over", "%", "neutral", 1, "0", "100",
     "Hessisches Statistisches Landesamt",
     "Werra-Meißner-Kreis 2014: 25,2 %, für 2030 vorausberechnet 32,7 %."),
    ("jugend-senioren", "average_age", "Durchschnittsalter", "Average age", "Jahre",
     "neutral", 1, "20", "70", "Hessisches Statistisches Landesamt",
     "Werra-Meißner-Kreis: 47,3 Jahre (höchster Wert in Hessen)."),
]  # fmt: skip


def add_reference_data(apps, schema_editor):
    Sector = apps.get_model("services", "Sector")
    Indicator = apps.get_model("services", "Indicator")
    sectors = {}
    for code, name, name_en, field, position, description in SECTORS:
        sectors[code], _ = Sector.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "action_field": field,
                "position": position,
                "description": description,
            },
        )
    for position, row in enumerate(INDICATORS, start=1):
        sector, code, name, name_en, unit, better, decimals, low, high, source, text = row
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "sector": sectors[sector],
                "name": name,
                "name_en": name_en,
                "unit": unit,
                "better": better,
                "decimals": decimals,
                "minimum": Decimal(low),
                "maximum": Decimal(high),
                "usual_source": source,
                "description": text,
                "position": position * 10,
            },
        )


def remove_reference_data(apps, schema_editor):
    apps.get_model("services", "Indicator").objects.filter(
        code__in=[row[1] for row in INDICATORS]
    ).delete()
    apps.get_model("services", "Sector").objects.filter(
        code__in=[row[0] for row in SECTORS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]

    operations = [migrations.RunPython(add_reference_data, remove_reference_data)]
