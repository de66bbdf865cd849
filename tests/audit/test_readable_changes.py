"""The history shows labels and German formats, never stored raw values."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.template.loader import render_to_string

from cooperations.models import Cooperation, CooperationDocument, SavingsEntry
from lebenswert.audit.models import Change


def _change(model, changes: dict) -> Change:
    return Change(
        content_type=ContentType.objects.get_for_model(model),
        object_id="1",
        object_repr="Bauhof",
        action=Change.Action.UPDATE,
        changes=changes,
    )


@pytest.mark.django_db
def test_readable_changes_show_labels_and_german_formats():
    change = _change(
        Cooperation,
        {
            "start_date": [None, "2024-03-31"],
            "is_example": [True, False],
            "status": ["idea", "exploring"],
            "notes": ["", "neu"],
            "_key": ["x", "y"],
        },
    )
    assert change.readable_changes == [
        ("Beginn", None, "31.03.2024"),
        ("Beispiel", "ja", "nein"),
        ("Status", "Idee", "Sondierung"),
        ("Anmerkungen", None, "neu"),
    ]


@pytest.mark.django_db
def test_readable_changes_format_decimals_and_time_stamps():
    saving = _change(SavingsEntry, {"cost_before": ["2.79", "12345.5"]})
    assert saving.readable_changes == [("Kosten vorher (€)", "2,79", "12.345,5")]
    uploaded = _change(
        CooperationDocument, {"uploaded_at": [None, "2024-03-31T10:15:00+00:00"]}
    )
    [(label, old, new)] = uploaded.readable_changes
    assert (label, old) == ("hochgeladen am", None)
    assert new == "31.03.2024 12:15"  # Europe/Berlin in summer


@pytest.mark.django_db
def test_change_table_shows_no_raw_values():
    change = _change(Cooperation, {"start_date": ["2023-01-01", "2024-03-31"]})
    html = render_to_string(
        "services/partials/change_table.html", {"changes": [change]}
    )
    assert "01.01.2023 → 31.03.2024" in html
    assert "2024-03-31" not in html
