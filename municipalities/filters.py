"""Filters of the municipality pages, parsed from the address (GET parameters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Municipality, MunicipalityQuerySet


class MunicipalityFilter(django_filters.FilterSet):
    """The directory /gemeinden/: ?q= (name or AGS/ARS prefix), ?land=, ?kreis=.

    The Land and Kreis choices come from the caller (selectors), the Kreis choices
    only once a Land is chosen, so the form costs no query it does not need.
    """

    class Meta:
        model = Municipality
        fields = []

    q = django_filters.CharFilter(
        label=_("Name oder Gemeindeschlüssel"), max_length=100, method="filter_q"
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
