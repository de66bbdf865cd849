"""PartnerOrganisation moves from cooperations to services (the lower of the two
apps that refer to it). This step changes Django's state only: the model keeps its
table and rows; 0009 renames the table."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0007_cap_free_text"),
        ("cooperations", "0009_cap_free_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PartnerOrganisation",
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
                        ("name", models.CharField(max_length=200, verbose_name="Name")),
                        (
                            "type",
                            models.CharField(
                                choices=[
                                    ("landkreis", "Landkreis"),
                                    ("rp", "Regierungspräsidium"),
                                    ("zweckverband", "Zweckverband"),
                                    ("anstalt", "Anstalt des öffentlichen Rechts"),
                                    ("stadtwerke", "Stadtwerke"),
                                    ("verein", "Verein oder Verband"),
                                    ("company", "Unternehmen"),
                                ],
                                max_length=20,
                                verbose_name="Art",
                            ),
                        ),
                        (
                            "official_key",
                            models.CharField(
                                blank=True,
                                max_length=20,
                                verbose_name="amtlicher Schlüssel",
                            ),
                        ),
                        (
                            "address",
                            models.TextField(
                                blank=True, max_length=1000, verbose_name="Anschrift"
                            ),
                        ),
                        (
                            "contact_name",
                            models.CharField(
                                blank=True,
                                max_length=150,
                                verbose_name="Ansprechperson",
                            ),
                        ),
                        (
                            "contact_email",
                            models.EmailField(
                                blank=True, max_length=254, verbose_name="E-Mail"
                            ),
                        ),
                        (
                            "contact_phone",
                            models.CharField(
                                blank=True, max_length=50, verbose_name="Telefon"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Partnerorganisation",
                        "verbose_name_plural": "Partnerorganisationen",
                        "ordering": ["name"],
                        "db_table": "cooperations_partnerorganisation",
                    },
                ),
                migrations.AlterField(
                    model_name="serviceprovision",
                    name="provider_organisation",
                    field=models.ForeignKey(
                        blank=True,
                        help_text=(
                            "Ein Zweckverband, Stadtwerke oder eine Anstalt, die in "
                            "LebensWert erfasst ist; dann ist kein freier Name nötig."
                        ),
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="service_provisions",
                        to="services.partnerorganisation",
                        verbose_name=(
                            "Träger aus dem Verzeichnis der Partnerorganisationen"
                        ),
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
