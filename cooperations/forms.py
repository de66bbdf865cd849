from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lebenswert.core import numbers
from lebenswert.core.forms import (
    FreeTextForm,
    Include,
    IntegerNumberField,
    KeyedCheckboxes,
    MoneyField,
    NumberField,
    NumberInput,
    PercentField,
    RecordsField,
    VersionForm,
    filter_helper,
    number_formfield,
)
from municipalities.forms import MunicipalityField
from municipalities.models import Municipality
from services.models import PartnerOrganisation, Sector

from .comparison.cost_model import fixed_share_default
from .comparison.cost_split import KEYS as COST_KEYS
from .comparison.options import CRITERIA, TASK_KINDS
from .models import (
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    Funding,
    FundingProgramme,
    OrganisationalForm,
)


class DateInput(forms.DateInput):
    input_type = "date"


class CooperationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sectors = RecordsField(
        label=_("Sektoren"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = RecordsField(
        label=_("Partnergemeinden"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Die federführende Gemeinde ist immer Partner."),
    )

    class Meta:
        model = Cooperation
        fields = [
            "title", "task", "form", "status", "lead", "start_date", "end_date",
            "minimum_term_months", "notice_period_months", "renewal_months",
            "next_review", "notes",
        ]  # fmt: skip
        widgets = {
            "task": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "start_date": DateInput(format="%Y-%m-%d"),
            "end_date": DateInput(format="%Y-%m-%d"),
            "next_review": DateInput(format="%Y-%m-%d"),
        }

    def __init__(self, *args, municipalities, statuses=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = municipalities
        self.fields["partners"].queryset = municipalities
        self._form_choices(municipalities)
        if statuses is not None:
            self.fields["status"].choices = [
                (value, label)
                for value, label in Cooperation.Status.choices
                if value in statuses
            ]
        if not creating:
            # Status changes go through their own form with the allowed steps.
            del self.fields["status"]
            del self.fields["partners"]

    def _form_choices(self, municipalities) -> None:
        """The forms of the law of the Länder the municipalities lie in (and the
        form chosen before), each named with its Land when there are several."""
        laender = set(municipalities.values_list("kreis__land", flat=True))
        chosen = Q(pk=self.instance.form_id) if self.instance.form_id else Q()
        forms_ = OrganisationalForm.objects.filter(
            Q(land__in=laender) | chosen
        ).select_related("land")
        field = self.fields["form"]
        field.queryset = forms_.order_by("land", "position")
        if len({form.land_id for form in field.queryset}) > 1:
            field.label_from_instance = lambda form: f"{form.name} ({form.land.name})"

    def clean(self):
        """The form must be one of the lead municipality's Land: its law governs
        the cooperation (a partner across the border joins under it)."""
        cleaned = super().clean()
        form, lead = cleaned.get("form"), cleaned.get("lead")
        if form and lead and form.land_id != lead.kreis.land_id:
            self.add_error(
                "form",
                _(
                    "„%(form)s“ ist eine Form nach dem Recht von %(form_land)s; "
                    "die federführende Gemeinde %(lead)s liegt in %(lead_land)s. "
                    "Wählen Sie eine Form ihres Landes."
                )
                % {
                    "form": form.name,
                    "form_land": form.land.name,
                    "lead": lead.short_name,
                    "lead_land": lead.kreis.land.name,
                },
            )
        return cleaned


class PartnerForm(forms.ModelForm):
    """A partner's role, cost share, contact and council resolution."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = CooperationPartner
        fields = [
            "role", "cost_share_pct", "contact_name", "contact_email",
            "resolution_date", "resolution_reference", "resolution_missing_reason",
        ]  # fmt: skip
        widgets = {
            "resolution_date": DateInput(format="%Y-%m-%d"),
            "resolution_missing_reason": forms.Textarea(attrs={"rows": 2}),
        }
        formfield_callback = number_formfield


class PartnerAddForm(PartnerForm):
    """A new partner: a municipality of the region or a partner organisation."""

    municipality = MunicipalityField(label=_("Gemeinde"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("oder Partnerorganisation"),
        queryset=PartnerOrganisation.objects.all(),
        required=False,
        help_text=_(
            "Landkreis, Zweckverband, Stadtwerke … – neue Organisationen legt die "
            "Verwaltung an."
        ),
    )

    field_order = ["municipality", "organisation"]

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        taken = cooperation.partners.all()
        field = self.fields["municipality"]
        field.queryset = Municipality.objects.exclude(
            pk__in=[p.municipality_id for p in taken if p.municipality_id]
        )
        field.error_messages["unknown_ags"] = _(
            "Zum Gemeindeschlüssel %(ags)s gibt es keine Gemeinde, die noch nicht "
            "Partner ist."
        )
        self.fields["organisation"].queryset = PartnerOrganisation.objects.exclude(
            pk__in=[p.organisation_id for p in taken if p.organisation_id]
        )

    def clean(self):
        data = super().clean()
        if bool(data.get("municipality")) == bool(data.get("organisation")):
            raise forms.ValidationError(
                _("Wählen Sie entweder eine Gemeinde oder eine Partnerorganisation.")
            )
        return data


class StatusForm(forms.Form):
    """Moves a cooperation on. Nothing is preselected: ending one is final and
    asks for confirmation first (`confirmed`, set by the question page)."""

    CHOOSE = [("", _("– bitte wählen –"))]

    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Neuer Status"), choices=CHOOSE + Cooperation.Status.choices
    )
    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, statuses=None, action: str = "", **kwargs):
        """`statuses` narrows the choices shown (the action checks the move)."""
        super().__init__(*args, **kwargs)
        if statuses is not None:
            self.fields["status"].choices = self.CHOOSE + list(statuses)
        self.helper = filter_helper(
            self, submit=_("Status ändern"), method="post", action=action
        )

    @property
    def ends_unconfirmed(self) -> bool:
        """A valid request to end the cooperation that was not confirmed yet."""
        return (
            self.is_valid()
            and self.cleaned_data["status"] == Cooperation.Status.ENDED
            and not self.cleaned_data["confirmed"]
        )


class DocumentForm(FreeTextForm, forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=CooperationDocument.Kind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Datei"), help_text=_("PDF, ODT oder DOCX, höchstens 20 MB.")
    )
    visibility = forms.ChoiceField(
        label=_("Sichtbar für"),
        choices=CooperationDocument.Visibility.choices,
        initial=CooperationDocument.Visibility.PARTNERS,
        widget=forms.RadioSelect,
        help_text=_(
            "Entwürfe und interne Unterlagen nur für die Partnergemeinden; "
            "beschlossene Fassungen für alle, die die Kooperation sehen dürfen. "
            "Öffentliche Dokumente stehen im öffentlichen Register, solange die "
            "Kooperation dort veröffentlicht ist."
        ),
    )


class EuroField(NumberField):
    """Amounts as people type them: "100.000", "100.000,50" or "100000.50"."""

    def __init__(self, **kwargs):
        super().__init__(
            min_value=0, max_digits=12, decimal_places=2, unit="€", **kwargs
        )


class SavingsForm(FreeTextForm, forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    year = forms.IntegerField(label=_("Jahr"), min_value=1990, max_value=2100)
    cost_before = EuroField(label=_("Kosten vorher (€)"))
    cost_after = EuroField(label=_("Kosten mit Kooperation (€)"))
    source = forms.CharField(label=_("Quelle"), max_length=300)

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        # Savings are recorded for members; an asked municipality has none yet.
        self.fields["partner"].queryset = cooperation.partners.members().select_related(
            "municipality", "organisation"
        )


class PartnerDeclineForm(FreeTextForm, forms.Form):
    """An asked municipality declines to take part, with a reason if it gives one."""

    reason = forms.CharField(
        label=_("Begründung (freiwillig)"),
        required=False,
        max_length=1_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Steht auf der Seite der Kooperation und in ihrem Verlauf."),
    )


class FundingForm(FreeTextForm, forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programm"), queryset=FundingProgramme.objects.all()
    )
    amount = EuroField(label=_("Betrag (€)"))
    granted_on = forms.DateField(label=_("bewilligt am"), widget=DateInput())
    obligations = forms.CharField(
        label=_("Auflagen"),
        required=False,
        max_length=Funding._meta.get_field("obligations").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


# The set-up costs: the cost model's part → the GET parameter, and its label.
SETUP_FIELDS = {
    "legal": "einmal_recht",
    "contracts": "einmal_vertraege",
    "it": "einmal_it",
    "staff": "einmal_personal",
}
SETUP_LABELS = {
    "einmal_recht": _("Rechtsberatung (€)"),
    "einmal_vertraege": _("Verträge und Satzung (€)"),
    "einmal_it": _("IT-Umstellung (€)"),
    "einmal_personal": _("Personalübergang (€)"),
}

WEIGHT_CHOICES = [
    (0, _("0 – egal")),
    (1, _("1 – wichtig")),
    (2, _("2 – sehr wichtig")),
    (3, _("3 – entscheidend")),
]


class _ListedChoices(ModelChoiceIterator):
    """The choices from the queryset's own result cache (Django's iterator reads
    them again, through a server-side cursor: three round trips)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.queryset:
            yield self.choice(record)


class ListedModelChoiceField(forms.ModelChoiceField):
    """A choice of one record of a short list (the sectors): the list is read
    once per form, for checking the value and for the options."""

    iterator = _ListedChoices

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = self.to_field_name or "pk"
        if isinstance(value, self.queryset.model):
            value = getattr(value, key)
        for record in self.queryset:
            if str(getattr(record, key)) == str(value):
                return record
        raise forms.ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


# Django's widget templates and the copies in templates/forms/widgets/ with their
# includes inlined (same output): the comparison form renders about a hundred
# widgets, and each include cost more than the input it draws.
INLINED_WIDGET_TEMPLATES = {
    f"django/forms/widgets/{name}.html": f"forms/widgets/{inlined}.html"
    for name, inlined in (
        ("text", "input"),
        ("hidden", "input"),
        ("checkbox", "input"),
        ("select", "select"),
        ("checkbox_option", "checkbox_option"),
    )
}


def inline_widget_templates(fields) -> None:
    """Point each field's widget at the inlined copy of its Django template."""
    for field in fields:
        widget = field.widget
        for attribute in ("template_name", "option_template_name"):
            name = getattr(widget, attribute, None)
            if name in INLINED_WIDGET_TEMPLATES:
                setattr(widget, attribute, INLINED_WIDGET_TEMPLATES[name])


class ComparisonForm(forms.Form):
    """The option comparison's inputs, read from GET so that results are linkable."""

    sektor = ListedModelChoiceField(
        label=_("Sektor"), queryset=Sector.objects.all(), to_field_name="code"
    )
    aufgabe = forms.ChoiceField(label=_("Art der Aufgabe"), choices=TASK_KINDS.items())
    partner = forms.ModelMultipleChoiceField(
        label=_("Partnergemeinden"),
        queryset=Municipality.objects.none(),
        to_field_name="ags",
        widget=KeyedCheckboxes("partner"),
        error_messages={"required": _("Bitte wählen Sie mindestens eine Gemeinde.")},
    )
    # A partner outside the list, typed by name or AGS; the page adds it as
    # ?partner=<AGS> (cooperations.comparison_views.option_comparison).
    gemeinde = MunicipalityField(
        label=_("weitere Partnergemeinde"),
        required=False,
        help_text=_(
            "Name oder Gemeindeschlüssel (AGS) einer Gemeinde, die oben fehlt, "
            "z. B. aus dem Nachbarkreis"
        ),
    )
    laufzeit = IntegerNumberField(
        label=_("geplante Laufzeit (Jahre)"), min_value=1, max_value=99, required=False
    )
    einsparung = PercentField(
        label=_("Einsparung für die Förderprüfung überschreiben (%)"),
        required=False,
        help_text=_(
            "Leer: die berechnete Einsparung. Ein Wert hier ersetzt sie in der "
            "Förderprüfung und wird als „angenommen“ ausgewiesen."
        ),
    )
    ausnahme = forms.BooleanField(
        label=_("Zwei Partner: begründete Ausnahme liegt vor"), required=False
    )
    leistung = forms.BooleanField(
        label=_("wesentliche Leistungsverbesserung für die Bürgerinnen und Bürger"),
        required=False,
        help_text=_(
            "Nordrhein-Westfalen lässt sie statt 15 Prozent Einsparung gelten."
        ),
    )
    gebuehren = forms.BooleanField(
        label=_(
            "Für die Nutzung der Einrichtung werden Gebühren oder Beiträge erhoben"
        ),
        required=False,
        help_text=_("Thüringen fördert dann nicht (§ 24 Abs. 2 ThürFAG)."),
    )
    kosten = MoneyField(
        label=_("fester Gesamtbetrag zur Aufteilung je Jahr (€, optional)"),
        required=False,
        help_text=_(
            "Wird nur nach dem Kostenschlüssel aufgeteilt. Für „allein oder "
            "gemeinsam“ zählen die Kosten je Partner in der Tabelle oben."
        ),
    )
    schluessel = forms.ChoiceField(
        label=_("Kostenschlüssel"),
        choices=COST_KEYS.items(),
        initial="population",
        required=False,
    )
    fixkosten = PercentField(
        label=_("Fixkostenanteil für alle Partner (%)"),
        required=False,
        help_text=_(
            "Leer: Wasser 92 %, Abwasser 80 % (Mitte der Spannen), sonst 50 %; "
            "je Partner in der Tabelle oben überschreibbar."
        ),
    )
    buendelung = PercentField(
        label=_("Bündelungseffekt: Einsparung an den gemeinsamen Fixkosten (%)"),
        initial=15,
        required=False,
        help_text=_("Leer: 15 %."),
    )
    rate = PercentField(
        label=_("Stress-Variante: jährliche Bevölkerungsveränderung (%)"),
        min_value=-10,
        max_value=10,
        required=False,
        help_text=_(
            "Leer: −1 % je Jahr. Amtliche Vorausberechnung und Trend kommen aus "
            "den amtlichen Zahlen."
        ),
    )

    def __init__(self, *args, municipalities, partner_list=None, kreis="", **kwargs):
        """`partner_list`: the municipalities as the page lists them (no query)."""
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = municipalities
        self.partner_list = list(
            municipalities if partner_list is None else partner_list
        )
        self.fields["partner"].widget.choices = [
            (m.ags, m.short_name) for m in self.partner_list
        ]
        if self.is_bound:
            self.fields["gemeinde"].choose_by_link(self.data, "gemeinde")
        if kreis:
            self.fields["kreis"] = forms.CharField(
                initial=kreis, required=False, widget=forms.HiddenInput
            )
        for criterion, label in CRITERIA.items():
            self.fields[f"w_{criterion}"] = forms.TypedChoiceField(
                label=label,
                choices=WEIGHT_CHOICES,
                coerce=int,
                initial=0,
                required=False,
                empty_value=0,
            )
            self.fields[f"muss_{criterion}"] = forms.BooleanField(
                label=_("Muss"), required=False
            )
        for base in ("equal", "population", "area", "usage"):
            self.fields[f"mix_{base}"] = IntegerNumberField(
                label=COST_KEYS[base], min_value=0, max_value=10, required=False
            )
        for name, label in SETUP_LABELS.items():
            self.fields[name] = MoneyField(
                label=label, max_value=10**10, required=False
            )
        fixed_default = self._fixed_share_placeholder()
        for municipality in self.partner_list:
            names = {"name": municipality.short_name}
            self.fields[f"kosten_{municipality.ags}"] = MoneyField(
                label=_("Kosten heute allein, %(name)s (€ je Jahr)") % names,
                required=False,
            )
            self.fields[f"fixkosten_{municipality.ags}"] = PercentField(
                label=_("Fixkostenanteil %(name)s (%%)") % names,
                required=False,
                widget=NumberInput(attrs={"placeholder": fixed_default}),
            )
            self.fields[f"nutzung_{municipality.ags}"] = NumberField(
                label=_("Nutzung %(name)s") % names,
                min_value=0,
                required=False,
            )
        inline_widget_templates(self.fields.values())
        self.helper = self._layout()

    def _fixed_share_placeholder(self) -> str:
        """The chosen sector's default fixed-cost share, shown in empty fields."""
        sector = self.data.get("sektor") if self.is_bound else None
        if not sector:
            return ""
        return numbers.format_percent(fixed_share_default(sector).pct)

    def _layout(self) -> FormHelper:
        """Five fieldsets as the page explains them; the tables as templates."""
        helper = FormHelper()
        helper.form_method = "get"
        helper.form_action = reverse("comparison:option_comparison")
        helper.form_class = "comparison-form no-print"
        helper.attrs = {"novalidate": True}
        helper.wrapper_class = "field"
        helper.field_template = "forms/comparison_field.html"

        def row(*names):
            return Div(*names, css_class="field-row")

        mix = [f"mix_{base}" for base in ("equal", "population", "area", "usage")]
        helper.layout = Layout(
            *(["kreis"] if "kreis" in self.fields else []),
            Fieldset(
                _("1. Aufgabe"),
                row("sektor", "aufgabe"),
                Include("forms/comparison_task_note.html"),
            ),
            Fieldset(
                _("2. Partnergemeinden"),
                Field("partner", template="forms/comparison_partners.html"),
                "gemeinde",
            ),
            Fieldset(
                _("3. Worauf es ankommt"),
                Include("forms/comparison_criteria.html"),
            ),
            Fieldset(
                _("4. Förderung"),
                row("laufzeit", "einsparung"),
                "ausnahme",
                "leistung",
                "gebuehren",
            ),
            Fieldset(
                _("5. Kosten und Demografie"),
                row("schluessel", "buendelung"),
                Fieldset(
                    _("Gewichte der Mischung (nur für „gewichtete Mischung“, 0–10)"),
                    row(*mix),
                    css_class="inner",
                ),
                Fieldset(
                    _(
                        "Einmalkosten der Gründung (verteilt über die Laufzeit, "
                        "ohne Laufzeit über 5 Jahre)"
                    ),
                    row(*SETUP_FIELDS.values()),
                    css_class="inner",
                ),
                row("fixkosten", "rate"),
                "kosten",
            ),
            StrictButton(_("Vergleichen"), type="submit", css_class="btn-primary"),
        )
        return helper

    def partner_rows(self):
        """(checkbox, municipality, cost, fixed share, usage field) per
        municipality listed."""
        boxes = {str(box.data["value"]): box for box in self["partner"]}
        return [
            (
                boxes[m.ags],
                m,
                *(
                    self._row_field(f"{prefix}_{m.ags}")
                    for prefix in ("kosten", "fixkosten", "nutzung")
                ),
            )
            for m in self.partner_list
        ]

    def _row_field(self, name: str):
        """A row input of the partner table; with an error, it names the message
        the table prints beside it (`<id>_error`)."""
        bound = self[name]
        if bound.errors:
            bound.field.widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"
        return bound

    def criterion_rows(self):
        for criterion, label in CRITERIA.items():
            yield (
                label,
                self._row_field(f"w_{criterion}"),
                self._row_field(f"muss_{criterion}"),
            )

    def mix_fields(self):
        return [
            self[f"mix_{base}"] for base in ("equal", "population", "area", "usage")
        ]

    def params(self) -> dict:
        """The cleaned input as plain JSON (what a saved scenario stores)."""
        data = self.cleaned_data

        def text(value):
            return None if value is None else str(value)

        partners = sorted(m.ags for m in data["partner"])
        return {
            "sector": data["sektor"].code,
            "task_kind": data["aufgabe"],
            "partners": partners,
            "requirements": {c: [data[f"w_{c}"], data[f"muss_{c}"]] for c in CRITERIA},
            "years": data["laufzeit"],
            "savings_pct": text(data["einsparung"]),
            "exception": data["ausnahme"],
            "service_improvement": data["leistung"],
            "fees_charged": data["gebuehren"],
            "total": text(data["kosten"]),
            "key": data["schluessel"] or "population",
            "mix": {
                b: data[f"mix_{b}"] or 0
                for b in ("equal", "population", "area", "usage")
            },
            "usage": {
                ags: text(data.get(f"nutzung_{ags}"))
                for ags in partners
                if data.get(f"nutzung_{ags}") is not None
            },
            "fixed_share_pct": text(data["fixkosten"]),
            "pooling_saving_pct": text(data["buendelung"]),
            "rate_pct": text(data["rate"]),
            "stress_pct": text(data["rate"]),
            "costs": _per_partner(data, "kosten", partners),
            "fixed_shares": _per_partner(data, "fixkosten", partners),
            "setup": {
                part: text(data[name])
                for part, name in SETUP_FIELDS.items()
                if data[name] is not None
            },
        }


def _per_partner(data: dict, prefix: str, partners: list[str]) -> dict[str, str]:
    """`{ags: value}` of a per-partner field, for the chosen partners that have one."""
    return {
        ags: str(data[f"{prefix}_{ags}"])
        for ags in partners
        if data.get(f"{prefix}_{ags}") is not None
    }


def comparison_query(params: dict) -> str:
    """The GET query that reproduces a comparison (links from saved scenarios)."""
    query = QueryDict(mutable=True)
    query["sektor"] = params["sector"]
    query["aufgabe"] = params["task_kind"]
    query.setlist("partner", params["partners"])
    for criterion, (weight, must) in params["requirements"].items():
        query[f"w_{criterion}"] = str(weight)
        if must:
            query[f"muss_{criterion}"] = "on"
    simple = {
        "laufzeit": params.get("years"),
        "einsparung": params.get("savings_pct"),
        "kosten": params.get("total"),
        "schluessel": params.get("key"),
        "fixkosten": params.get("fixed_share_pct"),
        "buendelung": params.get("pooling_saving_pct"),
        "rate": params.get("rate_pct"),
    }
    for name, value in simple.items():
        if value not in (None, ""):
            query[name] = str(value)
    if params.get("exception"):
        query["ausnahme"] = "on"
    if params.get("service_improvement"):
        query["leistung"] = "on"
    if params.get("fees_charged"):
        query["gebuehren"] = "on"
    for base, weight in (params.get("mix") or {}).items():
        if weight:
            query[f"mix_{base}"] = str(weight)
    for ags, value in (params.get("usage") or {}).items():
        query[f"nutzung_{ags}"] = value
    for ags, value in (params.get("costs") or {}).items():
        query[f"kosten_{ags}"] = value
    for ags, value in (params.get("fixed_shares") or {}).items():
        query[f"fixkosten_{ags}"] = value
    for part, value in (params.get("setup") or {}).items():
        if part in SETUP_FIELDS and value not in (None, ""):
            query[SETUP_FIELDS[part]] = value
    return query.urlencode()


class ScenarioForm(FreeTextForm, forms.Form):
    name = forms.CharField(label=_("Name des Szenarios"), max_length=150)
    shared = forms.BooleanField(
        label=_("mit den Mitarbeitenden der Partnergemeinden teilen"), required=False
    )
    # The comparison's address; the view parses it with ComparisonForm.
    query = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = filter_helper(
            self,
            submit=_("Speichern"),
            method="post",
            action=reverse("comparison:scenario_create"),
            primary=False,
        )


class GuideSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Im Leitfaden suchen"),
        max_length=200,
        required=False,
        widget=forms.SearchInput(attrs={"id": "guide-q"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = filter_helper(
            self,
            submit=_("Suchen"),
            search=True,
            action=reverse("guide:guide_search"),
            primary=False,
            css_class="guide-search",
        )


class ChecklistChoiceForm(forms.Form):
    """Which cooperation a phase's checklist shows (?kooperation=)."""

    kooperation = forms.ChoiceField(
        label=_("Für welche Kooperation?"),
        required=False,
        widget=forms.Select(attrs={"id": "checklist-cooperation"}),
    )

    def __init__(self, *, cooperations, chosen=None):
        super().__init__(initial={"kooperation": chosen.pk if chosen else ""})
        self.fields["kooperation"].choices = [
            ("", _("– keine, nur lesen –")),
            *((cooperation.pk, cooperation.title) for cooperation in cooperations),
        ]
        self.helper = filter_helper(
            self,
            submit=_("Anzeigen"),
            action="#checkliste",
            primary=False,
            css_class="filter-form no-print",
        )


class ChecklistForm(forms.Form):
    """The items of a phase ticked for one cooperation."""

    items = forms.MultipleChoiceField(required=False, widget=KeyedCheckboxes("item"))

    def __init__(self, *args, checklist, phase: str, language: str, **kwargs):
        rows = list(checklist.rows)
        kwargs.setdefault("initial", {"items": [i.code for i, tick in rows if tick]})
        super().__init__(*args, **kwargs)
        field = self.fields["items"]
        field.label = _("Erledigt für „%(title)s“") % {
            "title": checklist.cooperation.title
        }
        field.choices = [
            (item.code, item.text_en if language == "en" else item.text)
            for item, _tick in rows
        ]
        self.ticks = [tick for _item, tick in rows]
        self.helper = FormHelper()
        self.helper.form_action = reverse(
            "cooperations:checklist_update",
            args=[checklist.cooperation.pk, phase],
        )
        self.helper.layout = Layout(
            Field("items", template="forms/checklist_items.html"),
            StrictButton(
                _("Checkliste speichern"),
                type="submit",
                css_class="btn-primary",
                css_id="checklist-save",
            ),
        )

    def item_rows(self):
        """(checkbox, tick or None) per item."""
        return zip(self["items"], self.ticks, strict=True)


class SuggestionForm(forms.Form):
    """Whose partners the suggestions page shows, in which sector."""

    ags = forms.ChoiceField(
        label=_("Gemeinde"),
        required=False,
        widget=forms.Select(attrs={"id": "suggest-ags"}),
    )
    sektor = forms.ChoiceField(
        label=_("Sektor"),
        required=False,
        widget=forms.Select(attrs={"id": "suggest-sector"}),
    )

    def __init__(self, *, municipalities, sectors, municipality, sector, kreis=""):
        super().__init__(initial={"ags": municipality.ags, "sektor": sector.code})
        self.fields["ags"].choices = [(m.ags, m.short_name) for m in municipalities]
        self.fields["sektor"].choices = [(s.code, s.name) for s in sectors]
        if kreis:
            self.fields["kreis"] = forms.CharField(
                initial=kreis, widget=forms.HiddenInput
            )
        self.helper = filter_helper(
            self,
            submit=_("Vorschläge zeigen"),
            primary=False,
            css_class="filter-form no-print",
        )


class ScenarioChoiceForm(forms.Form):
    """The saved scenarios to compare side by side (?id=…&id=…)."""

    id = forms.MultipleChoiceField(
        label=_("Vergleichen"), required=False, widget=KeyedCheckboxes("compare")
    )

    def __init__(self, *, scenarios, max_compared: int):
        super().__init__()
        self.scenarios = list(scenarios)
        self.fields["id"].choices = [(s.pk, s.name) for s in self.scenarios]
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_action = reverse("comparison:scenario_compare")
        self.helper.layout = Layout(
            Field("id", template="forms/scenario_table.html"),
            StrictButton(
                _("Gewählte nebeneinander (2 bis %(max_compared)s)")
                % {"max_compared": max_compared},
                type="submit",
            ),
        )

    def scenario_rows(self):
        """(checkbox, scenario) per saved scenario."""
        return zip(self["id"], self.scenarios, strict=True)


class EndedSwitchForm(forms.Form):
    """The switch „auch beendete Kooperationen zeigen“ of a Kreis's pages
    (?kreis=…&beendete=1), a GET form that works without JavaScript."""

    kreis = forms.CharField(widget=forms.HiddenInput, required=False)
    beendete = forms.BooleanField(
        label=_("auch beendete Kooperationen zeigen"), required=False
    )

    def __init__(self, *, kreis: str, include_ended: bool):
        super().__init__(initial={"kreis": kreis, "beendete": include_ended})
        self.fields["beendete"].widget.attrs["value"] = "1"
        self.helper = filter_helper(
            self,
            submit=_("Anzeigen"),
            primary=False,
            css_class="filter-form ended-switch",
        )


class PublishForm(VersionForm):
    """Publishing in the public register: the version the page showed and
    `confirmed`, set by the question page that says what becomes public."""

    confirmed = forms.BooleanField(widget=forms.HiddenInput, required=False)
