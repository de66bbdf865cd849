import re
from collections.abc import Callable

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lebenswert.core import text
from lebenswert.core.forms import FreeTextForm, SharedNameInput, filter_helper

from . import selectors
from .importers import MAX_YEAR, MIN_YEAR
from .models import CensusBasis, DirectoryImport, Municipality, PopulationProjection

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


# An AGS anywhere in the text: typed alone, or in „Eschwege (06636003, …)“ as the
# autocomplete and the parsed field write a chosen municipality.
_AGS_IN_TEXT = re.compile(r"(?<!\d)(\d{8})(?!\d)")
_MAX_TYPED = 200


def municipality_label(municipality: Municipality) -> str:
    """„Eschwege (06636003, Werra-Meißner-Kreis)“: the name people type, the key
    that makes it unique; the field reads the key back."""
    return f"{municipality.short_name} ({municipality.ags}, {municipality.kreis.name})"


class MunicipalityInput(SharedNameInput):
    """The text input of a MunicipalityField; after an ambiguous name it lists the
    matches to choose from (radio buttons, or links on a GET page).

    static/js/municipality_picker.js turns it into a combobox fed by
    /gemeinden/suche.json; without JavaScript it stays a text input.
    """

    template_name = "forms/widgets/municipality.html"

    def __init__(self, attrs=None, *, shared_name: str = ""):
        super().__init__(
            shared_name, {"autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        )
        self.matches: list[Municipality] = []
        self.typed = ""
        self.link: Callable[[Municipality], str] | None = None

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "data-municipality-search": _search_url(),
            "data-found-one": _("1 Gemeinde gefunden"),
            "data-found-many": _("%(count)s Gemeinden gefunden"),
            "data-found-none": _("Keine Gemeinde gefunden"),
        }
        context = super().get_context(name, value, attrs)
        context["widget"]["matches"] = [
            {
                "ags": m.ags,
                "name": m.name,
                "kreis": m.kreis.name,
                "land": m.kreis.land.name,
                "href": self.link(m) if self.link else "",
            }
            for m in self.matches
        ]
        context["widget"]["typed"] = self.typed
        return context


def _search_url() -> str:
    return reverse("municipalities:municipality_search")


class MunicipalityField(forms.Field):
    """One municipality, typed by name or AGS (issue 15, item 6).

    An AGS (alone or inside the text) is looked up; otherwise the name search of
    the directory decides: one match (or one municipality of exactly that name)
    is taken, several are refused with the matches listed to choose from, none
    is refused naming what was typed. `queryset` limits what may be chosen.
    """

    widget = MunicipalityInput
    default_error_messages = {
        "ambiguous": _(
            "Mehrere Gemeinden heißen so – bitte wählen Sie: „%(typed)s“ passt zu "
            "%(count)s Gemeinden."
        ),
        "too_many": _(
            "Mehrere Gemeinden heißen so – bitte wählen Sie: „%(typed)s“ passt zu "
            "mehr als %(count)s Gemeinden; die ersten stehen unten, oder geben Sie "
            "mehr vom Namen oder den Gemeindeschlüssel (AGS) ein."
        ),
        "unknown_name": _(
            "Keine Gemeinde gefunden für „%(typed)s“. Prüfen Sie die Schreibweise "
            "oder geben Sie den Gemeindeschlüssel (AGS, 8 Ziffern) ein."
        ),
        "unknown_ags": _(
            "Zum Gemeindeschlüssel %(ags)s gibt es hier keine Gemeinde zur Auswahl."
        ),
        "too_long": _("Bitte höchstens %(max)s Zeichen eingeben."),
    }

    def __init__(self, *, queryset=None, **kwargs):
        kwargs.setdefault(
            "help_text",
            _("Name oder Gemeindeschlüssel (AGS), z. B. „Eschwege“ oder „06636003“"),
        )
        super().__init__(**kwargs)
        self.queryset = Municipality.objects.all() if queryset is None else queryset
        self.chosen: dict[str, Municipality] = {}

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.queryset = self.queryset.all()
        result.chosen = {}
        return result

    def to_python(self, value) -> Municipality | None:
        typed = str(value or "").strip()
        if not typed:
            return None
        if len(typed) > _MAX_TYPED:
            raise forms.ValidationError(
                self.error_messages["too_long"], "too_long", {"max": _MAX_TYPED}
            )
        typed = text.check(typed, field=str(self.label or ""), multiline=False)
        ags = _AGS_IN_TEXT.search(typed)
        if ags:
            municipality = self._by_ags(ags[1])
        else:
            municipality = self._by_name(typed)
        self.chosen[typed] = municipality
        return municipality

    def _by_ags(self, ags: str) -> Municipality:
        municipality = (
            self.queryset.select_related("kreis", "kreis__land").filter(ags=ags).first()
        )
        if municipality is None:
            raise forms.ValidationError(
                self.error_messages["unknown_ags"], "unknown_ags", {"ags": ags}
            )
        return municipality

    def _by_name(self, typed: str) -> Municipality:
        limit = selectors.MAX_SEARCH_RESULTS
        found = selectors.municipality_search(
            query=typed, queryset=self.queryset, limit=limit + 1
        )
        exact = [m for m in found if typed.casefold() in _names(m)]
        if len(found) == 1 or len(exact) == 1:
            return exact[0] if len(exact) == 1 else found[0]
        if not found:
            raise forms.ValidationError(
                self.error_messages["unknown_name"], "unknown_name", {"typed": typed}
            )
        self.widget.matches, self.widget.typed = found[:limit], typed
        code = "too_many" if len(found) > limit else "ambiguous"
        count = limit if len(found) > limit else len(found)
        raise forms.ValidationError(
            self.error_messages[code], code, {"typed": typed, "count": count}
        )

    def prepare_value(self, value):
        if isinstance(value, Municipality):
            return municipality_label(value)
        chosen = self.chosen.get(str(value or "").strip())
        return municipality_label(chosen) if chosen else value

    def choose_by_link(self, query: QueryDict, name: str, index: int = 0) -> None:
        """On a GET page the matches are links: the address with the value of
        `name` (its `index`-th, for a shared name) replaced by the match's AGS."""

        def link(municipality: Municipality) -> str:
            data = query.copy()
            values = data.getlist(name)
            values[index] = municipality.ags
            data.setlist(name, values)
            return "?" + data.urlencode()

        self.widget.link = link


def _names(municipality: Municipality) -> set[str]:
    return {municipality.short_name.casefold(), municipality.name.casefold()}
