"""The one bulk upsert: inserts new rows, updates existing ones, returns their ids."""

from datetime import date

from lebenswert.core.bulk import bulk_upsert
from municipalities.models import PopulationFigure


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
