"""Full-text search over the guide: an in-process index of the rendered text.

Built once per process and language from the Markdown pages; the organisational
forms come from the database and are keyed once per version of the reference data
(`form_index`, kept in the cache), then matched with the same `Query`.
Every word of the query must occur. A word matches in any of its inflected forms:
text and query are reduced to Snowball stems (PyStemmer, the maintained C
implementation of the Snowball algorithms), after folding case, accents and ß,
so „Zweckverbandes“ finds „Zweckverband“ and „Klaeranlage“ finds „Kläranlage“.
A compound the guide does not use is looked up by its parts („Kündigungsfrist“:
„Kündigung“ and „Frist“), and a longer word that occurs nowhere is corrected to
the nearest word of the guide one typing error away (offered as „Meinten Sie …?“).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import Stemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cooperations import selectors
from lebenswert.core.fragments import COOPERATIONS, DIRECTORY, cached

from . import content

SNIPPET_CHARS = 220
MAX_TERMS = 8
TYPO_MIN_LENGTH = 6  # shorter words are too easily one edit from another word
COMPOUND_PART_MIN = 4  # „Amt“ + „s“ + … would split far too eagerly
LINKING = ("es", "s", "n")  # Fugenelemente between the parts of a compound
WORD = re.compile(r"[\w§%€-]+")
STEMMERS = {"de": "german", "en": "english"}


def normalise(text: str) -> str:
    """Case, accents and ß folded: „Größe“ → „grosse“."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(STEMMERS.get(language, "german"))


def stems(text: str, language: str) -> list[str]:
    """The stems of the text's words, in order. The German stemmer folds ae, oe
    and ue like ä, ö and ü; accents are folded first for every language."""
    words = [normalise(word) for word in WORD.findall(text)]
    return _stemmer(language).stemWords([word for word in words if word])


def keyed(text: str, language: str) -> str:
    """The text as one string of stems: a query term matches where it occurs in
    it (so „verband“ still finds „Zweckverband“, as a plain search would)."""
    return " ".join(stems(text, language))


def within_one_edit(a: str, b: str) -> bool:
    """Whether b is a with at most one character inserted, deleted or replaced.
    Hand-written: three comparisons, not worth a dependency."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            tail = i + 1 if len(a) == len(b) else i
            return a[tail:] == b[i + 1 :]
    return True


@dataclass(frozen=True)
class Term:
    """One word of the query: matched by its stem, or else by all its parts."""

    word: str
    alternatives: tuple[tuple[str, ...], ...]

    def matches(self, keys: str) -> bool:
        return any(all(k in keys for k in option) for option in self.alternatives)

    @property
    def keys(self) -> set[str]:
        return {key for option in self.alternatives for key in option}


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]
    suggestion: str  # the query with corrected words, "" when nothing changed

    def matches(self, keys: str) -> bool:
        return bool(self.terms) and all(term.matches(keys) for term in self.terms)

    @property
    def keys(self) -> list[str]:
        return sorted({key for term in self.terms for key in term.keys}, key=len)

    def relaxed(self) -> Query | None:
        """The query with each split compound matched by any one of its parts,
        or None if no term was split."""
        if all(len(term.alternatives) == 1 for term in self.terms):
            return None
        terms = tuple(
            Term(
                word=term.word,
                alternatives=tuple((key,) for key in sorted(term.keys)),
            )
            for term in self.terms
        )
        return Query(terms=terms, suggestion=self.suggestion)


def _parts(stem: str, words: frozenset[str], language: str) -> tuple[str, ...] | None:
    """A compound split into two words of the guide, with a linking element
    allowed between them („kundigungsfrist“ → „kundig“, „frist“). The head is
    stemmed on its own, as the guide's words are („Kündigung“ → „kundig“)."""
    stemmer = _stemmer(language)
    for cut in range(len(stem) - COMPOUND_PART_MIN, COMPOUND_PART_MIN - 1, -1):
        head, tail = stem[:cut], stem[cut:]
        if tail not in words:
            continue
        for link in ("", *LINKING):
            if not head.endswith(link):
                continue
            bare = stemmer.stemWord(head[: len(head) - len(link)])
            if len(bare) >= COMPOUND_PART_MIN and bare in words:
                return (bare, tail)
    return None


def _nearest(stem: str, words: frozenset[str]) -> str | None:
    if len(stem) < TYPO_MIN_LENGTH:
        return None
    close = sorted(word for word in words if within_one_edit(stem, word))
    return close[0] if close else None


def parse(query: str, language: str) -> Query:
    """The query's terms against the guide's vocabulary in that language."""
    words = list(dict.fromkeys(WORD.findall(query)))[:MAX_TERMS]
    vocabulary = _vocabulary(language)
    keyed_text = _all_keys(language)
    terms, corrected = [], []
    for word, stem in zip(words, stems(" ".join(words), language), strict=False):
        alternatives: list[tuple[str, ...]] = [(stem,)]
        if stem not in keyed_text:
            parts = _parts(stem, vocabulary, language)
            nearest = None if parts else _nearest(stem, vocabulary)
            if parts:
                alternatives.append(parts)
            elif nearest:
                alternatives = [(nearest,)]
                word = _display_word(nearest, language) or word
                corrected.append(word)
        terms.append(Term(word=word, alternatives=tuple(alternatives)))
    suggestion = " ".join(term.word for term in terms) if corrected else ""
    return Query(terms=tuple(terms), suggestion=suggestion)


@dataclass(frozen=True)
class Entry:
    page: content.Page
    section: content.Section
    keys: str
    title_keys: str


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
        Entry(
            page=page,
            section=section,
            keys=keyed(section.text, language),
            title_keys=keyed(section.title or page.title, language),
        )
        for page in content.pages(language)
        for section in page.sections
    )


@cache
def _all_keys(language: str) -> str:
    return " ".join(entry.keys for entry in index(language))


@cache
def _vocabulary(language: str) -> frozenset[str]:
    return frozenset(_all_keys(language).split())


@cache
def _display_words(language: str) -> dict[str, str]:
    """For each stem, the first word of the guide that has it (for „Meinten Sie“)."""
    shown: dict[str, str] = {}
    for entry in index(language):
        words = WORD.findall(entry.section.text)
        for word, stem in zip(words, stems(" ".join(words), language), strict=False):
            shown.setdefault(stem, word)
    return shown


def _display_word(stem: str, language: str) -> str | None:
    return _display_words(language).get(stem)


def snippet(text: str, keys: list[str], language: str = "de") -> SafeString:
    """A piece of text around the first match, with every matching word marked."""
    matches = list(WORD.finditer(text))
    word_stems = stems(" ".join(match.group() for match in matches), language)
    spans = [
        match.span()
        for match, stem in zip(matches, word_stems, strict=False)
        if any(key in stem for key in keys)
    ]
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


@dataclass(frozen=True)
class FormEntry:
    form: dict  # a row of `values()`, as the search page shows it
    keys: str


def form_index(language: str) -> tuple[FormEntry, ...]:
    """The organisational forms keyed for search, built once per language and
    version of the reference data (an admin's change to a form or fact raises
    COOPERATIONS, a directory import the Länder's names) and shared by every
    process through the cache."""
    return cached(
        "guide_form_index",
        scopes=[COOPERATIONS, DIRECTORY],
        vary=[language],
        compute=lambda: tuple(
            FormEntry(form=form, keys=keyed(text, language))
            for form, text in selectors.organisational_form_search_texts()
        ),
    )


def forms_matching(language: str, query: Query) -> list[dict]:
    """Forms whose name, summary, law, Land or facts contain every word."""
    if not query.terms:
        return []
    return [entry.form for entry in form_index(language) if query.matches(entry.keys)]


def search(language: str, query: str | Query, limit: int = 50) -> list[Hit]:
    """Sections with every word of the query; a split compound („Kündigungsfrist“)
    whose parts never stand in one section finds the sections of either part."""
    parsed = parse(query, language) if isinstance(query, str) else query
    hits = _hits(language, parsed)
    relaxed = None if hits else parsed.relaxed()
    if relaxed is not None:
        hits = _hits(language, relaxed)
    return hits[:limit]


def _hits(language: str, parsed: Query) -> list[Hit]:
    if not parsed.terms:
        return []
    keys = parsed.keys
    hits = []
    for entry in index(language):
        if parsed.matches(entry.keys):
            score = sum(entry.keys.count(k) for k in keys) + 10 * sum(
                k in entry.title_keys for k in keys
            )
            hits.append(
                Hit(
                    url_slug=entry.page.slug,
                    page_title=entry.page.title,
                    section_title=entry.section.title,
                    anchor=entry.section.anchor,
                    snippet=snippet(entry.section.text, keys, language),
                    score=score,
                )
            )
    hits.sort(key=lambda hit: (-hit.score, hit.page_title, hit.anchor))
    return hits
