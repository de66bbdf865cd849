"""Change.municipality (a foreign key into municipalities, a higher layer) becomes
Change.municipality_ags, the municipality's official key, copied from the rows."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def ags_copy(apps, schema_editor):
    Change = apps.get_model("audit", "Change")
    Municipality = apps.get_model("municipalities", "Municipality")
    db = schema_editor.connection.alias
    Change.objects.using(db).filter(municipality_id__isnull=False).update(
        municipality_ags=Subquery(
            Municipality.objects.using(db)
            .filter(pk=OuterRef("municipality_id"))
            .values("ags")[:1]
        )
    )
    # A municipality deleted meanwhile left an id without a row: no key.
    Change.objects.using(db).filter(municipality_ags__isnull=True).update(
        municipality_ags=""
    )


def ags_copy_back(apps, schema_editor):
    Change = apps.get_model("audit", "Change")
    Municipality = apps.get_model("municipalities", "Municipality")
    db = schema_editor.connection.alias
    Change.objects.using(db).exclude(municipality_ags="").update(
        municipality_id=Subquery(
            Municipality.objects.using(db)
            .filter(ags=OuterRef("municipality_ags"))
            .values("pk")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_log_references_without_constraints"),
        ("municipalities", "0002_trigram_index_on_name"),
    ]

    operations = [
        # Nullable while the keys are copied; the empty key replaces NULL after.
        migrations.AddField(
            model_name="change",
            name="municipality_ags",
            field=models.CharField(
                blank=True, max_length=8, null=True, verbose_name="Gemeinde (AGS)"
            ),
        ),
        migrations.RunPython(ags_copy, ags_copy_back),
        migrations.AlterField(
            model_name="change",
            name="municipality_ags",
            field=models.CharField(
                blank=True, default="", max_length=8, verbose_name="Gemeinde (AGS)"
            ),
            preserve_default=False,
        ),
        migrations.RemoveField(model_name="change", name="municipality"),
        migrations.AddIndex(
            model_name="change",
            index=models.Index(
                fields=["municipality_ags", "-at"], name="audit_change_ags_at"
            ),
        ),
    ]
