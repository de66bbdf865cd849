"""The CSV bad-input suite: every broken upload names its line and writes nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lebenswert.audit.models import Change
from lebenswert.core.numbers import parse_number
from services import actions
from services.csv_import import parse_decimal, parse_figures
from services.models import FigureImport, Indicator, IndicatorValue
from tests.conftest import refuse_last_row
from tests.outage import broker_down

HEADER = "AGS;Kennzahl;Jahr;Wert;Quelle\n"


def _upload(text: str | bytes, user, name="zahlen.csv") -> FigureImport:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return actions.figure_import_create(
        uploaded_file=SimpleUploadedFile(name, raw), default_source="", actor=user
    )


def _import(upload: FigureImport, user) -> FigureImport:
    """ "Importieren" and the worker's run, in this process."""
    actions.figure_import_queue(figure_import=upload, actor=user)
    return actions.figure_import_run(figure_import_id=upload.pk)


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

    done = _import(upload, roles["editor"])

    assert done.status == FigureImport.Status.SUCCEEDED, done.error
    assert done.counts == {"new": 1, "changed": 0, "unchanged": 0}
    value = IndicatorValue.objects.get()
    assert value.value == Decimal("2.35") and value.municipality == municipality
    assert value.source.startswith(("Satzung", "Gebührensatzung"))


def test_german_thousands_separator_in_semicolon_files():
    assert parse_decimal("1.234", delimiter=";") == Decimal("1234")
    assert parse_decimal("1.234,5", delimiter=";") == Decimal("1234.5")
    assert parse_decimal("1.234", delimiter=",") == Decimal("1.234")


def test_values_are_read_like_typed_numbers_and_ambiguous_ones_refused():
    assert parse_decimal("2.400.000,50", delimiter=";") == Decimal("2400000.50")
    assert parse_decimal("1234.56", delimiter=";") == Decimal("1234.56")
    assert parse_decimal("1.234,5", delimiter=",") == Decimal("1234.5")
    assert parse_decimal("-0,8", delimiter=";") == Decimal("-0.8")
    assert parse_decimal("1,5E+06", delimiter=";") == Decimal("1500000")
    for text in ("1.234.5", "", "viel"):
        with pytest.raises(ValueError):
            parse_decimal(text, delimiter=";")


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
    failed = _import(upload, roles["editor"])

    assert any(
        error_line == line and message in m for error_line, m in preview.errors
    ), preview.errors
    assert failed.status == FigureImport.Status.FAILED
    assert failed.error.splitlines() == [
        f"Nichts wurde importiert: {len(preview.errors)} Fehler.",
        *(f"Zeile {error_line}: {m}" for error_line, m in preview.errors),
    ]
    assert failed.finished_at and failed.counts == {}
    assert _database_state() == before


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

    queued = client.post(preview_url, follow=True).content.decode()
    assert "Der Import läuft." in queued and "wartet" in queued
    assert 'data-hx-trigger="every 2s"' in queued  # the page refreshes itself
    upload = FigureImport.objects.get()
    assert upload.status == FigureImport.Status.QUEUED
    assert upload.imported_by == roles["editor"] and upload.request_id
    actions.figure_import_run(figure_import_id=upload.pk)  # the worker's part

    value = IndicatorValue.objects.get()
    assert value.value == Decimal("1.46") and value.updated_by == roles["editor"]
    change = Change.objects.get()
    assert change.actor == roles["editor"]
    assert change.request_id == upload.request_id  # the "Importieren" request
    done = client.get(preview_url, HTTP_HX_REQUEST="true").content.decode()
    assert "importiert: 1 neu, 0 geändert, 0 unverändert" in done
    assert "data-hx-trigger" not in done
    # Importing the same upload twice is refused.
    again = client.post(preview_url, follow=True).content.decode()
    assert "Dieser Import wurde schon ausgeführt." in again
    assert actions.figure_import_run(figure_import_id=upload.pk).attempts == 1
    assert IndicatorValue.objects.count() == 1 and Change.objects.count() == 1


def test_import_with_the_broker_down_stays_queued_and_says_so(
    transactional_db, client, roles, municipality, private_folder
):
    # Committed for real, so that the import is handed to the broker in the request.
    client.force_login(roles["editor"])
    upload = _upload(HEADER + "06636003;water_price_m3;2024;2,35;S\n", roles["editor"])
    url = reverse("services:figure_import_detail", args=[upload.pk])
    with broker_down():
        response = client.post(url, follow=True)

    page = response.content.decode()
    assert "Warteschlange ist gerade nicht erreichbar" in page
    upload.refresh_from_db()
    assert upload.status == FigureImport.Status.QUEUED and upload.queued_at
    assert not IndicatorValue.objects.exists()


def test_import_of_changed_values_records_old_and_new(
    roles, municipality, existing_value
):
    upload = _upload(
        HEADER + "06636003;water_price_m3;2023;2,10;Neu\n", roles["editor"]
    )
    done = _import(upload, roles["editor"])
    assert done.counts["changed"] == 1
    existing_value.refresh_from_db()
    assert existing_value.value == Decimal("2.10") and existing_value.version == 2
    latest = Change.objects.order_by("-id").first()
    assert latest.changes["value"] == ["2", "2.1"]


def test_import_compares_only_the_values_the_file_names(
    roles, municipality, existing_value
):
    """The stored values are read for the file's places, indicators and years
    together: a stored value among those that the file does not name (water
    price 2024 beside the file's 2023 and its other indicator's 2024) is neither
    counted nor overwritten."""
    beside = actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2024,
        value=Decimal("3.00"),
        source="alt",
        actor=roles["editor"],
    )
    upload = _upload(
        HEADER
        + "06636003;water_price_m3;2023;2,10;Neu\n"
        + "06636003;water_cost_per_person;2024;150;Neu\n",
        roles["editor"],
    )
    done = _import(upload, roles["editor"])
    assert done.counts == {"new": 1, "changed": 1, "unchanged": 0}
    beside.refresh_from_db()
    assert (beside.value, beside.version) == (Decimal("3.00"), 1)
    history = {
        change.object_repr: change.changes
        for change in Change.objects.filter(action__in=["create", "update"]).order_by(
            "id"
        )
    }
    assert history["water_price_m3 2023: 2,1"]["value"] == ["2", "2.1"]
    assert history["water_cost_per_person 2024: 150"]["value"] == [None, "150"]


def _names():
    from services.csv_import import indicator_names

    return indicator_names(Indicator.objects.all())


@pytest.mark.django_db
def test_a_value_per_line_accepts_the_indicators_german_name():
    raw = (HEADER + "06636003;Wasserpreis je m³;2024;2,35;Satzung\n").encode()
    parsed = parse_figures(raw, indicators=_names())
    assert not parsed.errors
    assert [row.indicator for row in parsed.rows] == ["water_price_m3"]


@pytest.mark.django_db
def test_the_template_layout_reads_a_column_per_indicator_by_code_or_name():
    """Issue 15, item 7: columns headed by name, code or „Name (code)“; empty
    cells skipped; a bad cell's message names its column and line."""
    raw = (
        "AGS;Gemeinde;Jahr;Quelle;Wasserpreis je m³ (water_price_m3);"
        "stormwater_fee_m2\n"
        "06636003;Eschwege;2024;Satzung;2,35;\n"
        "06636016;Witzenhausen;2024;Satzung;2,10;1,46\n"
        "06636011;Meinhard;2024;Satzung;zwei;\n"
    ).encode()
    parsed = parse_figures(raw, indicators=_names())
    rows = {(r.ags, r.indicator): r.value for r in parsed.rows}
    assert rows == {
        ("06636003", "water_price_m3"): Decimal("2.35"),
        ("06636016", "water_price_m3"): Decimal("2.10"),
        ("06636016", "stormwater_fee_m2"): Decimal("1.46"),
    }
    assert parsed.errors == [
        (4, "Spalte „Wasserpreis je m³ (water_price_m3)“: Wert „zwei“ ist keine Zahl.")
    ]


def test_the_download_template_is_read_back_as_it_is(client, roles, municipality):
    client.force_login(roles["editor"])
    response = client.get(reverse("services:figure_import_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('kennzahlen-vorlage.csv"')
    text = response.content.decode("utf-8-sig")
    header, *lines = text.splitlines()
    assert header.startswith("AGS;Gemeinde;Jahr;Quelle;")
    assert "Wasserpreis je m³ (water_price_m3)" in header
    assert [line.split(";")[0] for line in lines] == [municipality.ags]  # own only

    # Filled in (one value) and uploaded unchanged otherwise: a clean preview.
    columns = header.split(";")
    cells = lines[0].split(";")
    cells[3] = "Gebührensatzung"
    cells[columns.index("Wasserpreis je m³ (water_price_m3)")] = "2,35"
    filled = "\ufeff" + header + "\n" + ";".join(cells) + "\n"
    upload = client.post(
        reverse("services:figure_import_create"),
        {"file": SimpleUploadedFile("vorlage.csv", filled.encode("utf-8"))},
    )
    preview = client.get(upload.url).content.decode()
    assert "1 neue Werte" in preview


def test_a_kreis_template_lists_its_municipalities(client, roles, municipality):
    client.force_login(roles["editor"])
    response = client.get(
        reverse("services:figure_import_template"), {"kreis": municipality.kreis_id}
    )
    text = response.content.decode("utf-8-sig")
    assert len(text.splitlines()) == 1 + 2  # Eschwege and Witzenhausen
    assert (
        client.get(
            reverse("services:figure_import_template"), {"kreis": "99999"}
        ).status_code
        == 404
    )


def test_the_import_page_lists_every_indicator_with_unit_and_range(client, roles):
    client.force_login(roles["editor"])
    page = client.get(reverse("services:figure_import_create")).content.decode()
    for indicator in Indicator.objects.all():
        assert f"<code>{indicator.code}</code>" in page
    assert "Vorlage für Ihre Gemeinden" in page


# The import's writes: COPY and one INSERT … ON CONFLICT on PostgreSQL, multi-row
# INSERT … VALUES elsewhere; the same values and history rows either way.

MIXED_FILE = (
    "AGS;Kennzahl;Jahr;Wert;Quelle;Anmerkung\n"
    "06636003;water_price_m3;2023;2,10;Neu;\n"  # changes the existing value
    '06636003;water_price_m3;2024;2,35;Satzung;"zwei\nZeilen mit \\N und\tTab"\n'
    "06636003;water_price_m3;2025;12,5;Satzung;\n"
)


def _imported_state():
    """Values by their key and history rows by the value they name, without ids
    and times (which differ between runs)."""
    values = {
        value.pk: value for value in IndicatorValue.objects.select_related("indicator")
    }
    history = []
    for change in Change.objects.filter(content_type__model="indicatorvalue").order_by(
        "object_repr"
    ):
        value = values[int(change.object_id)]
        history.append(
            (value.year, change.object_repr, change.action, change.changes,
             change.actor_id, change.actor_repr, change.municipality_ags,
             change.request_id)
        )  # fmt: skip
    rows = sorted(
        (value.indicator.code, value.year, value.value, value.source, value.note,
         value.version, value.updated_by_id, value.is_demo)
        for value in values.values()
    )  # fmt: skip
    return rows, history


def test_figure_import_writes_the_same_values_and_history_by_copy_and_by_insert(
    roles, municipality, existing_value, private_folder, both_bulk_paths
):
    editor = roles["editor"]

    def write():
        done = _import(_upload(MIXED_FILE, editor), editor)
        return done.status, done.counts, _imported_state()

    by_copy, by_values = both_bulk_paths(write)

    assert by_copy == by_values
    status, counts, (rows, history) = by_copy
    assert status == FigureImport.Status.SUCCEEDED
    assert counts == {"new": 2, "changed": 1, "unchanged": 0}
    assert [row[1:6] for row in rows] == [
        (2023, Decimal("2.1000"), "Neu", "", 2),
        (2024, Decimal("2.3500"), "Satzung", "zwei\nZeilen mit \\N und\tTab", 1),
        (2025, Decimal("12.5000"), "Satzung", "", 1),
    ]
    imported = [row for row in history if row[4] == editor.pk and row[0] == 2025]
    assert imported[-1][1:4] == (
        "water_price_m3 2025: 12,5",
        "create",
        {"year": [None, 2025], "value": [None, "12.5"], "source": [None, "Satzung"]},
    )


def test_figure_import_failing_in_its_history_write_leaves_nothing(
    roles, municipality, existing_value, private_folder, bulk_path, monkeypatch
):
    """A history row the database refuses after the values were written (here one
    without its text) fails the import and undoes the values."""
    refuse_last_row(monkeypatch, actions, Change, 2)  # object_repr
    upload = _upload(MIXED_FILE, roles["editor"])
    before = _database_state()

    failed = _import(upload, roles["editor"])

    assert failed.status == FigureImport.Status.FAILED
    assert failed.error == actions.INTERNAL_ERROR.format(pk=upload.pk)
    assert _database_state() == before
    existing_value.refresh_from_db()
    assert (existing_value.value, existing_value.version) == (Decimal("2.00"), 1)


@pytest.mark.parametrize(
    ("text", "delimiter", "language"),
    [
        (text, delimiter, language)
        for delimiter, language, texts in (
            (";", "de", ["0", "-0", "7", "007", "2,35", "-0,8", "1234,5678"]),
            (",", "en", ["0", "-0", "7", "007", "2.35", "-0.8", "1234.5678"]),
        )
        for text in texts
    ],
)
def test_plain_numbers_are_read_as_parse_number_reads_them(text, delimiter, language):
    """The short way for plain cells gives what the general reader gives."""
    fast = parse_decimal(text, delimiter=delimiter)

    assert fast == parse_number(text, language=language)
    assert str(fast) == str(parse_number(text, language=language))
