from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-Mail-Adresse"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "E-Mail-Adresse oder Passwort sind falsch. Nach mehreren Fehlversuchen "
            "wird die Anmeldung von diesem Gerät aus für 15 Minuten gesperrt."
        ),
        "inactive": _("Dieses Konto ist deaktiviert."),
    }
