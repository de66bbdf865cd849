from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Municipality
from services.csv_import import parse_decimal
from services.models import Sector

from .models import (
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    FundingProgramme,
    OrganisationalForm,
    PartnerOrganisation,
)


class DateInput(forms.DateInput):
    input_type = "date"


class CooperationForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sektoren"),
        queryset=Sector.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    partners = forms.ModelMultipleChoiceField(
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
        self.fields["form"].queryset = OrganisationalForm.objects.select_related("land")
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


class PartnerForm(forms.ModelForm):
    """A partner's role, cost share, contact and council resolution."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = CooperationPartner
        fields = [
            "role", "cost_share_pct", "contact_name", "contact_email",
            "resolution_date", "resolution_reference",
        ]  # fmt: skip
        widgets = {"resolution_date": DateInput(format="%Y-%m-%d")}
        localized_fields = ["cost_share_pct"]


class PartnerAddForm(PartnerForm):
    """A new partner: a municipality of the region or a partner organisation."""

    municipality = forms.ModelChoiceField(
        label=_("Gemeinde"), queryset=Municipality.objects.none(), required=False
    )
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

    def __init__(self, *args, cooperation, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        taken = cooperation.partners.all()
        self.fields["municipality"].queryset = municipalities.exclude(
            pk__in=[p.municipality_id for p in taken if p.municipality_id]
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
    version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("Neuer Status"), choices=Cooperation.Status.choices
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Art"), choices=CooperationDocument.Kind.choices)
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(
        label=_("Datei"), help_text=_("PDF, ODT oder DOCX, höchstens 20 MB.")
    )


class EuroField(forms.DecimalField):
    """Amounts as people type them: "100.000", "100.000,50" or "100000.50"."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_digits=12, decimal_places=2, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = str(parse_decimal(value, delimiter=";"))
            except ValueError:
                pass  # the parent reports "Enter a number."
        return super().to_python(value)


class SavingsForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)
    year = forms.IntegerField(label=_("Jahr"), min_value=1990, max_value=2100)
    cost_before = EuroField(label=_("Kosten vorher (€)"))
    cost_after = EuroField(label=_("Kosten mit Kooperation (€)"))
    source = forms.CharField(label=_("Quelle"), max_length=300)

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = cooperation.partners.select_related(
            "municipality", "organisation"
        )


class FundingForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programm"), queryset=FundingProgramme.objects.all()
    )
    amount = EuroField(label=_("Betrag (€)"))
    granted_on = forms.DateField(label=_("bewilligt am"), widget=DateInput())
    obligations = forms.CharField(
        label=_("Auflagen"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
