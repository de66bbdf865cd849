import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
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


class VersionedRecord(models.Model):
    """A record edited by people: its version guards against lost updates.

    Written only through lebenswert.core.concurrency.versioned_save (or an
    import that raises the version itself).
    """

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("eingetragen von"),
    )
    updated_at = models.DateTimeField(_("eingetragen am"), auto_now=True)

    class Meta:
        abstract = True


class NormalisedText:
    """Model mixin: clean() stores every text field NFC-normalised, so that "März"
    typed on a Mac (a + combining diaeresis) and on Windows is the same name, sorts
    the same and is found by the same search."""

    def clean(self) -> None:
        super().clean()
        for field in self._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, unicodedata.normalize("NFC", value))
