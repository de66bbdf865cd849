"""Parse and validate a CSV of indicator values as German offices produce them.

Accepted: semicolon- or comma-separated; UTF-8 (with or without BOM) or
Windows-1252; decimal comma ("1.234,5") or decimal point ("1234.5"); AGS with or
without the leading zero. Two layouts, told apart by the header:

- one value per line: AGS, Kennzahl, Jahr, Wert, and optionally Quelle and
  Anmerkung (German or English column names); the Kennzahl cell holds the
  indicator's code or its German or English name;
- one line per municipality and year (the portal's download template): AGS, Jahr,
  optionally Gemeinde, Quelle and Anmerkung, and one column per indicator, headed by
  its code, its name, or both as „Name (code)“; empty cells are skipped.

Nothing is written here:
`parse_figures` returns rows and errors; `services.actions.figure_import_run` writes
(in a Celery worker).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache

from django.core.exceptions import ValidationError

from lebenswert.core import text as free_text
from lebenswert.core.numbers import NumberError, parse_number

from .models import IndicatorValue

MAX_BYTES = 20 * 1024 * 1024
HEADERS = {
    "ags": {"ags", "gemeindeschlüssel", "gemeindeschluessel", "gemeinde_ags", "gkz"},
    "indicator": {"kennzahl", "indicator", "code", "kennzahl_code", "merkmal"},
    "year": {"jahr", "year", "berichtsjahr"},
    "value": {"wert", "value"},
    "source": {"quelle", "source"},
    "note": {"anmerkung", "note", "bemerkung", "hinweis"},
}
REQUIRED = ("ags", "indicator", "year", "value")
SCIENTIFIC = re.compile(r"^-?\d+(?:[.,]\d+)?[eE][+-]?\d{1,3}$")
# A sign, digits and the decimal separator of the file's language (German in a
# semicolon file, English in a comma file), as most cells are: read directly.
PLAIN_NUMBER = {
    ";": re.compile(r"-?\d+(?:,\d+)?", re.ASCII),
    ",": re.compile(r"-?\d+(?:\.\d+)?", re.ASCII),
}


@dataclass(frozen=True)
class FigureRow:
    line: int
    ags: str
    indicator: str
    year: int
    value: Decimal
    source: str
    note: str


@dataclass
class ParsedFigures:
    rows: list[FigureRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    encoding: str = ""
    delimiter: str = ""

    def error(self, line: int, message: str) -> None:
        self.errors.append((line, message))


def decode(raw: bytes) -> tuple[str, str]:
    """Text and the encoding it was in: UTF-8 first, then Windows-1252."""
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="strict"), "Windows-1252"


def parse_decimal(text: str, *, delimiter: str) -> Decimal:
    """'1.234,56', '1234,56', '1234.56' → Decimal; raise ValueError otherwise.

    Read like a person's input (lebenswert.core.numbers.parse_number): German in a
    semicolon file ("1.234" is a thousand), with a decimal point in a comma file,
    and in the other language when the file's refuses it ("1.234,5" in a comma
    file). Ambiguous text ("1.234.5") is refused.
    """
    plain = PLAIN_NUMBER[delimiter].fullmatch(text)
    if plain:  # what parse_number reads the same way, without its general checks
        return Decimal(plain[0].replace(",", "."))
    if SCIENTIFIC.match(text.strip()):  # spreadsheets write 1,5E+06 in narrow cells
        return Decimal(text.strip().replace(",", "."))
    language, other = ("de", "en") if delimiter == ";" else ("en", "de")
    try:
        return parse_number(text, language=language)
    except NumberError:
        return parse_number(text, language=other)  # a NumberError is a ValueError


def normalise_ags(text: str) -> str | None:
    digits = text.strip().replace(" ", "")
    if digits.endswith(".0"):
        digits = digits[:-2]  # spreadsheet programs export 6636003.0
    if not digits.isdigit() or len(digits) not in (7, 8):
        return None
    return digits.zfill(8)


@lru_cache(maxsize=4096)  # asked for every cell of a file's few indicator names
def fold(name: str) -> str:
    """A header or indicator name as compared: case and spacing do not matter."""
    return " ".join(name.casefold().split())


def template_header(indicator) -> str:
    """An indicator's column in the download template: „Name (code)“."""
    return f"{indicator.name} ({indicator.code})"


def indicator_names(indicators) -> dict[str, str]:
    """Folded code, German and English name and template header → code."""
    names: dict[str, str] = {}
    for indicator in indicators:
        for name in (
            indicator.code, indicator.name, indicator.name_en,
            template_header(indicator),
        ):  # fmt: skip
            names.setdefault(fold(name), indicator.code)
    return names


def parse_figures(
    raw: bytes, *, default_source: str = "", indicators: dict[str, str] | None = None
) -> ParsedFigures:
    """Read every line; collect all problems by line number instead of stopping.

    `indicators` maps folded names (code, German and English name, „Name (code)“)
    to the indicator's code; without it, indicators are known by code only."""
    indicators = indicators or {}
    result = ParsedFigures()
    if not raw.strip():
        result.error(0, "Die Datei ist leer.")
        return result
    if len(raw) > MAX_BYTES:
        result.error(0, f"Die Datei ist größer als {MAX_BYTES // (1024 * 1024)} MB.")
        return result
    text, result.encoding = decode(raw)
    first_line = text.splitlines()[0] if text.splitlines() else ""
    result.delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=result.delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.error(1, "Keine Kopfzeile gefunden.")
        return result
    columns: dict[str, int] = {}
    wide: dict[int, tuple[str, str]] = {}  # column → (code, header): template layout
    for index, name in enumerate(header):
        key = fold(name)
        for column, aliases in HEADERS.items():
            if key in aliases and column not in columns:
                columns[column] = index
                break
        else:
            if key in indicators:
                wide[index] = (indicators[key], name.strip())
    if wide and "indicator" not in columns and "value" not in columns:
        return _parse_wide(result, reader, columns, wide, default_source)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        names = {"ags": "AGS", "indicator": "Kennzahl", "year": "Jahr", "value": "Wert"}
        result.error(
            1,
            "Spalten fehlen in der Kopfzeile: "
            + ", ".join(names[c] for c in missing)
            + " (erwartet: AGS; Kennzahl; Jahr; Wert; Quelle; Anmerkung).",
        )
        return result
    seen: dict[tuple[str, str, int], int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            _parse_row(result, cells, columns, line, seen, default_source, indicators)
    except csv.Error as error:
        result.error(reader.line_num, f"Die Zeile ist kein gültiges CSV ({error}).")
    if not result.rows and not result.errors:
        result.error(0, "Die Datei enthält keine Werte.")
    return result


def _parse_wide(result, reader, columns, wide, default_source) -> ParsedFigures:
    """The template layout: each filled indicator cell of a line becomes the line
    of that indicator in the one-value-per-line layout, checked the same way."""
    missing = [
        name for key, name in (("ags", "AGS"), ("year", "Jahr")) if key not in columns
    ]
    if missing:
        result.error(1, "Spalten fehlen in der Kopfzeile: " + ", ".join(missing) + ".")
        return result
    seen: dict[tuple[str, str, int], int] = {}
    long_columns = {**columns, "indicator": -1, "value": -2}
    try:
        for cells in reader:
            for index, (code, name) in wide.items():
                value = cells[index].strip() if index < len(cells) else ""
                if not value:
                    continue
                errors = len(result.errors)
                row = [*cells, value, code]  # -2: the value, -1: the code
                _parse_row(
                    result, row, long_columns, reader.line_num, seen,
                    default_source, {},
                )  # fmt: skip
                if len(result.errors) > errors:  # name the column in its message
                    line, message = result.errors[-1]
                    result.errors[-1] = (line, f"Spalte „{name}“: {message}")
    except csv.Error as error:
        result.error(reader.line_num, f"Die Zeile ist kein gültiges CSV ({error}).")
    if not result.rows and not result.errors:
        result.error(0, "Die Vorlage enthält keine ausgefüllten Werte.")
    return result


def _parse_row(result, cells, columns, line, seen, default_source, indicators) -> None:
    width = len(cells)
    found = {
        name: cells[index].strip() if index < width else ""
        for name, index in columns.items()
    }

    def cell(name: str) -> str:
        return found.get(name, "")

    problems = []
    ags = normalise_ags(cell("ags"))
    if ags is None:
        problems.append(f"AGS „{cell('ags')}“ hat nicht 8 Ziffern")
    indicator = indicators.get(fold(cell("indicator")), cell("indicator"))
    if not indicator:
        problems.append("Kennzahl fehlt")
    year_text = cell("year")
    year = (
        int(year_text)
        if year_text.isdigit() and 1950 <= int(year_text) <= 2100
        else None
    )
    if year is None:
        problems.append(f"Jahr „{year_text}“ ist keine Jahreszahl")
    try:
        value = parse_decimal(cell("value"), delimiter=result.delimiter)
    except ValueError:
        value = None
        problems.append(f"Wert „{cell('value')}“ ist keine Zahl")
    source = cell("source") or default_source
    if not source:
        problems.append("Quelle fehlt (Spalte Quelle oder Angabe beim Hochladen)")
    source, note = (
        _text(source, "source", problems),
        _text(cell("note"), "note", problems),
    )
    if problems:
        result.error(line, "; ".join(problems) + ".")
        return
    key = (ags, indicator, year)
    if key in seen:
        result.error(
            line,
            f"Doppelte Zeile: {ags}, {indicator}, {year} "
            f"steht schon in Zeile {seen[key]}.",
        )
        return
    seen[key] = line
    result.rows.append(
        FigureRow(
            line=line,
            ags=ags,
            indicator=indicator,
            year=year,
            value=value,
            source=source,
            note=note,
        )
    )


@cache
def _text_field(name: str) -> tuple[str, bool, int | None]:
    """The field's name (lazy: translated only into a message), whether it is
    multi-line, and its length limit."""
    field = IndicatorValue._meta.get_field(name)
    multiline = field.get_internal_type() == "TextField"
    return field.verbose_name, multiline, field.max_length


@lru_cache(maxsize=1024)
def _checked(value: str, name: str) -> str:
    """A cell that passed the free-text rule, remembered: a file repeats its
    sources (a refusal is not remembered; its message is in the reader's
    language)."""
    label, multiline, max_length = _text_field(name)
    return free_text.check(
        value, field=label, multiline=multiline, max_length=max_length
    )


def _text(value: str, name: str, problems: list[str]) -> str:
    """The cell checked by the free-text rule of the field it is stored in."""
    try:
        return _checked(value, name)
    except ValidationError as error:
        problems.append(error.messages[0].rstrip("."))
        return value
