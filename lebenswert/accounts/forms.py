from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-Mail-Adresse"),
        # autocomplete="username" tells password managers this is the login name;
        # HTML allows it on text inputs only, so the e-mail keyboard comes from
        # inputmode (the field still validates an address).
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "username",
                "inputmode": "email",
                "spellcheck": "false",
                "autocapitalize": "none",
            }
        ),
    )
    error_messages = {
        "invalid_login": _(
            "E-Mail-Adresse oder Passwort sind falsch. Nach mehreren Fehlversuchen "
            "wird die Anmeldung von diesem Gerät aus für 15 Minuten gesperrt."
        ),
        "inactive": _("Dieses Konto ist deaktiviert."),
    }


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_(
            "Die sechs Ziffern aus Ihrer Authenticator-App – oder einer Ihrer "
            "Wiederherstellungscodes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "size": 10}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())
