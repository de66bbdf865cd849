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
