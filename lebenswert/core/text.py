"""The one rule for free text: which characters stored text may hold.

Single-line text (names, titles, sources: CharField) holds no control character;
multi-line text (TextField, textareas) holds line breaks, stored as "\\n", and tabs.
Neither holds bidirectional overrides, isolates and marks or zero-width characters:
invisible, they make one name look like another or reorder what a reader sees.
Such input is refused, not stripped, with a message naming the field and the
character's code point: what is stored is what the person typed and saw.

Models apply the rule in `NormalisedText.clean_fields`, other forms through
`lebenswert.core.forms.FreeTextForm`, importers through `check`. Exports pass
text stored before the rule through `printable`.
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .numbers import format_number

# Invisible characters that change direction or hide between letters.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
# Code points that are no characters (XML and HTML forbid them).
NONCHARACTERS = "\ud800-\udfff\ufdd0-\ufdef" + "".join(
    chr(plane + last)
    for plane in range(0, 0x110000, 0x10000)
    for last in (0xFFFE, 0xFFFF)
)
INVISIBLE = BIDI + ZERO_WIDTH + "\u2028\u2029"  # and the Unicode line separators

_SINGLE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{INVISIBLE}{NONCHARACTERS}]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE}{NONCHARACTERS}]")

MESSAGES = {
    "line_break": _(
        "„%(field)s“ ist einzeilig: der Zeilenumbruch oder Tabulator (%(code)s) ist "
        "hier nicht erlaubt."
    ),
    "control_character": _(
        "„%(field)s“ enthält das Steuerzeichen %(code)s. Steuerzeichen sind nicht "
        "erlaubt; bitte entfernen Sie es."
    ),
    "invisible_character": _(
        "„%(field)s“ enthält das unsichtbare Zeichen %(code)s, das die Schreibrichtung "
        "oder die Darstellung verändert. Es ist nicht erlaubt; bitte entfernen Sie es."
    ),
    "too_long": _(
        "„%(field)s“ hat %(length)s Zeichen; erlaubt sind höchstens %(limit)s."
    ),
}


def normalise(text: str, *, multiline: bool) -> str:
    """NFC (one spelling of "ä"); in multi-line text every line break is "\\n"."""
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def forbidden_character(text: str, *, multiline: bool) -> str | None:
    """The first character the rule refuses, or None."""
    match = (_MULTI_LINE if multiline else _SINGLE_LINE).search(text)
    return match.group() if match else None


def check(
    text: str, *, field: str, multiline: bool, max_length: int | None = None
) -> str:
    """The text normalised; ValidationError naming `field` if the rule refuses it."""
    text = normalise(text, multiline=multiline)
    character = forbidden_character(text, multiline=multiline)
    if character is not None:
        if character in "\t\n\r":
            code = "line_break"
        elif re.fullmatch(f"[{INVISIBLE}]", character):
            code = "invisible_character"
        else:
            code = "control_character"
        raise ValidationError(
            MESSAGES[code],
            code=code,
            params={"field": field, "code": f"U+{ord(character):04X}"},
        )
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            MESSAGES["too_long"],
            code="too_long",
            params={
                "field": field,
                "length": format_number(len(text)),
                "limit": format_number(max_length),
            },
        )
    return text


def printable(text: str, *, multiline: bool = True) -> str:
    """Text as exports may write it: what the rule forbids becomes U+FFFD.

    For rows stored before the rule (openpyxl refuses control characters, XML and
    HTML forbid them) and for names that nobody typed, such as an upload's file
    name. Line breaks and tabs stay in multi-line text.
    """
    if not text:
        return text
    pattern = _MULTI_LINE if multiline else _SINGLE_LINE
    return pattern.sub("\ufffd", normalise(text, multiline=multiline))
