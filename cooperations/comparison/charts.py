"""The comparison's charts: the same SVG on the page, the scenario page and the PDF."""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lebenswert.core.charts import BandLine, band_chart

from .projection import PartnerDemography


def demography_chart(demography: PartnerDemography) -> SafeString:
    """A partner's population variants over the years, over the band between the
    lowest and the highest; the numbers stand in the table beside it."""
    lines = [
        BandLine(label=variant.label, values=dict(variant.values))
        for variant in demography.variants.values()
        if variant.available
    ]
    return band_chart(
        lines,
        band={year: (low, high) for year, (low, high) in demography.band.items()},
        chart_id=f"demografie-{demography.ags}",
        title=_("Einwohner von %(name)s: Varianten %(first)s–%(last)s")
        % {
            "name": demography.name,
            "first": demography.years[0],
            "last": demography.years[-1],
        },
        description=_(
            "Liniendiagramm je Variante über dem Band vom niedrigsten zum höchsten "
            "Wert; die Zahlen stehen in der Tabelle daneben."
        ),
    )


def remanence_chart(
    *, ags: str, name: str, rows_by_variant: list[tuple[str, list]]
) -> SafeString:
    """A partner's cost per inhabitant over the years, alone and together, for the
    first and the last variant (amtlich and stress when both are there)."""
    chosen = (
        rows_by_variant
        if len(rows_by_variant) < 3
        else [
            rows_by_variant[0],
            rows_by_variant[-1],
        ]
    )
    lines = []
    for label, rows in chosen:
        for kind, attribute in (
            (_("allein"), "alone_per_head"),
            (
                _("gemeinsam"),
                "together_per_head",
            ),
        ):
            values = {
                r.year: float(getattr(r, attribute))
                for r in rows
                if getattr(r, attribute) is not None
            }
            lines.append(BandLine(label=f"{kind}, {label}", values=values))
    return band_chart(
        lines,
        band={},
        chart_id=f"remanenz-{ags}",
        title=_("%(name)s: Kosten je Einwohner allein und gemeinsam") % {"name": name},
        description=_(
            "Liniendiagramm der Kosten je Einwohner in Euro; die Zahlen stehen in "
            "der Tabelle davor."
        ),
    )
