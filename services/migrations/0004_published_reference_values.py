"""Published comparison figures the guide cites, each with its source."""

from decimal import Decimal

from django.db import migrations

REFERENCES = [
    # indicator, area, year, value, source
    ("water_price_m3", "Hessen (Durchschnitt)", 2018, "2.05",
     "Projekt LebensWert (ISOE/Difu 2019), Daten zur Wasserversorgung in Hessen"),
    ("water_cost_per_person", "Hessen (Durchschnitt)", 2016, "276",
     "Projekt LebensWert (ISOE/Difu 2019), Daten zur Wasserversorgung in Hessen"),
    ("distance_supermarket_km", "ländliche Räume West (Durchschnitt)", 2015, "2.4",
     "BBSR-Analysen KOMPAKT 10/2015"),
    ("distance_supermarket_km", "ländliche Räume Ost (Durchschnitt)", 2015, "3.3",
     "BBSR-Analysen KOMPAKT 10/2015"),
    ("share_65_plus", "Werra-Meißner-Kreis", 2014, "25.2",
     "Projekt LebensWert (ISOE/Difu 2019), Demografiedaten Werra-Meißner-Kreis"),
    ("average_age", "Werra-Meißner-Kreis", 2014, "47.3",
     "Projekt LebensWert (ISOE/Difu 2019), Demografiedaten Werra-Meißner-Kreis"),
]  # fmt: skip


def add_references(apps, schema_editor):
    Indicator = apps.get_model("services", "Indicator")
    ReferenceValue = apps.get_model("services", "ReferenceValue")
    for code, area, year, value, source in REFERENCES:
        ReferenceValue.objects.update_or_create(
            indicator=Indicator.objects.get(code=code),
            area=area,
            year=year,
            defaults={"value": Decimal(value), "source": source},
        )


def remove_references(apps, schema_editor):
    ReferenceValue = apps.get_model("services", "ReferenceValue")
    for code, area, year, _value, _source in REFERENCES:
        ReferenceValue.objects.filter(
            indicator__code=code, area=area, year=year
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0003_reference_values")]

    operations = [migrations.RunPython(add_references, remove_references)]
