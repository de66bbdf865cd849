"""Names in the guide: a form's English name on English pages where one is recorded,
and the reference data's German texts marked as German on pages in English."""

from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.filter
def form_name(form) -> str:
    """The form's name for the page's language; the Land's own name otherwise.

    Takes a form or a row of `values()` (the guide search's hits).
    """
    if isinstance(form, dict):
        name, name_en = form["name"], form["name_en"]
    else:
        name, name_en = form.name, form.name_en
    english = (get_language() or "")[:2] == "en"
    return name_en if english and name_en else name


@register.filter
def german(text):
    """Reference data (forms, facts, laws) is written in German: on a page in
    another language it is marked as German, so that screen readers pronounce it
    so (WCAG 3.1.2, language of parts)."""
    if not text or (get_language() or "de")[:2] == "de":
        return text
    return format_html('<span lang="de">{}</span>', text)
