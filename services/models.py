"""Daseinsvorsorge: sectors, indicators and their values, and who provides each service.

Every editable row carries a `version`; actions refuse a save made against an older
version, so that concurrent edits are never silently overwritten.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lebenswert.core.fragments import ShownOnCooperationPages, figures_scope
from lebenswert.core.models import (
    BackgroundJob,
    EnglishName,
    NormalisedText,
    VersionedRecord,
    actor_field,
)
from lebenswert.core.numbers import format_number
from lebenswert.core.storage import private_storage

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9_-]*$", _("Nur Kleinbuchstaben, Ziffern, - und _.")
)


# The catalogue's units that are German abbreviations, for pages and reports in
# another language (`Indicator.unit_label`); the others (€/m³, %, km) are the same.
UNIT_LABELS = {
    "€/EW": pgettext_lazy("Einheit einer Kennzahl", "€/EW"),
    "VZÄ": pgettext_lazy("Einheit einer Kennzahl", "VZÄ"),
    "Anzahl": pgettext_lazy("Einheit einer Kennzahl", "Anzahl"),
}


class ActionField(models.TextChoices):
    """The three action fields of the LebensWert guide, and the rest."""

    WATER = "water", _("Wasser und Abwasser")
    HOUSING = "housing", _("Wohnen")
    LOCAL = "local", _("Qualitäten im Nahraum")
    OTHER = "other", _("weitere Daseinsvorsorge")


class Sector(ShownOnCooperationPages, EnglishName, NormalisedText, models.Model):
    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=120)
    name_en = models.CharField(_("Name (englisch)"), max_length=120)
    action_field = models.CharField(
        _("Handlungsfeld"), max_length=10, choices=ActionField.choices
    )
    description = models.TextField(_("Beschreibung"), max_length=10_000, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Sektor")
        verbose_name_plural = _("Sektoren")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("services:sector_detail", args=[self.code])


class Indicator(EnglishName, NormalisedText, models.Model):
    class Better(models.TextChoices):
        HIGHER = "higher", _("höher ist besser")
        LOWER = "lower", _("niedriger ist besser")
        NEUTRAL = "neutral", _("keine Wertung")

    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("Sektor"),
    )
    code = models.CharField(
        _("Kürzel"), max_length=40, unique=True, validators=[code_validator]
    )
    name = models.CharField(_("Name"), max_length=160)
    name_en = models.CharField(_("Name (englisch)"), max_length=160)
    unit = models.CharField(_("Einheit"), max_length=30)
    better = models.CharField(
        _("Richtung"), max_length=10, choices=Better.choices, default=Better.NEUTRAL
    )
    decimals = models.PositiveSmallIntegerField(_("Nachkommastellen"), default=2)
    minimum = models.DecimalField(
        _("kleinster plausibler Wert"), max_digits=14, decimal_places=4
    )
    maximum = models.DecimalField(
        _("größter plausibler Wert"), max_digits=14, decimal_places=4
    )
    description = models.TextField(_("Beschreibung"), max_length=10_000, blank=True)
    usual_source = models.CharField(_("übliche Quelle"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Kennzahl")
        verbose_name_plural = _("Kennzahlen")
        ordering = ["sector__position", "position", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__lt=models.F("maximum")),
                name="indicator_plausible_range",
                violation_error_message=_(
                    "Der kleinste Wert muss unter dem größten liegen."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.unit})"

    @property
    def unit_label(self) -> str:
        """The unit in the current language (the abbreviations of UNIT_LABELS)."""
        return str(UNIT_LABELS.get(self.unit, self.unit))

    def is_plausible(self, value: Decimal) -> bool:
        return self.minimum <= value <= self.maximum


class IndicatorValue(NormalisedText, VersionedRecord):
    # No single-column indexes: the unique (municipality, indicator, year) and the
    # (indicator, year) index serve those lookups; fewer indexes, faster imports.
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="indicator_values",
        verbose_name=_("Gemeinde"),
        db_index=False,
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("Kennzahl"),
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(
        _("Jahr"), validators=[MinValueValidator(1950)]
    )
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=4)
    source = models.CharField(_("Quelle"), max_length=300)
    note = models.TextField(_("Anmerkung"), max_length=2_000, blank=True)
    is_demo = models.BooleanField(
        _("Demowert"),
        default=False,
        help_text=_(
            "Erfundener Beispielwert einer Demo-Installation, kein echter Wert."
        ),
    )

    class Meta:
        verbose_name = _("Kennzahlwert")
        verbose_name_plural = _("Kennzahlwerte")
        ordering = ["indicator__position", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "indicator", "year"],
                name="indicator_value_one_per_year",
                violation_error_message=_(
                    "Für diese Gemeinde, Kennzahl und dieses Jahr "
                    "gibt es schon einen Wert."
                ),
            )
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.year}: {format_number(self.value)}"

    def data_scopes(self) -> tuple[str, ...]:
        return (figures_scope(self.municipality.kreis_id),)


class PartnerOrganisation(ShownOnCooperationPages, NormalisedText, models.Model):
    """An organisation that is not a municipality: Landkreis, Zweckverband,
    company … It provides services (ServiceProvision.provider_organisation) and
    takes part in cooperations (cooperations.CooperationPartner), so it lives in
    the lower of the two apps."""

    audited_fields = [
        "name", "type", "official_key", "address", "contact_name", "contact_email",
        "contact_phone",
    ]  # fmt: skip

    class Type(models.TextChoices):
        LANDKREIS = "landkreis", _("Landkreis")
        REGIERUNGSPRAESIDIUM = "rp", _("Regierungspräsidium")
        ZWECKVERBAND = "zweckverband", _("Zweckverband")
        ANSTALT = "anstalt", _("Anstalt des öffentlichen Rechts")
        STADTWERKE = "stadtwerke", _("Stadtwerke")
        ASSOCIATION = "verein", _("Verein oder Verband")
        COMPANY = "company", _("Unternehmen")

    name = models.CharField(_("Name"), max_length=200)
    type = models.CharField(_("Art"), max_length=20, choices=Type.choices)
    official_key = models.CharField(_("amtlicher Schlüssel"), max_length=20, blank=True)
    address = models.TextField(_("Anschrift"), max_length=1_000, blank=True)
    contact_name = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(_("Telefon"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("Partnerorganisation")
        verbose_name_plural = _("Partnerorganisationen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceProvision(NormalisedText, VersionedRecord):
    """Who provides a sector's service in a municipality: the baseline for options."""

    class ProviderType(models.TextChoices):
        REGIEBETRIEB = "regiebetrieb", _("Regiebetrieb (eigene Verwaltung)")
        EIGENBETRIEB = "eigenbetrieb", _("Eigenbetrieb")
        ZWECKVERBAND = "zweckverband", _("Zweckverband")
        ANSTALT = "anstalt", _("Anstalt des öffentlichen Rechts")
        STADTWERKE = "stadtwerke", _("Stadtwerke GmbH")
        PRIVATE = "private", _("privates Unternehmen")
        COOPERATION = "cooperation", _("Kooperation mit Nachbarn")
        NONE = "none", _("kein Angebot vor Ort")

    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.CASCADE,
        related_name="service_provisions",
        verbose_name=_("Gemeinde"),
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="provisions",
        verbose_name=_("Sektor"),
    )
    provider_type = models.CharField(
        _("Form der Erbringung"), max_length=20, choices=ProviderType.choices
    )
    provider_name = models.CharField(
        _("Träger"),
        max_length=200,
        blank=True,
        help_text=_("z. B. Stadtwerke Eschwege GmbH"),
    )
    provider_organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_provisions",
        verbose_name=_("Träger aus dem Verzeichnis der Partnerorganisationen"),
        help_text=_(
            "Ein Zweckverband, Stadtwerke oder eine Anstalt, die in LebensWert "
            "erfasst ist; dann ist kein freier Name nötig."
        ),
    )
    staff_fte = models.DecimalField(
        _("Personal (Vollzeitstellen)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    yearly_cost = models.DecimalField(
        _("Kosten je Jahr (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    cost_year = models.PositiveSmallIntegerField(
        _("Jahr der Kosten"), null=True, blank=True
    )
    notes = models.TextField(_("Anmerkungen"), max_length=2_000, blank=True)
    is_demo = models.BooleanField(_("Demowert"), default=False)

    class Meta:
        verbose_name = _("Leistungserbringung")
        verbose_name_plural = _("Leistungserbringung")
        ordering = ["sector__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "sector"], name="provision_one_per_sector"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sector.name}: {self.get_provider_type_display()}"

    # Forms in which the municipality provides the service itself (or nobody does).
    OWN_OPERATION = {
        ProviderType.REGIEBETRIEB,
        ProviderType.EIGENBETRIEB,
        ProviderType.NONE,
    }

    def clean(self):
        super().clean()
        if self.provider_organisation_id and self.provider_type in self.OWN_OPERATION:
            raise ValidationError(
                {
                    "provider_organisation": _(
                        "„%(type)s“ hat keinen fremden Träger; wählen Sie die Form "
                        "der Erbringung passend zur Organisation."
                    )
                    % {"type": self.get_provider_type_display()}
                }
            )

    @property
    def provider_label(self) -> str:
        """The provider's name: the recorded organisation, else the free text."""
        if self.provider_organisation_id:
            return self.provider_organisation.name
        return self.provider_name

    def data_scopes(self) -> tuple[str, ...]:
        return (figures_scope(self.municipality.kreis_id),)


class FigureImport(NormalisedText, BackgroundJob):
    """An uploaded CSV of figures: checked and previewed in the request, then
    imported at once by a Celery worker (a job of lebenswert.core.jobs).

    `preview` and `discarded` come before the queue; from `queued` on it is a job.
    """

    class Status(models.TextChoices):
        PREVIEW = "preview", _("zur Prüfung")
        DISCARDED = "discarded", _("verworfen")
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        SUCCEEDED = "succeeded", _("importiert")
        FAILED = "failed", _("fehlgeschlagen")

    file = models.FileField(
        _("Datei"), upload_to="figure-imports/%Y/%m/", storage=private_storage
    )
    original_name = models.CharField(_("Dateiname"), max_length=255)
    default_source = models.CharField(
        _("Quelle für Zeilen ohne Quelle"), max_length=300, blank=True
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PREVIEW
    )
    counts = models.JSONField(_("Ergebnis"), default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("hochgeladen von"),
    )
    # Who pressed "Importieren": the values and their history are theirs.
    imported_by = actor_field(_("importiert von"))
    # The request that queued the import; its history rows carry it.
    request_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)
    queued_at = models.DateTimeField(_("eingereiht"), null=True, blank=True)
    finished_at = models.DateTimeField(_("importiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Kennzahlen-Import")
        verbose_name_plural = _("Kennzahlen-Importe")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_pending(self) -> bool:
        """Handed to the workers and not finished yet."""
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}


class ReferenceValue(NormalisedText, models.Model):
    """A published comparison figure, e.g. the Hessian average water price 2018."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="references",
        verbose_name=_("Kennzahl"),
    )
    area = models.CharField(_("Gebiet"), max_length=120, help_text=_("z. B. Hessen"))
    year = models.PositiveSmallIntegerField(_("Jahr"))
    value = models.DecimalField(_("Wert"), max_digits=14, decimal_places=4)
    source = models.CharField(_("Quelle"), max_length=300)

    class Meta:
        verbose_name = _("Vergleichswert")
        verbose_name_plural = _("Vergleichswerte")
        ordering = ["indicator", "area", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="reference_one_per_area_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.area} {self.year}: {self.value}"
