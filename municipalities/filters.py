"""Filters of the municipality pages, parsed from the address (GET parameters)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from lebenswert.core.forms import filter_helper

from .models import Municipality, MunicipalityQuerySet


class MunicipalityFilterForm(forms.Form):
    """The directory's search form; the Kreis only once there are Kreise to choose."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown = ["q", "land"]
        if len(self.fields["kreis"].choices) > 1:
            shown.append("kreis")
        self.helper = filter_helper(
            self,
            submit=_("Suchen"),
            label=_("Gemeinden suchen"),
            search=True,
            fields=shown,
        )


class MunicipalityFilter(django_filters.FilterSet):
    """The directory /gemeinden/: ?q= (name or AGS/ARS prefix), ?land=, ?kreis=.

    The Land and Kreis choices come from the caller (selectors), the Kreis choices
    only once a Land is chosen, so the form costs no query it does not need.
    """

    class Meta:
        model = Municipality
        fields = []
        form = MunicipalityFilterForm

    q = django_filters.CharFilter(
        label=_("Name oder Gemeindeschlüssel"),
        max_length=100,
        method="filter_q",
        widget=forms.SearchInput,
        help_text=_("z. B. „Eschwege“ oder „06636“"),
    )
    land = django_filters.ChoiceFilter(
        label=_("Land"), field_name="kreis__land_id", empty_label=_("alle Länder")
    )
    kreis = django_filters.ChoiceFilter(
        label=_("Kreis"), method="filter_kreis", empty_label=_("alle Kreise")
    )

    def __init__(self, data, queryset, *, lands, kreise):
        super().__init__(data, queryset)
        self.filters["land"].extra["choices"] = lands
        self.filters["kreis"].extra["choices"] = kreise

    def filter_q(self, queryset: MunicipalityQuerySet, name, value: str):
        return queryset.search(value)

    def filter_kreis(self, queryset: MunicipalityQuerySet, name, value: str):
        return queryset.in_kreis(value)
