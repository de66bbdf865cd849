from django import forms
from django.utils.translation import gettext_lazy as _

from lebenswert.core.forms import filter_helper

from .models import DirectoryImport

MAX_IMPORT_SIZE = 50 * 1024 * 1024


class DirectoryImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Datei"), choices=DirectoryImport.Kind.choices
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_(
            "GV100AD: die Textdatei aus dem ZIP von Destatis (z. B. "
            "GV100AD_30112025.txt). Grenzen: GeoJSON mit der Eigenschaft „ags“."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_SIZE:
            raise forms.ValidationError(_("Die Datei ist größer als 50 MB."))
        return upload


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
        )
