"""Safe text for CSV/XLSX cells: no formulas, no characters the formats forbid."""

from .text import printable

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Free text as a cell may hold it: characters that the free-text rule refuses
    (stored before it) become U+FFFD, and an apostrophe goes before text that a
    spreadsheet would read as a formula."""
    text = printable(text or "")
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
