import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0002_trigram_index_on_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="PopulationProjection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                (
                    "publisher",
                    models.CharField(max_length=200, verbose_name="Herausgeber"),
                ),
                ("title", models.CharField(max_length=300, verbose_name="Titel")),
                ("release_date", models.DateField(verbose_name="veröffentlicht am")),
                (
                    "base_year",
                    models.PositiveSmallIntegerField(
                        help_text="Stand 31.12. dieses Jahres ist der Ausgangswert.",
                        verbose_name="Basisjahr",
                    ),
                ),
                (
                    "basis",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("zensus2011", "Zensus 2011"),
                            ("zensus2022", "Zensus 2022"),
                        ],
                        max_length=20,
                        verbose_name="Zensusbasis des Ausgangswerts",
                    ),
                ),
                (
                    "certainty",
                    models.CharField(
                        choices=[
                            ("source", "aus der Veröffentlichung selbst (belegt)"),
                            (
                                "reported",
                                "nach einem Bericht über die Veröffentlichung (G)",
                            ),
                        ],
                        default="source",
                        max_length=10,
                        verbose_name="Belegt",
                    ),
                ),
                (
                    "notes",
                    models.TextField(
                        blank=True,
                        help_text="z. B. welche Jahre interpoliert sind, Variante der "
                        "Rechnung.",
                        max_length=2000,
                        verbose_name="Anmerkungen",
                    ),
                ),
                ("source_url", models.URLField(blank=True, verbose_name="Fundstelle")),
                (
                    "kreis",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="population_projections",
                        to="municipalities.kreis",
                        verbose_name="Kreis",
                    ),
                ),
                (
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="population_projections",
                        to="municipalities.municipality",
                        verbose_name="Gemeinde",
                    ),
                ),
            ],
            options={
                "verbose_name": "Bevölkerungsvorausberechnung",
                "verbose_name_plural": "Bevölkerungsvorausberechnungen",
                "ordering": ["kreis", "municipality", "-release_date"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                ("kreis__isnull", False),
                                ("municipality__isnull", True),
                            ),
                            models.Q(
                                ("kreis__isnull", True),
                                ("municipality__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="projection_area_exactly_one",
                        violation_error_message=(
                            "Wählen Sie entweder einen Kreis oder eine Gemeinde."
                        ),
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("kreis__isnull", False)),
                        fields=("kreis", "publisher", "release_date"),
                        name="projection_one_per_kreis_release",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("municipality__isnull", False)),
                        fields=("municipality", "publisher", "release_date"),
                        name="projection_one_per_municipality_release",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="PopulationProjectionValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True,
                        primary_key=True,
                        serialize=False,
                        verbose_name="ID",
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="Jahr")),
                ("population", models.PositiveIntegerField(verbose_name="Einwohner")),
                (
                    "interpolated",
                    models.BooleanField(
                        default=False,
                        help_text="Nicht veröffentlicht, sondern zwischen Werten "
                        "interpoliert.",
                        verbose_name="interpoliert",
                    ),
                ),
                (
                    "projection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="municipalities.populationprojection",
                    ),
                ),
            ],
            options={
                "verbose_name": "Vorausberechneter Wert",
                "verbose_name_plural": "Vorausberechnete Werte",
                "ordering": ["projection", "year"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("projection", "year"),
                        name="projection_value_one_per_year",
                    )
                ],
            },
        ),
    ]
