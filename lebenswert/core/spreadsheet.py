"""Safe text for CSV/XLSX cells that spreadsheet programs might run as formulas."""

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Prefix an apostrophe to free text that a spreadsheet would read as a formula."""
    text = text or ""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
