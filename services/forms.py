from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from lebenswert.core.forms import (
    FreeTextForm,
    NumberField,
    filter_helper,
    number_formfield,
)
from municipalities.forms import MunicipalityField, MunicipalityInput

from . import selectors
from .csv_import import MAX_BYTES
from .models import Indicator, IndicatorValue, PartnerOrganisation, ServiceProvision


class VersionedForm(FreeTextForm, forms.Form):
    """Carries the version the editor saw, for the conflict check in the action."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class IndicatorValueForm(VersionedForm):
    indicator = forms.ModelChoiceField(
        label=_("Kennzahl"), queryset=Indicator.objects.select_related("sector")
    )
    year = forms.IntegerField(label=_("Jahr"), min_value=1950, max_value=2100)
    value = NumberField(
        label=_("Wert"),
        max_digits=14,
        decimal_places=4,
        help_text=_("Dezimalkomma erlaubt, z. B. 2,05"),
    )
    source = forms.CharField(
        label=_("Quelle"),
        max_length=300,
        help_text=_("z. B. Gebührensatzung vom 01.01.2025, Haushaltsplan 2025"),
    )
    note = forms.CharField(
        label=_("Anmerkung"),
        required=False,
        max_length=IndicatorValue._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProvisionForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ServiceProvision
        fields = [
            "provider_type", "provider_organisation", "provider_name", "staff_fte",
            "yearly_cost", "cost_year", "notes",
        ]  # fmt: skip
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        formfield_callback = number_formfield


class FigureImportForm(FreeTextForm, forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_(
            "Spalten: AGS; Kennzahl; Jahr; Wert; Quelle; Anmerkung – Semikolon oder "
            "Komma, UTF-8 oder Windows-1252, Dezimalkomma erlaubt."
        ),
    )
    default_source = forms.CharField(
        label=_("Quelle für Zeilen ohne Quelle"), max_length=300, required=False
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(
                _("Die Datei ist %(size)s MB groß; erlaubt sind %(max)s MB.")
                % {
                    "size": upload.size // (1024 * 1024),
                    "max": MAX_BYTES // (1024 * 1024),
                }
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Die Datei ist leer."))
        return upload


class MunicipalityComparisonForm(forms.Form):
    """The municipalities compared, each an ?ags= (the AGS, or a name to look up);
    one more while there is room. An ambiguous name lists its matches as links."""

    def __init__(self, query: QueryDict, *, max_compared: int):
        typed = [
            (index, value)
            for index, value in enumerate(query.getlist("ags"))
            if value.strip()
        ][:max_compared]
        super().__init__({f"ags_{n}": value for n, (_i, value) in enumerate(typed, 1)})
        for number, (index, _value) in enumerate(typed, start=1):
            field = MunicipalityField(
                label=_("Gemeinde %(number)s") % {"number": number},
                required=False,
                help_text="",
                widget=MunicipalityInput({"id": f"ags-{number}"}, shared_name="ags"),
            )
            field.choose_by_link(query, "ags", index)
            self.fields[f"ags_{number}"] = field
        if len(typed) < max_compared:
            self.fields["ags_new"] = MunicipalityField(
                label=_("weitere Gemeinde"),
                required=False,
                help_text=_(
                    "Name oder Gemeindeschlüssel (AGS), z. B. „Eschwege“ oder "
                    "„06636003“; bis zu %(max_compared)s Gemeinden"
                )
                % {"max_compared": max_compared},
                widget=MunicipalityInput({"id": "ags-new"}, shared_name="ags"),
            )
        self.helper = filter_helper(
            self,
            submit=_("Vergleichen"),
            label=_("Gemeinden für den Vergleich"),
        )

    def chosen_ags(self) -> list[str]:
        """The AGS of every municipality found, in the order typed."""
        self.is_valid()
        return [
            municipality.ags
            for name in self.fields
            if (municipality := self.cleaned_data.get(name)) is not None
        ]


class PartnerOrganisationAdminForm(forms.ModelForm):
    """The admin's form for an organisation: warns before a second entry of the
    same organisation (same name and place) is saved; saving anyway is a choice."""

    confirm_duplicate = forms.BooleanField(
        label=_("Trotzdem speichern: es ist eine andere Organisation"),
        required=False,
        help_text=_(
            "Nur ankreuzen, wenn die gleichnamige Organisation am selben Ort "
            "wirklich eine andere ist."
        ),
    )

    class Meta:
        model = PartnerOrganisation
        fields = [
            "name", "type", "official_key", "address", "contact_name",
            "contact_email", "contact_phone",
        ]  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if self.errors or cleaned.get("confirm_duplicate"):
            return cleaned
        alike = selectors.partner_organisations_like(
            name=cleaned.get("name", ""),
            address=cleaned.get("address", ""),
            exclude_pk=self.instance.pk,
        )
        if alike:
            names = "; ".join(
                f"„{o.name}“ ({o.address.splitlines()[0] if o.address else '–'})"
                for o in alike
            )
            raise forms.ValidationError(
                _(
                    "Diese Organisation gibt es vielleicht schon: %(names)s. "
                    "Ergänzen Sie dann den vorhandenen Eintrag, oder kreuzen Sie "
                    "„Trotzdem speichern“ an, wenn es eine andere ist."
                ),
                code="duplicate",
                params={"names": names},
            )
        return cleaned


class RestoreForm(forms.Form):
    """The version of the current value the user saw; empty when it was gone."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
