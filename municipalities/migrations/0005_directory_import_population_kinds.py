"""Directory imports of population series and projections (CSV): two more kinds,
and the options such an import needs besides its file (source; publisher, title,
release date … of a projection)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0004_directory_import_background_job"),
    ]

    operations = [
        migrations.AddField(
            model_name="directoryimport",
            name="options",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Quelle einer Einwohnerreihe; Herausgeber, Titel, "
                "Veröffentlichung … einer Vorausberechnung.",
                verbose_name="Angaben zum Import",
            ),
        ),
        migrations.AlterField(
            model_name="directoryimport",
            name="kind",
            field=models.CharField(
                choices=[
                    ("gv100ad", "Gemeindeverzeichnis GV100AD (Destatis)"),
                    ("boundaries", "Gemeindegrenzen GeoJSON (BKG)"),
                    (
                        "population_series",
                        "Einwohnerzahlen je Gemeinde, jährlich (CSV)",
                    ),
                    ("projection", "Bevölkerungsvorausberechnung (CSV)"),
                ],
                max_length=20,
                verbose_name="Art",
            ),
        ),
    ]
