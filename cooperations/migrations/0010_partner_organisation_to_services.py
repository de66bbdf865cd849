"""PartnerOrganisation is a services model now (services 0008): the partner's
foreign key points there and the model leaves this app's state. Nothing changes in
the database: the table and its constraint stay."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0009_cap_free_text"),
        ("services", "0008_partner_organisation_from_cooperations"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cooperationpartner",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="partnerships",
                        to="services.partnerorganisation",
                        verbose_name="Partnerorganisation",
                    ),
                ),
                migrations.DeleteModel(name="PartnerOrganisation"),
            ],
            database_operations=[],
        ),
    ]
