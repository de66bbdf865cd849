import csv
import io
from decimal import Decimal

from django.utils import translation

from services.exports import as_csv


def test_csv_export_writes_the_decimal_comma_whatever_the_page_language():
    rows = [
        ["06636003", "Eschwege", "c", "n", "€", 2024, Decimal("1234.5"), "", "", ""],
        ["06636003", "Eschwege", "c", "n", "€", 2024, Decimal("1E+2"), "", "", ""],
    ]
    for language in ("de", "en"):
        with translation.override(language):
            text = as_csv(rows)
        lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
        assert [line[6] for line in lines[1:]] == ["1234,5", "100"]
