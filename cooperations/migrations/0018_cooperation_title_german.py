# The register's German order as an index: a page of the whole register reads its
# 50 entries instead of sorting every cooperation (issue 16).

from django.db import migrations, models
from django.db.models.functions import Collate


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0017_partner_member_place"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="cooperation",
            index=models.Index(
                Collate(models.F("title"), "de-DE-x-icu"),
                models.F("id"),
                name="cooperation_title_german",
            ),
        ),
    ]
