"""The one bulk upsert: inserts new rows, updates existing ones, returns their ids."""

import gc
import json
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError
from django.utils import timezone

from lebenswert.audit.models import Change
from lebenswert.core import bulk
from lebenswert.core.bulk import bulk_upsert
from municipalities.models import PopulationFigure
from services.models import Indicator, IndicatorValue
from tests.factories import UserFactory


def test_bulk_upsert_inserts_and_updates_by_the_unique_fields(municipality):
    old = PopulationFigure.objects.create(
        municipality=municipality, date=date(2023, 12, 31), population=9000
    )

    def figure(day, population):
        return PopulationFigure(
            municipality=municipality, date=day, population=population, source="Test"
        )

    rows = bulk_upsert(
        PopulationFigure,
        [figure(date(2023, 12, 31), 9100), figure(date(2024, 12, 31), 9200)],
        unique_fields=["municipality", "date"],
        update_fields=["population"],
        batch_size=1,
    )
    stored = dict(
        PopulationFigure.objects.filter(municipality=municipality).values_list(
            "date", "population"
        )
    )
    assert stored[date(2023, 12, 31)] == 9100 and stored[date(2024, 12, 31)] == 9200
    assert rows[0].pk == old.pk and rows[1].pk is not None
    assert PopulationFigure.objects.get(pk=old.pk).source == old.source  # not updated
    assert (
        bulk_upsert(PopulationFigure, [], unique_fields=["date"], update_fields=[])
        == []
    )


# The two paths of upsert_rows: COPY into a staging table (PostgreSQL) and
# multi-row INSERT … VALUES (SQLite, and PostgreSQL when told so).

TRICKY_TEXTS = [
    "Tab\tdazwischen",
    "Zeile\nneu",
    "Wagen\rrücklauf",
    "Rück\\strich",
    "\\N",
    "",
    "Umlaute äöü ß €",
]


def _value_rows(municipality, indicator, actor):
    at = timezone.now()

    def write():
        key = ["municipality", "indicator", "year"]
        columns = [*key, "value", "source", "note", "version", "updated_by",
                   "updated_at"]  # fmt: skip
        first = [
            (municipality.pk, indicator.pk, 2000 + n, Decimal(n) / 4, "Quelle",
             text, 1, None, at)
            for n, text in enumerate(TRICKY_TEXTS)
        ]  # fmt: skip
        inserted = bulk.upsert_rows(
            IndicatorValue, columns, first, unique_fields=key, returning=["id", *key]
        )
        again = [(*row[:3], row[3] + 1, row[4], row[5] + "!", 1, actor.pk, at)
                 for row in first[:3]]  # fmt: skip
        updated = bulk.upsert_rows(
            IndicatorValue, columns, again, unique_fields=key,
            update_fields=["value", "note", "updated_by"], increment=["version"],
            returning=["id", *key],
        )  # fmt: skip
        unchanged = bulk.upsert_rows(
            IndicatorValue, columns, again[:2], unique_fields=key,
            update_fields=["value", "note"], returning=["id"], only_changed=True,
        )  # fmt: skip
        ids = dict(
            IndicatorValue.objects.values_list("id", "year")
        )  # ids differ between the runs; the rows they name must not
        return (
            sorted(ids[pk] for pk, *_key in inserted),
            sorted((ids[pk], year) for pk, _m, _i, year in updated),
            unchanged,
            sorted(
                IndicatorValue.objects.values_list(
                    "year", "value", "source", "note", "version", "updated_by",
                    "is_demo", "updated_at",
                )
            ),
        )  # fmt: skip

    return write


def test_upsert_rows_copy_and_values_paths_write_the_same_rows(
    both_bulk_paths, municipality
):
    indicator = Indicator.objects.get(code="water_price_m3")
    actor = UserFactory()

    result, reference = both_bulk_paths(_value_rows(municipality, indicator, actor))

    assert result == reference
    inserted, updated, unchanged, rows = result
    assert inserted == list(range(2000, 2000 + len(TRICKY_TEXTS)))
    assert updated == [(year, year) for year in (2000, 2001, 2002)]
    assert unchanged == []  # the same values again: nothing written
    assert [row[3] for row in rows] == [
        *(text + "!" for text in TRICKY_TEXTS[:3]),
        *TRICKY_TEXTS[3:],
    ]
    assert [row[4] for row in rows] == [2, 2, 2, 1, 1, 1, 1]  # version raised
    assert rows[0][1] == Decimal("1") and rows[0][5] == actor.pk
    assert rows[3][5] is None and rows[3][6] is False  # NULL, and the default


def test_upsert_rows_inserts_history_rows_with_json_alike_on_both_paths(
    bulk_path, municipality
):
    value_type = ContentType.objects.get_for_model(IndicatorValue).pk
    at = timezone.now()
    rows = [
        (value_type, str(n), text, "create",
         json.dumps({"note": [None, text], "value": [None, "1.5"]}), None, text,
         municipality.ags, at, "")
        for n, text in enumerate(TRICKY_TEXTS)
    ]  # fmt: skip

    bulk.upsert_rows(
        Change,
        ["content_type", "object_id", "object_repr", "action", "changes", "actor",
         "actor_repr", "municipality_ags", "at", "request_id"],
        rows,
    )  # fmt: skip

    stored = list(
        Change.objects.order_by("id").values_list(
            "object_id", "object_repr", "changes", "actor_id", "at"
        )
    )
    assert stored == [
        (str(n), text, {"note": [None, text], "value": [None, "1.5"]}, None, at)
        for n, text in enumerate(TRICKY_TEXTS)
    ]


def test_upsert_rows_writes_nothing_when_a_row_is_refused(bulk_path, municipality):
    indicator = Indicator.objects.get(code="water_price_m3")
    columns = ["municipality", "indicator", "year", "value", "source"]
    rows = [(municipality.pk, indicator.pk, 2020 + n, n, "Q") for n in range(5)]
    rows[3] = (municipality.pk, indicator.pk, -1, 3, "Q")  # year >= 0 is a CHECK

    with pytest.raises(IntegrityError):
        bulk.upsert_rows(
            IndicatorValue, columns, rows, unique_fields=columns[:3], returning=["id"]
        )

    assert not IndicatorValue.objects.exists()


def test_the_collector_pauses_for_an_import_and_runs_again_after_it():
    assert gc.isenabled()
    with bulk.collector_paused():
        assert not gc.isenabled()
        with bulk.collector_paused():  # an inner pause leaves the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), bulk.collector_paused():
        raise ValueError("a failed import")
    assert gc.isenabled()
