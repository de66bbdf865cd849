"""HTML report → tagged PDF with WeasyPrint, with the project's own fonts.

The same function serves the Celery task, the command line and the benchmark.
Only files under the static folders are read; nothing is fetched from the net.
"""

import io
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote, urlparse
from xml.sax.saxutils import escape

import pikepdf
import pydyf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.pdf import tags as pdf_tags
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetchingError

# Part of every content key: a change to the print templates or this code that
# alters the output raises it, so cached files are not served any more.
RENDERER_VERSION = "5"
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


@lru_cache(maxsize=1)
def _print_style(
    css_path: Path, _changed: int
) -> tuple[CSS, FontConfiguration, StaticOnlyFetcher]:
    """The print stylesheet parsed and its fonts loaded once per process (again
    when the file changes): WeasyPrint reuses both across documents."""
    roots = [css_path.parent.parent, *map(Path, settings.STATICFILES_DIRS)]
    fetcher = StaticOnlyFetcher(roots)
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(css_path), font_config=fonts, url_fetcher=fetcher)
    return stylesheet, fonts, fetcher


def _document(html: str) -> tuple[HTML, CSS, FontConfiguration]:
    """The report's HTML with the print stylesheet, reading static files only."""
    css_path = _static_path(PRINT_CSS)
    stylesheet, fonts, fetcher = _print_style(css_path, css_path.stat().st_mtime_ns)
    document = HTML(
        string=html, base_url=str(css_path.parent) + "/", url_fetcher=fetcher
    )
    return document, stylesheet, fonts


def _own_language(box) -> str | None:
    """The `lang` of the element a box stands for, if it sets one (the page's
    root and body: the catalogue's /Lang says it)."""
    box = getattr(box, "_box", box)  # an absolutely placed box's placeholder
    if box.element is None or box.element_tag in ("html", "body"):
        return None
    return box.element.get("lang") or None


def _with_languages(build_box_tree):
    """WeasyPrint writes the document's language only (the catalogue's /Lang):
    its structure builder, wrapped so that the structure element of an element
    with its own `lang` (a German name in an English report) says so (/Lang,
    PDF/UA-1 7.2, WCAG 3.1.2). The builder calls itself through the module, so
    every level passes here."""
    if getattr(build_box_tree, "with_languages", False):
        return build_box_tree

    def build(box, parent, *args):
        language = _own_language(box)
        for element in build_box_tree(box, parent, *args):
            if language:
                element["Lang"] = pydyf.String(language)
            yield element

    build.with_languages = True
    return build


pdf_tags._build_box_tree = _with_languages(pdf_tags._build_box_tree)


def html_to_pdf(html: str, *, variant: str = "pdf/ua-1") -> bytes:
    """Render final report HTML to PDF/UA-1 (default) or PDF/A-3b that is
    PDF/UA-1 too."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown PDF variant {variant!r}")
    document, stylesheet, fonts = _document(html)
    pdf = document.write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant=variant,
        pdf_tags=True,
        custom_metadata=True,
    )
    return _accessible(pdf, variant=variant)


def _header_scope(th: pikepdf.Dictionary) -> pikepdf.Name:
    """Column for a header in a table head or in a row of headers only; Row for
    the first cell of a body row (the row's name), as the templates' `scope`."""
    row = th.get("/P")
    if row is None:
        return pikepdf.Name.Column
    section = row.get("/P")
    if section is not None and section.get("/S") == "/THead":
        return pikepdf.Name.Column
    kids = row.get("/K")
    cells = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    cells = [c for c in cells if isinstance(c, pikepdf.Dictionary) and "/S" in c]
    if all(cell.get("/S") == "/TH" for cell in cells):
        return pikepdf.Name.Column
    first = cells[0] if cells else None
    same = first is not None and first.objgen == th.objgen
    return pikepdf.Name.Row if same else pikepdf.Name.Column


def _structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every element of the structure tree, not every object of the file."""
    root = pdf.Root.get("/StructTreeRoot")
    stack = [root] if root is not None else []
    while stack:
        kids = stack.pop().get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                yield kid
                stack.append(kid)


def _scope_headers(pdf: pikepdf.Pdf) -> None:
    """WeasyPrint drops `scope`: every TH gets its /Scope (PDF/UA-1 7.5)."""
    for obj in _structure_elements(pdf):
        if obj.get("/S") != "/TH":
            continue
        table = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=_header_scope(obj))
        attributes = obj.get("/A")
        if attributes is None:
            obj.A = table
        elif isinstance(attributes, pikepdf.Array):
            attributes.append(table)
        else:
            obj.A = pikepdf.Array([attributes, table])


# PDF/A allows XMP properties outside its predefined schemas only with their
# description: this one declares pdfuaid:part for the archive variant.
_PDFUA_IN_PDFA = b"""<rdf:Description rdf:about=""
  xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
  xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
  xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>ISO 14289 part</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
  pdfuaid:part="1"/>
"""


def _declare_pdfua(pdf: pikepdf.Pdf) -> None:
    """The archive variant (PDF/A-3b) says in its XMP that it is PDF/UA-1 too."""
    if b"pdfuaid:part" not in pdf.Root.Metadata.read_bytes():
        _xmp_add(pdf, _PDFUA_IN_PDFA)


def _declare_language(pdf: pikepdf.Pdf) -> None:
    """The XMP names the document's language (dc:language) as its catalogue
    does (/Lang, from the report's `<html lang>`)."""
    language = str(pdf.Root.get("/Lang", ""))
    if language and b"<dc:language>" not in pdf.Root.Metadata.read_bytes():
        _xmp_add(pdf, _LANGUAGE.replace(b"{language}", escape(language).encode()))


_LANGUAGE = b"""<rdf:Description rdf:about=""
  xmlns:dc="http://purl.org/dc/elements/1.1/">
 <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
</rdf:Description>
"""


def _xmp_add(pdf: pikepdf.Pdf, description: bytes) -> None:
    """One more rdf:Description in the document's XMP."""
    xmp = pdf.Root.Metadata.read_bytes()
    end = xmp.rindex(b"</rdf:RDF>")
    metadata = pikepdf.Stream(pdf, xmp[:end] + description + xmp[end:])
    metadata.Type, metadata.Subtype = pikepdf.Name.Metadata, pikepdf.Name.XML
    pdf.Root.Metadata = metadata


def _accessible(data: bytes, *, variant: str) -> bytes:
    """What WeasyPrint leaves out of PDF/UA-1: the header cells' /Scope, the
    XMP's language, and in the archive variant the PDF/UA identification."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        _scope_headers(pdf)
        _declare_language(pdf)
        if variant == "pdf/a-3b":
            _declare_pdfua(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def html_layout(html: str) -> Document:
    """The pages as the PDF lays them out, with their boxes (to measure them)."""
    document, stylesheet, fonts = _document(html)
    return document.render(stylesheets=[stylesheet], font_config=fonts)
