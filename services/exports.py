"""CSV and XLSX files of a sector's figures.

Free text is neutralised against formulas and against characters the formats
forbid; the XLSX writer replaces any that are left, so no stored text fails it.
"""

import csv
import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lebenswert.core.spreadsheet import neutralise

from .csv_import import template_header
from .models import Indicator, IndicatorValue

HEADER = [
    "AGS", "Gemeinde", "Kennzahl", "Bezeichnung", "Einheit", "Jahr", "Wert", "Quelle",
    "Anmerkung", "Demowert",
]  # fmt: skip


def figure_rows(values: Iterable[IndicatorValue]) -> Iterable[list]:
    """One row per value; numbers stay numbers, text is neutralised."""
    for value in values:
        yield [
            value.municipality.ags,
            neutralise(value.municipality.name),
            value.indicator.code,
            neutralise(value.indicator.name),
            neutralise(value.indicator.unit),
            value.year,
            value.value.normalize(),
            neutralise(value.source),
            neutralise(value.note),
            _("ja – Demowert") if value.is_demo else "",
        ]


def as_csv(rows: Iterable[list]) -> str:
    """Semicolon-separated with decimal comma and no thousands separator, as German
    spreadsheet programs and the figure import read it, whatever the page's
    language (a machine format: "1234,5")."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets spreadsheet programs detect UTF-8
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(HEADER)
    for row in rows:
        row = list(row)
        row[6] = format(row[6], "f").replace(".", ",")
        writer.writerow(row)
    return buffer.getvalue()


def as_xlsx(rows: Iterable[list], *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _legal(title)[:31]
    sheet.append(HEADER)
    for row in rows:
        row = [_legal(cell) for cell in row]
        row[6] = float(row[6])
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _legal(cell):
    # openpyxl refuses control characters with IllegalCharacterError.
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell) if isinstance(cell, str) else cell


def import_template(municipalities, indicators: list[Indicator], *, year: int) -> str:
    """The figure import's template: a line per municipality for `year`, a column
    per indicator headed „Name (code)“, to be filled in and uploaded as it is."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets spreadsheet programs detect UTF-8
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        ["AGS", "Gemeinde", "Jahr", "Quelle"]
        + [neutralise(template_header(i)) for i in indicators]
    )
    for municipality in municipalities:
        writer.writerow(
            [municipality.ags, neutralise(municipality.name), year, ""]
            + [""] * len(indicators)
        )
    return buffer.getvalue()
