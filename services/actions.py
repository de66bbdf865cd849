"""Every write to indicator values and service provisions: versioned and audited."""

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lebenswert.accounts.models import User
from lebenswert.audit.actions import change_record, plain_value, snapshot
from lebenswert.audit.context import current_request_id
from lebenswert.audit.models import Change
from lebenswert.audit.versioning import check_version, versioned_save
from lebenswert.core import jobs
from lebenswert.core.bulk import collector_paused, upsert_rows
from lebenswert.core.fragments import bump, figures_scope
from lebenswert.core.numbers import format_number
from lebenswert.core.text import printable
from municipalities.models import Municipality

from . import csv_import
from .csv_import import FigureRow
from .models import FigureImport, Indicator, IndicatorValue, Sector, ServiceProvision

logger = logging.getLogger(__name__)

VALUE_FIELDS = ["year", "value", "source", "note", "is_demo"]
RESTORE_KEY = "_indicator"  # in a deletion's record: the indicator's code
PROVISION_FIELDS = [
    "provider_type", "provider_name", "provider_organisation", "staff_fte",
    "yearly_cost", "cost_year", "notes", "is_demo",
]  # fmt: skip


def _plausible_range(indicator: Indicator) -> str:
    """The plausible range as numbers are written: "0–100 %", never "0–1E+2"."""
    low, high = (format_number(indicator.minimum), format_number(indicator.maximum))
    return f"{low}–{high} {indicator.unit}"


def _check_plausible(indicator: Indicator, value: Decimal) -> None:
    if not indicator.is_plausible(value):
        raise ValidationError(
            {
                "value": (
                    f"{format_number(value)} {indicator.unit} liegt außerhalb des "
                    f"plausiblen Bereichs {_plausible_range(indicator)}."
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
    record = versioned_save(
        model=IndicatorValue,
        lookup={"municipality": municipality, "indicator": indicator, "year": year},
        fields={"value": value, "source": source, "note": note, "is_demo": is_demo},
        audited=VALUE_FIELDS,
        actor=actor,
        expected_version=expected_version,
        municipality=municipality,
        deleted_message=_(
            "Der Wert wurde inzwischen gelöscht. Bitte prüfen Sie die Angaben."
        ),
    )
    return record


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
        # The indicator's code (not shown) lets the value be restored later.
        before={**snapshot(locked, VALUE_FIELDS), RESTORE_KEY: locked.indicator.code},
        municipality=locked.municipality,
    )
    locked.delete()


def restorable_value(change: Change) -> dict | None:
    """What restoring a figure's change brings back: for an update the values it
    overwrote, for a deletion the deleted value (with its indicator). None for any
    other change, and for deletions recorded before the indicator was kept."""
    if change.content_type.model_class() is not IndicatorValue:
        return None
    old = {name: before for name, (before, _after) in change.changes.items()}
    if change.action == Change.Action.DELETE and old.get(RESTORE_KEY):
        return {"indicator": old[RESTORE_KEY], "year": old["year"], **old}
    if change.action == Change.Action.UPDATE and old:
        current = IndicatorValue.objects.filter(pk=change.object_id).first()
        if current is None:
            return None
        return {"indicator": current.indicator.code, "year": current.year, **old}
    return None


@transaction.atomic
def indicator_value_restore(
    *,
    change: Change,
    municipality: Municipality,
    actor: User | None,
    expected_version: int | None,
) -> IndicatorValue:
    """Bring back what `change` overwrote or deleted, as a new audited save.

    `expected_version` is the version of the current value the user saw (None:
    the value was gone); a value saved in between raises EditConflict."""
    target = restorable_value(change)
    if target is None or change.municipality_ags != municipality.ags:
        raise ValidationError(_("Diese Änderung lässt sich nicht wiederherstellen."))
    indicator = Indicator.objects.get(code=target["indicator"])
    current = IndicatorValue.objects.filter(
        municipality=municipality, indicator=indicator, year=target["year"]
    ).first()

    def field(name, default=""):
        if name in target:
            return target[name] if target[name] is not None else default
        return getattr(current, name) if current else default

    return indicator_value_set(
        municipality=municipality,
        indicator=indicator,
        year=target["year"],
        value=Decimal(str(field("value"))),
        source=field("source"),
        note=field("note"),
        is_demo=bool(field("is_demo", False)),
        actor=actor,
        expected_version=expected_version,
    )


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
    provision = versioned_save(
        model=ServiceProvision,
        lookup={"municipality": municipality, "sector": sector},
        fields=fields,
        audited=PROVISION_FIELDS,
        actor=actor,
        expected_version=expected_version,
        municipality=municipality,
        deleted_message=_("Die Angabe wurde inzwischen gelöscht."),
    )
    return provision


@dataclass
class FigurePreview:
    """The result of checking an upload against the database."""

    rows: list[tuple[FigureRow, str, Decimal | None]]  # row, status, old value
    errors: list[tuple[int, str]]
    encoding: str = ""
    delimiter: str = ""
    # For the import: each row's (municipality id, indicator id), and the stored
    # value, source, note and demo mark by (municipality id, indicator id, year).
    keys: list[tuple[int, int]] = field(default_factory=list, repr=False)
    stored: dict[tuple, tuple] = field(default_factory=dict, repr=False)

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


@collector_paused()  # the preview's check as well as the import's
def figures_check(
    *, raw: bytes, default_source: str, actor: User, lock: bool = False
) -> FigurePreview:
    """Parse and validate every row against the directory, indicators and rights.

    With `lock` (the import, in its transaction) the stored values are read under
    lock: the statuses and the history show what the import overwrites."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    parsed = csv_import.parse_figures(
        raw,
        default_source=default_source,
        indicators=csv_import.indicator_names(indicators.values()),
    )
    errors = list(parsed.errors)
    places = list(
        Municipality.objects.filter(ags__in={r.ags for r in parsed.rows}).only(
            "ags", "kreis_id"
        )
    )
    municipalities = {place.ags: place.pk for place in places}
    # Asked once per municipality, not per row (rules: edit_municipality_data).
    editable = {
        place.pk
        for place in places
        if actor.has_perm("municipalities.edit_municipality_data", place)
    }
    keys = {
        (municipalities[row.ags], indicators[row.indicator].pk, row.year)
        for row in parsed.rows
        if row.ags in municipalities and row.indicator in indicators
    }
    existing = _stored_values(keys, lock=lock)
    rows, ids = [], []
    for row in parsed.rows:
        problems = []
        municipality_id = municipalities.get(row.ags)
        indicator = indicators.get(row.indicator)
        if municipality_id is None:
            problems.append(f"AGS {row.ags} gibt es im Gemeindeverzeichnis nicht")
        elif municipality_id not in editable:
            problems.append(f"Sie dürfen die Zahlen von {row.ags} nicht bearbeiten")
        if indicator is None:
            problems.append(f"Kennzahl „{row.indicator}“ ist unbekannt")
        elif not indicator.is_plausible(row.value):
            problems.append(
                f"Wert {format_number(row.value)} {indicator.unit} liegt außerhalb "
                f"des plausiblen Bereichs {_plausible_range(indicator)}"
            )
        if problems:
            errors.append((row.line, "; ".join(problems) + "."))
            continue
        stored = existing.get((municipality_id, indicator.pk, row.year))
        old = stored[0] if stored else None
        status = (
            "new" if old is None else ("unchanged" if old == row.value else "changed")
        )
        rows.append((row, status, old))
        ids.append((municipality_id, indicator.pk))
    errors.sort(key=lambda error: error[0])
    return FigurePreview(
        rows=rows,
        errors=errors,
        encoding=parsed.encoding,
        delimiter=parsed.delimiter,
        keys=ids,
        stored=existing,
    )


def _stored_values(keys: set[tuple[int, int, int]], *, lock: bool) -> dict:
    """Value, source, note and demo mark of the stored rows among `keys`
    (municipality id, indicator id, year), with `lock` FOR UPDATE.

    Asked for the keys' municipalities, indicators and years: a file's places
    have values of many years, and reading them all would cost with the table's
    size instead of the file's."""
    if not keys:
        return {}
    stored = IndicatorValue.objects.filter(
        municipality_id__in={m for m, _i, _y in keys},
        indicator_id__in={i for _m, i, _y in keys},
        year__in={y for _m, _i, y in keys},
    ).values_list(
        "municipality_id", "indicator_id", "year", "value", "source", "note", "is_demo"
    )
    if lock:
        stored = stored.select_for_update()
    return {row[:3]: row[3:] for row in stored if row[:3] in keys}


@transaction.atomic
def figure_import_create(
    *, uploaded_file, default_source: str, actor: User
) -> FigureImport:
    """Store an uploaded CSV privately for its preview (checked by figures_check)."""
    figure_import = FigureImport(
        original_name=printable(uploaded_file.name, multiline=False)[:255],
        default_source=default_source,
        uploaded_by=actor,
    )
    figure_import.file.save(uploaded_file.name, uploaded_file, save=False)
    figure_import.save()
    return figure_import


def figure_import_read(figure_import: FigureImport) -> bytes:
    with figure_import.file.open("rb") as handle:
        return handle.read()


ALREADY_QUEUED = "Dieser Import wurde schon ausgeführt."


@transaction.atomic
def figure_import_queue(*, figure_import: FigureImport, actor: User) -> FigureImport:
    """Hand a previewed upload to the workers ("Importieren"); an upload leaves
    the preview once, so it can never be imported twice.

    After the commit, `queued` says whether the broker took it; if not, the
    import stays queued and jobs_recover sends it once the broker is back.
    """
    now = timezone.now()
    taken = FigureImport.objects.filter(
        pk=figure_import.pk, status=FigureImport.Status.PREVIEW
    ).update(
        status=FigureImport.Status.QUEUED,
        imported_by=actor,
        request_id=current_request_id.get(),
        queued_at=now,
    )
    if not taken:
        raise FigureImportRejected([(0, ALREADY_QUEUED)])
    figure_import.refresh_from_db()
    jobs.job_send_on_commit(figure_import)
    return figure_import


# Longer than the task's hard time limit (tasks.py): a job "running" for longer
# has lost its worker; a job queued for longer lost its queue message.
STALE_AFTER = timedelta(minutes=10)
# Errors listed in a failed import's message; the rest are counted.
LISTED_ERRORS = 100

INTERNAL_ERROR = (
    "Interner Fehler beim Import; nichts wurde importiert. Bitte wenden Sie sich "
    "an den Betrieb (Protokoll des Workers, Import Nr. {pk})."
)
GONE_ACTOR_ERROR = (
    "Das Konto, mit dem der Import ausgelöst wurde, gibt es nicht mehr; nichts "
    "wurde importiert."
)


def _rejected_message(errors: list[tuple[int, str]]) -> str:
    lines = [f"Nichts wurde importiert: {len(errors)} Fehler."]
    for line, message in errors[:LISTED_ERRORS]:
        lines.append(f"Zeile {line}: {message}" if line else message)
    if len(errors) > LISTED_ERRORS:
        lines.append(f"… und {len(errors) - LISTED_ERRORS} weitere.")
    return "\n".join(lines)


def figure_import_run(*, figure_import_id: int) -> FigureImport:
    """Import a queued upload once, in one transaction with its "succeeded": a
    worker killed midway leaves nothing, and one that lost its claim changes
    nothing. A finished or running import is left alone."""
    claim = jobs.job_claim(FigureImport, figure_import_id)
    figure_import = FigureImport.objects.select_related("imported_by").get(
        pk=figure_import_id
    )
    if claim is None:
        return figure_import
    error = None
    token = current_request_id.set(figure_import.request_id)
    try:
        if figure_import.imported_by is None:
            raise FigureImportRejected([(0, GONE_ACTOR_ERROR)])
        with jobs.Heartbeat(FigureImport, figure_import_id, claim):
            with collector_paused(), transaction.atomic():
                counts = _figures_write(
                    figure_import=figure_import, actor=figure_import.imported_by
                )
                jobs.job_finish_atomic(
                    FigureImport, figure_import_id, claim, counts=counts
                )
    except jobs.ClaimLost:
        logger.warning("Figure import %s: claim lost", figure_import_id)
    except FigureImportRejected as rejected:
        error = _rejected_message(rejected.errors)
    except Exception:
        logger.exception("Figure import %s failed", figure_import_id)
        error = INTERNAL_ERROR.format(pk=figure_import_id)
    finally:
        current_request_id.reset(token)
    if error:
        jobs.job_fail(FigureImport, figure_import_id, claim, error=error)
    figure_import.refresh_from_db()
    return figure_import


def _figures_write(*, figure_import: FigureImport, actor: User) -> dict[str, int]:
    """Write every row of a checked upload, or raise FigureImportRejected.

    Written by `upsert_rows` (on PostgreSQL COPY into a staging table and one
    INSERT … ON CONFLICT): an office's file of 100,000 values goes in within
    seconds, each value with its history record.
    """
    # Stored values read under lock, so that the history shows what was overwritten.
    preview = figures_check(
        raw=figure_import_read(figure_import),
        default_source=figure_import.default_source,
        actor=actor,
        lock=True,
    )
    if preview.errors:
        raise FigureImportRejected(preview.errors)
    writes = [
        (municipality_id, indicator_id, row)
        for (row, status, _old), (municipality_id, indicator_id) in zip(
            preview.rows, preview.keys, strict=True
        )
        if status != "unchanged"
    ]
    before = preview.stored
    now = timezone.now()
    # The history records are made on a second thread while the database writes
    # the values (pure Python, no query; the worker has a core for each); only
    # the values' ids are added after.
    shared = _history_shared(actor=actor, at=now)
    with ThreadPoolExecutor(max_workers=1) as pool:
        records = pool.submit(_history_records, writes, before=before, **shared)
        ids = _indicator_values_upsert(writes, actor=actor, now=now)
        _history_insert(records.result(), ids)
    bump(
        *(
            figures_scope(kreis)
            for kreis in Municipality.objects.filter(id__in={m for m, _i, _r in writes})
            .order_by("kreis_id")
            .values_list("kreis_id", flat=True)
            .distinct()
        )
    )
    return preview.counts


HISTORY_COLUMNS = [
    "content_type_id", "object_id", "object_repr", "action", "changes",
    "actor_id", "actor_repr", "municipality_ags", "at", "request_id",
]  # fmt: skip


def _history_shared(*, actor: User, at) -> dict:
    """What every history record of an import shares, looked up once (the
    request id and language in this thread: context variables)."""
    return {
        "value_type": ContentType.objects.get_for_model(IndicatorValue).pk,
        "who": (actor.pk, str(actor)[:300]),
        "at": at,
        "request_id": current_request_id.get(),
        "language": get_language(),
    }


def _history_records(
    writes: list[tuple[int, int, FigureRow]],
    *,
    before: dict,
    value_type: int,
    who: tuple,
    at,
    request_id: str,
    language: str,
) -> list[tuple[tuple, tuple]]:
    """One history record per imported value, by the value's key and without the
    value's id (HISTORY_COLUMNS but `object_id`); each value formatted once."""
    shown = {}
    records = []
    for municipality_id, indicator_id, row in writes:
        key = (municipality_id, indicator_id, row.year)
        old = before.get(key)
        if row.value not in shown:
            shown[row.value] = format_number(row.value, language=language)
        records.append(
            (
                key,
                (
                    value_type,
                    f"{row.indicator} {row.year}: {shown[row.value]}",
                    Change.Action.UPDATE if old else Change.Action.CREATE,
                    json.dumps(_imported_changes(row, old)),
                    *who,
                    row.ags,
                    at,
                    request_id,
                ),
            )
        )
    return records


def _history_insert(records: list[tuple[tuple, tuple]], ids: dict[tuple, int]):
    """The records with their values' ids, written by upsert_rows."""
    upsert_rows(
        Change,
        HISTORY_COLUMNS,
        [(record[0], str(ids[key]), *record[1:]) for key, record in records],
    )


def _imported_changes(row: FigureRow, old: tuple | None) -> dict[str, list]:
    """The history entry's changes for one imported value (`old`: the row before)."""
    new_value = plain_value(row.value)
    if old is None:
        changes = {"year": [None, row.year], "value": [None, new_value],
                   "source": [None, row.source]}  # fmt: skip
        if row.note:
            changes["note"] = [None, row.note]
        return changes
    old_value, old_source, old_note, old_demo = old
    changes = {}
    if plain_value(old_value) != new_value:
        changes["value"] = [plain_value(old_value), new_value]
    if old_source != row.source:
        changes["source"] = [old_source, row.source]
    if old_note != row.note:
        changes["note"] = [old_note, row.note]
    if old_demo:
        changes["is_demo"] = [True, False]
    return changes


def _indicator_values_upsert(writes, *, actor: User, now) -> dict[tuple, int]:
    """Insert or update (municipality, indicator, year) rows; returns their ids.

    The database raises an overwritten value's version itself (version + 1), so
    a value someone creates meanwhile still conflicts with that person's next
    edit."""
    key = ["municipality_id", "indicator_id", "year"]
    actor_id = actor.pk  # a property: asked once, not per row
    returned = upsert_rows(
        IndicatorValue,
        [*key, "value", "source", "note", "is_demo", "version", "updated_by_id",
         "updated_at"],
        [
            (municipality_id, indicator_id, row.year, row.value, row.source,
             row.note, False, 1, actor_id, now)
            for municipality_id, indicator_id, row in writes
        ],
        unique_fields=key,
        update_fields=["value", "source", "note", "is_demo", "updated_by_id",
                       "updated_at"],
        increment=["version"],
        returning=["id", *key],
    )  # fmt: skip
    return {(m, i, y): pk for pk, m, i, y in returned}
