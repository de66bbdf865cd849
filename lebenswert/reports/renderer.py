"""HTML report → tagged PDF with WeasyPrint, with the project's own fonts.

The same function serves the Celery task, the command line and the benchmark.
Only files under the static folders are read; nothing is fetched from the net.
"""

import re
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetchingError

# Part of every content key: a change to the print templates or this code that
# alters the output raises it, so cached files are not served any more.
RENDERER_VERSION = "3"
PRINT_CSS = "css/print.css"
CHART_CSS = "css/print-charts.css"
VARIANTS = {"pdf/ua-1", "pdf/a-3b"}


class StaticOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read the project's static files and data: URLs only."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.roots = [root.resolve() for root in roots]

    def fetch(self, url, headers=None):
        if url.startswith("file:"):
            path = Path(unquote(urlparse(url).path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                raise URLFetchingError(f"{url}: nur statische Dateien des Projekts.")
        return super().fetch(url, headers)


def _static_path(name: str) -> Path:
    found = finders.find(name)
    if not found:
        raise FileNotFoundError(f"static file {name} not found")
    return Path(found)


@cache
def _chart_style() -> str:
    return _static_path(CHART_CSS).read_text()


_SVG_OPEN = re.compile(r"(<svg\b[^>]*>)")


def for_print(svg: str) -> SafeString:
    """An SVG chart with its styles inside: WeasyPrint does not apply the
    document's CSS to inline SVG."""
    if not svg:
        return SafeString("")
    style = f"<style>{_chart_style()}</style>"
    # Our own chart SVG with our own stylesheet inserted: no user input.
    printed = _SVG_OPEN.sub(lambda m: m.group(1) + style, str(svg), count=1)
    return mark_safe(printed)  # nosec B308 B703


def report_html(template: str, context: dict) -> str:
    return render_to_string(template, context)


def _document(html: str) -> tuple[HTML, CSS, FontConfiguration]:
    """The report's HTML with the print stylesheet, reading static files only."""
    css_path = _static_path(PRINT_CSS)
    roots = [css_path.parent.parent, *map(Path, settings.STATICFILES_DIRS)]
    fetcher = StaticOnlyFetcher(roots)
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(css_path), font_config=fonts, url_fetcher=fetcher)
    document = HTML(
        string=html, base_url=str(css_path.parent) + "/", url_fetcher=fetcher
    )
    return document, stylesheet, fonts


def html_to_pdf(html: str, *, variant: str = "pdf/ua-1") -> bytes:
    """Render final report HTML to PDF/UA-1 (default) or PDF/A-3b."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown PDF variant {variant!r}")
    document, stylesheet, fonts = _document(html)
    return document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant=variant,
        pdf_tags=True,
        custom_metadata=True,
    )


def html_layout(html: str) -> Document:
    """The pages as the PDF lays them out, with their boxes (to measure them)."""
    document, stylesheet, fonts = _document(html)
    return document.render(stylesheets=[stylesheet], font_config=fonts)
