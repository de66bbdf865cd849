"""The API's queries, with their select/prefetch. The register's are those of
the register pages (cooperations.selectors.register_list: published cooperations,
members only)."""

import hashlib

from django.db.models import Count, Prefetch, QuerySet, Sum

from cooperations.models import FundingProgramme, OrganisationalForm
from lebenswert.core.models import DataVersion
from municipalities.models import Municipality, PopulationFigure
from services.models import Indicator, IndicatorValue


def municipality_list() -> QuerySet[Municipality]:
    return Municipality.objects.with_hierarchy().order_by("ags")


def municipality_list_with_figures() -> QuerySet[Municipality]:
    return municipality_list().prefetch_related(
        Prefetch("population_figures", PopulationFigure.objects.order_by("date"))
    )


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("sector")


def indicators_version() -> str:
    """A hash of every indicator with its sector: they change only in the admin
    (unaudited there) or by a migration, and there are few; one query."""
    fields = [f.attname for f in Indicator._meta.concrete_fields]
    rows = Indicator.objects.order_by("pk").values_list(
        *fields, "sector__code", "sector__name", "sector__name_en"
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def indicator_value_list() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.select_related("municipality", "indicator").order_by(
        "pk"
    )


def figures_version() -> tuple[int, int]:
    """A number that grows with every change of any Kreis's figures (the sum of
    the figures scopes' data versions) and their count; one query."""
    totals = DataVersion.objects.filter(scope__startswith="figures:").aggregate(
        total=Sum("version"), count=Count("pk")
    )
    return totals["total"] or 0, totals["count"]


def organisational_form_list() -> QuerySet[OrganisationalForm]:
    return OrganisationalForm.objects.select_related("land")


def funding_programme_list() -> QuerySet[FundingProgramme]:
    return FundingProgramme.objects.select_related("land")
