"""The free-text rule: which characters names and texts may hold (core/text.py)."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from lebenswert.core import text
from lebenswert.core.models import NormalisedText

CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f"]
C1 = ["\x80", "\x85", "\x9b", "\x9f"]
BIDI = [chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]]
BIDI_MARKS = ["\u200e", "\u200f", "\u061c"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
OTHER = ["\u2028", "\u2029", "\ufffe", "\uffff", "\U0010ffff", "\ud800"]
REFUSED_EVERYWHERE = CONTROLS + C1 + BIDI + BIDI_MARKS + ZERO_WIDTH + OTHER
LINE_BREAKS = ["\t", "\n", "\r"]
ORDINARY = "Müller-Lüdenscheidt „Amt“ – 2,05 € ½ Łódź Ærø İstanbul 😀 עברית عربي"


def _code(character: str) -> str:
    return f"U+{ord(character):04X}"


@pytest.mark.parametrize("character", REFUSED_EVERYWHERE + LINE_BREAKS, ids=_code)
def test_single_line_text_refuses_the_character_naming_field_and_code_point(
    character,
):
    with pytest.raises(ValidationError) as refused:
        text.check(f"Amt{character} Eschwege", field="Quelle", multiline=False)
    message = refused.value.messages[0]
    assert message.startswith("„Quelle“") and _code(character) in message


@pytest.mark.parametrize("character", REFUSED_EVERYWHERE, ids=_code)
def test_multi_line_text_refuses_the_character(character):
    with pytest.raises(ValidationError) as refused:
        text.check(f"Zeile 1\nZeile{character} 2", field="Anmerkung", multiline=True)
    assert _code(character) in refused.value.messages[0]


def test_messages_say_what_kind_of_character_it_is():
    def message(value, multiline=False):
        with pytest.raises(ValidationError) as refused:
            text.check(value, field="Titel", multiline=multiline)
        return refused.value.messages[0]

    assert "einzeilig" in message("a\nb")
    assert "Steuerzeichen U+0007" in message("a\x07b")
    assert "unsichtbare Zeichen U+202E" in message("a\u202eb")


def test_multi_line_text_keeps_tabs_and_line_breaks_as_newlines():
    typed = "Zeile 1\r\nZeile 2\rZeile\t3\n"
    assert text.check(typed, field="Anmerkung", multiline=True) == (
        "Zeile 1\nZeile 2\nZeile\t3\n"
    )


def test_ordinary_text_in_any_script_passes_nfc_normalised():
    assert text.check(ORDINARY, field="Name", multiline=False) == ORDINARY
    assert text.check("Ma\u0308rz", field="Name", multiline=False) == "M\u00e4rz"


def test_length_cap_is_named_in_german():
    with pytest.raises(ValidationError) as refused:
        text.check("x" * 10_001, field="Anmerkungen", multiline=True, max_length=10_000)
    assert refused.value.messages == [
        "„Anmerkungen“ hat 10.001 Zeichen; erlaubt sind höchstens 10.000."
    ]


def test_printable_replaces_what_exports_cannot_hold_and_keeps_line_breaks():
    stored = "Amt\x07 Esch\u202ewege\r\nZeile\t2\x85"
    assert text.printable(stored) == "Amt\ufffd Esch\ufffdwege\nZeile\t2\ufffd"
    assert text.printable(ORDINARY) == ORDINARY


PROJECT_PACKAGES = ("lebenswert.", "municipalities.", "services.", "cooperations.")


def _project_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.startswith(PROJECT_PACKAGES)
        and not model._meta.auto_created
    ]


def test_every_project_model_with_text_fields_follows_the_rule():
    missing = [
        model.__name__
        for model in _project_models()
        if any(
            isinstance(field, models.CharField | models.TextField)
            for field in model._meta.concrete_fields
        )
        and not issubclass(model, NormalisedText)
    ]
    assert missing == []


# Written by the portal itself (error reports of background jobs), never typed.
UNCAPPED = {"DirectoryImport.error", "FigureImport.error", "ReportJob.error"}


def test_every_text_field_typed_by_people_has_a_length_cap():
    uncapped = {
        f"{model.__name__}.{field.name}"
        for model in _project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.TextField) and not field.max_length
    }
    assert uncapped == UNCAPPED


def test_model_validation_refuses_a_text_field_beyond_its_cap(db):
    from cooperations.models import Cooperation

    cooperation = Cooperation(title="Pool", task="Bereitschaft", notes="x" * 10_001)
    with pytest.raises(ValidationError) as refused:
        cooperation.full_clean(exclude=["lead", "form", "created_by"])
    assert refused.value.message_dict["notes"] == [
        "„Anmerkungen“ hat 10.001 Zeichen; erlaubt sind höchstens 10.000."
    ]


def test_printable_single_line_replaces_line_breaks_too():
    assert text.printable("a\tb\nc\x07", multiline=False) == "a\ufffdb\ufffdc\ufffd"
