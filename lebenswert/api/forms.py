from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from lebenswert.core.forms import FreeTextForm
from municipalities.forms import MunicipalityField
from municipalities.models import Municipality

from .models import Scope


class ApiTokenForm(FreeTextForm, forms.Form):
    """A new API token: for which municipality, what for, with which rights."""

    municipality = MunicipalityField(label=_("Gemeinde"))
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("Wofür der Schlüssel dient, z. B. „Finanzsoftware Kämmerei“."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Rechte"),
        choices=Scope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ohne Rechte liest der Schlüssel nur, mit höherem Anfragelimit."),
    )

    def __init__(self, *args, municipalities: "list[Municipality] | None", **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:  # an editor: only their own municipalities
            field = self.fields["municipality"]
            field.queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in municipalities]
            )
            if len(municipalities) == 1:
                self.initial.setdefault("municipality", municipalities[0].ags)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            "municipality",
            "name",
            "scopes",
            StrictButton(
                _("Schlüssel erzeugen"), type="submit", css_class="btn-primary"
            ),
        )
