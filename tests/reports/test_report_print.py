"""What every report kind prints beyond PDF/UA's machine checks: each chart with
its source and the date of its data, headings and running heads as the contents
shows, law citations kept on one line, a figure rounded alike in table and text."""

import itertools
import re

from lebenswert.reports import renderer
from lebenswert.reports.registry import REPORT_KINDS, params_clean
from tests.reports.test_scenario_report import _boxes

DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")


def _html(name: str, params: dict) -> str:
    kind = REPORT_KINDS[name]
    return renderer.report_html(
        kind.template, kind.selector(params_clean(kind, params))
    )


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_every_chart_names_its_source_and_the_date_of_its_data(kinds):
    charts = 0
    for name, params in kinds.items():
        html = re.sub(r"<style>.*?</style>", "", _html(name, params), flags=re.S)
        figures = re.findall(r"<figure\b.*?</figure>", html, flags=re.S)
        drawn = len(re.findall(r'<svg class="(?:chart|map)"', html))
        # Every chart stands in a figure, every figure has a dated source.
        assert drawn == sum('<svg class="' in figure for figure in figures), name
        for figure in figures:
            caption = _text(figure.split("<figcaption>")[-1])
            assert "Quelle:" in caption and DATE.search(caption), (name, caption)
        charts += drawn
    assert charts >= 5  # population, network, variants and costs of two partners


def _chapters_per_page(document) -> list[tuple[str, list[str]]]:
    """Per page: its running head and the chapter headings (h2) that start on it."""
    pages = []
    for page in document.pages:
        head, started = "", []
        for box in _boxes(page._page_box):
            if getattr(box, "at_keyword", None) == "@top-right":
                head = "".join(b.text for b in _boxes(box) if hasattr(b, "text"))
            elif getattr(box, "element_tag", None) == "h2":
                text = " ".join("".join(box.element.itertext()).split())
                if text not in started:
                    started.append(text)
        pages.append((head, started))
    return pages


def test_headings_and_running_heads_follow_the_contents(kinds):
    for name, params in kinds.items():
        html = _html(name, params)
        contents = [
            _text(entry).strip()
            for entry in re.findall(r'<li><a href="#[^"]+">(.*?)</a></li>', html)
        ]
        chapters = [
            _text(heading).strip()
            for heading in re.findall(r"<h2 [^>]*>(.*?)</h2>", html, flags=re.S)
        ]
        # Each entry of the contents is a chapter (h2), in the same order.
        assert chapters == ["Inhalt", *contents], name
        # No level skipped below a chapter (h4 only under an h3).
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", html)]
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (name, levels)

        current = ""
        for number, (head, started) in enumerate(
            _chapters_per_page(renderer.html_layout(html)), start=1
        ):
            current = started[0] if started else current
            if number > 1:  # the cover has no running head
                assert head == current, (name, number, head, current)
            current = started[-1] if started else current


def _citation_cells(document) -> list[tuple[list[str], list[str]]]:
    """Per laid-out citation cell: its citations and the text of its lines."""
    cells = []
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if (
                type(box).__name__ == "TableCellBox"
                and "citation" in (element.get("class") or "")
                and "§" in "".join(element.itertext())
            ):
                citations = re.split(r"[,;]\s+", "".join(element.itertext()))
                lines = [
                    "".join(t.text for t in _boxes(line) if hasattr(t, "text"))
                    for line in _boxes(box)
                    if type(line).__name__ == "LineBox"
                ]
                cells.append((citations, lines))
    return cells


def test_law_citations_are_kept_on_one_line_in_narrow_columns(kinds):
    cells = []
    for name in ("kooperation", "region"):
        cells += _citation_cells(renderer.html_layout(_html(name, kinds[name])))
    assert cells, "no citation cell laid out"
    # „§§ 5–23a KGG“ never torn apart; a cell breaks between citations only.
    torn = [
        (citation, lines)
        for citations, lines in cells
        for citation in citations
        if not any(citation.strip() in line for line in lines)
    ]
    assert torn == []


def test_a_figure_is_rounded_alike_in_table_and_text(kinds):
    profile = _text(_html("gemeinde", kinds["gemeinde"]))
    # The vacancy rate: 12,7 in the table of figures and in the recommendation.
    assert "12,70" not in profile
    assert re.search(r"Leerstandsquote Wohnungen \(%\) 12,7 ", profile)
    assert "Die Leerstandsquote 12,7 %" in profile

    scenario = _text(_html("szenario", kinds["szenario"]))
    # The stress variant's yearly change: in its table and in its method.
    rates = re.findall(r"Stress [\d. ]+ ([-+]\d+,\d+\s?%)", scenario)
    assert rates, scenario[:500]
    for rate in rates:
        assert f"Gesetzte jährliche Veränderung {rate}" in scenario
