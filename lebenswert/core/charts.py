"""Server-side SVG charts, the same markup for web pages and PDF reports.

Every chart is an accessible image (role="img" with a title and a description);
pages show the underlying numbers in a table beside it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import numbers


def _join(parts: Sequence[SafeString]) -> SafeString:
    """Concatenate markup pieces; anything not already safe is escaped."""
    return format_html_join("", "{}", ((part,) for part in parts))


@dataclass(frozen=True)
class SeriesPoint:
    when: date
    value: float
    group: str  # points of one group are joined; a change of group breaks the line


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _n(value: float) -> str:
    """A coordinate for SVG markup (format_html would escape floats to strings)."""
    return f"{value:.1f}"


def _fmt(value: float) -> str:
    return numbers.format_number(round(value))


def _svg(
    *,
    css: str,
    chart_id: str,
    width: int,
    height: int,
    title: str,
    description: str,
    body: Sequence[SafeString],
    image: bool = True,
) -> SafeString:
    """The svg element every chart shares: its title, description and role.

    Not `image` for drawings with links inside: role="img" would hide the links
    from assistive technology, so the svg keeps its own role (graphics-document),
    which HTML allows where it forbids role="group" on svg.
    """
    return format_html(
        '<svg class="{css}" id="{id}" viewBox="0 0 {w} {h}"{role} '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        "{body}</svg>",
        css=css,
        id=chart_id,
        role=SafeString(' role="img"') if image else SafeString(""),
        w=width,
        h=height,
        title=title,
        desc=description,
        body=_join(body),
    )


def _link(url: str, label: str, body: SafeString) -> SafeString:
    """A drawn place that leads to its page, named for keyboard and screen reader."""
    return format_html('<a href="{}" aria-label="{}">{}</a>', url, label, body)


def _value_axis(values: Sequence[float]) -> tuple[float, float, float]:
    """The value axis' lowest and highest tick and the step between ticks."""
    low, high = min(values), max(values)
    span = high - low or max(abs(high), 1) * 0.1
    step = _nice_step(span)
    axis_min = math.floor((low - span * 0.15) / step) * step
    axis_max = math.ceil((high + span * 0.15) / step) * step
    # From zero when zero is near (two ticks at most); else the plot breaks it.
    if axis_min < 0 <= low or 0 < axis_min <= 2 * step:
        axis_min = 0
    return axis_min, axis_max, step


BREAK_H = 20  # px below a value axis that does not start at zero: its break


class _LinePlot:
    """Where a line chart draws: the plot area, the time axis and the value axis.

    A value axis that does not start at zero is drawn broken: a gap with two
    slanted strokes between its lowest tick and a zero line at the bottom, so a
    small change does not look like a fall to nothing."""

    left, right, top, bottom = 72, 44, 24, 40

    def __init__(self, points: Sequence[SeriesPoint], width: int, height: int):
        self.points = points
        self.height = height
        self.plot_w = width - self.left - self.right
        self.plot_h = height - self.top - self.bottom
        self.axis_min, self.axis_max, self.step = _value_axis([p.value for p in points])
        self.broken = self.axis_min > 0
        self.data_h = self.plot_h - (BREAK_H if self.broken else 0)
        self.first = points[0].when.toordinal()
        self.x_span = (points[-1].when.toordinal() - self.first) or 1

    def x(self, point: SeriesPoint) -> float:
        if len(self.points) == 1:
            return self.left + self.plot_w / 2
        days = point.when.toordinal() - self.first
        return self.left + days / self.x_span * self.plot_w

    def y(self, value: float) -> float:
        share = (value - self.axis_min) / (self.axis_max - self.axis_min)
        return self.top + self.data_h - share * self.data_h

    def axis(self) -> list[SafeString]:
        """The value axis as a line; broken (with a zero line) when it does not
        start at zero."""
        left, top, bottom = self.left, self.top, self.top + self.plot_h
        line = '<line class="chart-axis-line" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        if not self.broken:
            return [format_html(line, left, left, top, bottom)]
        gap_top, gap_bottom = self.top + self.data_h + 6, bottom - 6
        stroke = '<line class="chart-axis-break" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        return [
            format_html(line, left, left, top, gap_top),
            format_html(stroke, left - 6, left + 6, gap_top + 3, gap_top - 3),
            format_html(stroke, left - 6, left + 6, gap_bottom + 3, gap_bottom - 3),
            format_html(line, left, left, gap_bottom, bottom),
            format_html(
                '<line class="chart-zero" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                left,
                left + self.plot_w,
                bottom,
                bottom,
                left - 8,
                bottom + 4,
                _fmt(0),
            ),
        ]

    def axis_note(self) -> str:
        """What a reader of the description needs to know about a broken axis."""
        if not self.broken:
            return ""
        return " " + _("Die Werteachse ist zwischen 0 und %(low)s unterbrochen.") % {
            "low": _fmt(self.axis_min)
        }

    def grid(self) -> list[SafeString]:
        """A horizontal line and its label for every tick of the value axis."""
        left, y, step = self.left, self.y, self.step
        parts: list[SafeString] = []
        tick = self.axis_min
        while tick <= self.axis_max + step / 2:
            parts.append(
                format_html(
                    '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                    '<text class="chart-axis" x="{}" y="{}" '
                    'text-anchor="end">{}</text>',
                    left, left + self.plot_w, _n(y(tick)), _n(y(tick)), left - 8,
                    _n(y(tick) + 4), _fmt(tick),
                )
            )  # fmt: skip
            tick += step
        return parts

    def segments(self) -> list[SafeString]:
        """The line from point to point, dashed where the group changes."""
        x, y, points = self.x, self.y, self.points
        segments: list[SafeString] = []
        for previous, current in zip(points, points[1:], strict=False):
            css = (
                "chart-line" if previous.group == current.group else "chart-line-break"
            )
            segments.append(
                format_html(
                    '<line class="{}" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                    css, _n(x(previous)), _n(y(previous.value)), _n(x(current)),
                    _n(y(current.value)),
                )
            )  # fmt: skip
        return segments

    def markers(self, groups: list[str]) -> SafeString:
        """Each point as a dot with its value above and its year below the axis."""
        x, y = self.x, self.y
        return format_html_join(
            "",
            '<circle class="chart-point chart-group-{}" cx="{}" cy="{}" r="4"/>'
            '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>'
            '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
            (
                (
                    groups.index(p.group), _n(x(p)), _n(y(p.value)), _n(x(p)),
                    _n(y(p.value) - 10), _fmt(p.value), _n(x(p)),
                    self.height - self.bottom + 20, p.when.year,
                )
                for p in self.points
            ),
        )  # fmt: skip

    def break_legend(self, label: str) -> SafeString:
        """A dashed sample line explaining the break, below the plot."""
        left, height = self.left, self.height
        return format_html(
            '<line class="chart-line-break" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text class="chart-axis" x="{}" y="{}">{}</text>',
            left, left + 28, height - 6, height - 6, left + 34, height - 2, label,
        )  # fmt: skip


def line_chart(
    points: Sequence[SeriesPoint],
    *,
    chart_id: str,
    title: str,
    description: str,
    break_label: str = "",
    width: int = 640,
    height: int = 280,
) -> SafeString:
    """A time series as a line; a dashed segment marks a break between groups."""
    if not points:
        return SafeString("")
    plot = _LinePlot(points, width, height)
    groups = list(dict.fromkeys(p.group for p in points))
    legend = SafeString("")
    if break_label and len(groups) > 1:
        legend = plot.break_legend(break_label)
    return _svg(
        css="chart",
        chart_id=chart_id,
        width=width,
        height=height + (12 if legend else 0),
        title=title,
        description=description + plot.axis_note(),
        body=[
            *plot.grid(),
            *plot.axis(),
            *plot.segments(),
            plot.markers(groups),
            legend,
        ],
    )


@dataclass(frozen=True)
class BandLine:
    """One variant of a band chart: a value per year."""

    label: str
    values: dict[int, float]


def band_chart(
    lines: Sequence[BandLine],
    *,
    band: dict[int, tuple[float, float]],
    chart_id: str,
    title: str,
    description: str,
    width: int = 560,
    height: int = 240,
) -> SafeString:
    """Variants over the years as lines (each its own dash pattern, so no colour
    is needed to tell them apart) over the band from the lowest to the highest."""
    years = sorted({year for line in lines for year in line.values} | set(band))
    if not years:
        return SafeString("")
    # Legend entries side by side, as many as fit beside the longest label.
    column_w = max(150, 40 + 7 * max((len(line.label) for line in lines), default=0))
    per_row = max(1, (width - _LinePlot.left) // column_w)
    legend_h = 18 * ((len(lines) + per_row - 1) // per_row)
    points = [
        SeriesPoint(date(year, 12, 31), float(value), "")
        for year in years
        for value in (
            *band.get(year, ()),
            *(line.values[year] for line in lines if year in line.values),
        )
    ]
    plot = _LinePlot(sorted(points, key=lambda p: p.when), width, height - legend_h)
    at = {year: date(year, 12, 31) for year in years}

    def xy(year: int, value: float) -> str:
        return f"{_n(plot.x(SeriesPoint(at[year], 0, '')))},{_n(plot.y(value))}"

    parts: list[SafeString] = [*plot.grid(), *plot.axis()]
    edge = [y for y in years if y in band]
    if edge:
        outline = [xy(y, band[y][1]) for y in edge]
        outline += [xy(y, band[y][0]) for y in reversed(edge)]
        parts.append(
            format_html('<polygon class="chart-band" points="{}"/>', " ".join(outline))
        )
    for year in years:
        parts.append(
            format_html(
                '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                _n(plot.x(SeriesPoint(at[year], 0, ""))),
                plot.height - plot.bottom + 20,
                year,
            )
        )
    for index, line in enumerate(lines):
        known = [y for y in years if y in line.values]
        parts.append(
            format_html(
                '<polyline class="chart-variant chart-variant-{}" points="{}"/>',
                index,
                " ".join(xy(y, line.values[y]) for y in known),
            )
        )
        column, row = index % per_row, index // per_row
        x = plot.left + column * column_w
        y = height - legend_h + 12 + row * 18
        parts.append(
            format_html(
                '<line class="chart-variant chart-variant-{}" x1="{}" x2="{}" '
                'y1="{}" y2="{}"/><text class="chart-axis" x="{}" y="{}">{}</text>',
                index, x, x + 28, y - 4, y - 4, x + 34, y, line.label,
            )
        )  # fmt: skip
    return _svg(
        css="chart",
        chart_id=chart_id,
        width=width,
        height=height,
        title=title,
        description=description + plot.axis_note(),
        body=parts,
    )


@dataclass(frozen=True)
class MapShape:
    key: str
    label: str
    geometry: dict
    url: str = ""
    highlighted: bool = False


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


LABEL_PAD = 20  # px around a network map: a label stands 6 px above its place


class _Projection:
    """Equirectangular projection of WGS84 points into an SVG of a given width."""

    def __init__(self, points: Sequence[Sequence[float]], width: int, pad: int = 8):
        self.pad = pad
        self.min_lon = min(p[0] for p in points)
        self.max_lat = max(p[1] for p in points)
        min_lat = min(p[1] for p in points)
        self.cos_mid = math.cos(math.radians((min_lat + self.max_lat) / 2))
        x_span = (max(p[0] for p in points) - self.min_lon) * self.cos_mid or 1
        self.scale = (width - 2 * self.pad) / x_span
        self.height = round(((self.max_lat - min_lat) or 1) * self.scale + 2 * self.pad)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            self.pad + (lon - self.min_lon) * self.cos_mid * self.scale,
            self.pad + (self.max_lat - lat) * self.scale,
        )

    def path(self, geometry: dict) -> str:
        commands = []
        for ring in _rings(geometry):
            coords = (self.xy(lon, lat) for lon, lat, *_ in ring)
            commands.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in coords) + "Z")
        return "".join(commands)


def outline_map(
    shapes: Sequence[MapShape],
    *,
    chart_id: str,
    title: str,
    description: str,
    width: int = 480,
) -> SafeString:
    """Municipality outlines (WGS84) in an equirectangular projection, linked."""
    if not shapes:
        return SafeString("")
    projection = _Projection(
        [pt for s in shapes for ring in _rings(s.geometry) for pt in ring], width
    )
    height, path = projection.height, projection.path

    items = []
    for shape in sorted(shapes, key=lambda s: s.highlighted):
        css = "map-shape map-shape-current" if shape.highlighted else "map-shape"
        body = format_html(
            '<path class="{}" d="{}"><title>{}</title></path>',
            css, path(shape.geometry), shape.label,
        )  # fmt: skip
        if shape.url and not shape.highlighted:
            body = _link(shape.url, shape.label, body)
        items.append(body)
    return _svg(
        css="map",
        chart_id=chart_id,
        width=width,
        height=height,
        title=title,
        description=description,
        body=items,
        image=not any(s.url for s in shapes),  # links inside: see _svg
    )


@dataclass(frozen=True)
class BarItem:
    label: str
    value: "float | Decimal | None"  # None: no value (drawn as missing, not zero)
    note: str = ""


def _decimal_text(value, decimals: int) -> str:
    """A bar's value with `decimals` places, as every number on the pages."""
    return numbers.format_number(value, decimals)


class _BarPlot:
    """Where a bar chart draws: a row per item, the labels left of the bars."""

    row, label_w, right, top = 22, 170, 140, 8

    def __init__(self, values: list[float], *, rows: int, width: int):
        self.plot_h = self.top + self.row * rows
        self.plot_w = width - self.label_w - self.right
        self.high = max(values + [0]) or 1

    def x(self, value: float) -> float:
        return self.label_w + max(value, 0) / self.high * self.plot_w

    def rows(self, items: Sequence[BarItem], decimals: int) -> SafeString:
        """A label and a bar (or "kein Wert") per item."""
        # Plain f-strings with escape(): a Kreis of 400 municipalities is 400 rows.
        label_w, row = self.label_w, self.row
        missing = escape(_("kein Wert"))
        rows = []
        for index, item in enumerate(items):
            y = self.top + index * row
            parts = [
                f'<text class="chart-axis" x="{label_w - 8}" y="{y + 15}" '
                f'text-anchor="end">{escape(item.label)}</text>'
            ]
            if item.value is None:
                parts.append(
                    f'<text class="chart-missing" x="{label_w + 4}" y="{y + 15}">'
                    f"{missing}</text>"
                )
            else:
                end_x = self.x(float(item.value))
                text = _decimal_text(item.value, decimals)
                if item.note:
                    text = f"{text} ({item.note})"
                demo = " chart-bar-demo" if item.note else ""
                parts.append(
                    f'<rect class="chart-bar{demo}" x="{label_w}" y="{y + 3}" '
                    f'width="{max(end_x - label_w, 1):.1f}" height="{row - 6}"/>'
                    f'<text class="chart-label" x="{end_x + 4:.1f}" y="{y + 15}">'
                    f"{escape(text)}</text>"
                )
            rows.append("".join(parts))
        # Plain strings for speed (400 rows); every text part is escaped above.
        return mark_safe("".join(rows))  # nosec B308 B703

    def references(
        self, references: Sequence[tuple[str, "float | Decimal"]], decimals: int
    ) -> list[SafeString]:
        """A dashed line across the bars per reference value, labelled below."""
        marks = []
        for index, (label, value) in enumerate(references):
            rx = self.x(float(value))
            marks.append(
                format_html(
                    '<line class="chart-reference chart-reference-{}" x1="{}" x2="{}" '
                    'y1="{}" y2="{}"/>'
                    '<text class="chart-axis" x="{}" y="{}">{} {}: {}</text>',
                    index, _n(rx), _n(rx), self.top, self.plot_h + 4 + 16 * index,
                    self.label_w, self.plot_h + 16 + 16 * index,
                    "┆" if index else "¦", label, _decimal_text(value, decimals),
                )
            )  # fmt: skip
        return marks


def bar_chart(
    items: Sequence[BarItem],
    *,
    chart_id: str,
    title: str,
    description: str,
    unit: str = "",
    decimals: int = 1,
    references: Sequence[tuple[str, "float | Decimal"]] = (),
    width: int = 640,
) -> SafeString:
    """Horizontal bars, one row per item; dashed lines mark reference values."""
    if not items:
        return SafeString("")
    values = [float(i.value) for i in items if i.value is not None]
    values += [float(value) for _label, value in references]
    plot = _BarPlot(values, rows=len(items), width=width)
    return _svg(
        css="chart",
        chart_id=chart_id,
        width=width,
        height=plot.plot_h + plot.top + 16 * len(references),
        title=title,
        description=description,
        body=[plot.rows(items, decimals), *plot.references(references, decimals)],
    )


def sparkline(
    values: Sequence[float], *, label: str, width: int = 120, height: int = 28
):
    """A tiny trend line for tables; the numbers stand beside it."""
    if len(values) < 2:
        return SafeString("")
    low, high = min(values), max(values)
    span = (high - low) or 1
    step = (width - 4) / (len(values) - 1)
    points = " ".join(
        f"{2 + i * step:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}"
        for i, v in enumerate(values)
    )
    return format_html(
        '<svg class="sparkline" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '<polyline class="chart-line" points="{}" fill="none"/></svg>',
        width, height, width, height, label, points,
    )  # fmt: skip


@dataclass(frozen=True)
class MapNode:
    key: str
    label: str
    lon: float
    lat: float
    url: str = ""


@dataclass(frozen=True)
class MapLink:
    a: str
    b: str
    css: str  # e.g. the sector's action field, for colour
    title: str
    width: int = 1  # a step of the line's width (class network-w1, -w2, ...)


def network_map(
    nodes: Sequence[MapNode],
    links: Sequence[MapLink],
    *,
    outlines: Sequence[dict] = (),
    chart_id: str,
    title: str,
    description: str,
    width: int = 640,
) -> SafeString:
    """Places (centre points) joined by lines, over outlines where they exist.

    Each place is a link, reachable by keyboard; pages show a table beside it.
    """
    if not nodes:
        return SafeString("")
    points = [(n.lon, n.lat) for n in nodes]
    points += [pt for g in outlines for ring in _rings(g) for pt in ring]
    # Room for the labels: above the top place, beside those at the edges.
    projection = _Projection(points, width, pad=LABEL_PAD)
    where = {n.key: projection.xy(n.lon, n.lat) for n in nodes}
    parts = [
        format_html('<path class="map-shape" d="{}"/>', projection.path(g))
        for g in outlines
    ]
    for link in links:
        (x1, y1), (x2, y2) = where[link.a], where[link.b]
        parts.append(
            format_html(
                '<line class="network-link network-{} network-w{}" x1="{}" y1="{}" '
                'x2="{}" y2="{}"><title>{}</title></line>',
                link.css,
                link.width,
                _n(x1),
                _n(y1),
                _n(x2),
                _n(y2),
                link.title,
            )  # fmt: skip
        )
    for node in nodes:
        x, y = where[node.key]
        # Labels in the right half end left of their place, so none leaves the map.
        right = x > width / 2
        dot = format_html(
            '<circle class="network-node" cx="{}" cy="{}" r="5"/>'
            '<text class="chart-axis" x="{}" y="{}"{}>{}</text>',
            _n(x), _n(y), _n(x - 7 if right else x + 7), _n(y - 6),
            SafeString(' text-anchor="end"') if right else "", node.label,
        )  # fmt: skip
        parts.append(_link(node.url, node.label, dot) if node.url else dot)
    return _svg(
        css="map",
        chart_id=chart_id,
        width=width,
        height=projection.height,
        title=title,
        description=description,
        body=parts,
        image=False,  # linked nodes, like the linked outline map
    )
