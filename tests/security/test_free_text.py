"""Control, bidi and zero-width characters are refused in every form, the admin and
the imports, naming the field and the character; text stored before the rule does
not break exports; free text is capped in length."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from cooperations.models import Cooperation
from municipalities.importers import ImportFileError, parse_gv100ad
from services import actions
from services.csv_import import parse_figures
from services.models import Indicator, IndicatorValue, PartnerOrganisation, Sector
from tests.municipalities.test_importers import gv100ad_file, mini_gv100ad
from tests.security.forms import submit

BELL = "Amt\x07 Eschwege"


@pytest.fixture
def editor(client, roles):
    client.force_login(roles["editor"])
    return client


@pytest.fixture
def admin_client(roles):
    client = Client()
    client.force_login(roles["admin"])
    return client


@pytest.mark.parametrize(
    "source,code",
    [(BELL, "U+0007"), ("Amt\u202e Eschwege", "U+202E"), ("Amt\u200b", "U+200B")],
)
def test_a_form_refuses_the_character_naming_field_and_code_point(
    editor, municipality, source, code
):
    response = editor.post(
        reverse("services:indicator_value_create", args=[municipality.ags]),
        {
            "indicator": Indicator.objects.get(code="water_price_m3").pk,
            "year": 2024,
            "value": "2,05",
            "source": source,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "„Quelle“ enthält das" in page and code in page
    assert not IndicatorValue.objects.exists()


def test_a_textarea_keeps_line_breaks_but_refuses_a_bell(editor, municipality):
    url = reverse("services:indicator_value_create", args=[municipality.ags])
    data = {
        "indicator": Indicator.objects.get(code="water_price_m3").pk,
        "year": 2024,
        "value": "2,05",
        "source": "Satzung",
    }
    refused = editor.post(url, {**data, "note": "Zeile 1\r\nZeile\x07 2"})
    assert "„Anmerkung“ enthält das Steuerzeichen U+0007" in refused.content.decode()
    assert editor.post(url, {**data, "note": "Zeile 1\r\nZeile 2"}).status_code == 302
    assert IndicatorValue.objects.get().note == "Zeile 1\nZeile 2"


def test_a_model_form_refuses_a_line_break_in_a_title(editor, municipality):
    response = editor.post(
        reverse("cooperations:cooperation_create"),
        {
            "title": "Pool\nAbwasser",
            "task": "Bereitschaft",
            "status": "exploring",
            "lead": municipality.pk,
            "partners": [municipality.pk],
        },
    )
    assert "„Titel“ ist einzeilig" in response.content.decode()
    assert not Cooperation.objects.exists()


def test_the_admin_refuses_a_bidi_override_in_a_name(admin_client):
    response = submit(
        admin_client,
        reverse("admin:services_partnerorganisation_add"),
        {"name": "Zweckverband \u202egnuzrütS", "type": "zweckverband"},
        action="",
    )
    assert response.status_code == 200
    assert "„Name“ enthält das unsichtbare Zeichen U+202E" in response.content.decode()
    assert not PartnerOrganisation.objects.exists()


def test_the_admin_refuses_a_control_character_in_reference_data(admin_client):
    sector = Sector.objects.get(code="abwasser")
    response = submit(
        admin_client,
        reverse("admin:services_sector_change", args=[sector.pk]),
        {"description": "Schmutzwasser\x1b[31m"},
        action="",
    )
    assert "„Beschreibung“ enthält das Steuerzeichen U+001B" in (
        response.content.decode()
    )
    sector.refresh_from_db()
    assert "\x1b" not in sector.description


def test_the_csv_import_refuses_the_character_with_its_line_number():
    parsed = parse_figures(
        "AGS;Kennzahl;Jahr;Wert;Quelle;Anmerkung\n"
        "06636003;water_price_m3;2023;2,05;Satzung;\n"
        f"06636003;water_price_m3;2024;2,10;{BELL};\n"
        '06636003;water_price_m3;2025;2,15;Satzung;"Zeile 1\nZeile 2"\n'.encode()
    )
    assert parsed.errors == [
        (
            3,
            "„Quelle“ enthält das Steuerzeichen U+0007. Steuerzeichen sind nicht "
            "erlaubt; bitte entfernen Sie es.",
        )
    ]
    assert [row.note for row in parsed.rows] == ["", "Zeile 1\nZeile 2"]


def test_the_csv_import_refuses_an_overlong_note_instead_of_storing_it():
    parsed = parse_figures(
        "AGS;Kennzahl;Jahr;Wert;Quelle;Anmerkung\n"
        f"06636003;water_price_m3;2024;2,10;Satzung;{'x' * 2001}\n".encode()
    )
    assert parsed.errors == [
        (2, "„Anmerkung“ hat 2.001 Zeichen; erlaubt sind höchstens 2.000.")
    ]


def test_the_gv100ad_import_refuses_the_character_with_its_line_number():
    records = mini_gv100ad(line_7={"name": "Meiß\u200bner"})
    with pytest.raises(ImportFileError) as refused:
        parse_gv100ad(gv100ad_file(records).splitlines(keepends=True))
    assert refused.value.line == 7
    assert str(refused.value).startswith(
        "Zeile 7: „Name“ enthält das unsichtbare Zeichen U+200B"
    )


@pytest.fixture
def stored_bell(roles, municipality):
    """A value whose source holds a bell, stored before the rule (no validation)."""
    value = actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2024,
        value=Decimal("2.05"),
        source="Satzung",
        actor=roles["editor"],
    )
    IndicatorValue.objects.filter(pk=value.pk).update(
        source=BELL, note="=Zeile\u202e 1\r\nZeile 2"
    )
    return value


def test_the_xlsx_export_of_a_stored_control_character_answers(
    client, roles, stored_bell
):
    client.force_login(roles["viewer"])
    response = client.get("/sektoren/wasserversorgung/export.xlsx?kreis=06636")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][7] == "Amt\ufffd Eschwege"
    assert rows[1][8] == "'=Zeile\ufffd 1\nZeile 2"


def test_the_csv_export_of_a_stored_control_character_is_clean(
    client, roles, stored_bell
):
    client.force_login(roles["viewer"])
    response = client.get("/sektoren/wasserversorgung/export.csv?kreis=06636")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "\x07" not in text and "\u202e" not in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1][7] == "Amt\ufffd Eschwege"


def test_pages_and_the_calendar_with_a_stored_control_character_answer(
    client, roles, municipality
):
    from tests.test_authorization_matrix import _cooperation

    cooperation = _cooperation({"municipality": municipality, "roles": roles})
    Cooperation.objects.filter(pk=cooperation.pk).update(
        title=BELL, next_review="2030-01-01"
    )
    client.force_login(roles["editor"])
    assert client.get(cooperation.get_absolute_url()).status_code == 200
    from lebenswert.accounts import actions as account_actions

    token = account_actions.calendar_token_reset(user=roles["editor"])
    feed = client.get(reverse("cooperations:calendar_feed", args=[token]))
    assert feed.status_code == 200
    assert b"\x07" not in feed.content
    (event,) = Calendar.from_ical(feed.content).events
    assert event["SUMMARY"].endswith(": Amt\ufffd Eschwege")


def test_a_form_refuses_10001_characters_with_a_german_message(editor, municipality):
    response = editor.post(
        reverse("cooperations:cooperation_create"),
        {
            "title": "Pool",
            "task": "Bereitschaft",
            "notes": "x" * 10_001,
            "status": "exploring",
            "lead": municipality.pk,
            "partners": [municipality.pk],
        },
    )
    page = response.content.decode()
    assert "höchstens 10000 Zeichen" in page and "10001" in page
    assert 'maxlength="10000"' in page
    assert not Cooperation.objects.exists()


def test_an_upload_named_with_a_control_character_is_stored_with_a_clean_name(
    roles, db
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = actions.figure_import_create(
        uploaded_file=SimpleUploadedFile("zahlen\x07.csv", b"AGS;Kennzahl\n"),
        default_source="",
        actor=roles["editor"],
    )
    assert upload.original_name == "zahlen\ufffd.csv"
