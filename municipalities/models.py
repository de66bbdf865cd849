"""The official territorial hierarchy (Destatis GV100AD) and who works where.

Land → Regierungsbezirk → Kreis → Gemeindeverband → Municipality, each keyed by its
official code. Population figures keep their reference date and census basis,
because the series breaks between Zensus 2011 and Zensus 2022.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lebenswert.core.fragments import DIRECTORY, ROLES
from lebenswert.core.models import BackgroundJob, NormalisedText
from lebenswert.core.numbers import format_date, format_number
from lebenswert.core.storage import private_storage

ags_validator = RegexValidator(r"^\d{8}$", _("Der AGS hat genau 8 Ziffern."))
ars_validator = RegexValidator(r"^\d{12}$", _("Der ARS hat genau 12 Ziffern."))


class CensusBasis(models.TextChoices):
    ZENSUS_2011 = "zensus2011", _("Zensus 2011")
    ZENSUS_2022 = "zensus2022", _("Zensus 2022")

    @classmethod
    def for_year(cls, year: int) -> "CensusBasis":
        """Destatis publishes figures from 31.12.2024 on the Zensus 2022 basis."""
        return cls.ZENSUS_2022 if year >= 2024 else cls.ZENSUS_2011


class Land(NormalisedText, models.Model):
    code = models.CharField(_("Schlüssel"), max_length=2, primary_key=True)
    name = models.CharField(_("Name"), max_length=100)
    seat = models.CharField(_("Sitz der Landesregierung"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Land")
        verbose_name_plural = _("Länder")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Regierungsbezirk(NormalisedText, models.Model):
    code = models.CharField(_("Schlüssel"), max_length=3, primary_key=True)
    land = models.ForeignKey(Land, on_delete=models.PROTECT, related_name="bezirke")
    name = models.CharField(_("Name"), max_length=100)
    seat = models.CharField(_("Sitz der Verwaltung"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Regierungsbezirk")
        verbose_name_plural = _("Regierungsbezirke")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Kreis(NormalisedText, models.Model):
    class Type(models.TextChoices):
        KREISFREIE_STADT = "41", _("kreisfreie Stadt")
        STADTKREIS = "42", _("Stadtkreis")
        KREIS = "43", _("Kreis")
        LANDKREIS = "44", _("Landkreis")
        REGIONALVERBAND = "45", _("Regionalverband")
        OHNE_KREIS = "00", _("kreisfreies Gebiet (ohne Kreissatz im Verzeichnis)")

    code = models.CharField(_("Kreisschlüssel"), max_length=5, primary_key=True)
    land = models.ForeignKey(Land, on_delete=models.PROTECT, related_name="kreise")
    regierungsbezirk = models.ForeignKey(
        Regierungsbezirk,
        on_delete=models.PROTECT,
        related_name="kreise",
        null=True,
        blank=True,
    )
    name = models.CharField(_("Name"), max_length=100)
    type = models.CharField(_("Art"), max_length=2, choices=Type.choices)
    seat = models.CharField(_("Sitz der Verwaltung"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Kreis")
        verbose_name_plural = _("Kreise")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Gemeindeverband(NormalisedText, models.Model):
    class Type(models.TextChoices):
        VERBANDSFREI = "50", _("verbandsfreie Gemeinde")
        AMT = "51", _("Amt")
        SAMTGEMEINDE = "52", _("Samtgemeinde")
        VERBANDSGEMEINDE = "53", _("Verbandsgemeinde")
        VERWALTUNGSGEMEINSCHAFT = "54", _("Verwaltungsgemeinschaft")
        KIRCHSPIELSLANDGEMEINDE = "55", _("Kirchspielslandgemeinde")
        VERWALTUNGSVERBAND = "56", _("Verwaltungsverband")
        TRAEGERMODELL = "57", _("Verwaltungsgemeinschaft (Trägermodell)")
        ERFUELLENDE_GEMEINDE = "58", _("erfüllende Gemeinde")

    code = models.CharField(
        _("Schlüssel"),
        max_length=9,
        primary_key=True,
        help_text=_("Kreisschlüssel (5) und Verbandsnummer (4)."),
    )
    kreis = models.ForeignKey(Kreis, on_delete=models.PROTECT, related_name="verbaende")
    name = models.CharField(_("Name"), max_length=100)
    type = models.CharField(_("Art"), max_length=2, choices=Type.choices)
    seat = models.CharField(_("Sitz der Verwaltung"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("Gemeindeverband")
        verbose_name_plural = _("Gemeindeverbände")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def membership(self, *, already: bool = False) -> str:
        """„gehört zur Verwaltungsgemeinschaft …“ by the union's type ("bereits" for a
        partner suggestion); empty for a municipality that belongs to none."""
        phrases = MEMBERSHIP_PHRASES.get(self.type)
        return phrases[already] % {"name": self.name} if phrases else ""


_T = Gemeindeverband.Type
# (belongs to, already belongs to) per type; each a whole sentence for the translator.
MEMBERSHIP_PHRASES = {
    _T.AMT: (_("gehört zum Amt %(name)s"), _("gehört bereits zum Amt %(name)s")),
    _T.SAMTGEMEINDE: (
        _("gehört zur Samtgemeinde %(name)s"),
        _("gehört bereits zur Samtgemeinde %(name)s"),
    ),
    _T.VERBANDSGEMEINDE: (
        _("gehört zur Verbandsgemeinde %(name)s"),
        _("gehört bereits zur Verbandsgemeinde %(name)s"),
    ),
    _T.VERWALTUNGSGEMEINSCHAFT: (
        _("gehört zur Verwaltungsgemeinschaft %(name)s"),
        _("gehört bereits zur Verwaltungsgemeinschaft %(name)s"),
    ),
    _T.KIRCHSPIELSLANDGEMEINDE: (
        _("gehört zur Kirchspielslandgemeinde %(name)s"),
        _("gehört bereits zur Kirchspielslandgemeinde %(name)s"),
    ),
    _T.VERWALTUNGSVERBAND: (
        _("gehört zum Verwaltungsverband %(name)s"),
        _("gehört bereits zum Verwaltungsverband %(name)s"),
    ),
    _T.TRAEGERMODELL: (
        _("gehört zur Verwaltungsgemeinschaft %(name)s (Trägermodell)"),
        _("gehört bereits zur Verwaltungsgemeinschaft %(name)s (Trägermodell)"),
    ),
    _T.ERFUELLENDE_GEMEINDE: (
        _("gehört zum Bereich der erfüllenden Gemeinde %(name)s"),
        _("gehört bereits zum Bereich der erfüllenden Gemeinde %(name)s"),
    ),
}


class MunicipalityQuerySet(models.QuerySet):
    def with_hierarchy(self) -> "MunicipalityQuerySet":
        return self.select_related("kreis", "kreis__land", "kreis__regierungsbezirk")

    def search(self, query: str) -> "MunicipalityQuerySet":
        """Names containing the query, or AGS/ARS starting with it when it is digits."""
        query = query.strip()
        if not query:
            return self
        if query.isdigit():
            return self.filter(Q(ags__startswith=query) | Q(ars__startswith=query))
        return self.filter(name__icontains=query)

    def in_kreis(self, kreis_code: str) -> "MunicipalityQuerySet":
        return self.filter(kreis_id=kreis_code)


class Municipality(NormalisedText, models.Model):
    class Type(models.TextChoices):
        MARKT = "60", _("Markt")
        KREISFREIE_STADT = "61", _("kreisfreie Stadt")
        STADTKREIS = "62", _("Stadtkreis")
        STADT = "63", _("Stadt")
        GEMEINDE = "64", _("Gemeinde")
        GEMEINDEFREI_BEWOHNT = "65", _("gemeindefreies Gebiet, bewohnt")
        GEMEINDEFREI_UNBEWOHNT = "66", _("gemeindefreies Gebiet, unbewohnt")
        GROSSE_KREISSTADT = "67", _("große Kreisstadt")

    ags = models.CharField(
        _("AGS"),
        max_length=8,
        unique=True,
        validators=[ags_validator],
        help_text=_("Amtlicher Gemeindeschlüssel, 8 Ziffern."),
    )
    ars = models.CharField(
        _("ARS"),
        max_length=12,
        unique=True,
        validators=[ars_validator],
        help_text=_("Amtlicher Regionalschlüssel, 12 Ziffern."),
    )
    name = models.CharField(_("amtlicher Name"), max_length=150)
    short_name = models.CharField(_("Kurzname"), max_length=150, db_index=True)
    type = models.CharField(_("Art"), max_length=2, choices=Type.choices)
    kreis = models.ForeignKey(
        Kreis, on_delete=models.PROTECT, related_name="municipalities"
    )
    verband = models.ForeignKey(
        Gemeindeverband,
        on_delete=models.PROTECT,
        related_name="municipalities",
        null=True,
        blank=True,
        verbose_name=_("Gemeindeverband"),
    )
    area_km2 = models.DecimalField(
        _("Fläche (km²)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    area_date = models.DateField(_("Stichtag der Fläche"), null=True, blank=True)
    population = models.PositiveIntegerField(_("Einwohner"), null=True, blank=True)
    population_date = models.DateField(
        _("Stichtag der Einwohnerzahl"), null=True, blank=True
    )
    population_basis = models.CharField(
        _("Zensusbasis"), max_length=20, choices=CensusBasis.choices, blank=True
    )
    postcode = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    postcode_multiple = models.BooleanField(_("mehrere Postleitzahlen"), default=False)
    latitude = models.DecimalField(
        _("Breite"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("Länge"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    territory_date = models.DateField(
        _("Gebietsstand"), null=True, blank=True, help_text=_("laut Destatis")
    )
    source = models.CharField(
        _("Quelle"),
        max_length=200,
        blank=True,
        help_text=_("Woher die amtlichen Angaben dieses Datensatzes stammen."),
    )
    is_lebenswert_partner = models.BooleanField(
        _("Praxispartner LebensWert"),
        default=False,
        help_text=_("Praxispartner des Forschungsprojekts LebensWert (2016–2019)."),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Gemeinde")
        verbose_name_plural = _("Gemeinden")
        ordering = ["short_name", "ags"]
        indexes = [models.Index(fields=["kreis", "short_name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("municipalities:municipality_detail", args=[self.ags])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        # ARS = Kreis (5) + Gemeindeverband (4) + Gemeinde (3); AGS = Kreis + Gemeinde.
        if self.ars and self.ags and self.ars[:5] + self.ars[9:] != self.ags:
            raise ValidationError(
                {"ars": _("ARS und AGS müssen dieselbe Gemeinde bezeichnen.")}
            )

    @property
    def type_label(self) -> str:
        """The type's label; cheaper than get_type_display() in long lists."""
        return Municipality.Type(self.type).label if self.type else ""

    @property
    def is_unincorporated(self) -> bool:
        """A gemeindefreies Gebiet (a forest, a lake): a place, not a municipality."""
        return self.type in (
            Municipality.Type.GEMEINDEFREI_BEWOHNT,
            Municipality.Type.GEMEINDEFREI_UNBEWOHNT,
        )

    @property
    def density(self) -> Decimal | None:
        if not self.population or not self.area_km2:
            return None
        return (Decimal(self.population) / self.area_km2).quantize(Decimal("1"))

    @property
    def has_centre(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PopulationFigure(NormalisedText, models.Model):
    """Population on a reference date (normally 31.12.), with its census basis."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="population_figures"
    )
    date = models.DateField(_("Stichtag"))
    population = models.PositiveIntegerField(_("Einwohner"))
    basis = models.CharField(
        _("Zensusbasis"), max_length=20, choices=CensusBasis.choices
    )
    source = models.CharField(_("Quelle"), max_length=200)

    class Meta:
        verbose_name = _("Einwohnerzahl")
        verbose_name_plural = _("Einwohnerzahlen")
        ordering = ["municipality", "date"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "date"], name="population_one_per_date"
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.municipality}: {format_number(self.population)} "
            f"({format_date(self.date)})"
        )


class PopulationProjection(NormalisedText, models.Model):
    """An official population projection for one Kreis or one municipality.

    One series per area, publisher and release; its values by year are
    `PopulationProjectionValue` rows. The option comparison's "amtlich" variant.
    """

    class Certainty(models.TextChoices):
        SOURCE = "source", _("aus der Veröffentlichung selbst (belegt)")
        REPORTED = "reported", _("nach einem Bericht über die Veröffentlichung (G)")

    kreis = models.ForeignKey(
        Kreis,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_projections",
        verbose_name=_("Kreis"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="population_projections",
        verbose_name=_("Gemeinde"),
    )
    publisher = models.CharField(_("Herausgeber"), max_length=200)
    title = models.CharField(_("Titel"), max_length=300)
    release_date = models.DateField(_("veröffentlicht am"))
    base_year = models.PositiveSmallIntegerField(
        _("Basisjahr"), help_text=_("Stand 31.12. dieses Jahres ist der Ausgangswert.")
    )
    basis = models.CharField(
        _("Zensusbasis des Ausgangswerts"),
        max_length=20,
        choices=CensusBasis.choices,
        blank=True,
    )
    certainty = models.CharField(
        _("Belegt"), max_length=10, choices=Certainty.choices, default=Certainty.SOURCE
    )
    notes = models.TextField(
        _("Anmerkungen"),
        max_length=2000,
        blank=True,
        help_text=_("z. B. welche Jahre interpoliert sind, Variante der Rechnung."),
    )
    source_url = models.URLField(_("Fundstelle"), blank=True)

    class Meta:
        verbose_name = _("Bevölkerungsvorausberechnung")
        verbose_name_plural = _("Bevölkerungsvorausberechnungen")
        ordering = ["kreis", "municipality", "-release_date"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kreis__isnull=False) & Q(municipality__isnull=True))
                | (Q(kreis__isnull=True) & Q(municipality__isnull=False)),
                name="projection_area_exactly_one",
                violation_error_message=_(
                    "Wählen Sie entweder einen Kreis oder eine Gemeinde."
                ),
            ),
            models.UniqueConstraint(
                fields=["kreis", "publisher", "release_date"],
                condition=Q(kreis__isnull=False),
                name="projection_one_per_kreis_release",
            ),
            models.UniqueConstraint(
                fields=["municipality", "publisher", "release_date"],
                condition=Q(municipality__isnull=False),
                name="projection_one_per_municipality_release",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area}: {self.publisher} ({self.release_date:%d.%m.%Y})"

    @property
    def area(self) -> "Kreis | Municipality":
        return self.municipality or self.kreis

    def data_scopes(self) -> tuple[str, ...]:
        # Shown in the option comparison, which is cached on the directory version.
        return (DIRECTORY,)

    def audit_municipality(self) -> "Municipality | None":
        return self.municipality


class PopulationProjectionValue(NormalisedText, models.Model):
    """The projected population of a projection series on 31.12. of one year."""

    projection = models.ForeignKey(
        PopulationProjection, on_delete=models.CASCADE, related_name="values"
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    population = models.PositiveIntegerField(_("Einwohner"))
    interpolated = models.BooleanField(
        _("interpoliert"),
        default=False,
        help_text=_("Nicht veröffentlicht, sondern zwischen Werten interpoliert."),
    )

    class Meta:
        verbose_name = _("Vorausberechneter Wert")
        verbose_name_plural = _("Vorausberechnete Werte")
        ordering = ["projection", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["projection", "year"], name="projection_value_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.population}"

    def data_scopes(self) -> tuple[str, ...]:
        return self.projection.data_scopes()


class Boundary(NormalisedText, models.Model):
    """A municipality's outline as GeoJSON (WGS84), e.g. from BKG VG5000."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="boundary"
    )
    geometry = models.JSONField(_("Geometrie (GeoJSON)"))
    source = models.CharField(_("Quelle"), max_length=200)
    valid_on = models.DateField(_("Stand"), null=True, blank=True)

    class Meta:
        verbose_name = _("Gemeindegrenze")
        verbose_name_plural = _("Gemeindegrenzen")

    def __str__(self) -> str:
        return f"{self.municipality} ({self.source})"


class Membership(NormalisedText, models.Model):
    """A user works for a municipality, reading (viewer) or editing (editor)."""

    audited_fields = ["user", "municipality", "role"]

    class Role(models.TextChoices):
        VIEWER = "viewer", _("Lesen")
        EDITOR = "editor", _("Bearbeiten")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Konto"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("Gemeinde"),
    )
    role = models.CharField(_("Rolle"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        ordering = ["municipality__short_name", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="membership_one_per_municipality"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality} ({self.get_role_display()})"

    def data_scopes(self) -> tuple[str, ...]:
        # The cached role facts (municipalities/roles.py) are keyed by this.
        return (ROLES,)

    def audit_municipality(self) -> Municipality:
        return self.municipality


class PlannerAssignment(NormalisedText, models.Model):
    """A regional planner reads everything in a Kreis or a whole Regierungsbezirk."""

    audited_fields = ["user", "kreis", "regierungsbezirk"]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="planner_assignments",
        verbose_name=_("Konto"),
    )
    kreis = models.ForeignKey(
        Kreis,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="planner_assignments",
        verbose_name=_("Kreis"),
    )
    regierungsbezirk = models.ForeignKey(
        Regierungsbezirk,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="planner_assignments",
        verbose_name=_("Regierungsbezirk"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Regionalplanung")
        verbose_name_plural = _("Regionalplanung (Zuständigkeiten)")
        constraints = [
            models.CheckConstraint(
                condition=(Q(kreis__isnull=False) & Q(regierungsbezirk__isnull=True))
                | (Q(kreis__isnull=True) & Q(regierungsbezirk__isnull=False)),
                name="planner_scope_exactly_one",
                violation_error_message=_(
                    "Wählen Sie entweder einen Kreis oder einen Regierungsbezirk."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kreis"], name="planner_one_per_kreis"
            ),
            models.UniqueConstraint(
                fields=["user", "regierungsbezirk"], name="planner_one_per_bezirk"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.kreis or self.regierungsbezirk}"

    @property
    def region(self) -> Kreis | Regierungsbezirk:
        return self.kreis or self.regierungsbezirk

    def data_scopes(self) -> tuple[str, ...]:
        # The cached role facts (municipalities/roles.py) are keyed by this.
        return (ROLES,)


class DirectoryImport(NormalisedText, BackgroundJob):
    """An upload of an official file, imported by a Celery worker (a job of
    lebenswert.core.jobs)."""

    class Kind(models.TextChoices):
        GV100AD = "gv100ad", _("Gemeindeverzeichnis GV100AD (Destatis)")
        BOUNDARIES = "boundaries", _("Gemeindegrenzen GeoJSON (BKG)")
        POPULATION_SERIES = (
            "population_series",
            _("Einwohnerzahlen je Gemeinde, jährlich (CSV)"),
        )
        PROJECTION = "projection", _("Bevölkerungsvorausberechnung (CSV)")

    # What an import of a kind needs besides its file, stored in `options`.
    REQUIRED_OPTIONS = {
        Kind.POPULATION_SERIES: ("source",),
        Kind.PROJECTION: ("publisher", "title", "release_date"),
    }

    class Status(models.TextChoices):
        QUEUED = "queued", _("wartet")
        RUNNING = "running", _("läuft")
        SUCCEEDED = "succeeded", _("erfolgreich")
        FAILED = "failed", _("fehlgeschlagen")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    file = models.FileField(
        _("Datei"),
        upload_to="imports/%Y/%m/",
        storage=private_storage,
    )
    original_name = models.CharField(_("Dateiname"), max_length=255)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    options = models.JSONField(
        _("Angaben zum Import"),
        default=dict,
        blank=True,
        help_text=_(
            "Quelle einer Einwohnerreihe; Herausgeber, Titel, Veröffentlichung … "
            "einer Vorausberechnung."
        ),
    )
    counts = models.JSONField(_("Ergebnis"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("angestoßen von"),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Datenimport")
        verbose_name_plural = _("Datenimporte")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.original_name}"

    def clean(self):
        missing = [
            name
            for name in self.REQUIRED_OPTIONS.get(self.kind, ())
            if not self.options.get(name)
        ]
        if missing:
            raise ValidationError(
                {
                    "options": _("Es fehlen Angaben zum Import: %(names)s.")
                    % {"names": ", ".join(missing)}
                }
            )
