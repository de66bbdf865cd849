"""Every write to the municipality directory and to who works where."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import partial

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from lebenswert.accounts.models import User
from lebenswert.audit.actions import record_saved, stored_snapshot
from lebenswert.audit.context import request_actor
from lebenswert.core.bulk import bulk_upsert
from lebenswert.core.fragments import DIRECTORY, bump
from lebenswert.core.queue import enqueue
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
    census_basis = census_basis or CensusBasis.for_year(population_date.year)
    source = f"{importers.GV100AD_SOURCE}, Gebietsstand {stand:%d.%m.%Y}"
    report = ImportReport()

    existing = set(Land.objects.values_list("code", flat=True))
    _count(report, "Länder", (r.code for r in directory.laender), existing)
    bulk_upsert(
        Land,
        [Land(code=r.code, name=r.name, seat=r.seat) for r in directory.laender],
        unique_fields=["code"],
        update_fields=["name", "seat"],
    )
    existing = set(Regierungsbezirk.objects.values_list("code", flat=True))
    _count(report, "Regierungsbezirke", (r.code for r in directory.bezirke), existing)
    bulk_upsert(
        Regierungsbezirk,
        [
            Regierungsbezirk(code=r.code, land_id=r.code[:2], name=r.name, seat=r.seat)
            for r in directory.bezirke
        ],
        unique_fields=["code"],
        update_fields=["land", "name", "seat"],
    )
    bezirke = {r.code for r in directory.bezirke} | existing
    existing = set(Kreis.objects.values_list("code", flat=True))
    _count(report, "Kreise", (r.code for r in directory.kreise), existing)
    bulk_upsert(
        Kreis,
        [
            Kreis(
                code=r.code,
                land_id=r.code[:2],
                regierungsbezirk_id=r.code[:3] if r.code[:3] in bezirke else None,
                name=r.name,
                seat=r.seat,
                type=r.type,
            )
            for r in directory.kreise
        ],
        unique_fields=["code"],
        update_fields=["land", "regierungsbezirk", "name", "seat", "type"],
    )
    existing = set(Gemeindeverband.objects.values_list("code", flat=True))
    _count(report, "Gemeindeverbände", (r.code for r in directory.verbaende), existing)
    bulk_upsert(
        Gemeindeverband,
        [
            Gemeindeverband(
                code=r.code, kreis_id=r.code[:5], name=r.name, seat=r.seat, type=r.type
            )
            for r in directory.verbaende
        ],
        unique_fields=["code"],
        update_fields=["kreis", "name", "seat", "type"],
    )
    existing = set(Municipality.objects.values_list("ags", flat=True))
    _count(report, "Gemeinden", (r.ags for r in directory.municipalities), existing)
    bulk_upsert(
        Municipality,
        [
            Municipality(
                ags=r.ags,
                ars=r.ars,
                name=r.name,
                short_name=_short_name(r.name),
                type=r.type,
                kreis_id=r.ags[:5],
                verband_id=r.ars[:9],
                area_km2=r.area_km2,
                area_date=population_date,
                population=r.population,
                population_date=population_date,
                population_basis=census_basis,
                postcode=r.postcode,
                postcode_multiple=r.postcode_multiple,
                territory_date=stand,
                source=source,
            )
            for r in directory.municipalities
        ],
        unique_fields=["ags"],
        update_fields=[
            "ars", "name", "short_name", "type", "kreis", "verband", "area_km2",
            "area_date", "population", "population_date", "population_basis",
            "postcode", "postcode_multiple", "territory_date", "source",
        ],
    )  # fmt: skip
    ids = dict(Municipality.objects.values_list("ags", "id"))
    existing = set(
        PopulationFigure.objects.filter(date=population_date).values_list(
            "municipality_id", flat=True
        )
    )
    with_population = [r for r in directory.municipalities if r.population is not None]
    _count(report, "Einwohnerzahlen", (ids[r.ags] for r in with_population), existing)
    bulk_upsert(
        PopulationFigure,
        [
            PopulationFigure(
                municipality_id=ids[r.ags],
                date=population_date,
                population=r.population,
                basis=census_basis,
                source=source,
            )
            for r in with_population
        ],
        unique_fields=["municipality", "date"],
        update_fields=["population", "basis", "source"],
    )
    in_file = {r.ags for r in directory.municipalities}
    missing = sorted(set(ids) - in_file)
    if missing:
        report.notes.append(
            f"{len(missing)} Gemeinden im Portal fehlen in der Datei (aufgelöst oder "
            f"fusioniert?) und wurden nicht gelöscht: {', '.join(missing[:20])}"
            + (" …" if len(missing) > 20 else "")
        )
    total = sum(r.population or 0 for r in directory.municipalities)
    report.notes.append(
        f"Gebietsstand {stand:%d.%m.%Y}; Bevölkerung am {population_date:%d.%m.%Y} "
        f"({CensusBasis(census_basis).label}): {total:,} Einwohner.".replace(",", ".")
    )
    bump(DIRECTORY)
    logger.info("GV100AD import: %s", report.as_dict())
    return report


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
    bump(DIRECTORY)
    return report


@transaction.atomic
def directory_import_request(
    *, kind: str, uploaded_file: UploadedFile, requested_by: User
) -> DirectoryImport:
    """Store the uploaded file privately and queue its import for a worker."""
    directory_import = DirectoryImport(
        kind=kind,
        original_name=printable(uploaded_file.name, multiline=False)[:255],
        requested_by=requested_by,
    )
    directory_import.file.save(uploaded_file.name, uploaded_file, save=False)
    directory_import.full_clean()
    directory_import.save()
    # With the broker down the upload stays queued, and directory_imports_recover
    # hands it over once the broker is back; `queued` tells the page which it is.
    directory_import.queued = None
    transaction.on_commit(partial(_directory_import_enqueue, directory_import))
    return directory_import


def _directory_import_enqueue(directory_import: DirectoryImport) -> None:
    from . import tasks

    directory_import.queued = enqueue(tasks.directory_import_run, directory_import.pk)


# Longer than the task's hard time limit: a job "running" for longer has lost
# its worker (killed, machine gone) and may be taken up again.
STALE_AFTER = timedelta(minutes=10)


def _claimable() -> Q:
    return Q(status=DirectoryImport.Status.QUEUED) | Q(
        status=DirectoryImport.Status.RUNNING,
        started_at__lt=timezone.now() - STALE_AFTER,
    )


def directory_import_run(*, directory_import_id: int) -> DirectoryImport:
    """Run a queued import once; a finished or running one is left alone.

    A job left running by a dead worker is claimed again once it is stale.
    """
    with transaction.atomic():
        claimed = (
            DirectoryImport.objects.filter(pk=directory_import_id)
            .filter(_claimable())
            .update(status=DirectoryImport.Status.RUNNING, started_at=timezone.now())
        )
    directory_import = DirectoryImport.objects.get(pk=directory_import_id)
    if not claimed:
        return directory_import
    try:
        with directory_import.file.open("rb") as handle:
            if directory_import.kind == DirectoryImport.Kind.GV100AD:
                report = gv100ad_import(lines=handle)
            else:
                report = boundaries_import(
                    raw=handle.read(),
                    source=f"BKG, hochgeladen als {directory_import.original_name}",
                    valid_on=None,
                )
    except importers.ImportFileError as error:
        directory_import.status = DirectoryImport.Status.FAILED
        directory_import.error = str(error)
    except Exception:
        logger.exception("Directory import %s failed", directory_import_id)
        directory_import.status = DirectoryImport.Status.FAILED
        directory_import.error = (
            "Interner Fehler beim Import; nichts wurde geändert. Bitte wenden Sie "
            "sich an den Betrieb (Protokoll des Workers)."
        )
    else:
        directory_import.status = DirectoryImport.Status.SUCCEEDED
        directory_import.counts = report.as_dict()
    directory_import.finished_at = timezone.now()
    directory_import.save(update_fields=["status", "error", "counts", "finished_at"])
    return directory_import


def directory_imports_recover() -> list[int]:
    """Queue again the imports whose worker died or whose message got lost."""
    from . import tasks

    lost = Q(
        status=DirectoryImport.Status.QUEUED,
        created_at__lt=timezone.now() - STALE_AFTER,
    )
    ids = list(
        DirectoryImport.objects.filter(_claimable())
        .filter(lost | Q(status=DirectoryImport.Status.RUNNING))
        .values_list("pk", flat=True)
    )
    for pk in ids:
        tasks.directory_import_run.delay(pk)
    if ids:
        logger.warning("Re-queued stale directory imports %s", ids)
    return ids


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
