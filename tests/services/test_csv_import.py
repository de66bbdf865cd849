"""The CSV bad-input suite: every broken upload names its line and writes nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lebenswert.audit.models import Change
from services import actions
from services.csv_import import parse_decimal, parse_figures
from services.models import FigureImport, Indicator, IndicatorValue

HEADER = "AGS;Kennzahl;Jahr;Wert;Quelle\n"


def _upload(text: str | bytes, user, name="zahlen.csv") -> FigureImport:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return actions.figure_import_upload(
        uploaded_file=SimpleUploadedFile(name, raw), default_source="", actor=user
    )


@pytest.fixture
def existing_value(roles, municipality):
    return actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2023,
        value=Decimal("2.00"),
        source="alt",
        actor=roles["editor"],
    )


def _database_state():
    return (
        sorted(IndicatorValue.objects.values_list("indicator__code", "year", "value")),
        Change.objects.count(),
    )


@pytest.mark.parametrize(
    "parts",
    [
        (
            "semicolon, decimal comma, UTF-8",
            "06636003;water_price_m3;2024;2,35;Satzung\n",
            "utf-8",
        ),
        (
            "comma, decimal point",
            "06636003,water_price_m3,2024,2.35,Satzung\n",
            "utf-8",
        ),
        (
            "AGS without leading zero",
            "6636003;water_price_m3;2024;2,35;Satzung\n",
            "utf-8",
        ),
        (
            "Windows-1252",
            "06636003;water_price_m3;2024;2,35;Gebührensatzung Eschwege\n",
            "cp1252",
        ),
    ],
    ids=lambda parts: parts[0],
)
def test_german_office_formats_are_read(roles, municipality, parts):
    _name, line, encoding = parts
    header = HEADER if ";" in line else HEADER.replace(";", ",")
    upload = _upload((header + line).encode(encoding), roles["editor"])

    counts = actions.figures_import(figure_import=upload, actor=roles["editor"])

    assert counts == {"new": 1, "changed": 0, "unchanged": 0}
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("2.35") and value.municipality == municipality
    assert value.source.startswith(("Satzung", "Gebührensatzung"))


def test_german_thousands_separator_in_semicolon_files():
    assert parse_decimal("1.234", delimiter=";") == Decimal("1234")
    assert parse_decimal("1.234,5", delimiter=";") == Decimal("1234.5")
    assert parse_decimal("1.234", delimiter=",") == Decimal("1.234")


BAD_FILES = {
    "unknown AGS": (
        "06636999;water_price_m3;2024;2,35;S\n",
        2,
        "gibt es im Gemeindeverzeichnis nicht",
    ),
    "unknown indicator": ("06636003;bier_preis;2024;2,35;S\n", 2, "ist unbekannt"),
    "non-numeric value": ("06636003;water_price_m3;2024;zwei;S\n", 2, "ist keine Zahl"),
    "implausible value": (
        "06636003;water_price_m3;2024;250;S\n",
        2,
        "plausiblen Bereichs",
    ),
    "bad year": ("06636003;water_price_m3;24;2,35;S\n", 2, "keine Jahreszahl"),
    "missing source": ("06636003;water_price_m3;2024;2,35;\n", 2, "Quelle fehlt"),
    "duplicate row": (
        "06636003;water_price_m3;2024;2,35;S\n06636003;water_price_m3;2024;2,40;S\n",
        3,
        "steht schon in Zeile 2",
    ),
    "another municipality's figures": (
        "06636016;water_price_m3;2024;2,35;S\n",
        2,
        "nicht bearbeiten",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_rows_are_listed_by_line_and_nothing_is_imported(
    roles, municipality, other_municipality, existing_value, case
):
    body, line, message = BAD_FILES[case]
    good = "06636003;water_price_m3;2023;2,99;S\n"  # would change the existing value
    upload = _upload(HEADER + body + good, roles["editor"])
    before = _database_state()

    preview = actions.figures_check(
        raw=actions.figure_import_read(upload), default_source="", actor=roles["editor"]
    )
    with pytest.raises(actions.FigureImportRejected) as rejected:
        actions.figures_import(figure_import=upload, actor=roles["editor"])

    assert any(
        error_line == line and message in m for error_line, m in preview.errors
    ), preview.errors
    assert rejected.value.errors == preview.errors
    assert _database_state() == before
    upload.refresh_from_db()
    assert upload.status == FigureImport.Status.PREVIEW


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "leer"),
        (b"   \n", "leer"),
        (b"Gemeinde;Preis\nEschwege;2\n", "Spalten fehlen"),
        (HEADER.encode(), "keine Werte"),
    ],
)
def test_empty_or_headerless_files_are_refused(raw, message):
    assert any(message in m for _l, m in parse_figures(raw).errors)


def test_upload_of_50_megabytes_is_refused_with_its_size(client, roles, db):
    client.force_login(roles["editor"])
    big = SimpleUploadedFile("gross.csv", b"0" * (50 * 1024 * 1024))
    response = client.post(reverse("services:figure_import_create"), {"file": big})
    assert response.status_code == 200
    assert "50 MB groß; erlaubt sind 20 MB" in response.content.decode()
    assert not FigureImport.objects.exists()


def test_import_through_the_pages_previews_then_imports(client, roles, municipality):
    client.force_login(roles["editor"])
    Change.objects.all().delete()  # the roles' own records
    csv_file = SimpleUploadedFile(
        "z.csv", (HEADER + "06636003;stormwater_fee_m2;2016;1,46;Satzung\n").encode()
    )
    response = client.post(reverse("services:figure_import_create"), {"file": csv_file})
    preview_url = response.url
    preview = client.get(preview_url).content.decode()
    assert "1 neue Werte" in preview and not IndicatorValue.objects.exists()

    client.post(preview_url)

    value = IndicatorValue.objects.get()
    assert value.value == Decimal("1.46") and value.updated_by == roles["editor"]
    assert Change.objects.get().actor == roles["editor"]
    # Importing the same upload twice is refused.
    client.post(preview_url)
    assert IndicatorValue.objects.count() == 1 and Change.objects.count() == 1


def test_import_of_changed_values_records_old_and_new(
    roles, municipality, existing_value
):
    upload = _upload(
        HEADER + "06636003;water_price_m3;2023;2,10;Neu\n", roles["editor"]
    )
    counts = actions.figures_import(figure_import=upload, actor=roles["editor"])
    assert counts["changed"] == 1
    existing_value.refresh_from_db()
    assert existing_value.value == Decimal("2.10") and existing_value.version == 2
    latest = Change.objects.order_by("-id").first()
    assert latest.changes["value"] == ["2", "2.1"]
