"""Filters of the sector pages, parsed from the address (GET parameters)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from municipalities.models import Kreis, Municipality, MunicipalityQuerySet


class SectorComparisonFilter(django_filters.FilterSet):
    """The sector page /sektoren/<code>/: ?kreis= (code, required) and ?sortierung=
    (an indicator code, "-" first for descending)."""

    class Meta:
        model = Municipality
        fields = []

    kreis = django_filters.ModelChoiceFilter(
        label=_("Kreis"),
        queryset=Kreis.objects.all(),
        required=True,
        method="filter_kreis",
    )
    sortierung = django_filters.CharFilter(strip=False, method="sort_by_value")

    def filter_kreis(self, queryset: MunicipalityQuerySet, name, value: Kreis):
        return queryset.in_kreis(value.code)

    def sort_by_value(self, queryset: MunicipalityQuerySet, name, value: str):
        # The order is by the latest indicator value, which only the selector knows.
        return queryset
