"""A municipality's charts, the same SVG on its page and in its Gemeindesteckbrief."""

from django.urls import reverse
from django.utils.translation import gettext as _

from lebenswert.core.charts import MapShape, SeriesPoint, line_chart, outline_map

from .selectors import MunicipalityDetail


def population_chart(detail: MunicipalityDetail) -> str:
    return line_chart(
        [
            SeriesPoint(when=f.date, value=f.population, group=f.basis)
            for f in detail.population_series
        ],
        chart_id="population-chart",
        title=_("Einwohner von %(name)s am 31.12.")
        % {"name": detail.municipality.short_name},
        description=_(
            "Liniendiagramm der amtlichen Einwohnerzahlen; die Zahlen stehen in der "
            "Tabelle darunter."
        ),
        break_label=_("Bruch der Reihe: Zensus 2011 → Zensus 2022"),
    )


def kreis_map(detail: MunicipalityDetail, *, linked: bool = True) -> str:
    """The Kreis' outlines with the municipality highlighted; the others link to
    their pages when `linked` (not in print)."""
    municipality = detail.municipality
    return outline_map(
        [
            MapShape(
                key=b.municipality.ags,
                label=b.municipality.short_name,
                geometry=b.geometry,
                url=reverse(
                    "municipalities:municipality_detail", args=[b.municipality.ags]
                )
                if linked
                else "",
                highlighted=b.municipality_id == municipality.pk,
            )
            for b in detail.kreis_boundaries
        ],
        chart_id="kreis-map",
        title=_("Lage von %(name)s im %(kreis)s")
        % {"name": municipality.short_name, "kreis": municipality.kreis.name},
        description=_("Gemeindegrenzen des Kreises; die Gemeinde ist hervorgehoben."),
    )
