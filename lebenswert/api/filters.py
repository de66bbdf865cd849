"""The API's filters: the same parameters as the pages' (django-filter)."""

import copy

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from cooperations import filters as cooperation_filters
from cooperations.models import FundingProgramme, OrganisationalForm
from municipalities.models import Municipality, MunicipalityQuerySet
from services.models import Indicator, IndicatorValue


class MunicipalityFilter(django_filters.FilterSet):
    """As the directory /gemeinden/: ?q= (name, or AGS/ARS prefix), ?land=, ?kreis=."""

    q = django_filters.CharFilter(method="filter_q", max_length=100)
    land = django_filters.CharFilter(field_name="kreis__land_id", max_length=2)
    kreis = django_filters.CharFilter(method="filter_kreis", max_length=5)

    class Meta:
        model = Municipality
        fields = []

    def filter_q(self, queryset: MunicipalityQuerySet, name, value: str):
        return queryset.search(value)

    def filter_kreis(self, queryset: MunicipalityQuerySet, name, value: str):
        return queryset.in_kreis(value)


class IndicatorFilter(django_filters.FilterSet):
    """?sector= (a sector's code), as the sector pages /sektoren/<code>/."""

    sector = django_filters.CharFilter(field_name="sector__code", max_length=40)

    class Meta:
        model = Indicator
        fields = []


class IndicatorValueFilter(django_filters.FilterSet):
    """?indicator=, ?year=, ?sector=, ?kreis= and ?municipality= (AGS)."""

    indicator = django_filters.CharFilter(field_name="indicator__code", max_length=40)
    year = django_filters.NumberFilter(field_name="year", min_value=0, max_value=32767)
    sector = django_filters.CharFilter(
        field_name="indicator__sector__code", max_length=40
    )
    kreis = django_filters.CharFilter(field_name="municipality__kreis_id", max_length=5)
    municipality = django_filters.CharFilter(
        field_name="municipality__ags", max_length=8
    )
    is_demo = django_filters.BooleanFilter()

    class Meta:
        model = IndicatorValue
        fields = []


class FormFilter(django_filters.FilterSet):
    """?land= (code), as the guide's forms overview (?land=)."""

    land = django_filters.CharFilter(field_name="land_id", max_length=2)

    class Meta:
        model = OrganisationalForm
        fields = []


class FundingProgrammeFilter(FormFilter):
    class Meta:
        model = FundingProgramme
        fields = []


def _documented_as_text(page_filter: django_filters.Filter) -> django_filters.Filter:
    """A copy of a page's filter that the schema shows as a string."""
    return extend_schema_field(OpenApiTypes.STR)(copy.deepcopy(page_filter))


class RegisterFilter(cooperation_filters.RegisterFilter):
    """The register page's filters (?query=, ?land=, ?kreis=, ?sector=, ?form=,
    ?status=, ?municipality=), without the page's form layout."""

    # A partner municipality by AGS (or name): a string in the schema.
    municipality = _documented_as_text(
        cooperation_filters.RegisterFilter.declared_filters["municipality"]
    )

    class Meta(cooperation_filters.RegisterFilter.Meta):
        form = forms.Form
