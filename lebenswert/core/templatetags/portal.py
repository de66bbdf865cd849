"""Small filters every page uses; numbers and dates through lebenswert.core.numbers.

`{{ 18743|number }}` "18.743", `{{ x|number:"1" }}` one place rounded half up,
`{{ 15|percent }}` "15 %" (a value in percent), `{{ x|percent:"+1" }}` signed with
one place, `{{ 0.0123|rate }}` "+1,23 %" (a yearly rate as a fraction),
`{{ 2400000|money }}` "2.400.000,00 €", `{{ x|money:"0" }}` whole euros,
`{{ day|day }}` "31.12.2024". A negative number of places, as in floatformat,
means at most that many (`|number:"-2"`: "2,5", "2,57", "3"). None and "" give ""
(so `|default:"–"` works).
English pages get the English forms. `{{ "/leitfaden/"|public }}` is that path at
the portal's public address (settings.LEBENSWERT_PUBLIC_URL; reports have no request).
`{{ form.law|citation }}` keeps each „§§ 5–23a KGG“ on one line (in a `.citation` cell).
"""

import re
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from urllib.parse import urljoin

from django import template
from django.conf import settings
from django.utils.translation import pgettext

from .. import numbers

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ values|get_item:indicator.pk }}`: a dict lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


# Länder named with their article: „im Saarland“, but „in Bayern“.
LAENDER_WITH_ARTICLE = {"Saarland"}


@register.filter
def in_land(name: str) -> str:
    """„in Bayern“, „im Saarland“ (English "in Saarland"), for a sentence's place."""
    if name in LAENDER_WITH_ARTICLE:
        return pgettext("Land mit Artikel", "im %(land)s") % {"land": name}
    return pgettext("Land ohne Artikel", "in %(land)s") % {"land": name}


# One citation of a law („§§ 5–23a KGG“, „§ 24 Abs. 1 Nr. 1 KGG“) between commas
# or semicolons; inside it no line may break (a no-break space for each space, a
# word joiner after a range's dash), beside it the text wraps as usual.
_CITATIONS = re.compile(r"([,;]\s+)")


@register.filter
def citation(text) -> str:
    """A law's citation that a narrow column does not tear over several lines:
    the citations of paragraphs (with „§“) each kept on one line."""
    if _empty(text):
        return ""
    return "".join(
        part.replace(" ", "\u00a0").replace("–", "–\u2060") if "§" in part else part
        for part in _CITATIONS.split(str(text))
    )


@register.filter
def public(path: str) -> str:
    """A portal path (as `{% url %}` gives it) as an absolute link to the portal."""
    return urljoin(settings.LEBENSWERT_PUBLIC_URL + "/", str(path))


def _empty(value) -> bool:
    return value is None or value == ""


@lru_cache(maxsize=64)  # a handful of arguments, read for every number
def _places(decimals) -> tuple[int | None, bool]:
    """The filter argument: "" or None keeps the value's places, "+1" signs."""
    text = "" if decimals is None else str(decimals)
    signed = text.startswith("+")
    text = text.lstrip("+")
    return (int(text) if text else None), signed


def _rounded(value, places: int | None):
    """`places` < 0 as in floatformat: at most that many, no trailing zeros."""
    if places is None or places >= 0:
        return value, places
    number = Decimal(str(value)).quantize(Decimal(1).scaleb(places), ROUND_HALF_UP)
    return number, None


@register.filter
def number(value, decimals=None):
    """A number with thousands grouping; `decimals` rounds half up."""
    if _empty(value):
        return ""
    places, _signed = _places(decimals)
    return numbers.format_number(*_rounded(value, places))


@register.filter
def percent(value, decimals=None):
    """A value in percent (15, not 0.15): "15 %"; `"+1"` signed, one place."""
    if _empty(value):
        return ""
    places, signed = _places(decimals)
    return numbers.format_percent(*_rounded(value, places), signed=signed)


@register.filter
def rate(value, decimals=2):
    """A yearly rate as a fraction (0.0123) in signed percent: "+1,23 %"."""
    if _empty(value):
        return ""
    places, _signed = _places(decimals)
    return numbers.format_percent(Decimal(str(value)) * 100, places, signed=True)


@register.filter
def money(value, decimals=2):
    """Euros: "2.400.000,00 €" (English "€2,400,000.00"); `"0"` whole euros."""
    if _empty(value):
        return ""
    places, _signed = _places(decimals)
    return numbers.format_money(value, 2 if places is None else places)


@register.filter
def day(value):
    """A date (or an aware datetime's local day): "31.12.2024", "31 Dec 2024"."""
    if _empty(value):
        return ""
    return numbers.format_date(value)
