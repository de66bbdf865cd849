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

from lebenswert.core.collation import german
from lebenswert.core.fragments import COOPERATIONS, ShownOnCooperationPages
from lebenswert.core.models import NormalisedText, VersionedRecord, actor_field
from lebenswert.core.numbers import format_money
from lebenswert.core.storage import private_storage
from lebenswert.core.uploads import safe_filename
from municipalities.roles import role_facts

from .documents import EXTENSIONS


class FactStatus(models.TextChoices):
    """What a reader may rely on: only a fact read in the law or on an official page
    counts as settled; everything else is shown as to be checked."""

    SOURCE_BACKED = "source", _("belegt")
    TO_CHECK = "check", _("mit der Kommunalaufsicht zu prüfen")


class Certainty(models.TextChoices):
    """How a legal or funding fact is known (the marks of the research file)."""

    SOURCE = "S", _("im Gesetzestext oder auf einer amtlichen Seite gelesen")
    HEADING = "S(t)", _("nur die Überschrift der Vorschrift gelesen")
    OUTDATED = "S(old)", _("in einer womöglich älteren Fassung gelesen")
    SECONDARY = "G", _("Sekundärquelle oder Schluss aus dem allgemeinen Kommunalrecht")


def fact_status(certainty: str) -> str:
    """Only a fact read in the current text is settled; S(t), S(old) and G are not."""
    if certainty == Certainty.SOURCE:
        return FactStatus.SOURCE_BACKED
    return FactStatus.TO_CHECK


class FormFamily(models.TextChoices):
    """The portal's common families, onto which every Land's own forms map."""

    NETWORK = "network", _("informelles Netzwerk")
    WORKING_GROUP = "working_group", _("Arbeitsgemeinschaft")
    AGREEMENT_MANDATE = (
        "agreement_mandate",
        _("öffentlich-rechtliche Vereinbarung – mandatierend"),
    )
    AGREEMENT_DELEGATION = (
        "agreement_delegation",
        _("öffentlich-rechtliche Vereinbarung – delegierend"),
    )
    SPECIAL_PURPOSE_UNION = "special_purpose_union", _("Zweckverband")
    JOINT_INSTITUTION = (
        "joint_institution",
        _("gemeinsame Anstalt / gemeinsames Kommunalunternehmen"),
    )
    ADMINISTRATIVE_UNION = (
        "administrative_union",
        _("Verwaltungsgemeinschaft, Amt, Verbandsgemeinde und ähnliche Verbände"),
    )
    PRIVATE_COMPANY = "private_company", _("privatrechtliche Gesellschaft")


class SourcedFact(ShownOnCooperationPages, models.Model):
    """A fact's certainty and where it was read; shown beside the fact. Facts are
    reference data of the cached cooperation pages."""

    certainty = models.CharField(
        _("Gewissheit"), max_length=6, choices=Certainty.choices
    )
    source = models.CharField(_("Quelle"), max_length=500, blank=True)

    class Meta:
        abstract = True

    @property
    def status(self) -> str:
        return fact_status(self.certainty)

    def get_status_display(self) -> str:
        return FactStatus(self.status).label


class CooperationLaw(NormalisedText, SourcedFact):
    """A Land's law on inter-municipal cooperation and what the portal knows of the
    Land beyond its forms: cooperation across its border, its administrative unions
    and whether it has a funding programme. The certainty and source are the law's."""

    class Funding(models.TextChoices):
        PROGRAMME = "programme", _("Förderprogramm mit prüfbaren Regeln")
        INCOMPLETE = "incomplete", _("Programm vorhanden, Kriterien unvollständig")
        NONE_KNOWN = "none_known", _("kein Förderprogramm bekannt")

    land = models.OneToOneField(
        "municipalities.Land",
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="cooperation_law",
        verbose_name=_("Land"),
    )
    name = models.CharField(_("Gesetz"), max_length=300)
    abbreviation = models.CharField(_("Abkürzung"), max_length=40)
    version = models.CharField(_("Fassung"), max_length=300, blank=True)
    cross_border = models.TextField(
        _("Zusammenarbeit über die Landesgrenze"), max_length=4_000, blank=True
    )
    cross_border_certainty = models.CharField(
        _("Gewissheit (Landesgrenze)"),
        max_length=6,
        choices=Certainty.choices,
        blank=True,
    )
    cross_border_source = models.CharField(
        _("Quelle (Landesgrenze)"), max_length=500, blank=True
    )
    unions_note = models.TextField(
        _("Verwaltungsverbände des Landes"), max_length=4_000, blank=True
    )
    unions_closed_since = models.DateField(
        _("keine neuen Verwaltungsverbände seit"), null=True, blank=True
    )
    funding = models.CharField(_("Förderung"), max_length=12, choices=Funding.choices)
    funding_note = models.TextField(_("zur Förderung"), max_length=4_000, blank=True)
    funding_note_en = models.TextField(
        _("zur Förderung (englisch)"), max_length=4_000, blank=True
    )
    funding_as_of = models.DateField(
        _("Stand der Angabe zur Förderung"),
        help_text=_("Tag, an dem die Quellen zur Förderung zuletzt gelesen wurden."),
    )
    open_questions = models.TextField(_("offene Fragen"), max_length=4_000, blank=True)

    class Meta:
        verbose_name = _("Kooperationsrecht eines Landes")
        verbose_name_plural = _("Kooperationsrecht der Länder")
        ordering = ["land"]

    def __str__(self) -> str:
        return f"{self.abbreviation} ({self.land})"


class CrossBorderRule(NormalisedText, SourcedFact):
    """What two Länder agreed for cooperation across their border (a Staatsvertrag
    or an approval procedure). Stored once per pair, the lower Land code first."""

    land_a = models.ForeignKey(
        "municipalities.Land",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Land"),
    )
    land_b = models.ForeignKey(
        "municipalities.Land",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Nachbarland"),
    )
    instrument = models.CharField(_("Grundlage"), max_length=300)
    rule = models.TextField(_("Regel"), max_length=4_000)
    families = models.JSONField(
        _("betroffene Formfamilien"),
        default=list,
        blank=True,
        help_text=_("Kürzel der Formfamilien, für die die Regel gilt; leer: alle."),
    )

    class Meta:
        verbose_name = _("Regel über die Landesgrenze")
        verbose_name_plural = _("Regeln über die Landesgrenze")
        ordering = ["land_a", "land_b"]
        constraints = [
            models.UniqueConstraint(
                fields=["land_a", "land_b"], name="cross_border_rule_one_per_pair"
            ),
            models.CheckConstraint(
                condition=Q(land_a__lt=models.F("land_b")),
                name="cross_border_rule_ordered_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.land_a} – {self.land_b}: {self.instrument}"


class FormAbsence(NormalisedText, SourcedFact):
    """A form family a Land's law does not offer, stated with its source."""

    land = models.ForeignKey(
        "municipalities.Land",
        on_delete=models.PROTECT,
        related_name="absent_form_families",
        verbose_name=_("Land"),
    )
    family = models.CharField(
        _("Formfamilie"), max_length=25, choices=FormFamily.choices
    )
    note = models.TextField(_("Erläuterung"), max_length=4_000)
    note_en = models.TextField(
        _("Erläuterung (englisch)"), max_length=4_000, blank=True
    )

    class Meta:
        verbose_name = _("fehlende Organisationsform")
        verbose_name_plural = _("fehlende Organisationsformen")
        ordering = ["land", "family"]
        constraints = [
            models.UniqueConstraint(
                fields=["land", "family"], name="form_absence_one_per_family"
            )
        ]

    def __str__(self) -> str:
        return f"{self.land}: {self.get_family_display()}"


class OrganisationalForm(NormalisedText, SourcedFact):
    """A form of cooperation under a Land's law, from informal to institutional.
    The certainty and source are those of the form and its paragraph."""

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
    family = models.CharField(
        _("Formfamilie"), max_length=25, choices=FormFamily.choices
    )
    law = models.CharField(
        _("Rechtsgrundlage"),
        max_length=200,
        blank=True,
        help_text=_("z. B. §§ 5–23a KGG"),
    )
    summary = models.TextField(_("Kurzbeschreibung"), max_length=10_000, blank=True)
    summary_en = models.TextField(
        _("Kurzbeschreibung (englisch)"), max_length=10_000, blank=True
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=100)

    class Meta:
        verbose_name = _("Organisationsform")
        verbose_name_plural = _("Organisationsformen")
        ordering = ["land", "position"]

    def __str__(self) -> str:
        return self.name


class FormFact(NormalisedText, SourcedFact):
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
    value_en = models.CharField(_("Angabe (englisch)"), max_length=300, blank=True)
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


class FundingProgramme(NormalisedText, SourcedFact):
    """A Land's funding programme for inter-municipal cooperation, as rules the
    option comparison checks. A rule left empty is one the sources do not state;
    the check then says it could not be checked. `criteria_complete` is false for a
    programme that exists but whose criteria are known only in part."""

    code = models.SlugField(_("Kürzel"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=200)
    land = models.ForeignKey(
        "municipalities.Land", on_delete=models.PROTECT, verbose_name=_("Land")
    )
    version = models.CharField(_("Fassung"), max_length=300, blank=True)
    body = models.CharField(
        _("Ministerium, Bewilligungsstelle"), max_length=300, blank=True
    )
    criteria_complete = models.BooleanField(
        _("Kriterien vollständig bekannt"), default=True
    )
    min_partners = models.PositiveSmallIntegerField(
        _("Mindestzahl Partner"), null=True, blank=True
    )
    min_partners_exception = models.PositiveSmallIntegerField(
        _("Mindestzahl Partner in begründeten Ausnahmen"), null=True, blank=True
    )
    min_partners_cross_border = models.PositiveSmallIntegerField(
        _("Mindestzahl Partner aus dem Land bei Partnern jenseits der Landesgrenze"),
        null=True,
        blank=True,
    )
    min_years = models.PositiveSmallIntegerField(
        _("Mindestdauer (Jahre)"), null=True, blank=True
    )
    savings_target_pct = models.DecimalField(
        _("Einsparziel (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    service_improvement_counts = models.BooleanField(
        _("wesentliche Leistungsverbesserung statt Einsparung"),
        default=False,
        help_text=_(
            "Das Programm fördert auch ohne Einsparziel, wenn die Leistung "
            "für die Bürgerinnen und Bürger wesentlich besser wird."
        ),
    )
    fees_excluded = models.BooleanField(
        _("keine Gebühren oder Beiträge für die Einrichtung"),
        default=False,
        help_text=_(
            "Das Programm fördert keine Einrichtung, für deren Nutzung "
            "Abgaben nach dem Kommunalabgabengesetz erhoben werden."
        ),
    )
    grants = models.JSONField(
        _("Zuschüsse"),
        default=list,
        blank=True,
        help_text=_(
            "Liste von {partners_min, amount}: Zuschuss ab dieser Partnerzahl."
        ),
    )
    grant_per_further_partner = models.DecimalField(
        _("Zuschlag je weiterem Partner (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
    )
    max_grant = models.DecimalField(
        _("Höchstbetrag (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_rate_pct = models.DecimalField(
        _("höchster Fördersatz (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    conditions = models.TextField(
        _("weitere Bedingungen"),
        max_length=4_000,
        blank=True,
        help_text=_("Was das Portal nicht prüfen kann, in Sätzen."),
    )
    conditions_en = models.TextField(
        _("weitere Bedingungen (englisch)"), max_length=4_000, blank=True
    )
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["land", "name"]

    def __str__(self) -> str:
        return self.name


def partner_exists(
    condition: Q, cooperation: str = "pk", *, members_only: bool = False
) -> Exists:
    """Rows whose cooperation (the field `cooperation` of the outer query) has a
    partner row meeting the condition, as an EXISTS (no join, no DISTINCT); with
    `members_only` only a member (CooperationPartnerQuerySet.members) counts."""
    partners = CooperationPartner.objects.all()
    if members_only:
        partners = partners.members()
    return Exists(partners.filter(condition, cooperation_id=OuterRef(cooperation)))


def member_exists(condition: Q, cooperation: str = "pk") -> Exists:
    """partner_exists for members only: what counts a cooperation as one of a
    municipality's (matrix, deadlines, filters, reports)."""
    return partner_exists(condition, cooperation, members_only=True)


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

    def current(self) -> "CooperationQuerySet":
        """The cooperations that are not over: an ended one is history."""
        return self.exclude(status=Cooperation.Status.ENDED)

    def published(self) -> "CooperationQuerySet":
        """The cooperations in the public register: the one rule of what anyone,
        anonymous readers and API tokens included, may see (the list form of
        cooperations.read_published, cooperations/rules.py)."""
        return self.filter(is_published=True)


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
    # The public register (issue 17): only the lead's editors publish; default
    # unpublished, and an unpublished cooperation is invisible to anonymous
    # readers and API tokens.
    is_published = models.BooleanField(
        _("im öffentlichen Register"),
        default=False,
        help_text=_(
            "Titel, Aufgabe, Form, Partner, Status, Beginn und Sektoren sind dann "
            "für alle sichtbar; Ansprechpersonen nie."
        ),
    )
    published_at = models.DateTimeField(_("veröffentlicht am"), null=True, blank=True)

    objects = CooperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kooperation")
        verbose_name_plural = _("Kooperationen")
        ordering = ["title"]
        indexes = [
            models.Index(
                fields=["title"],
                condition=Q(is_published=True),
                name="cooperation_published",
            ),
            # The register's order (German, then pk): a page of the whole register
            # (an admin's list) reads 50 entries instead of sorting every one.
            models.Index(german("title"), "id", name="cooperation_title_german"),
        ]
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


class CooperationPartnerQuerySet(models.QuerySet):
    def members(self) -> "CooperationPartnerQuerySet":
        """The partners that count as members: confirmed ones. A municipality that
        was only asked (or declined) is in no share, sum, matrix, map, gap, report,
        feed or count; the one rule, also as `CooperationPartner.is_member`."""
        return self.filter(consent=CooperationPartner.Consent.CONFIRMED)

    def requested(self) -> "CooperationPartnerQuerySet":
        """Municipalities asked to take part that have not answered yet."""
        return self.filter(consent=CooperationPartner.Consent.REQUESTED)

    def requests_for(self, user) -> "CooperationPartnerQuerySet":
        """The open requests `user` may answer: the list form of the rule
        cooperations.consent_for (an editor of the asked municipality, an admin)."""
        facts = role_facts(user)
        if not facts.is_active:
            return self.none()
        if facts.is_admin:
            return self.requested()
        return self.requested().filter(municipality_id__in=sorted(facts.edited))


class CooperationPartner(NormalisedText, models.Model):
    """A municipality or partner organisation taking part, with its share and vote."""

    class Consent(models.TextChoices):
        # A municipality added by another municipality's editor is only asked:
        # it counts as a member once one of its own editors confirms.
        REQUESTED = "requested", _("angefragt")
        CONFIRMED = "confirmed", _("bestätigt")
        DECLINED = "declined", _("abgelehnt")

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
    resolution_missing_reason = models.TextField(
        _("Begründung, wenn kein Beschluss vorliegt"),
        max_length=1_000,
        blank=True,
        help_text=_(
            "Nur wenn dieser Partner keinen eigenen Ratsbeschluss braucht oder ihn "
            "nachreicht; die Begründung steht im Verlauf."
        ),
    )
    consent = models.CharField(
        _("Zustimmung"),
        max_length=10,
        choices=Consent.choices,
        default=Consent.CONFIRMED,
    )
    consent_reason = models.TextField(
        _("Begründung der Ablehnung"), max_length=1_000, blank=True
    )
    consent_by = actor_field(_("zugestimmt oder abgelehnt von"))
    consent_at = models.DateTimeField(
        _("zugestimmt oder abgelehnt am"), null=True, blank=True
    )

    objects = CooperationPartnerQuerySet.as_manager()

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
        indexes = [
            # "Cooperations with a member in these municipalities" (a Kreis's list,
            # the matrix, the Kreis filter) as an index-only scan instead of
            # reading every partner of the register.
            models.Index(
                fields=["municipality", "cooperation"],
                condition=Q(consent="confirmed"),
                name="partner_member_place",
            ),
        ]

    def __str__(self) -> str:
        # Short names: "Eschwege, Kreisstadt, Wanfried, Stadt" would be unreadable.
        if self.municipality_id:
            return self.municipality.short_name
        return str(self.organisation)

    @property
    def is_member(self) -> bool:
        """The rule of CooperationPartnerQuerySet.members for a loaded row."""
        return self.consent == self.Consent.CONFIRMED


class CooperationDocumentQuerySet(models.QuerySet):
    def shown_to(self, *, partner_staff: bool) -> "CooperationDocumentQuerySet":
        """All documents for the partners' staff, else those open to every reader
        of the cooperation (for content that one audience shares, like a report)."""
        if partner_staff:
            return self
        return self.filter(visibility__in=CooperationDocument.OPEN_TO_READERS)

    @staticmethod
    def _public() -> Q:
        return Q(
            visibility=CooperationDocument.Visibility.PUBLIC,
            cooperation__in=Cooperation.objects.published(),
        )

    def public(self) -> "CooperationDocumentQuerySet":
        """The documents the public register serves to anyone, without an account:
        marked public, of a published cooperation (rule is_public_document)."""
        return self.filter(self._public())

    def visible_to(self, user) -> "CooperationDocumentQuerySet":
        """The documents `user` may download: the list form of the rule
        cooperations.read_document (cooperations/rules.py)."""
        facts = role_facts(user)
        public = self._public()
        if not facts.is_active:
            return self.filter(public)
        if facts.is_admin:
            return self
        staff = Q(municipality_id__in=sorted(facts.viewed))
        region = facts.region_q("municipality__kreis")
        # The partners' own staff: members only; an asked municipality reads the
        # cooperation (to decide) but not the drafts meant for its partners.
        return self.filter(
            public
            | member_exists(staff, cooperation="cooperation_id")
            | (
                Q(visibility__in=CooperationDocument.OPEN_TO_READERS)
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
        # Shown in the public register once the cooperation is published.
        PUBLIC = "public", _("öffentlich (im Register, wenn veröffentlicht)")

    # Every reader of the cooperation may read these (the public ones also when
    # the cooperation is not, or no longer, published).
    OPEN_TO_READERS = (Visibility.READERS, Visibility.PUBLIC)

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
