from django import forms
from django.utils.translation import gettext_lazy as _

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
