"""Every write to the municipality directory and to who works where."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from lebenswert.accounts.models import User
from lebenswert.audit.actions import record_saved, stored_snapshot
from lebenswert.audit.context import request_actor
from lebenswert.core import jobs
from lebenswert.core.bulk import bulk_upsert, collector_paused, upsert_rows
from lebenswert.core.fragments import DIRECTORY, bump
from lebenswert.core.numbers import format_number
from lebenswert.core.text import check as text_check
from lebenswert.core.text import printable

from . import importers, pilot_region
from .models import (
    Boundary,
    CensusBasis,
    DirectoryImport,
    Gemeindeverband,
    Kreis,
    Land,
    Membership,
    Municipality,
    PlannerAssignment,
    PopulationFigure,
    PopulationProjection,
    PopulationProjectionValue,
    Regierungsbezirk,
)

logger = logging.getLogger(__name__)


@dataclass
class ImportReport:
    """What an import changed, for the command line and the import page."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "notes": self.notes}

    def lines(self) -> list[str]:
        names = list(dict.fromkeys([*self.created, *self.updated]))
        rows = [
            f"{name}: {self.created.get(name, 0)} neu, {self.updated.get(name, 0)} "
            "aktualisiert"
            for name in names
        ]
        return rows + self.notes


def _count(report: ImportReport, name: str, keys: Iterable, existing: set) -> None:
    keys = list(keys)
    new = sum(1 for key in keys if key not in existing)
    report.created[name] = new
    report.updated[name] = len(keys) - new


def _short_name(official_name: str) -> str:
    """'Eschwege, Kreisstadt' → 'Eschwege'.

    Destatis appends the status after a comma.
    """
    return official_name.split(",")[0].strip()


def _upsert_counted(
    report: ImportReport,
    name: str,
    model,
    columns: list[str],
    rows: list[tuple],
    *,
    existing: set,
) -> None:
    """Count `rows` as new or updated (by their first column, the key, against
    `existing`), then upsert them by that key."""
    _count(report, name, (row[0] for row in rows), existing)
    upsert_rows(
        model,
        columns,
        rows,
        unique_fields=columns[:1],
        update_fields=columns[1:],
        only_changed=True,
    )


def _codes(model) -> set[str]:
    return set(model.objects.values_list("code", flat=True))


@dataclass
class _Gv100adRun:
    """One GV100AD import: the parsed file, its dates and source, the report."""

    directory: importers.Directory
    population_date: date
    census_basis: str
    report: ImportReport = field(default_factory=ImportReport)

    @property
    def stand(self) -> date:
        return self.directory.territory_date

    @property
    def source(self) -> str:
        return f"{importers.GV100AD_SOURCE}, Gebietsstand {self.stand:%d.%m.%Y}"


def _gv100ad_regions_upsert(run: _Gv100adRun) -> None:
    """Länder, Regierungsbezirke, Kreise and Gemeindeverbände."""
    directory, report = run.directory, run.report
    _upsert_counted(
        report,
        "Länder",
        Land,
        ["code", "name", "seat"],
        [(r.code, r.name, r.seat) for r in directory.laender],
        existing=_codes(Land),
    )
    existing = _codes(Regierungsbezirk)
    _upsert_counted(
        report,
        "Regierungsbezirke",
        Regierungsbezirk,
        ["code", "land", "name", "seat"],
        [(r.code, r.code[:2], r.name, r.seat) for r in directory.bezirke],
        existing=existing,
    )
    bezirke = {r.code for r in directory.bezirke} | existing
    _upsert_counted(
        report,
        "Kreise",
        Kreis,
        ["code", "land", "regierungsbezirk", "name", "seat", "type"],
        [
            (r.code, r.code[:2], r.code[:3] if r.code[:3] in bezirke else None,
             r.name, r.seat, r.type)
            for r in directory.kreise
        ],
        existing=_codes(Kreis),
    )  # fmt: skip
    _upsert_counted(
        report,
        "Gemeindeverbände",
        Gemeindeverband,
        ["code", "kreis", "name", "seat", "type"],
        [(r.code, r.code[:5], r.name, r.seat, r.type) for r in directory.verbaende],
        existing=_codes(Gemeindeverband),
    )


def _gv100ad_municipalities_upsert(run: _Gv100adRun) -> None:
    source, day, basis = run.source, run.population_date, run.census_basis
    _upsert_counted(
        run.report,
        "Gemeinden",
        Municipality,
        [
            "ags", "ars", "name", "short_name", "type", "kreis", "verband", "area_km2",
            "area_date", "population", "population_date", "population_basis",
            "postcode", "postcode_multiple", "territory_date", "source",
        ],
        [
            (r.ags, r.ars, r.name, _short_name(r.name), r.type, r.ags[:5], r.ars[:9],
             r.area_km2, day, r.population, day, basis, r.postcode,
             r.postcode_multiple, run.stand, source)
            for r in run.directory.municipalities
        ],
        existing=set(Municipality.objects.values_list("ags", flat=True)),
    )  # fmt: skip


def _gv100ad_population_upsert(run: _Gv100adRun, ids: dict[str, int]) -> None:
    _population_figures_upsert(
        run.report,
        [
            (
                ids[r.ags],
                run.population_date,
                r.population,
                run.census_basis,
                run.source,
            )
            for r in run.directory.municipalities
            if r.population is not None
        ],  # fmt: skip
    )


def _population_figures_upsert(report: ImportReport, figures: list[tuple]) -> None:
    """Upsert figures (municipality id, date, population, basis, source; one per
    municipality and date), counted as new or updated."""
    keys = [(figure[0], figure[1]) for figure in figures]
    existing = set(
        PopulationFigure.objects.filter(
            municipality_id__in={m for m, d in keys}, date__in={d for m, d in keys}
        ).values_list("municipality_id", "date")
    )
    _count(report, "Einwohnerzahlen", keys, existing)
    upsert_rows(
        PopulationFigure,
        ["municipality", "date", "population", "basis", "source"],
        figures,
        unique_fields=["municipality", "date"],
        update_fields=["population", "basis", "source"],
        only_changed=True,
    )


def _gv100ad_notes_add(run: _Gv100adRun, ids: dict[str, int]) -> None:
    """Municipalities missing from the file, and the file's totals."""
    municipalities = run.directory.municipalities
    missing = sorted(set(ids) - {r.ags for r in municipalities})
    if missing:
        run.report.notes.append(
            f"{len(missing)} Gemeinden im Portal fehlen in der Datei (aufgelöst oder "
            f"fusioniert?) und wurden nicht gelöscht: {', '.join(missing[:20])}"
            + (" …" if len(missing) > 20 else "")
        )
    total = sum(r.population or 0 for r in municipalities)
    basis = CensusBasis(run.census_basis).label
    run.report.notes.append(
        f"Gebietsstand {run.stand:%d.%m.%Y}; Bevölkerung am "
        f"{run.population_date:%d.%m.%Y} ({basis}): "
        f"{format_number(total, language='de')} Einwohner."
    )


@collector_paused()
@transaction.atomic
def gv100ad_import(
    *,
    lines: Iterable[bytes],
    population_date: date | None = None,
    census_basis: str | None = None,
) -> ImportReport:
    """Upsert the whole directory from a GV100AD file; any bad record changes nothing.

    Population in GV100AD refers to the 31.12. before the territorial date unless
    `population_date` says otherwise.
    """
    directory = importers.parse_gv100ad(lines)
    stand = directory.territory_date
    population_date = population_date or date(stand.year - 1, 12, 31)
    run = _Gv100adRun(
        directory=directory,
        population_date=population_date,
        census_basis=census_basis or CensusBasis.for_year(population_date.year),
    )
    _gv100ad_regions_upsert(run)
    _gv100ad_municipalities_upsert(run)
    ids = dict(Municipality.objects.values_list("ags", "id"))
    _gv100ad_population_upsert(run, ids)
    _gv100ad_notes_add(run, ids)
    bump(DIRECTORY)
    logger.info("GV100AD import: %s", run.report.as_dict())
    return run.report


@transaction.atomic
def boundaries_import(
    *, raw: bytes, source: str, valid_on: date | None
) -> ImportReport:
    """Upsert outlines; features for AGS not in the directory are listed, not kept."""
    records = importers.parse_boundaries(raw)
    ids = dict(
        Municipality.objects.filter(ags__in=[r.ags for r in records]).values_list(
            "ags", "id"
        )
    )
    known = [r for r in records if r.ags in ids]
    report = ImportReport()
    existing = set(Boundary.objects.values_list("municipality_id", flat=True))
    _count(report, "Gemeindegrenzen", (ids[r.ags] for r in known), existing)
    bulk_upsert(
        Boundary,
        [
            Boundary(
                municipality_id=ids[r.ags],
                geometry=r.geometry,
                source=source,
                valid_on=valid_on,
            )
            for r in known
        ],
        unique_fields=["municipality"],
        update_fields=["geometry", "source", "valid_on"],
    )
    bump(DIRECTORY)
    unknown = sorted(r.ags for r in records if r.ags not in ids)
    if unknown:
        report.notes.append(
            f"{len(unknown)} Grenzen ohne Gemeinde im Verzeichnis übersprungen "
            f"(Gebietsstand abweichend?): {', '.join(unknown)}"
        )
    return report


@transaction.atomic
def pilot_region_load() -> ImportReport:
    """Load the Werra-Meißner-Kreis from the project's own fixture; idempotent."""
    data = pilot_region
    report = ImportReport()
    land, _ = Land.objects.update_or_create(code=data.LAND["code"], defaults=data.LAND)
    bezirk, _ = Regierungsbezirk.objects.update_or_create(
        code=data.BEZIRK["code"], defaults={**data.BEZIRK, "land": land}
    )
    kreis, _ = Kreis.objects.update_or_create(
        code=data.KREIS["code"],
        defaults={**data.KREIS, "land": land, "regierungsbezirk": bezirk},
    )
    created = 0
    for (
        ags, name, type_code, area, populations, lat, lon, postcode, partner,
    ) in data.MUNICIPALITIES:  # fmt: skip
        verband, _ = Gemeindeverband.objects.update_or_create(
            code=kreis.code + data.verband_number(ags),
            defaults={
                "kreis": kreis,
                "name": name,
                "type": Gemeindeverband.Type.VERBANDSFREI,
            },
        )
        latest_date, latest = data.POPULATION_DATES[-1], populations[-1]
        municipality, was_created = Municipality.objects.update_or_create(
            ags=ags,
            defaults={
                "ars": verband.code + ags[5:],
                "name": name,
                "short_name": _short_name(name),
                "type": type_code,
                "kreis": kreis,
                "verband": verband,
                "area_km2": Decimal(area),
                "area_date": data.AREA_DATE,
                "population": latest,
                "population_date": latest_date,
                "population_basis": CensusBasis.for_year(latest_date.year),
                "postcode": postcode,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "territory_date": data.TERRITORY_DATE,
                "source": data.SOURCE,
                "is_lebenswert_partner": partner,
            },
        )
        created += was_created
        for when, population in zip(data.POPULATION_DATES, populations, strict=True):
            PopulationFigure.objects.update_or_create(
                municipality=municipality,
                date=when,
                defaults={
                    "population": population,
                    "basis": CensusBasis.for_year(when.year),
                    "source": f"{data.SOURCE}, Stand {when:%d.%m.%Y}",
                },
            )
    report.created["Gemeinden"] = created
    report.updated["Gemeinden"] = len(data.MUNICIPALITIES) - created
    _projection_store(
        kreis=kreis,
        municipality=None,
        meta=data.KREIS_PROJECTION,
        values=data.kreis_projection_values(),
    )
    bump(DIRECTORY)
    return report


def _projection_store(
    *,
    kreis: Kreis | None,
    municipality: Municipality | None,
    meta: dict,
    values: list[tuple[int, int, bool]],
) -> bool:
    """Create or replace one projection series with its (year, population,
    interpolated) values; True if the series is new."""
    projection = PopulationProjection.objects.filter(
        kreis=kreis,
        municipality=municipality,
        publisher=meta["publisher"],
        release_date=meta["release_date"],
    ).first() or PopulationProjection(kreis=kreis, municipality=municipality)
    created = projection.pk is None
    for name, value in meta.items():
        setattr(projection, name, value)
    projection.full_clean()
    projection.save()
    projection.values.all().delete()
    PopulationProjectionValue.objects.bulk_create(
        PopulationProjectionValue(
            projection=projection,
            year=year,
            population=population,
            interpolated=interpolated,
        )
        for year, population, interpolated in values
    )
    return created


def _first_unknown(records, known: set[str], key) -> None:
    for record in records:
        if key(record) not in known:
            raise importers.ImportFileError(
                f"{key(record)} ist nicht im Gemeindeverzeichnis des Portals "
                "(zuerst das Verzeichnis importieren).",
                line=record.line,
            )


@transaction.atomic
def population_projection_import(
    *,
    raw: bytes,
    publisher: str,
    title: str,
    release_date: date,
    base_year: int | None = None,
    basis: str = "",
    certainty: str = PopulationProjection.Certainty.SOURCE,
    notes: str = "",
    source_url: str = "",
) -> ImportReport:
    """Store the projection series of a CSV (Kreis or AGS, Jahr, Einwohner), one
    per area; a series of the same publisher and release is replaced. A bad line
    changes nothing."""
    records = importers.parse_projection(raw)
    kreise = Kreis.objects.in_bulk({r.key for r in records if len(r.key) == 5})
    municipalities = Municipality.objects.in_bulk(
        {r.key for r in records if len(r.key) == 8}, field_name="ags"
    )
    _first_unknown(records, {*kreise, *municipalities}, key=lambda r: r.key)
    by_area: dict[str, list] = {}
    for record in records:
        by_area.setdefault(record.key, []).append(record)
    report = ImportReport()
    created = 0
    for key, rows in by_area.items():
        rows.sort(key=lambda r: r.year)
        meta = {
            "publisher": publisher,
            "title": title,
            "release_date": release_date,
            "base_year": base_year or rows[0].year,
            "basis": basis,
            "certainty": certainty,
            "notes": notes,
            "source_url": source_url,
        }
        try:
            created += _projection_store(
                kreis=kreise.get(key),
                municipality=municipalities.get(key),
                meta=meta,
                values=[(r.year, r.population, False) for r in rows],
            )
        except ValidationError as error:
            raise importers.ImportFileError(
                " ".join(error.messages), line=rows[0].line
            ) from None
    report.created["Vorausberechnungen"] = created
    report.updated["Vorausberechnungen"] = len(by_area) - created
    report.notes.append(
        f"{len(records)} Werte für {len(by_area)} Gebiete; {publisher}, "
        f"veröffentlicht am {release_date:%d.%m.%Y}."
    )
    bump(DIRECTORY)
    return report


@transaction.atomic
def population_series_import(
    *, raw: bytes, source: str, default_basis: str = "", skip_unknown: bool = False
) -> ImportReport:
    """Upsert annual population figures (AGS, Jahr or Stichtag, Einwohner,
    Zensusbasis) from a CSV; a bad line changes nothing."""
    records = importers.parse_population_series(raw, default_basis=default_basis)
    try:
        source = text_check(source, field="Quelle", multiline=False)
    except ValidationError as error:
        raise importers.ImportFileError(" ".join(error.messages)) from None
    ids = dict(
        Municipality.objects.filter(ags__in={r.ags for r in records}).values_list(
            "ags", "id"
        )
    )
    report = ImportReport()
    unknown = sorted({r.ags for r in records} - set(ids))
    if unknown and not skip_unknown:
        _first_unknown(records, set(ids), key=lambda r: r.ags)
    if unknown:
        report.notes.append(
            f"{len(unknown)} AGS nicht im Verzeichnis, übersprungen: "
            f"{', '.join(unknown[:20])}" + (" …" if len(unknown) > 20 else "")
        )
    _population_figures_upsert(
        report,
        [
            (ids[r.ags], r.date, r.population, r.basis, source)
            for r in records
            if r.ags in ids
        ],
    )
    bump(DIRECTORY)
    return report


@transaction.atomic
def directory_import_create(
    *,
    kind: str,
    uploaded_file: UploadedFile,
    requested_by: User,
    options: dict | None = None,
) -> DirectoryImport:
    """Store the uploaded file privately and queue its import for a worker.

    `options` are what the kind's importer needs besides the file (JSON values;
    a date as ISO text), e.g. a projection's publisher and release date."""
    directory_import = DirectoryImport(
        kind=kind,
        original_name=printable(uploaded_file.name, multiline=False)[:255],
        requested_by=requested_by,
        options=options or {},
    )
    directory_import.file.save(uploaded_file.name, uploaded_file, save=False)
    directory_import.full_clean()
    directory_import.save()
    # With the broker down the upload stays queued, and jobs_recover hands it
    # over once the broker is back; `queued` tells the page which it is.
    jobs.job_send_on_commit(directory_import)
    return directory_import


# Longer than the task's hard time limit: a job "running" for longer has lost
# its worker (killed, machine gone) and may be taken up again; a job queued for
# longer lost its queue message.
STALE_AFTER = timedelta(minutes=10)

INTERNAL_ERROR = (
    "Interner Fehler beim Import; nichts wurde geändert. Bitte wenden Sie "
    "sich an den Betrieb (Protokoll des Workers)."
)


def _directory_import_file(directory_import: DirectoryImport) -> ImportReport:
    kind, options = directory_import.kind, directory_import.options
    with directory_import.file.open("rb") as handle:
        if kind == DirectoryImport.Kind.GV100AD:
            return gv100ad_import(lines=handle)
        raw = handle.read()
    if kind == DirectoryImport.Kind.POPULATION_SERIES:
        return population_series_import(raw=raw, **options)
    if kind == DirectoryImport.Kind.PROJECTION:
        return population_projection_import(
            raw=raw,
            **{**options, "release_date": date.fromisoformat(options["release_date"])},
        )
    return boundaries_import(
        raw=raw,
        source=f"BKG, hochgeladen als {directory_import.original_name}",
        valid_on=None,
    )


def directory_import_run(*, directory_import_id: int) -> DirectoryImport:
    """Run a queued import once; a finished or running one is left alone.

    A job left running by a dead worker is claimed again once it is stale. The
    import and its "succeeded" are one transaction: a worker that lost its claim
    changes nothing.
    """
    claim = jobs.job_claim(DirectoryImport, directory_import_id)
    directory_import = DirectoryImport.objects.get(pk=directory_import_id)
    if claim is None:
        return directory_import
    try:
        with jobs.Heartbeat(DirectoryImport, directory_import_id, claim):
            with transaction.atomic():
                report = _directory_import_file(directory_import)
                jobs.job_finish_atomic(
                    DirectoryImport, directory_import_id, claim, counts=report.as_dict()
                )
    except jobs.ClaimLost:
        logger.warning("Directory import %s: claim lost", directory_import_id)
    except importers.ImportFileError as error:
        jobs.job_fail(DirectoryImport, directory_import_id, claim, error=str(error))
    except Exception:
        logger.exception("Directory import %s failed", directory_import_id)
        jobs.job_fail(DirectoryImport, directory_import_id, claim, error=INTERNAL_ERROR)
    directory_import.refresh_from_db()
    return directory_import


@transaction.atomic
def membership_set(*, user: User, municipality: Municipality, role: str) -> Membership:
    stored = Membership.objects.filter(user=user, municipality=municipality).first()
    before = stored_snapshot(stored) if stored else None
    membership, _ = Membership.objects.update_or_create(
        user=user, municipality=municipality, defaults={"role": role}
    )
    membership.full_clean()
    record_saved(instance=membership, before=before, actor=request_actor())
    return membership


@transaction.atomic
def planner_assignment_set(
    *,
    user: User,
    kreis: Kreis | None = None,
    regierungsbezirk: Regierungsbezirk | None = None,
) -> PlannerAssignment:
    # Look up first: full_clean() checks the unique constraints too, so an
    # existing assignment would otherwise be rejected instead of returned.
    existing = PlannerAssignment.objects.filter(
        user=user, kreis=kreis, regierungsbezirk=regierungsbezirk
    ).first()
    if existing:
        return existing
    assignment = PlannerAssignment(
        user=user, kreis=kreis, regierungsbezirk=regierungsbezirk
    )
    assignment.full_clean()
    assignment.save()
    record_saved(instance=assignment, before=None, actor=request_actor())
    return assignment
