"""Queries behind the sector pages, the comparison and the municipality sections.

Each selector runs a fixed number of queries, however many municipalities or values
there are; medians and "latest value" are computed in Python from one query.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from lebenswert.audit.models import Change
from lebenswert.core.collation import german
from municipalities.models import Kreis, Municipality
from municipalities.roles import role_facts

from .models import (
    Indicator,
    IndicatorValue,
    PartnerOrganisation,
    ReferenceValue,
    Sector,
    ServiceProvision,
)

MAX_COMPARED = 6


def sector_list() -> QuerySet[Sector]:
    return Sector.objects.all()


def sector_get(*, code: str) -> Sector:
    return get_object_or_404(Sector, code=code)


def indicator_list() -> QuerySet[Indicator]:
    return Indicator.objects.select_related("sector")


@dataclass(frozen=True)
class LatestValue:
    """The newest value of an indicator for a municipality, without a model instance."""

    value: Decimal
    year: int
    is_demo: bool
    source: str


def _latest(values: QuerySet[IndicatorValue]) -> dict[tuple[int, int], LatestValue]:
    """(municipality id, indicator id) → newest value, from plain tuples."""
    latest: dict[tuple[int, int], LatestValue] = {}
    for (
        municipality_id,
        indicator_id,
        year,
        value,
        is_demo,
        source,
    ) in values.values_list(
        "municipality_id", "indicator_id", "year", "value", "is_demo", "source"
    ):
        key = (municipality_id, indicator_id)
        if key not in latest or year > latest[key].year:
            latest[key] = LatestValue(
                value=value, year=year, is_demo=is_demo, source=source
            )
    return latest


# Below this many values a median says nothing: the values are shown instead.
MEDIAN_MIN_VALUES = 3


def _median(numbers: list[Decimal]) -> Decimal | None:
    """The median of at least MEDIAN_MIN_VALUES numbers, else None."""
    return Decimal(median(numbers)) if len(numbers) >= MEDIAN_MIN_VALUES else None


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: IndicatorValue | None
    series: list[IndicatorValue]
    kreis_median: Decimal | None  # None below MEDIAN_MIN_VALUES values
    kreis_count: int
    kreis_values: list[Decimal] = field(default_factory=list)  # sorted


@dataclass
class SectorSection:
    sector: Sector
    provision: ServiceProvision | None
    rows: list[IndicatorRow] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return self.provision is not None or any(row.latest for row in self.rows)


def municipality_sections(*, municipality: Municipality) -> list[SectorSection]:
    """Per sector: the municipality's indicators with trend and Kreis median."""
    indicators = list(indicator_list())
    own = list(
        IndicatorValue.objects.filter(municipality=municipality)
        .select_related("updated_by")
        .order_by("year")
    )
    # Plain tuples: only the newest value per municipality and indicator counts.
    kreis_latest: dict[tuple[int, int], tuple[int, Decimal]] = {}
    for municipality_id, indicator_id, year, number in IndicatorValue.objects.filter(
        municipality__kreis_id=municipality.kreis_id
    ).values_list("municipality_id", "indicator_id", "year", "value"):
        key = (municipality_id, indicator_id)
        if key not in kreis_latest or year > kreis_latest[key][0]:
            kreis_latest[key] = (year, number)
    provisions = {
        p.sector_id: p
        for p in ServiceProvision.objects.filter(
            municipality=municipality
        ).select_related("updated_by", "provider_organisation")
    }
    by_indicator: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in own:
        by_indicator[value.indicator_id].append(value)
    in_kreis: dict[int, list[Decimal]] = defaultdict(list)
    for (_municipality_id, indicator_id), (_year, number) in kreis_latest.items():
        in_kreis[indicator_id].append(number)
    sections: dict[int, SectorSection] = {}
    for sector in sector_list():
        sections[sector.pk] = SectorSection(
            sector=sector, provision=provisions.get(sector.pk)
        )
    for indicator in indicators:
        series = by_indicator.get(indicator.pk, [])
        sections[indicator.sector_id].rows.append(
            IndicatorRow(
                indicator=indicator,
                latest=series[-1] if series else None,
                series=series,
                kreis_median=_median(in_kreis.get(indicator.pk, [])),
                kreis_count=len(in_kreis.get(indicator.pk, [])),
                kreis_values=sorted(in_kreis.get(indicator.pk, [])),
            )
        )
    return list(sections.values())


@dataclass
class ComparisonColumn:
    municipality: Municipality
    values: dict[int, LatestValue]  # indicator id → latest value


@dataclass
class SectorComparison:
    sector: Sector
    kreis: Kreis
    indicators: list[Indicator]
    columns: list[ComparisonColumn]
    medians: dict[int, Decimal | None]  # None below MEDIAN_MIN_VALUES values
    provisions: dict[int, ServiceProvision]  # municipality id → provision
    references: dict[int, list[ReferenceValue]]  # indicator id → published figures
    kreis_values: dict[int, list[Decimal]] = field(default_factory=dict)  # sorted

    def values_for(
        self, indicator: Indicator
    ) -> list[tuple[Municipality, IndicatorValue | None]]:
        return [(c.municipality, c.values.get(indicator.pk)) for c in self.columns]


def comparison_municipalities() -> QuerySet[Municipality]:
    """Municipalities as the sector page lists them; services.filters narrows them."""
    return Municipality.objects.only(
        "ags", "name", "short_name", "population", "kreis_id"
    ).order_by(german("short_name"))


def sector_comparison(
    *,
    sector: Sector,
    kreis: Kreis,
    sort: str = "",
    descending: bool = False,
    municipalities: QuerySet[Municipality] | None = None,
) -> SectorComparison:
    """The municipalities of a Kreis (all, or those given) on one sector's
    indicators (latest values).

    `sort` names an indicator code; municipalities without a value go last.
    """
    indicators = list(sector.indicators.all())
    if municipalities is None:
        municipalities = comparison_municipalities().in_kreis(kreis.code)
    municipalities = list(municipalities)
    latest = _latest(
        IndicatorValue.objects.filter(
            municipality__kreis_id=kreis.code, indicator__sector=sector
        )
    )
    columns = [
        ComparisonColumn(
            municipality=m,
            values={
                i.pk: latest[(m.pk, i.pk)] for i in indicators if (m.pk, i.pk) in latest
            },
        )
        for m in municipalities
    ]
    by_code = {i.code: i for i in indicators}
    if sort in by_code:
        key = by_code[sort].pk
        present = [c for c in columns if key in c.values]
        present.sort(key=lambda c: c.values[key].value, reverse=descending)
        columns = present + [c for c in columns if key not in c.values]
    kreis_values = {
        i.pk: sorted(c.values[i.pk].value for c in columns if i.pk in c.values)
        for i in indicators
    }
    medians = {pk: _median(values) for pk, values in kreis_values.items()}
    provisions = {
        p.municipality_id: p
        for p in ServiceProvision.objects.filter(
            sector=sector, municipality__kreis_id=kreis.code
        ).select_related("provider_organisation")
    }
    references: dict[int, list[ReferenceValue]] = defaultdict(list)
    for reference in ReferenceValue.objects.filter(indicator__sector=sector):
        references[reference.indicator_id].append(reference)
    return SectorComparison(
        sector=sector,
        kreis=kreis,
        indicators=indicators,
        columns=columns,
        medians=medians,
        kreis_values=kreis_values,
        provisions=provisions,
        references=dict(references),
    )


@dataclass
class MunicipalityComparison:
    municipalities: list[Municipality]
    sectors: list[Sector]
    indicators: list[Indicator]
    values: dict[tuple[int, int], LatestValue]

    def rows(self):
        for indicator in self.indicators:
            yield (
                indicator,
                [self.values.get((m.pk, indicator.pk)) for m in self.municipalities],
            )


def municipality_comparison(*, ags_list: list[str]) -> MunicipalityComparison:
    """Up to six municipalities side by side on every indicator."""
    wanted = list(dict.fromkeys(ags_list))[:MAX_COMPARED]
    found = {
        m.ags: m for m in Municipality.objects.with_hierarchy().filter(ags__in=wanted)
    }
    municipalities = [found[ags] for ags in wanted if ags in found]
    values = _latest(IndicatorValue.objects.filter(municipality__in=municipalities))
    return MunicipalityComparison(
        municipalities=municipalities,
        sectors=list(sector_list()),
        indicators=list(indicator_list()),
        values=values,
    )


def indicator_value_get(*, municipality: Municipality, pk: int) -> IndicatorValue:
    return get_object_or_404(
        IndicatorValue.objects.select_related("indicator", "indicator__sector"),
        municipality=municipality,
        pk=pk,
    )


def indicator_value_find(
    *, municipality: Municipality, indicator: Indicator, year: int
) -> IndicatorValue | None:
    return (
        IndicatorValue.objects.select_related("indicator", "updated_by")
        .filter(municipality=municipality, indicator=indicator, year=year)
        .first()
    )


def provision_get(
    *, municipality: Municipality, sector: Sector
) -> ServiceProvision | None:
    return ServiceProvision.objects.filter(
        municipality=municipality, sector=sector
    ).first()


def change_list_for_municipality(*, municipality: Municipality, limit: int = 50):
    """The history of the municipality's figures and provisions, newest first.

    Every logged-in user reads it: the titles of cooperation documents, which may
    be meant for the partners only, stay on the cooperation's own page."""
    changes = (
        Change.objects.filter(municipality_ags=municipality.ags)
        .select_related("content_type")
        .order_by("-at", "-id")[:limit]
    )
    return [c.without_values_of("document", gettext("ein Dokument")) for c in changes]


def mark_restorable(*, changes: list[Change], municipality: Municipality) -> None:
    """Set `restorable` (and `restore_version`, the current value's version or
    None when it is gone) on the figure changes that can be restored: updates of a
    value that still exists and deletions that kept their indicator. Two queries."""
    figure = ContentType.objects.get_for_model(IndicatorValue)
    updates, deletions = {}, {}
    for change in changes:
        change.restorable = False
        if change.content_type_id != figure.pk:
            continue
        if change.action == Change.Action.UPDATE:
            updates.setdefault(int(change.object_id), []).append(change)
        elif change.action == Change.Action.DELETE and "_indicator" in change.changes:
            before = {k: old for k, (old, _new) in change.changes.items()}
            deletions.setdefault((before["_indicator"], before["year"]), []).append(
                change
            )
    for pk, version in IndicatorValue.objects.filter(pk__in=updates).values_list(
        "pk", "version"
    ):
        for change in updates[pk]:
            change.restorable, change.restore_version = True, version
    current = dict(
        (((code, year), version))
        for code, year, version in IndicatorValue.objects.filter(
            municipality=municipality,
            indicator__code__in={code for code, _year in deletions},
        ).values_list("indicator__code", "year", "version")
    )
    for key, found in deletions.items():
        for change in found:
            change.restorable, change.restore_version = True, current.get(key)


def export_rows(*, sector: Sector, kreis: Kreis):
    """Every value of a sector in a Kreis, for CSV/XLSX export."""
    return (
        IndicatorValue.objects.filter(
            municipality__kreis=kreis, indicator__sector=sector
        )
        .select_related("municipality", "indicator")
        .order_by("municipality__short_name", "indicator__position", "year")
    )


def _place(address: str) -> str:
    """The place of an address: „37269 Eschwege“ from a German postal address
    (postcode and town), else its last line; folded for comparison."""
    match = re.search(r"\b(\d{5})\s+([^\n,]+)", address)
    if match:
        return f"{match.group(1)} {match.group(2)}".casefold().strip()
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    return lines[-1].casefold() if lines else ""


def _folded_name(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.casefold()).split())


def partner_organisations_like(
    *, name: str, address: str, exclude_pk: int | None = None
) -> list[PartnerOrganisation]:
    """Organisations that may be the same as the one described: the same name
    (case, spaces and punctuation aside) in the same place, or where one of the
    two has no address, the same name alone."""
    folded = _folded_name(name)
    if not folded:
        return []
    place = _place(address)
    found = []
    candidates = PartnerOrganisation.objects.filter(
        name__icontains=folded.split()[0]
    ).exclude(pk=exclude_pk)
    for organisation in candidates.only("name", "address"):
        if _folded_name(organisation.name) != folded:
            continue
        other = _place(organisation.address)
        if not place or not other or place == other:
            found.append(organisation)
    return found


def import_template_municipalities(*, user, kreis: str = "") -> QuerySet[Municipality]:
    """The municipalities a template is made for: those of the Kreis asked for,
    else those the user edits (the import checks each row's right again)."""
    if kreis:
        return Municipality.objects.in_kreis(kreis).order_by("ags")
    return Municipality.objects.filter(pk__in=role_facts(user).edited).order_by("ags")
