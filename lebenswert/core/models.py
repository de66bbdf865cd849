from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import text


class EnglishName:
    """Model mixin for a row named in German (`name`) and English (`name_en`)."""

    @property
    def label(self) -> str:
        """The name in the page's language."""
        return self.name_en if (get_language() or "de").startswith("en") else self.name


class NormalisedText:
    """Model mixin: every text field follows the free-text rule of
    lebenswert.core.text, checked in full_clean() and so in every ModelForm and the
    admin: stored NFC-normalised (so that "März" typed on a Mac, a + combining
    diaeresis, and on Windows is the same name, sorts the same and is found by the
    same search), multi-line text with "\\n" line breaks, no control or invisible
    characters, TextFields no longer than their max_length."""

    def clean_fields(self, exclude=None) -> None:
        exclude = set(exclude or ())
        errors: dict[str, list] = {}
        for field in self._meta.concrete_fields:
            if field.name in exclude or not isinstance(
                field, models.CharField | models.TextField
            ):
                continue
            value = getattr(self, field.attname)
            if not isinstance(value, str):
                continue
            multiline = isinstance(field, models.TextField)
            try:
                value = text.check(
                    value,
                    field=str(field.verbose_name),
                    multiline=multiline,
                    # CharField checks its own max_length; TextField only in forms.
                    max_length=field.max_length if multiline else None,
                )
            except ValidationError as error:
                errors[field.name] = error.error_list
            else:
                setattr(self, field.attname, value)
        try:
            super().clean_fields(exclude=exclude | set(errors))
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class DataVersion(NormalisedText, models.Model):
    """A counter per data scope, raised by every action that changes the scope.

    Cached page fragments carry the versions they were built from in their key,
    so a change is visible at once, in every process, with any cache backend.
    """

    scope = models.CharField(_("Bereich"), max_length=100, primary_key=True)
    version = models.PositiveBigIntegerField(_("Version"), default=1)
    changed_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Datenstand")
        verbose_name_plural = _("Datenstände")

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"


def actor_field(verbose_name: str, **options) -> models.ForeignKey:
    """The account that did something to the row (created, uploaded, changed it):
    kept as empty when the account is deleted, no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        **options,
    )


class VersionedRecord(models.Model):
    """A record edited by people: its version guards against lost updates.

    Written only through lebenswert.audit.versioning.versioned_save (or an
    import that raises the version itself).
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = actor_field(_("eingetragen von"))
    updated_at = models.DateTimeField(_("eingetragen am"), auto_now=True)

    class Meta:
        abstract = True


class BackgroundJob(models.Model):
    """Work a Celery worker does, with its state; see lebenswert.core.jobs.

    A model may override `status` to add states before the queue (a preview) or
    to name the states in its own words; the values below keep their meaning.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        SUCCEEDED = "succeeded", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    error = models.TextField(_("Fehler"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    # Set when a worker claims the job; a stale heartbeat means the worker died.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(
        _("letztes Lebenszeichen"), null=True, blank=True
    )
    # When the job was (last) handed to the queue; lost messages are found by it.
    queued_at = models.DateTimeField(
        _("eingereiht"), default=timezone.now, null=True, blank=True
    )
    started_at = models.DateTimeField(_("begonnen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}
