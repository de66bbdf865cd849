from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from lebenswert.core.forms import FreeTextForm, filter_helper

from .importers import MAX_YEAR, MIN_YEAR
from .models import CensusBasis, DirectoryImport, PopulationProjection

MAX_IMPORT_SIZE = 50 * 1024 * 1024

Kind = DirectoryImport.Kind

# The fields each kind asks for besides the file: form field → importer option.
KIND_OPTIONS = {
    Kind.POPULATION_SERIES: {
        "series_source": "source",
        "series_basis": "default_basis",
        "series_skip_unknown": "skip_unknown",
    },
    Kind.PROJECTION: {
        "projection_publisher": "publisher",
        "projection_title": "title",
        "projection_release_date": "release_date",
        "projection_base_year": "base_year",
        "projection_basis": "basis",
        "projection_certainty": "certainty",
        "projection_notes": "notes",
        "projection_source_url": "source_url",
    },
}


class DirectoryImportForm(FreeTextForm, forms.Form):
    """An official file and, for the population CSVs, what the file does not say.

    Each kind's own fields stand in a fieldset that the page shows only while that
    kind is chosen (CSS); the fields of the other kinds are neither required nor
    checked.
    """

    kind = forms.ChoiceField(label=_("Art der Datei"), choices=Kind.choices)
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "GV100AD: die Textdatei aus dem ZIP von Destatis (z. B. "
            "GV100AD_30112025.txt). Grenzen: GeoJSON mit der Eigenschaft „ags“. "
            "Einwohnerzahlen: CSV mit den Spalten AGS; Jahr; Einwohner; Zensusbasis. "
            "Vorausberechnung: CSV mit den Spalten Schlüssel; Jahr; Einwohner "
            "(Kreisschlüssel oder AGS)."
        ),
    )
    series_source = forms.CharField(
        label=_("Quelle"),
        max_length=200,
        help_text=_(
            "Wird bei jeder Einwohnerzahl gespeichert, z. B. „Hessisches Statistisches "
            "Landesamt, Bevölkerung der hessischen Gemeinden am 31.12.“."
        ),
    )
    series_basis = forms.ChoiceField(
        label=_("Zensusbasis für Zeilen ohne Angabe"),
        choices=[("", _("keine – jede Zeile nennt ihre Zensusbasis"))]
        + CensusBasis.choices,
        required=False,
    )
    series_skip_unknown = forms.BooleanField(
        label=_(
            "Gemeinden, die nicht im Verzeichnis sind, überspringen (statt abbrechen)"
        ),
        required=False,
    )
    projection_publisher = forms.CharField(
        label=_("Herausgeber"),
        max_length=200,
        help_text=_("z. B. „Hessisches Statistisches Landesamt“"),
    )
    projection_title = forms.CharField(label=_("Titel"), max_length=300)
    projection_release_date = forms.DateField(
        label=_("veröffentlicht am"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    projection_base_year = forms.IntegerField(
        label=_("Basisjahr"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        required=False,
        help_text=_("Leer: das erste Jahr jedes Gebiets in der Datei."),
    )
    projection_basis = forms.ChoiceField(
        label=_("Zensusbasis des Ausgangswerts"),
        choices=[("", _("nicht angegeben"))] + CensusBasis.choices,
        required=False,
    )
    projection_certainty = forms.ChoiceField(
        label=_("Belegt"),
        choices=PopulationProjection.Certainty.choices,
        initial=PopulationProjection.Certainty.SOURCE,
    )
    projection_notes = forms.CharField(
        label=_("Anmerkungen"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("z. B. welche Jahre interpoliert sind, Variante der Rechnung."),
    )
    projection_source_url = forms.URLField(
        label=_("Fundstelle (Adresse)"),
        max_length=200,
        required=False,
        assume_scheme="https",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = self.data.get("kind") if self.is_bound else None
        self._other_kinds_fields = set()
        for kind, fields in KIND_OPTIONS.items():
            for name in fields:
                field = self.fields[name]
                if field.required:
                    field.error_messages["required"] = _(
                        "Bitte geben Sie „%(label)s“ an."
                    ) % {"label": field.label}
                if self.is_bound and kind != chosen:
                    field.required = False
                    self._other_kinds_fields.add(name)
        self.helper = self._layout()

    def _layout(self) -> FormHelper:
        helper = FormHelper()
        helper.form_class = "form directory-import-form"
        helper.attrs = {"novalidate": True}
        helper.layout = Layout(
            "kind",
            "file",
            Fieldset(
                _("Angaben zu den Einwohnerzahlen"),
                *KIND_OPTIONS[Kind.POPULATION_SERIES],
                css_class=f"import-options import-options-{Kind.POPULATION_SERIES}",
            ),
            Fieldset(
                _("Angaben zur Vorausberechnung"),
                *KIND_OPTIONS[Kind.PROJECTION],
                css_class=f"import-options import-options-{Kind.PROJECTION}",
            ),
            StrictButton(
                _("Hochladen und importieren"), type="submit", css_class="btn-primary"
            ),
        )
        return helper

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("Die Datei ist größer als 50 MB."))
        return upload

    def clean(self):
        data = super().clean()
        # What was typed for another kind is not imported, so not checked either.
        for name in self._other_kinds_fields:
            self.errors.pop(name, None)
        return data

    def options(self) -> dict:
        """The chosen kind's options as the importer takes them (JSON values)."""
        fields = KIND_OPTIONS.get(self.cleaned_data["kind"], {})
        options = {
            option: self.cleaned_data.get(name) for name, option in fields.items()
        }
        if options.get("release_date"):
            options["release_date"] = options["release_date"].isoformat()
        return options


class KreisChoiceForm(forms.Form):
    """Asks for a Kreis by ?kreis= (pages about one Kreis, partners from a Kreis)."""

    kreis = forms.ChoiceField(label=_("Kreis"), required=False)

    def __init__(
        self,
        *,
        kreise,
        kreis: str = "",
        label: str = "",
        empty_label: str = "",
        submit: str = "",
        form_label: str = "",
        action: str = "",
    ):
        super().__init__(initial={"kreis": kreis})
        field = self.fields["kreis"]
        field.choices = [("", empty_label), *kreise] if empty_label else list(kreise)
        field.label = label or field.label
        self.helper = filter_helper(
            self,
            submit=submit or _("Anzeigen"),
            label=form_label,
            primary=not submit,
            action=action,
        )
