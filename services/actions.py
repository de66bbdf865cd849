"""Every write to indicator values and service provisions: versioned and audited."""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from lebenswert.accounts.models import User
from lebenswert.audit.actions import change_record, snapshot
from lebenswert.audit.context import current_request_id
from lebenswert.audit.models import Change
from lebenswert.core.concurrency import ANY_VERSION, check_version
from municipalities.models import Municipality

from . import csv_import
from .csv_import import FigureRow
from .models import FigureImport, Indicator, IndicatorValue, Sector, ServiceProvision

VALUE_FIELDS = ["year", "value", "source", "note", "is_demo"]
PROVISION_FIELDS = [
    "provider_type", "provider_name", "staff_fte", "yearly_cost", "cost_year", "notes",
    "is_demo",
]  # fmt: skip


def _check_plausible(indicator: Indicator, value: Decimal) -> None:
    if not indicator.is_plausible(value):
        raise ValidationError(
            {
                "value": (
                    f"{value} {indicator.unit} liegt außerhalb des plausiblen Bereichs "
                    f"{indicator.minimum.normalize()}–{indicator.maximum.normalize()} "
                    f"{indicator.unit}."
                )
            }
        )


@transaction.atomic
def indicator_value_set(
    *,
    municipality: Municipality,
    indicator: Indicator,
    year: int,
    value: Decimal,
    source: str,
    note: str = "",
    actor: User | None,
    expected_version: int | None = None,
    is_demo: bool = False,
) -> IndicatorValue:
    """Create or update the value for one municipality, indicator and year.

    `expected_version` is the version the editor saw (None: no value existed); a
    value saved by someone else in between raises EditConflict.
    """
    _check_plausible(indicator, value)
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(municipality=municipality, indicator=indicator, year=year)
        .first()
    )
    if existing is None:
        if expected_version not in (None, ANY_VERSION):
            # The value the editor saw was deleted meanwhile.
            raise ValidationError(
                "Der Wert wurde inzwischen gelöscht. Bitte prüfen Sie die Angaben."
            )
        record = IndicatorValue(
            municipality=municipality,
            indicator=indicator,
            year=year,
            value=value,
            source=source,
            note=note,
            is_demo=is_demo,
            updated_by=actor,
        )
        record.full_clean()
        record.save()
        change_record(
            instance=record,
            action=Change.Action.CREATE,
            actor=actor,
            after=snapshot(record, VALUE_FIELDS),
            municipality=municipality,
        )
        return record
    check_version(existing, expected_version)
    before = snapshot(existing, VALUE_FIELDS)
    existing.value, existing.source, existing.note = value, source, note
    existing.is_demo = is_demo
    existing.updated_by = actor
    existing.version += 1
    existing.full_clean()
    existing.save()
    change_record(
        instance=existing,
        action=Change.Action.UPDATE,
        actor=actor,
        before=before,
        after=snapshot(existing, VALUE_FIELDS),
        municipality=municipality,
    )
    return existing


@transaction.atomic
def indicator_value_delete(
    *, indicator_value: IndicatorValue, actor: User | None, expected_version: int
) -> None:
    locked = IndicatorValue.objects.select_for_update().get(pk=indicator_value.pk)
    check_version(locked, expected_version)
    change_record(
        instance=locked,
        action=Change.Action.DELETE,
        actor=actor,
        before=snapshot(locked, VALUE_FIELDS),
        municipality=locked.municipality,
    )
    locked.delete()


@transaction.atomic
def provision_set(
    *,
    municipality: Municipality,
    sector: Sector,
    actor: User | None,
    expected_version: int | None = None,
    **fields,
) -> ServiceProvision:
    """Create or update who provides `sector` in `municipality`."""
    unknown = set(fields) - set(PROVISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown provision fields: {sorted(unknown)}")
    existing = (
        ServiceProvision.objects.select_for_update()
        .filter(municipality=municipality, sector=sector)
        .first()
    )
    if existing is None:
        if expected_version not in (None, ANY_VERSION):
            raise ValidationError("Die Angabe wurde inzwischen gelöscht.")
        provision = ServiceProvision(
            municipality=municipality, sector=sector, updated_by=actor, **fields
        )
        provision.full_clean()
        provision.save()
        change_record(
            instance=provision,
            action=Change.Action.CREATE,
            actor=actor,
            after=snapshot(provision, PROVISION_FIELDS),
            municipality=municipality,
        )
        return provision
    check_version(existing, expected_version)
    before = snapshot(existing, PROVISION_FIELDS)
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.updated_by = actor
    existing.version += 1
    existing.full_clean()
    existing.save()
    change_record(
        instance=existing,
        action=Change.Action.UPDATE,
        actor=actor,
        before=before,
        after=snapshot(existing, PROVISION_FIELDS),
        municipality=municipality,
    )
    return existing


@dataclass
class FigurePreview:
    """The result of checking an upload against the database."""

    rows: list[tuple[FigureRow, str, Decimal | None]]  # row, status, old value
    errors: list[tuple[int, str]]
    encoding: str = ""
    delimiter: str = ""

    @property
    def counts(self) -> dict[str, int]:
        counts = {"new": 0, "changed": 0, "unchanged": 0}
        for _row, status, _old in self.rows:
            counts[status] += 1
        return counts


class FigureImportRejected(Exception):
    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors")


def figures_check(*, raw: bytes, default_source: str, actor: User) -> FigurePreview:
    """Parse and validate every row against the directory, indicators and rights."""
    from municipalities.rules import roles_of

    parsed = csv_import.parse_figures(raw, default_source=default_source)
    errors = list(parsed.errors)
    municipalities = dict(
        Municipality.objects.filter(ags__in={r.ags for r in parsed.rows}).values_list(
            "ags", "id"
        )
    )
    indicators = {i.code: i for i in Indicator.objects.all()}
    existing = {
        (m, i, y): v
        for m, i, y, v in IndicatorValue.objects.filter(
            municipality_id__in=municipalities.values()
        ).values_list("municipality_id", "indicator_id", "year", "value")
    }
    may_edit_all = actor.is_active and actor.is_staff
    editable = {m for m, role in roles_of(actor).items() if role == "editor"}
    rows = []
    for row in parsed.rows:
        problems = []
        municipality_id = municipalities.get(row.ags)
        indicator = indicators.get(row.indicator)
        if municipality_id is None:
            problems.append(f"AGS {row.ags} gibt es im Gemeindeverzeichnis nicht")
        elif not may_edit_all and municipality_id not in editable:
            problems.append(f"Sie dürfen die Zahlen von {row.ags} nicht bearbeiten")
        if indicator is None:
            problems.append(f"Kennzahl „{row.indicator}“ ist unbekannt")
        elif not indicator.is_plausible(row.value):
            problems.append(
                f"Wert {row.value} {indicator.unit} liegt außerhalb des plausiblen "
                f"Bereichs {indicator.minimum.normalize()}–{indicator.maximum.normalize()}"
            )
        if problems:
            errors.append((row.line, "; ".join(problems) + "."))
            continue
        old = existing.get((municipality_id, indicator.pk, row.year))
        status = "new" if old is None else ("unchanged" if old == row.value else "changed")
        rows.append((row, status, old))
    errors.sort(key=lambda error: error[0])
    return FigurePreview(
        rows=rows, errors=errors, encoding=parsed.encoding, delimiter=parsed.delimiter
    )


@transaction.atomic
def figure_import_upload(
    *, uploaded_file, default_source: str, actor: User
) -> FigureImport:
    figure_import = FigureImport(
        original_name=uploaded_file.name[:255],
        default_source=default_source,
        uploaded_by=actor,
    )
    figure_import.file.save(uploaded_file.name, uploaded_file, save=False)
    figure_import.save()
    return figure_import


def figure_import_read(figure_import: FigureImport) -> bytes:
    with figure_import.file.open("rb") as handle:
        return handle.read()


@transaction.atomic
def figures_import(*, figure_import: FigureImport, actor: User) -> dict[str, int]:
    """Write every row of a checked upload, or nothing if any row is wrong."""
    locked = FigureImport.objects.select_for_update().get(pk=figure_import.pk)
    if locked.status != FigureImport.Status.PREVIEW:
        raise FigureImportRejected([(0, "Dieser Import wurde schon ausgeführt.")])
    preview = figures_check(
        raw=figure_import_read(locked), default_source=locked.default_source, actor=actor
    )
    if preview.errors:
        raise FigureImportRejected(preview.errors)
    municipalities = dict(
        Municipality.objects.filter(ags__in={r.ags for r, _s, _o in preview.rows})
        .values_list("ags", "id")
    )
    indicators = dict(Indicator.objects.values_list("code", "id"))
    keys = {
        (municipalities[r.ags], indicators[r.indicator], r.year)
        for r, status, _old in preview.rows
        if status != "unchanged"
    }
    current = {
        (v.municipality_id, v.indicator_id, v.year): v
        for v in IndicatorValue.objects.select_for_update().filter(
            municipality_id__in={k[0] for k in keys},
            indicator_id__in={k[1] for k in keys},
        )
    }
    records, changes = [], []
    now = timezone.now()
    value_type = ContentType.objects.get_for_model(IndicatorValue)
    request_id = current_request_id.get()
    for row, status, _old in preview.rows:
        if status == "unchanged":
            continue
        key = (municipalities[row.ags], indicators[row.indicator], row.year)
        old = current.get(key)
        records.append(
            IndicatorValue(
                municipality_id=key[0],
                indicator_id=key[1],
                year=row.year,
                value=row.value,
                source=row.source,
                note=row.note,
                is_demo=False,
                updated_by=actor,
                updated_at=now,
                version=(old.version + 1) if old else 1,
            )
        )
    IndicatorValue.objects.bulk_create(
        records,
        update_conflicts=True,
        unique_fields=["municipality", "indicator", "year"],
        update_fields=["value", "source", "note", "is_demo", "updated_by", "updated_at",
                       "version"],
        batch_size=2000,
    )  # fmt: skip
    ids = {
        (v.municipality_id, v.indicator_id, v.year): v.pk
        for v in IndicatorValue.objects.filter(
            municipality_id__in={k[0] for k in keys},
            indicator_id__in={k[1] for k in keys},
        ).only("id", "municipality_id", "indicator_id", "year")
    }
    for record in records:
        key = (record.municipality_id, record.indicator_id, record.year)
        old = current.get(key)
        after = snapshot(record, VALUE_FIELDS)
        before = snapshot(old, VALUE_FIELDS) if old else {}
        changes.append(
            Change(
                content_type=value_type,
                object_id=str(ids[key]),
                object_repr=f"{record.year}: {record.value}",
                action=Change.Action.UPDATE if old else Change.Action.CREATE,
                changes={
                    name: [before.get(name), value]
                    for name, value in after.items()
                    if before.get(name) != value
                },
                actor=actor,
                actor_repr=str(actor),
                municipality_id=record.municipality_id,
                request_id=request_id,
            )
        )
    Change.objects.bulk_create(changes, batch_size=2000)
    locked.status = FigureImport.Status.IMPORTED
    locked.imported_at = now
    locked.counts = preview.counts
    locked.save(update_fields=["status", "imported_at", "counts"])
    return preview.counts
