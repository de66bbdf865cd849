"""The versioned save with two writers at once, on two real database connections,
and the conflict message people read (local time, the form's labels)."""

import threading
from datetime import UTC
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connections
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lebenswert.audit.models import Change
from lebenswert.core.concurrency import EditConflict
from services import actions
from services.models import Indicator, IndicatorValue

# SQLite takes the write lock at BEGIN (transaction_mode IMMEDIATE): two writers
# never overlap there, so only PostgreSQL can show the race.
postgresql_only = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="two overlapping writers need PostgreSQL (SQLite serialises them)",
)
transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _create(municipality, actor, value: str) -> IndicatorValue:
    return actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2024,
        value=Decimal(value),
        source=f"Satzung {actor.email}",
        actor=actor,
        expected_version=None,  # both editors saw no value for 2024
    )


def _in_thread(target, *args) -> threading.Thread:
    """Run `target` on its own database connection, closed when it ends."""

    def run():
        try:
            target(*args)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@postgresql_only
@transactional
def test_two_simultaneous_creations_end_in_one_value_and_one_conflict(
    roles, municipality, monkeypatch
):
    # Both writers pass the lookup (no row yet) and validation before either
    # inserts: the barrier holds each until the other has got that far.
    barrier = threading.Barrier(2, timeout=30)
    original = IndicatorValue.full_clean

    def full_clean_then_wait(self, *args, **kwargs):
        original(self, *args, **kwargs)
        barrier.wait()

    monkeypatch.setattr(IndicatorValue, "full_clean", full_clean_then_wait)
    results: dict[str, object] = {}

    def write(role, value):
        try:
            results[role] = _create(municipality, roles[role], value)
        except Exception as error:  # noqa: BLE001 - the test inspects it
            results[role] = error

    threads = [_in_thread(write, "editor", "2.05"), _in_thread(write, "admin", "2.10")]
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    saved = [r for r in results.values() if isinstance(r, IndicatorValue)]
    refused = [r for r in results.values() if not isinstance(r, IndicatorValue)]
    assert len(saved) == 1 and len(refused) == 1, results
    conflict = refused[0]
    assert isinstance(conflict, EditConflict), repr(conflict)
    winner = saved[0]
    assert conflict.current.pk == winner.pk
    assert conflict.last_change.actor_id == winner.updated_by_id
    # Nothing of the second writer is half-written: one row, one history entry.
    stored = IndicatorValue.objects.get()
    assert (stored.value, stored.source) == (winner.value, winner.source)
    assert list(Change.objects.for_object(stored).values_list("action", "actor")) == [
        ("create", winner.updated_by_id)
    ]


@postgresql_only
@transactional
def test_creating_what_someone_else_creates_meanwhile_shows_the_409_page(
    client, roles, municipality, monkeypatch
):
    # The admin's insert happens between the editor's lookup and insert.
    original = IndicatorValue.full_clean
    done = []

    def full_clean_while_someone_else_creates(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if not done:
            done.append(True)
            _in_thread(_create, municipality, roles["admin"], "2.10").join(timeout=60)

    monkeypatch.setattr(
        IndicatorValue, "full_clean", full_clean_while_someone_else_creates
    )
    client.force_login(roles["editor"])
    response = client.post(
        reverse("services:indicator_value_create", args=[municipality.ags]),
        {
            "indicator": Indicator.objects.get(code="water_price_m3").pk,
            "year": 2024,
            "value": "2,05",
            "source": "Satzung",
        },
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert str(roles["admin"]) in page and "nicht gespeichert" in page
    assert "Wert: – → 2,1" in page
    stored = IndicatorValue.objects.get()
    assert stored.value == Decimal("2.10") and stored.updated_by == roles["admin"]
    assert Change.objects.for_object(stored).count() == 1


def test_the_conflict_message_shows_local_time_and_the_fields_labels(
    client, roles, municipality
):
    value = _create(municipality, roles["editor"], "2.05")
    url = reverse("services:indicator_value_update", args=[municipality.ags, value.pk])
    form = {"version": value.version, "value": "2,50", "source": "Satzung", "note": ""}
    client.force_login(roles["editor"])
    assert client.post(url, form).status_code == 302
    change = Change.objects.for_object(value).first()

    client.force_login(roles["admin"])
    refused = client.post(url, {**form, "value": "3,10"})

    assert refused.status_code == 409
    page = refused.content.decode()
    local = date_format(timezone.localtime(change.at), "DATETIME_FORMAT")
    utc = date_format(change.at.astimezone(UTC), "DATETIME_FORMAT")
    assert local != utc  # Europe/Berlin is never UTC
    assert f"am {local} geändert" in page and utc not in page
    assert "Wert: 2,05 → 2,5" in page and "Quelle: " in page
    assert "value:" not in page and "source:" not in page
