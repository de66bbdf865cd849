"""One record per change of audited data: who, when, which request, old and new."""

from datetime import date, datetime

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lebenswert.core import numbers
from lebenswert.core.models import NormalisedText, actor_field


class ChangeQuerySet(models.QuerySet):
    def for_object(self, instance: models.Model) -> "ChangeQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(instance),
            object_id=str(instance.pk),
        )


class Change(NormalisedText, models.Model):
    class Action(models.TextChoices):
        CREATE = "create", _("angelegt")
        UPDATE = "update", _("geändert")
        DELETE = "delete", _("gelöscht")

    # The log outlives what it describes and is written in bulk by imports: its
    # references are not database constraints (no check per row at commit).
    # content_type is indexed together with object_id and time (Meta.indexes).
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.DO_NOTHING,
        db_index=False,
        db_constraint=False,
        verbose_name=_("Datenart"),
    )
    object_id = models.CharField(_("Datensatz-Nummer"), max_length=64)
    object_repr = models.CharField(_("Datensatz"), max_length=300)
    action = models.CharField(_("Aktion"), max_length=10, choices=Action.choices)
    changes = models.JSONField(
        _("Änderungen"), default=dict, help_text=_("Feld → [alter Wert, neuer Wert]")
    )
    actor = actor_field(_("von"), db_constraint=False)
    actor_repr = models.CharField(_("von (Name)"), max_length=300, blank=True)
    # The municipality the change belongs to, by its official key (AGS): the
    # history of a municipality's page, and no relation from this cross-cutting
    # layer up into the domain apps.
    municipality_ags = models.CharField(_("Gemeinde (AGS)"), max_length=8, blank=True)
    at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True, db_index=True)
    request_id = models.CharField(_("Anfrage-ID"), max_length=64, blank=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("Änderung")
        verbose_name_plural = _("Änderungen")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(
                fields=["municipality_ags", "-at"], name="audit_change_ags_at"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.object_repr} {self.get_action_display()} ({self.at:%d.%m.%Y %H:%M})"
        )

    def without_values_of(self, name: str, label: str) -> "Change":
        """The change (not saved) with `label` in place of the values of `name`,
        for readers who may not see them (titles of partners-only documents)."""
        if name in self.changes:
            before, after = self.changes[name]
            self.changes = {**self.changes, name: [before and label, after and label]}
        return self

    @property
    def readable_changes(self) -> list[tuple[str, object, object]]:
        """(field label, old, new) with verbose names and choice labels."""
        model = self.content_type.model_class()
        rows = []
        for name, (old, new) in self.changes.items():
            if name.startswith("_") or (old in (None, "") and new in (None, "")):
                continue  # "_…": a key that identifies a row for restoring it
            try:
                field = model._meta.get_field(name)
            except Exception:
                rows.append((str(PSEUDO_FIELDS.get(name, name)), old, new))
                continue
            choices = dict(field.flatchoices) if field.choices else {}
            show = _shown_as(field)
            rows.append(
                (
                    str(field.verbose_name),
                    show(choices.get(old, old)),
                    show(choices.get(new, new)),
                )
            )
        return rows


# Changes recorded for related rows (partners, sectors) under the parent's name.
PSEUDO_FIELDS = {
    "partner": _("Partner"),
    "sectors": _("Sektoren"),
    "document": _("Dokument"),
    "savings": _("Einsparung"),
    "funding": _("Förderung"),
    # Anonymisation of a person (Art. 17 DSGVO): counts only, no personal data.
    "anonymised": _("anonymisiert"),
    "roles_removed": _("entzogene Rollen"),
    "contacts_cleared": _("gelöschte Kontaktangaben"),
    "log_entries_anonymised": _("anonymisierte Protokolleinträge"),
    "checklist": _("Checkliste"),
}


def _shown_as(field):
    """How a stored value of `field` is shown: numbers, dates and yes/no as the
    reader's language writes them."""
    if isinstance(field, models.DecimalField | models.FloatField):
        return _number
    if isinstance(field, models.DateTimeField):
        return _moment
    if isinstance(field, models.DateField):
        return _day
    return _display


def _day(value):
    """A stored ISO date ("2024-03-31") as "31.03.2024"."""
    try:
        return numbers.format_date(date.fromisoformat(value))
    except (TypeError, ValueError):
        return _display(value)


def _moment(value):
    """A stored ISO time stamp as the short date and time where the reader is."""
    try:
        moment = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return _display(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "SHORT_DATETIME_FORMAT")


def _number(value):
    """A stored decimal ("2.79") as the reader's language writes it ("2,79")."""
    if value in (None, ""):
        return value
    try:
        return numbers.format_number(value)
    except ArithmeticError:  # not a number after all: show what was stored
        return value


def _display(value):
    if value == "":
        return None  # shown as "–"
    if value is True:
        return _("ja")
    if value is False:
        return _("nein")
    return value
