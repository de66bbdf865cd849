"""Full-text search over the guide: an in-process index of the rendered text.

Built once per process and language from the Markdown pages (milliseconds); the
organisational-form pages come from the database and are matched by the caller.
Every word of the query must occur; case, accents and ß/ss do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import content

SNIPPET_CHARS = 220
MAX_TERMS = 8


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def terms_of(query: str) -> list[str]:
    words = [normalise(w) for w in re.findall(r"[\w§%€-]+", query)]
    return list(dict.fromkeys(w for w in words if w))[:MAX_TERMS]


@dataclass(frozen=True)
class Entry:
    page: content.Page
    section: content.Section
    folded: str


@dataclass(frozen=True)
class Hit:
    url_slug: str
    page_title: str
    section_title: str
    anchor: str
    snippet: SafeString
    score: int

    @property
    def url(self) -> str:
        return content.page_url(self.url_slug)


@cache
def index(language: str) -> tuple[Entry, ...]:
    return tuple(
        Entry(page=page, section=section, folded=normalise(section.text))
        for page in content.pages(language)
        for section in page.sections
    )


def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the original position."""
    folded, positions = [], []
    for position, char in enumerate(text):
        for piece in normalise(char):
            folded.append(piece)
            positions.append(position)
    return "".join(folded), positions


def snippet(text: str, terms: list[str]) -> SafeString:
    """A piece of text around the first match, with every match marked."""
    folded, positions = _folded_with_positions(text)
    spans = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term) - 1
            spans.append((positions[start], positions[end] + 1))
            start = folded.find(term, start + len(term))
    spans.sort()
    first = spans[0][0] if spans else 0
    window_start = max(0, first - SNIPPET_CHARS // 3)
    window_end = window_start + SNIPPET_CHARS
    parts, cursor = [], window_start
    for start, end in spans:
        if start < cursor or end > window_end:
            continue
        parts += [escape(text[cursor:start]), "<mark>", escape(text[start:end])]
        parts.append("</mark>")
        cursor = end
    parts.append(escape(text[cursor:window_end]))
    prefix = "… " if window_start else ""
    suffix = " …" if window_end < len(text) else ""
    # Every piece of text is escaped above; only our own <mark> tags are markup.
    return mark_safe(prefix + "".join(parts) + suffix)  # nosec B308 B703


def search(language: str, query: str, limit: int = 50) -> list[Hit]:
    terms = terms_of(query)
    if not terms:
        return []
    hits = []
    for entry in index(language):
        if all(term in entry.folded for term in terms):
            title = normalise(entry.section.title or entry.page.title)
            score = sum(entry.folded.count(t) for t in terms) + 10 * sum(
                t in title for t in terms
            )
            hits.append(
                Hit(
                    url_slug=entry.page.slug,
                    page_title=entry.page.title,
                    section_title=entry.section.title,
                    anchor=entry.section.anchor,
                    snippet=snippet(entry.section.text, terms),
                    score=score,
                )
            )
    hits.sort(key=lambda hit: (-hit.score, hit.page_title, hit.anchor))
    return hits[:limit]
