# An index for "cooperations with a member in these municipalities" (issue 16).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0016_reference_data_english"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="cooperationpartner",
            index=models.Index(
                condition=models.Q(("consent", "confirmed")),
                fields=["municipality", "cooperation"],
                name="partner_member_place",
            ),
        ),
    ]
