"""Figure imports become jobs of lebenswert.core.jobs, run by a Celery worker:
after the preview (and discarded) come queued, running, succeeded ("importiert")
and failed. An imported upload is a succeeded job that ran once; its import time
becomes finished_at. Who pressed "Importieren" was not stored before, so old
imports keep imported_by empty."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import F

STATUS_CHOICES = [
    ("preview", "zur Prüfung"),
    ("discarded", "verworfen"),
    ("queued", "wartet"),
    ("running", "läuft"),
    ("succeeded", "importiert"),
    ("failed", "fehlgeschlagen"),
]


def imported_to_succeeded(apps, schema_editor):
    FigureImport = apps.get_model("services", "FigureImport")
    FigureImport.objects.filter(status="imported").update(
        status="succeeded",
        attempts=1,
        queued_at=F("finished_at"),
        started_at=F("finished_at"),
    )


def succeeded_to_imported(apps, schema_editor):
    FigureImport = apps.get_model("services", "FigureImport")
    FigureImport.objects.filter(status="succeeded").update(status="imported")
    # Not imported yet: back to the preview, from which it can be imported.
    FigureImport.objects.filter(status__in=["queued", "running", "failed"]).update(
        status="preview"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("services", "0009_partner_organisation_table"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name="figureimport",
            old_name="imported_at",
            new_name="finished_at",
        ),
        migrations.AddField(
            model_name="figureimport",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="Versuche"),
        ),
        migrations.AddField(
            model_name="figureimport",
            name="claim",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="figureimport",
            name="error",
            field=models.TextField(blank=True, verbose_name="Fehler"),
        ),
        migrations.AddField(
            model_name="figureimport",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="letztes Lebenszeichen"
            ),
        ),
        migrations.AddField(
            model_name="figureimport",
            name="imported_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="importiert von",
            ),
        ),
        migrations.AddField(
            model_name="figureimport",
            name="queued_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="eingereiht"
            ),
        ),
        migrations.AddField(
            model_name="figureimport",
            name="request_id",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="figureimport",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="begonnen"),
        ),
        migrations.AlterField(
            model_name="figureimport",
            name="status",
            field=models.CharField(
                choices=STATUS_CHOICES,
                default="preview",
                max_length=10,
                verbose_name="Status",
            ),
        ),
        migrations.RunPython(imported_to_succeeded, succeeded_to_imported),
    ]
