"""The network map of a Kreis, the same SVG for the page and the Regionalbericht."""

from django.utils.translation import gettext as _

from lebenswert.core.charts import MapLink, MapNode, network_map


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


def network_svg(
    *, kreis, municipalities, outlines: dict, cooperations, linked: bool = True
) -> str:
    """Places joined by a line from the lead to each partner; places link to their
    pages when `linked` (not in print)."""
    nodes = []
    for municipality in municipalities:
        centre = _centre(municipality, outlines.get(municipality.pk))
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
    links = []
    for cooperation in cooperations:
        places = [
            p.municipality.ags
            for p in cooperation.partners.all()
            if p.municipality_id and p.municipality.ags in placed
        ]
        sectors = list(cooperation.sectors.all())
        field = sectors[0].action_field if sectors else "other"
        hub = (
            cooperation.lead.ags
            if cooperation.lead_id
            else places[0]
            if places
            else None
        )
        links += [
            MapLink(a=hub, b=place, css=field, title=cooperation.title)
            for place in places
            if hub in placed and place != hub
        ]
    return network_map(
        nodes,
        links,
        outlines=list(outlines.values()),
        chart_id="network-map",
        title=_("Kooperationen im %(kreis)s") % {"kreis": kreis.name},
        description=_(
            "Karte der Gemeinden mit Linien zwischen Kooperationspartnern; die "
            "Tabelle darunter nennt dieselben Kooperationen."
        ),
    )
