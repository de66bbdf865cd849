"""Names in the guide: a form's English name on English pages where one is recorded,
and the reference data's German texts marked as German on pages in English."""

import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

# Names of German laws, institutions and programmes that the English texts of the
# reference data (`*_en` fields) keep in German: marked with lang="de" on the page.
GERMAN_TERMS = (
    # laws and their abbreviations
    "BayVV", "GkG NRW", "GKG-LSA", "GKGBbg", "GKZ", "GkZ", "GO NRW", "HGO",
    "HVwVfG", "KGG", "KommZG", "KomZG", "KSVG", "KV M-V", "KVG LSA", "NKomZG",
    "SächsGemO", "SächsKomZG", "ThürFAG", "ThürKGG", "ThürKO", "UStG", "GWB",
    "Gemeindeordnung", "Kommunalabgabengesetz", "Kommunalunternehmensverordnung",
    "Landesentwicklungsprogramm", "Verbandsgemeinde- und Mitverwaltungsgesetz",
    "Förderrichtlinie IKZ NRW",
    # institutions, bodies and legal terms without an English equivalent
    "ADD", "Amt", "Ämter", "Amtsumlage", "Anschluss- und Benutzungszwang",
    "Ausgleichstock", "Gemeindeverwaltungsverband", "Gewährträgerhaftung",
    "Kreisverwaltung", "Landesausgleichsstock", "Landesdirektion", "Ortsgemeinden",
    "Samtgemeinde", "Thüringer Landesverwaltungsamt", "Verbandsgemeinde",
    "Verbandsgemeinden", "GmbH", "AG", "erfüllende Gemeinde", "Mitverwaltung",
    "Verwaltungsgemeinschaft",
    # programme names
    "Digitale Modellkommunen", "Interkommunale Zusammenarbeit",
    "Zukunftsräume Niedersachsen",
)  # fmt: skip
_GERMAN_TERM = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(map(re.escape, sorted(GERMAN_TERMS, key=len, reverse=True)))
    + r")(?![\w-])"
)


def _english() -> bool:
    return (get_language() or "de")[:2] == "en"


def _field(row, name: str) -> str:
    """A field of a model row or of a row of `values()`; "" where it has none."""
    if isinstance(row, dict):
        return row.get(name) or ""
    return getattr(row, name, "") or ""


@register.filter
def form_name(form) -> str:
    """The form's name for the page's language; the Land's own name otherwise.

    Takes a form or a row of `values()` (the guide search's hits).
    """
    name, name_en = _field(form, "name"), _field(form, "name_en")
    return mark_german_terms(name_en) if _english() and name_en else name


@register.filter
def german(text):
    """Reference data (forms, facts, laws) is written in German: on a page in
    another language it is marked as German, so that screen readers pronounce it
    so (WCAG 3.1.2, language of parts)."""
    if not text or (get_language() or "de")[:2] == "de":
        return text
    return format_html('<span lang="de">{}</span>', text)


def mark_german_terms(text: str) -> SafeString:
    """English text with the German names in it (GERMAN_TERMS) marked lang="de"."""
    parts, last = [], 0
    for match in _GERMAN_TERM.finditer(text):
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html('<span lang="de">{}</span>', match.group()))
        last = match.end()
    parts.append(escape(text[last:]))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.filter
def german_terms(text):
    """On English pages, the German names in a text (GERMAN_TERMS) marked as German."""
    return mark_german_terms(str(text)) if text and _english() else text


@register.filter
def localised(row, field: str):
    """A reference text in the page's language: on English pages the row's
    `<field>_en` where recorded (its German names marked), else the German text,
    marked as German on pages in another language. Takes a row or `values()` row."""
    if _english():
        english = _field(row, f"{field}_en")
        if english:
            return mark_german_terms(english)
    return german(_field(row, field))
