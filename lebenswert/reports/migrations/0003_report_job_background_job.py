"""Report jobs become jobs of lebenswert.core.jobs: when a job was queued (a lost
queue message is found by it; existing jobs were queued when they were created),
and the heartbeat may be empty in forms (a job not started yet has none)."""

import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def queued_at_from_created_at(apps, schema_editor):
    ReportJob = apps.get_model("reports", "ReportJob")
    ReportJob.objects.update(queued_at=F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_job_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportjob",
            name="queued_at",
            field=models.DateTimeField(
                blank=True,
                default=django.utils.timezone.now,
                null=True,
                verbose_name="eingereiht",
            ),
        ),
        migrations.AlterField(
            model_name="reportjob",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="letztes Lebenszeichen"
            ),
        ),
        migrations.RunPython(queued_at_from_created_at, migrations.RunPython.noop),
    ]
