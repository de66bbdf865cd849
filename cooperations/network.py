"""The network map of a Kreis, the same SVG for the page and the Regionalbericht."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lebenswert.core.charts import MapLink, MapNode, network_map
from lebenswert.core.templatetags.portal import number


def _centre(municipality, outline) -> tuple[float, float] | None:
    """Destatis centre point, else the mean of the outline's points."""
    if municipality.has_centre:
        return float(municipality.longitude), float(municipality.latitude)
    if outline:
        ring = outline["coordinates"][0]
        ring = ring[0] if outline["type"] == "MultiPolygon" else ring
        return (
            sum(p[0] for p in ring) / len(ring),
            sum(p[1] for p in ring) / len(ring),
        )
    return None


# Line widths by the number of cooperations of a pair (classes network-w1..w4):
# 1, 2–4, 5–9, 10 and more; the page and the report name the steps.
WIDTH_STEPS = (1, 2, 5, 10)


def width_step(count: int) -> int:
    return sum(1 for step in WIDTH_STEPS if count >= step)


def network_svg(*, kreis, network, linked: bool = True) -> str:
    """One line per pair of places that cooperate, wider the more cooperations
    they share (selectors.Network); places link to their pages when `linked`
    (not in print)."""
    nodes = []
    for municipality in network.municipalities:
        centre = _centre(municipality, network.outlines.get(municipality.pk))
        if centre:
            nodes.append(
                MapNode(
                    key=municipality.ags,
                    label=municipality.short_name,
                    lon=centre[0],
                    lat=centre[1],
                    url=municipality.get_absolute_url() if linked else "",
                )
            )
    placed = {node.key for node in nodes}
    links = [
        MapLink(
            a=pair.first.ags,
            b=pair.second.ags,
            css=pair.field,
            width=width_step(pair.count),
            title=ngettext(
                "%(first)s – %(second)s: %(count)s Kooperation",
                "%(first)s – %(second)s: %(count)s Kooperationen",
                pair.count,
            )
            % {
                "first": pair.first.short_name,
                "second": pair.second.short_name,
                "count": number(pair.count),
            },
        )
        for pair in network.pairs
        if pair.first.ags in placed and pair.second.ags in placed
    ]
    return network_map(
        nodes,
        links,
        outlines=list(network.outlines.values()),
        chart_id="network-map",
        title=_("Kooperationen im %(kreis)s") % {"kreis": kreis.name},
        description=_(
            "Karte der Gemeinden mit einer Linie zwischen je zwei Gemeinden, die "
            "gemeinsam in Kooperationen sind, breiter je mehr Kooperationen; die "
            "Tabelle darunter nennt jedes Paar mit der Zahl."
        ),
    )
