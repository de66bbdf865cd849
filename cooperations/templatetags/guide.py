"""Names in the guide: a form's English name on English pages where one is recorded."""

from django import template
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
