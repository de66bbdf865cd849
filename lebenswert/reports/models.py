from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lebenswert.core.models import BackgroundJob, NormalisedText, actor_field
from lebenswert.core.storage import private_storage


class ReportJob(NormalisedText, BackgroundJob):
    """A PDF report someone asked for, rendered by a Celery worker (a job of
    lebenswert.core.jobs).

    Jobs with the same content key (kind, parameters, data versions, renderer
    version, variant, date) share one file: the data did not change, so the report
    is not rendered again.
    """

    class Variant(models.TextChoices):
        ACCESSIBLE = "pdf/ua-1", _("barrierefrei (PDF/UA-1)")
        ARCHIVE = "pdf/a-3b", _("Archiv (PDF/A-3b)")

    kind = models.CharField(_("Art"), max_length=30)
    params = models.JSONField(_("Parameter"), default=dict)
    variant = models.CharField(
        _("Format"), max_length=10, choices=Variant.choices, default=Variant.ACCESSIBLE
    )
    title = models.CharField(_("Titel"), max_length=250)
    language = models.CharField(
        _("Sprache"), max_length=10, choices=settings.LANGUAGES, default="de"
    )
    requested_by = actor_field(_("angefordert von"))
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    content_key = models.CharField(_("Inhaltsschlüssel"), max_length=64, blank=True)
    file = models.FileField(
        _("Datei"), upload_to="reports/", storage=private_storage, blank=True
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Bericht")
        verbose_name_plural = _("Berichte")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["content_key", "status"]),
            models.Index(fields=["requested_by", "-created_at"]),
        ]
        constraints = [
            # One render per content at a time: a second job for the same
            # content waits (lebenswert.core.jobs.job_claim) and is settled by it.
            models.UniqueConstraint(
                fields=["content_key"],
                condition=models.Q(status="running") & ~models.Q(content_key=""),
                name="reports_one_running_job_per_content",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def filename(self) -> str:
        from django.utils.text import slugify

        suffix = "-archiv" if self.variant == self.Variant.ARCHIVE else ""
        return f"{slugify(self.title) or 'bericht'}{suffix}.pdf"
