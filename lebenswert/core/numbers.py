"""Numbers and dates in the user's language: one path for pages, exports and PDFs.

Formatting goes through Django's localisation: the separators per language come
from `lebenswert/formats` (FORMAT_MODULE_PATH), so a template's `|date` and
`number_format` agree with this module. Only the places Django has no setting for
are here: the percent sign (German with a narrow no-break space, DIN 5008;
English without) and the euro sign's position.

Parsing is written here because neither candidate does the job: Django's
`sanitize_separators` drops thousands separators only with USE_THOUSAND_SEPARATOR
and then reads "1.234.5" as 12345 without a word; babel's strict `parse_decimal`
would refuse it, but babel is not a dependency and brings the whole CLDR data for
one function, while the separators the portal uses are already ours.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import formats, numberformat, timezone, translation
from django.utils.translation import gettext as _

NARROW_NBSP = "\u202f"  # the thin space before % that never breaks the line
NBSP = "\u00a0"
_SPACES = {NBSP, NARROW_NBSP, "\u2009", " "}
_MINUS = {"-", "\u2212", "\u2013"}  # hyphen, minus sign, en dash


class NumberError(ValueError):
    """Text that is not one unambiguous number; the message says why, for users."""


def _language(language: str | None) -> str:
    return (language or translation.get_language() or "de").split("-")[0]


# (decimal, thousands) separator per language: asked for every number a page
# shows, and Django's get_format is not cheap. Emptied when a test overrides a
# setting (the format modules are settings).
_SEPARATORS: dict[str, tuple[str, str]] = {}


@receiver(setting_changed)
def _forget_separators(**_kwargs) -> None:
    _SEPARATORS.clear()


def _separators(language: str | None) -> tuple[str, str]:
    lang = _language(language)
    found = _SEPARATORS.get(lang)
    if found is None:
        found = _SEPARATORS[lang] = (
            formats.get_format("DECIMAL_SEPARATOR", lang=lang, use_l10n=True),
            formats.get_format("THOUSAND_SEPARATOR", lang=lang, use_l10n=True),
        )
    return found


def _decimal(value) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    if isinstance(value, float):
        return Decimal(str(value))  # the digits the float prints, not its binary
    return Decimal(value)


def format_number(
    value, decimals: int | None = None, *, language: str | None = None
) -> str:
    """`18743` → "18.743"; `Decimal("1234.5")` → "1.234,5" (English "1,234.5").

    `decimals`: places after rounding half up; None keeps the value's own places
    without trailing zeros (never an exponent: `1E+2` → "100").
    """
    if type(value) is int and not decimals and abs(value) < 10**18:  # most common
        return _grouped(str(value), *_separators(language))
    number = _decimal(value)
    if decimals is None:
        number = number.normalize()
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
    else:
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if number.is_zero():
        number = abs(number)  # never "-0"
    decimal_sep, thousand_sep = _separators(language)
    _sign, digits, exponent = number.as_tuple()
    if len(digits) + abs(exponent) > 200:  # Django switches to an exponent there
        return str(
            numberformat.format(
                number,
                decimal_sep,
                decimal_pos=decimals,
                grouping=3,
                thousand_sep=thousand_sep,
                force_grouping=True,
            )
        )
    return _grouped(f"{number:f}", decimal_sep, thousand_sep)


def _grouped(text: str, decimal_sep: str, thousand_sep: str) -> str:
    """Plain digits ("-2400000.50", already rounded) with the language's separators:
    what Django's `numberformat.format` gives for them, without its general
    checks (a comparison page formats hundreds of numbers)."""
    sign = "-" if text.startswith("-") else ""
    whole, _point, fraction = text.lstrip("-").partition(".")
    head = len(whole) % 3 or 3
    groups = [whole[:head], *(whole[i : i + 3] for i in range(head, len(whole), 3))]
    decimals = decimal_sep + fraction if fraction else ""
    return sign + thousand_sep.join(groups) + decimals


def format_percent(
    value,
    decimals: int | None = None,
    *,
    language: str | None = None,
    signed: bool = False,
) -> str:
    """A value in percent (15, not 0.15): "15 %" in German, "15%" in English."""
    language = _language(language)  # looked up once: not cheap, asked per number
    text = format_number(value, decimals, language=language)
    if signed and not text.startswith("-") and _decimal(value) != 0:
        text = "+" + text
    if _language(language) == "en":
        return f"{text}%"
    return f"{text}{NARROW_NBSP}%"


def format_money(value, decimals: int = 2, *, language: str | None = None) -> str:
    """Euros: "2.400.000,00 €" in German, "€2,400,000.00" in English."""
    language = _language(language)
    text = format_number(value, decimals, language=language)
    if _language(language) == "en":
        if text.startswith("-"):
            return f"-€{text[1:]}"
        return f"€{text}"
    return f"{text}{NBSP}€"


def format_date(value: date | datetime, *, language: str | None = None) -> str:
    """The short date: "31.12.2024" in German, "31 Dec 2024" in English; an aware
    datetime in the current time zone."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    with translation.override(_language(language)):
        return formats.date_format(value, "SHORT_DATE_FORMAT", use_l10n=True)


def parse_number(text: str, *, language: str | None = None) -> Decimal:
    """The number in a user's text, in the office formats of the language.

    German: "2.400.000", "2.400.000,50", "1.234,5", "15 %", "-0,8", "2400000";
    English the same with the separators swapped. A single separator that cannot
    group thousands (not followed by exactly three digits, or after a leading
    zero or more than three digits) is read as the decimal separator, so "2.5"
    and links with "12.5", "0.125" or "1234.567" keep working. Anything else
    that mixes the separators up ("1.234.5", "1,234.5" in German) is refused with
    a message that says how to write it.
    """
    original = "" if text is None else str(text)
    body = original.strip()
    for space in _SPACES:
        body = body.replace(space, " ")
    body = body.strip()
    for suffix in ("%", "€", "EUR"):
        if body.endswith(suffix):
            body = body[: -len(suffix)].rstrip()
            break
    # One sign, before or after a leading euro sign ("-€5.00", "€ -5,00").
    head = re.match(r"([-+\u2212\u2013]?) ?(€?) ?([-+\u2212\u2013]?) ?", body)
    if head[1] and head[3]:
        raise NumberError(_unclear(original.strip(), language))
    sign = "-" if (head[1] or head[3]) in _MINUS else ""
    body = body[head.end() :]
    if not body:
        raise NumberError(_("Bitte geben Sie eine Zahl ein."))
    decimal_sep, thousand_sep = _separators(language)
    number = _read(body, decimal_sep, thousand_sep)
    if number is None:
        raise NumberError(_unclear(original.strip(), language))
    return Decimal(sign + number)  # the patterns let only ASCII digits through


def _read(body: str, decimal_sep: str, thousand_sep: str) -> str | None:
    """The digits as Python reads them ("2400000.50"), or None if unclear."""
    dec, thou = re.escape(decimal_sep), re.escape(thousand_sep)
    plain = re.fullmatch(rf"(\d+)(?:{dec}(\d+))?", body, re.ASCII)
    if plain:
        return plain[1] + (f".{plain[2]}" if plain[2] else "")
    for group in (thou, " "):
        grouped = re.fullmatch(
            rf"([1-9]\d{{0,2}}(?:{group}\d{{3}})+)(?:{dec}(\d+))?", body, re.ASCII
        )
        if grouped:
            digits = grouped[1].replace(thousand_sep, "").replace(" ", "")
            return digits + (f".{grouped[2]}" if grouped[2] else "")
    # One thousands separator that cannot be one ("2.5", "0.125", "1234.567" in
    # German: no group of three after it, or no 1–3 digits without a leading zero
    # before it): a decimal, as plain numbers in links are written.
    single = re.fullmatch(rf"(\d+){thou}(\d+)", body, re.ASCII)
    if single:
        return f"{single[1]}.{single[2]}"
    return None


def _unclear(text: str, language: str | None) -> str:
    example = format_number(Decimal("2400000.5"), 2, language=language)
    decimal_sep, thousand_sep = _separators(language)
    return _(
        "„%(text)s“ ist keine eindeutige Zahl. Tausender werden mit „%(thousand)s“ "
        "in Dreiergruppen getrennt, die Nachkommastellen mit „%(decimal)s“, "
        "z. B. %(example)s."
    ) % {
        "text": text,
        "thousand": thousand_sep,
        "decimal": decimal_sep,
        "example": example,
    }
