"""Directory imports become jobs of lebenswert.core.jobs: attempts, claim token,
heartbeat and the time they were queued. Existing imports were queued when they
were created; started ones ran once. A running import keeps no heartbeat, so only
the ten-minute rule takes it over, as before."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def job_fields_from_history(apps, schema_editor):
    DirectoryImport = apps.get_model("municipalities", "DirectoryImport")
    DirectoryImport.objects.update(queued_at=F("created_at"))
    DirectoryImport.objects.exclude(started_at=None).update(attempts=1)


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0003_population_projection"),
    ]

    operations = [
        migrations.AddField(
            model_name="directoryimport",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="Versuche"),
        ),
        migrations.AddField(
            model_name="directoryimport",
            name="claim",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="directoryimport",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="letztes Lebenszeichen"
            ),
        ),
        migrations.AddField(
            model_name="directoryimport",
            name="queued_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="eingereiht",
            ),
        ),
        migrations.RunPython(job_fields_from_history, migrations.RunPython.noop),
    ]
