import re
from datetime import date

from django.utils import translation

from lebenswert.core.charts import (
    BandLine,
    MapNode,
    MapShape,
    SeriesPoint,
    band_chart,
    line_chart,
    network_map,
    outline_map,
)


def _series():
    return [
        SeriesPoint(when=date(2019, 12, 31), value=19412, group="zensus2011"),
        SeriesPoint(when=date(2022, 12, 31), value=19472, group="zensus2011"),
        SeriesPoint(when=date(2024, 12, 31), value=18743, group="zensus2022"),
    ]


@translation.override("de")
def test_line_chart_marks_the_census_break_with_a_dashed_segment():
    svg = line_chart(
        _series(), chart_id="c", title="T", description="D", break_label="Bruch"
    )
    assert svg.count('class="chart-line"') == 1
    assert svg.count('class="chart-line-break"') == 2  # the segment and its legend
    assert "19.412" in svg and "2024" in svg and "Bruch" in svg
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg


def test_line_chart_escapes_its_texts():
    svg = line_chart(
        _series(), chart_id="c", title="<script>x</script>", description="a&b"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a&amp;b" in svg


def test_line_chart_of_an_empty_series_is_empty():
    assert line_chart([], chart_id="c", title="T", description="D") == ""


def test_outline_map_links_every_shape_but_the_highlighted_one():
    square = {
        "type": "Polygon",
        "coordinates": [[[9, 51], [10, 51], [10, 52], [9, 51]]],
    }
    shapes = [
        MapShape(key="1", label="Eins", geometry=square, url="/gemeinden/1/"),
        MapShape(key="2", label="Zwei", geometry=square, url="/gemeinden/2/",
                 highlighted=True),
    ]  # fmt: skip
    svg = outline_map(shapes, chart_id="m", title="Karte", description="D")
    assert svg.count("<path") == 2
    assert 'href="/gemeinden/1/"' in svg and 'href="/gemeinden/2/"' not in svg
    assert "map-shape-current" in svg


def test_outline_map_with_links_is_not_an_image_and_has_a_valid_role():
    square = {
        "type": "Polygon",
        "coordinates": [[[9, 51], [10, 51], [10, 52], [9, 51]]],
    }
    linked = outline_map(
        [MapShape(key="1", label="Eins", geometry=square, url="/gemeinden/1/")],
        chart_id="m", title="Karte", description="D",
    )  # fmt: skip
    plain = outline_map(
        [MapShape(key="1", label="Eins", geometry=square)],
        chart_id="m", title="Karte", description="D",
    )  # fmt: skip
    # role="img" would hide the links; role="group" is not allowed on svg (W3C Nu).
    assert "role=" not in linked and 'aria-labelledby="m-title m-desc"' in linked
    assert 'role="img"' in plain


def test_bar_chart_shows_missing_values_as_missing_and_escapes_labels():
    from lebenswert.core.charts import BarItem, bar_chart

    svg = bar_chart(
        [BarItem(label="<b>Ort</b>", value=2.5), BarItem(label="Leer", value=None)],
        chart_id="b", title="T", description="D", references=[("Median", 2.5)],
    )  # fmt: skip
    assert svg.count("<rect") == 1 and "kein Wert" in svg
    assert "&lt;b&gt;Ort&lt;/b&gt;" in svg and "<b>" not in svg
    assert "chart-reference" in svg and "Median" in svg


@translation.override("de")
def test_band_chart_draws_each_variant_over_the_band_with_its_own_dashes():
    lines = [
        BandLine("amtlich", {2024: 18743, 2030: 18493, 2040: 18077}),
        BandLine("<Trend>", {2024: 18743, 2030: 18743, 2040: 18743}),
        BandLine("Stress", {2024: 18743, 2030: 17646, 2040: 15959}),
    ]
    band = {2024: (18743, 18743), 2030: (17383, 19026), 2040: (15332, 19507)}
    svg = band_chart(lines, band=band, chart_id="b", title="T", description="D")
    assert svg.count('class="chart-band"') == 1
    for index in range(3):  # a line and its legend sample, each its own pattern
        assert svg.count(f'class="chart-variant chart-variant-{index}"') == 2
    assert "&lt;Trend&gt;" in svg and "<Trend>" not in svg
    assert "2030" in svg and "2040" in svg and "20.000" in svg
    assert 'role="img"' in svg and 'aria-labelledby="b-title b-desc"' in svg
    assert band_chart([], band={}, chart_id="b", title="T", description="D") == ""


def test_network_map_keeps_every_label_inside_the_map():
    """Labels of places at the edges stood outside the viewBox and were clipped."""
    nodes = [
        MapNode(key="w", label="Hessisch Lichtenau", lon=9.70, lat=51.20),
        MapNode(key="e", label="Herleshausen", lon=10.16, lat=51.00),
        MapNode(key="n", label="Neu-Eichenberg", lon=9.90, lat=51.38),
    ]
    svg = str(network_map(nodes, [], chart_id="n", title="t", description="d"))
    width = 640
    height = int(re.search(r'viewBox="0 0 \d+ (\d+)"', svg).group(1))
    labels = re.findall(
        r'<text class="chart-axis" x="([\d.]+)" y="([\d.]+)"([^>]*)>([^<]+)<', svg
    )
    assert len(labels) == 3
    for x, y, anchor, label in labels:
        x, y = float(x), float(y)
        assert 12 <= y <= height, label  # a line of text fits above the baseline
        # A label ending at x (text-anchor end) lies left of it, else right of it.
        assert 0 <= x <= width, label
        if "end" in anchor:
            assert x > width / 2, label
        else:
            assert x < width / 2, label


def _axis_labels(svg: str) -> list[str]:
    return re.findall(
        r'class="chart-axis" x="64" y="[\d.]+" text-anchor="end">([^<]+)<', svg
    )


@translation.override("de")
def test_line_chart_breaks_a_value_axis_that_does_not_start_at_zero():
    svg = line_chart(_series(), chart_id="c", title="T", description="D.")

    # A decline of 4 % is drawn on an axis from 18.600: broken, with a zero line.
    assert _axis_labels(svg)[0] == "18.600" and _axis_labels(svg)[-1] == "0"
    assert svg.count('class="chart-axis-break"') == 2
    assert svg.count('class="chart-zero"') == 1
    assert "Die Werteachse ist zwischen 0 und 18.600 unterbrochen." in svg


@translation.override("de")
def test_line_chart_from_zero_has_an_unbroken_axis():
    points = [
        SeriesPoint(when=date(2019, 12, 31), value=120, group=""),
        SeriesPoint(when=date(2024, 12, 31), value=40, group=""),
    ]
    svg = line_chart(points, chart_id="c", title="T", description="D")

    assert _axis_labels(svg)[0] == "0"
    assert svg.count('class="chart-axis-line"') == 1
    assert "chart-axis-break" not in svg and "unterbrochen" not in svg


@translation.override("de")
def test_band_chart_breaks_its_value_axis_too():
    lines = [BandLine("amtlich", {2024: 18743, 2040: 18077})]
    svg = band_chart(
        lines, band={2040: (17383, 19026)}, chart_id="b", title="T", description="D"
    )

    assert svg.count('class="chart-axis-break"') == 2 and "unterbrochen" in svg
