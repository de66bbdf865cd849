"""Inter-municipal cooperation: legal forms and funding rules (reference data) and
the register of cooperations with their partners (municipalities or partner
organisations, services.PartnerOrganisation).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lebenswert.core.fragments import COOPERATIONS
from lebenswert.core.models import NormalisedText, VersionedRecord, actor_field
from lebenswert.core.numbers import format_money
from lebenswert.core.storage import private_storage
from lebenswert.core.uploads import safe_filename
from municipalities.roles import role_facts

from .documents import EXTENSIONS


class FactStatus(models.TextChoices):
    SOURCE_BACKED = "source", _("belegt")
    TO_CHECK = "check", _("mit der Kommunalaufsicht zu prüfen")


class OrganisationalForm(NormalisedText, models.Model):
    """A form of cooperation under a Land's law, from informal to institutional."""

    class Level(models.TextChoices):
        INFORMAL = "informal", _("informell")
        CONTRACTUAL = "contractual", _("vertraglich")
        INSTITUTIONAL = "institutional", _("institutionell")

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=150)
    name_en = models.CharField(_("Name (englisch)"), max_length=150)
    land = models.ForeignKey(
        "municipalities.Land",
        on_delete=models.PROTECT,
        related_name="organisational_forms",
        verbose_name=_("Land"),
    )
    level = models.CharField(_("Stufe"), max_length=15, choices=Level.choices)
    law = models.CharField(
        _("Rechtsgrundlage"),
        max_length=200,
        blank=True,
        help_text=_("z. B. §§ 5–23a KGG"),
    )
    summary = models.TextField(_("Kurzbeschreibung"), max_length=10_000, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Organisationsform")
        verbose_name_plural = _("Organisationsformen")
        ordering = ["land", "position"]

    def __str__(self) -> str:
        return self.name

    def data_scopes(self) -> tuple[str, ...]:
        return (COOPERATIONS,)  # shown on cached cooperation pages


class FormFact(NormalisedText, models.Model):
    """One comparison criterion of a form, marked as source-backed or to be checked."""

    class Criterion(models.TextChoices):
        LEGAL_PERSON = "legal_person", _("eigene Rechtspersönlichkeit")
        BINDING = "binding", _("Verbindlichkeit")
        APPROVAL = "approval", _("Genehmigung")
        OWN_STAFF = "own_staff", _("eigenes Personal")
        FEES = "fees", _("Gebühren und Hoheitsrechte")
        LIABILITY = "liability", _("Haftung")
        SETUP = "setup", _("Aufwand der Gründung")
        EXIT = "exit", _("Austritt")
        VAT = "vat", _("Umsatzsteuer (§ 2b UStG)")
        PROCUREMENT = "procurement", _("Vergaberecht (§ 108 GWB)")

    form = models.ForeignKey(
        OrganisationalForm, on_delete=models.CASCADE, related_name="facts"
    )
    criterion = models.CharField(
        _("Kriterium"), max_length=20, choices=Criterion.choices
    )
    value = models.CharField(_("Angabe"), max_length=300)
    status = models.CharField(_("Stand"), max_length=10, choices=FactStatus.choices)
    law = models.CharField(_("Rechtsgrundlage"), max_length=200, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("Bewertung (0–4)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(4)],
        help_text=_(
            "Wie gut die Form dieses Kriterium für die Partner erfüllt: 0 gar nicht, "
            "4 voll. Grundlage des Optionenvergleichs; ab 3 gilt ein Muss-Kriterium "
            "als erfüllt."
        ),
    )

    class Meta:
        verbose_name = _("Merkmal")
        verbose_name_plural = _("Merkmale")
        ordering = ["form", "criterion"]
        constraints = [
            models.UniqueConstraint(
                fields=["form", "criterion"], name="form_fact_one_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form}: {self.get_criterion_display()}"

    def data_scopes(self) -> tuple[str, ...]:
        return (COOPERATIONS,)  # shown on cached cooperation pages


class FundingProgramme(NormalisedText, models.Model):
    """Funding rules of a Land, e.g. Hessen's IKZ funding, as data."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    land = models.ForeignKey(
        "municipalities.Land", on_delete=models.PROTECT, verbose_name=_("Land")
    )
    min_partners = models.PositiveSmallIntegerField(_("Mindestzahl Partner"))
    min_partners_exception = models.PositiveSmallIntegerField(
        _("Mindestzahl Partner in begründeten Ausnahmen")
    )
    min_years = models.PositiveSmallIntegerField(_("Mindestdauer (Jahre)"))
    savings_target_pct = models.DecimalField(
        _("Einsparziel (%)"), max_digits=5, decimal_places=2
    )
    grants = models.JSONField(
        _("Zuschüsse"),
        default=list,
        help_text=_(
            "Liste von {partners_min, amount}: Zuschuss ab dieser Partnerzahl."
        ),
    )
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    source = models.CharField(_("Quelle"), max_length=300)

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["land", "name"]

    def __str__(self) -> str:
        return self.name

    def data_scopes(self) -> tuple[str, ...]:
        return (COOPERATIONS,)  # shown on cached cooperation pages


def partner_exists(condition: Q, cooperation: str = "pk") -> Exists:
    """Rows whose cooperation (the field `cooperation` of the outer query) has a
    partner row meeting the condition, as an EXISTS (no join, no DISTINCT)."""
    return Exists(
        CooperationPartner.objects.filter(
            condition, cooperation_id=OuterRef(cooperation)
        )
    )


class CooperationQuerySet(models.QuerySet):
    def visible_to(self, user) -> "CooperationQuerySet":
        """The cooperations `user` may read: the list form of the rule
        cooperations.read_cooperation (cooperations/rules.py)."""
        facts = role_facts(user)
        if not facts.is_active:
            return self.none()
        if facts.is_admin:
            return self
        # A partner editor works in the partner's Kreis: the region covers them.
        return self.filter(partner_exists(facts.region_q("municipality__kreis")))


class Cooperation(NormalisedText, VersionedRecord):
    class Status(models.TextChoices):
        IDEA = "idea", _("Idee")
        EXPLORING = "exploring", _("Sondierung")
        NEGOTIATING = "negotiating", _("Verhandlung")
        DECIDED = "decided", _("beschlossen")
        ACTIVE = "active", _("aktiv")
        ENDED = "ended", _("beendet")

    # Which status may follow which; anything else is refused by the action.
    TRANSITIONS = {
        Status.IDEA: {Status.EXPLORING, Status.ENDED},
        Status.EXPLORING: {Status.IDEA, Status.NEGOTIATING, Status.ENDED},
        Status.NEGOTIATING: {Status.EXPLORING, Status.DECIDED, Status.ENDED},
        Status.DECIDED: {Status.NEGOTIATING, Status.ACTIVE, Status.ENDED},
        Status.ACTIVE: {Status.ENDED},
        Status.ENDED: set(),
    }

    title = models.CharField(_("Titel"), max_length=200)
    task = models.TextField(_("Aufgabe"), max_length=2_000)
    sectors = models.ManyToManyField(
        "services.Sector", related_name="cooperations", verbose_name=_("Sektoren")
    )
    form = models.ForeignKey(
        OrganisationalForm,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperations",
        verbose_name=_("Organisationsform"),
    )
    status = models.CharField(
        _("Status"), max_length=12, choices=Status.choices, default=Status.IDEA
    )
    lead = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_cooperations",
        verbose_name=_("federführende Gemeinde"),
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    minimum_term_months = models.PositiveSmallIntegerField(
        _("Mindestlaufzeit (Monate)"), null=True, blank=True
    )
    notice_period_months = models.PositiveSmallIntegerField(
        _("Kündigungsfrist (Monate)"), null=True, blank=True
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("automatische Verlängerung (Monate)"),
        null=True,
        blank=True,
        help_text=_("Leer: keine automatische Verlängerung."),
    )
    next_review = models.DateField(_("nächste Überprüfung"), null=True, blank=True)
    notes = models.TextField(_("Anmerkungen"), max_length=10_000, blank=True)
    is_example = models.BooleanField(
        _("Beispiel"),
        default=False,
        help_text=_("Beispiel im Sinne des Leitfadens, keine echte Vereinbarung."),
    )
    created_by = actor_field(_("angelegt von"))
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kooperation")
        verbose_name_plural = _("Kooperationen")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="cooperation_ends_after_start",
                violation_error_message=_("Das Ende muss nach dem Beginn liegen."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cooperations:cooperation_detail", args=[self.pk])

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS[self.Status(self.status)]

    def data_scopes(self) -> tuple[str, ...]:
        return (COOPERATIONS,)


class CooperationPartner(NormalisedText, models.Model):
    """A municipality or partner organisation taking part, with its share and vote."""

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="partners"
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cooperation_partnerships",
        verbose_name=_("Gemeinde"),
    )
    organisation = models.ForeignKey(
        "services.PartnerOrganisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("Partnerorganisation"),
    )
    role = models.CharField(_("Rolle"), max_length=150, blank=True)
    cost_share_pct = models.DecimalField(
        _("Kostenanteil (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    contact_name = models.CharField(_("Ansprechperson"), max_length=150, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    resolution_date = models.DateField(_("Beschluss vom"), null=True, blank=True)
    resolution_reference = models.CharField(
        _("Beschluss (Aktenzeichen)"), max_length=100, blank=True
    )

    class Meta:
        verbose_name = _("Partner")
        verbose_name_plural = _("Partner")
        constraints = [
            models.CheckConstraint(
                condition=(Q(municipality__isnull=False) & Q(organisation__isnull=True))
                | (Q(municipality__isnull=True) & Q(organisation__isnull=False)),
                name="partner_is_municipality_or_organisation",
                violation_error_message=_(
                    "Ein Partner ist entweder eine Gemeinde oder eine Organisation."
                ),
            ),
            models.UniqueConstraint(
                fields=["cooperation", "municipality"],
                name="partner_municipality_once",
                violation_error_message=_("Diese Gemeinde ist schon Partner."),
            ),
            models.UniqueConstraint(
                fields=["cooperation", "organisation"],
                name="partner_organisation_once",
                violation_error_message=_("Diese Organisation ist schon Partner."),
            ),
        ]

    def __str__(self) -> str:
        # Short names: "Eschwege, Kreisstadt, Wanfried, Stadt" would be unreadable.
        if self.municipality_id:
            return self.municipality.short_name
        return str(self.organisation)


class CooperationDocumentQuerySet(models.QuerySet):
    def shown_to(self, *, partner_staff: bool) -> "CooperationDocumentQuerySet":
        """All documents for the partners' staff, else those open to every reader
        of the cooperation (for content that one audience shares, like a report)."""
        if partner_staff:
            return self
        return self.filter(visibility=CooperationDocument.Visibility.READERS)

    def visible_to(self, user) -> "CooperationDocumentQuerySet":
        """The documents `user` may download: the list form of the rule
        cooperations.read_document (cooperations/rules.py)."""
        facts = role_facts(user)
        if not facts.is_active:
            return self.none()
        if facts.is_admin:
            return self
        staff = Q(municipality_id__in=sorted(facts.viewed))
        region = facts.region_q("municipality__kreis")
        return self.filter(
            partner_exists(staff, cooperation="cooperation_id")
            | (
                Q(visibility=CooperationDocument.Visibility.READERS)
                & partner_exists(region, cooperation="cooperation_id")
            )
        )


class CooperationDocument(NormalisedText, models.Model):
    """A contract, statute or resolution, stored privately, served after a check."""

    class Kind(models.TextChoices):
        CONTRACT = "contract", _("Vertrag oder Vereinbarung")
        STATUTE = "statute", _("Satzung")
        RESOLUTION = "resolution", _("Beschluss")
        OTHER = "other", _("Sonstiges")

    class Visibility(models.TextChoices):
        # Drafts and internal papers: only the partners' own staff (and admins).
        PARTNERS = "partners", _("nur Beschäftigte der Partnergemeinden")
        READERS = "readers", _("alle, die die Kooperation sehen dürfen")

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("Art"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(
        _("Datei"), upload_to="cooperation-documents/%Y/%m/", storage=private_storage
    )
    original_name = models.CharField(_("Dateiname"), max_length=255)
    content_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    visibility = models.CharField(
        _("Sichtbar für"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PARTNERS,
    )
    uploaded_by = actor_field(_("hochgeladen von"))
    uploaded_at = models.DateTimeField(_("hochgeladen am"), auto_now_add=True)

    objects = CooperationDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        """The uploaded name made safe, with the extension of the detected type
        ("evil.html" holding a PDF is stored and served as "evil.pdf")."""
        return safe_filename(
            self.original_name, extension=EXTENSIONS.get(self.content_type, "bin")
        )


class DeadlineReminder(NormalisedText, models.Model):
    """A reminder that was sent; the unique key makes each one go out only once."""

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(_("Frist"), max_length=20)
    deadline = models.DateField(_("Datum der Frist"))
    lead_days = models.PositiveSmallIntegerField(_("Tage vorher"))
    recipient = models.EmailField(_("Empfänger"))
    sent_at = models.DateTimeField(_("gesendet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Erinnerung")
        verbose_name_plural = _("Erinnerungen")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "kind", "deadline", "lead_days", "recipient"],
                name="reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.cooperation} {self.kind} {self.deadline} −{self.lead_days}"


class Funding(NormalisedText, models.Model):
    """A grant for a cooperation under a funding programme, with its obligations."""

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="fundings"
    )
    programme = models.ForeignKey(
        FundingProgramme, on_delete=models.PROTECT, verbose_name=_("Programm")
    )
    amount = models.DecimalField(
        _("Betrag (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    granted_on = models.DateField(_("bewilligt am"))
    obligations = models.TextField(_("Auflagen"), max_length=2_000, blank=True)

    class Meta:
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")
        ordering = ["granted_on"]

    def __str__(self) -> str:
        return f"{self.programme}: {format_money(self.amount)}"


class SavingsEntry(NormalisedText, models.Model):
    """One partner's costs of the task in a year, before and with the cooperation."""

    partner = models.ForeignKey(
        CooperationPartner, on_delete=models.CASCADE, related_name="savings"
    )
    year = models.PositiveSmallIntegerField(_("Jahr"))
    cost_before = models.DecimalField(
        _("Kosten vorher (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    cost_after = models.DecimalField(
        _("Kosten mit Kooperation (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    source = models.CharField(_("Quelle"), max_length=300)

    class Meta:
        verbose_name = _("Einsparung")
        verbose_name_plural = _("Einsparungen")
        ordering = ["partner", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "year"],
                name="savings_one_per_partner_and_year",
                violation_error_message=_(
                    "Für diesen Partner und dieses Jahr gibt es schon einen Eintrag."
                ),
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.year}"

    @property
    def savings(self) -> Decimal:
        return self.cost_before - self.cost_after

    @property
    def savings_pct(self) -> Decimal | None:
        if not self.cost_before:
            return None
        return (self.savings / self.cost_before * 100).quantize(Decimal("0.1"))


class ChecklistItem(NormalisedText, models.Model):
    """One step of a process phase of the guide that a cooperation can tick off."""

    class Phase(models.TextChoices):
        INVENTORY = "inventory", _("Bestandsaufnahme und Prognose")
        ACTORS = "actors", _("Akteursbeteiligung")
        DEVELOPMENT = "development", _("Projektentwicklung")
        IMPLEMENTATION = "implementation", _("Umsetzungsbegleitung")

    code = models.SlugField(_("Kürzel"), max_length=60, unique=True)
    phase = models.CharField(_("Phase"), max_length=20, choices=Phase.choices)
    text = models.CharField(_("Text"), max_length=300)
    text_en = models.CharField(_("Text (englisch)"), max_length=300)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Checklistenpunkt")
        verbose_name_plural = _("Checklistenpunkte")
        ordering = ["phase", "position"]

    def __str__(self) -> str:
        return self.text


class ChecklistTick(NormalisedText, models.Model):
    """A checklist item done for one cooperation: who ticked it and when."""

    cooperation = models.ForeignKey(
        Cooperation, on_delete=models.CASCADE, related_name="checklist_ticks"
    )
    item = models.ForeignKey(
        ChecklistItem, on_delete=models.CASCADE, related_name="ticks"
    )
    ticked_by = actor_field(_("abgehakt von"))
    ticked_at = models.DateTimeField(_("abgehakt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("erledigter Checklistenpunkt")
        verbose_name_plural = _("erledigte Checklistenpunkte")
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "item"], name="checklist_tick_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cooperation}: {self.item}"


class ScenarioQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ScenarioQuerySet":
        """The scenarios `user` may read: the list form of the rule
        cooperations.read_scenario (cooperations/rules.py)."""
        facts = role_facts(user)
        if not facts.is_active:
            return self.none()
        if facts.is_admin:
            return self
        shared_with_staff = Exists(
            Scenario.partners.through.objects.filter(
                scenario_id=OuterRef("pk"), municipality_id__in=sorted(facts.viewed)
            )
        )
        return self.filter(Q(owner=user) | Q(shared=True) & shared_with_staff)


class Scenario(NormalisedText, models.Model):
    """A saved option comparison: its parameters, recomputed whenever it is shown."""

    name = models.CharField(_("Name"), max_length=150)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="scenarios",
        verbose_name=_("angelegt von"),
    )
    params = models.JSONField(_("Parameter"))
    partners = models.ManyToManyField(
        "municipalities.Municipality",
        related_name="scenarios",
        verbose_name=_("Partnergemeinden"),
    )
    shared = models.BooleanField(
        _("mit den Partnern teilen"),
        default=False,
        help_text=_("Mitarbeitende der Partnergemeinden dürfen das Szenario lesen."),
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    objects = ScenarioQuerySet.as_manager()

    class Meta:
        verbose_name = _("Szenario")
        verbose_name_plural = _("Szenarien")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("comparison:scenario_detail", args=[self.pk])
