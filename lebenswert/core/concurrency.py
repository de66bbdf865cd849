"""Optimistic locking: a save based on an outdated version is refused, not merged."""

from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _


class EditConflict(Exception):
    """Someone else saved the record after the form was opened."""

    def __init__(self, current: models.Model, last_change=None):
        self.current = current
        self.last_change = last_change
        super().__init__(f"{current!r} was changed by someone else")


ANY_VERSION = -1  # the caller overwrites deliberately (e.g. a confirmed import)


def conflict_message(error: EditConflict) -> str:
    """What the editor is told: who changed what when, and that nothing was saved."""
    change = error.last_change
    if change is None:
        return _("Jemand anderes hat diese Angabe inzwischen geändert.")

    def shown(value):
        return value if value not in (None, "") else "–"

    # The fields' labels, as the form shows them, not their names in the code.
    details = "; ".join(
        f"{label}: {shown(old)} → {shown(new)}"
        for label, old, new in change.readable_changes
    )
    return _(
        "%(who)s hat diese Angabe am %(when)s geändert (%(details)s). "
        "Ihre Eingabe wurde nicht gespeichert. Prüfen Sie die aktuellen Werte "
        "und speichern Sie erneut, wenn Ihre Angabe trotzdem gelten soll."
    ) % {
        "who": change.actor_repr or _("Jemand"),
        "when": date_format(timezone.localtime(change.at), "DATETIME_FORMAT"),
        "details": details,
    }


def write_error_on_form(form, error: Exception) -> int:
    """Put a refused write's reason on the form; returns the HTTP status to answer.

    A conflict also moves the form's version on, so that saving again after
    checking the current values is a deliberate overwrite.
    """
    if isinstance(error, EditConflict):
        form.add_error(None, conflict_message(error))
        form.data = form.data.copy()
        form.data["version"] = error.current.version
        return 409
    if hasattr(error, "error_dict"):
        # Each message on the field it names; one the form lacks goes above it.
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
    return 400
