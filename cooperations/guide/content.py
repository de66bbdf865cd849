"""The guide's pages: Markdown files in the repository, rendered once per process.

Each file starts with a small front matter (title, slug, order, optional include,
phase and field; the overview names the Land whose law the guide describes) between
two `---` lines. Headings get stable anchors; the HTML is
sanitised with nh3, so a file can never bring script or style into a page.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import nh3
from markdown_it import MarkdownIt

CONTENT_DIR = Path(__file__).resolve().parent / "content"
LANGUAGES = ("de", "en")
ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "code",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "br", "abbr", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "a": {"href", "title"},
    "abbr": {"title"},
    # German names in the English pages (WCAG 3.1.2, language of parts)
    "span": {"lang"},
    "th": {"scope", "class"},
    "td": {"class"},
}
_HEADING = re.compile(r'<h[234] id="([^"]+)">')


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    text: str  # plain text of the section, for search


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    order: int
    language: str
    html: str
    sections: tuple[Section, ...]
    meta: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return page_url(self.slug)

    @property
    def headings(self) -> list[Section]:
        return [s for s in self.sections if s.anchor]

    @property
    def body_html(self) -> str:
        """The page without its introduction (the text before the first h2)."""
        start = self.html.find("<h2 ")
        return self.html[start:] if start >= 0 else ""

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sections)


@cache
def page_url(slug: str) -> str:
    """The page's address, reversed once per process (the TOC lists every page)."""
    from django.urls import reverse

    if slug == "uebersicht":
        return reverse("guide:guide_index")
    return reverse("guide:guide_page", args=[slug])


def slugify(text: str) -> str:
    """A German-friendly anchor: ä → ae, ß → ss, everything else to dashes."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def parse_front_matter(raw: str) -> tuple[dict, str]:
    if not raw.startswith("---\n"):
        raise ValueError("guide page without front matter")
    head, _sep, body = raw[4:].partition("\n---\n")
    meta = {}
    for line in head.splitlines():
        key, _colon, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    for required in ("title", "slug", "order"):
        if not meta.get(required):
            raise ValueError(f"guide page front matter lacks {required!r}")
    meta["order"] = int(meta["order"])
    return meta, body


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"typographer": False}).enable("table")


def plain_text(fragment: str) -> str:
    text = nh3.clean(fragment, tags=set())
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


def render(body: str) -> tuple[str, tuple[Section, ...]]:
    """Markdown → sanitised HTML with heading anchors, plus its sections."""
    md = _markdown()
    tokens = md.parse(body)
    used: set[str] = set()
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = tokens[index + 1].content
            anchor = base = slugify(title) or "abschnitt"
            number = 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
            token.attrSet("id", anchor)
    raw_html = md.renderer.render(tokens, md.options, {})
    # Table columns aligned right hold numbers; header cells name their column.
    raw_html = raw_html.replace(' style="text-align:right"', ' class="num"')
    raw_html = re.sub(r"<th(?=[ >])", '<th scope="col"', raw_html)
    clean = _framed_tables(
        nh3.clean(raw_html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES)
    )
    sections = []
    # Split at h2 headings: the text before the first one is the intro.
    parts = re.split(r'(<h2 id="[^"]+">.*?</h2>)', clean, flags=re.S)
    sections.append(Section(anchor="", title="", text=plain_text(parts[0])))
    for heading, content in zip(parts[1::2], parts[2::2], strict=True):
        anchor = re.match(r'<h2 id="([^"]+)">', heading).group(1)
        sections.append(
            Section(
                anchor=anchor,
                title=plain_text(heading),
                text=plain_text(heading + " " + content),
            )
        )
    return clean, tuple(s for s in sections if s.text or s.anchor)


def _framed_tables(fragment: str) -> str:
    """Each table in a frame that scrolls sideways on narrow screens, reachable
    by keyboard and named by the heading above it (as the pages' tables are)."""
    parts = re.split(r"(<table>|</table>)", fragment)
    anchor = ""
    out = []
    for part in parts:
        if part == "<table>":
            label = f' aria-labelledby="{anchor}"' if anchor else ""
            out.append(f'<div class="table-wrap" role="region" tabindex="0"{label}>')
            out.append(part)
        elif part == "</table>":
            out.append(part + "</div>")
        else:
            headings = _HEADING.findall(part)
            anchor = headings[-1] if headings else anchor
            out.append(part)
    return "".join(out)


@cache
def pages(language: str) -> tuple[Page, ...]:
    """All pages of a language, in reading order (read and rendered once)."""
    language = language if language in LANGUAGES else LANGUAGES[0]
    found = []
    for path in sorted((CONTENT_DIR / language).glob("*.md")):
        meta, body = parse_front_matter(path.read_text(encoding="utf-8"))
        page_html, sections = render(body)
        found.append(
            Page(
                slug=meta["slug"],
                title=meta["title"],
                order=meta["order"],
                language=language,
                html=page_html,
                sections=sections,
                meta={k: v for k, v in meta.items() if k not in {"title", "slug"}},
            )
        )
    return tuple(sorted(found, key=lambda page: (page.order, page.slug)))


@cache
def fingerprint() -> str:
    """A digest of every page in every language, once per process: cached pieces
    that show the guide's text carry it, so a deploy with changed pages renews them."""
    digest = hashlib.sha256()
    for language in LANGUAGES:
        for each in pages(language):
            digest.update(repr((each.slug, each.title, each.meta, each.html)).encode())
    return digest.hexdigest()[:16]


def page(language: str, slug: str) -> Page | None:
    return next((p for p in pages(language) if p.slug == slug), None)


def neighbours(language: str, slug: str) -> tuple[Page | None, Page | None]:
    ordered = pages(language)
    index = next((i for i, p in enumerate(ordered) if p.slug == slug), None)
    if index is None:
        return None, None
    previous = ordered[index - 1] if index > 0 else None
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return previous, following
