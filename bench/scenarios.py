"""Data scenarios for `make bench`, run in the bench environment (bench/run.py).

    python bench/scenarios.py synthetic-kreis   # a Kreis of 400 municipalities
    python bench/scenarios.py csv-import         # import 100,000 values, timed
    python bench/scenarios.py synthetic-cooperations  # 5,000 cooperations there

Each prints one JSON object on stdout. The synthetic Kreis (16999, clearly named
as such) exists only in the throw-away bench database.
"""

import json
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402

from bench.personas import OVERVIEW_USERS  # noqa: E402
from cooperations.models import Cooperation, CooperationPartner  # noqa: E402
from lebenswert.accounts.models import User  # noqa: E402
from municipalities.models import (  # noqa: E402
    Gemeindeverband,
    Kreis,
    Land,
    Municipality,
    PlannerAssignment,  # noqa: E402
)
from services import actions  # noqa: E402
from services.models import Indicator, IndicatorValue, Sector  # noqa: E402

SYNTHETIC_KREIS = "16999"
SYNTHETIC_SIZE = 400
CSV_ROWS = 100_000
CSV_TARGET_SECONDS = 5.0  # issue 16: on a quiet machine
ADMIN = "admin@demo.lebenswert.invalid"
SYNTHETIC_COOPERATIONS = 5_000
BENCH_PLANNER = "planung@bench.lebenswert.invalid"
BENCH_PASSWORD = os.environ.get("BENCH_PASSWORD", "lebenswert-bench")


@transaction.atomic
def synthetic_kreis() -> dict:
    land = Land.objects.get(code="16")
    kreis, _ = Kreis.objects.update_or_create(
        code=SYNTHETIC_KREIS,
        defaults={"land": land, "name": "Bench-Kreis (synthetisch)", "type": "44"},
    )
    verband, _ = Gemeindeverband.objects.update_or_create(
        code=SYNTHETIC_KREIS + "0000",
        defaults={"kreis": kreis, "name": "Bench-Verband (synthetisch)", "type": "54"},
    )
    Municipality.objects.bulk_create(
        [
            Municipality(
                ags=f"{SYNTHETIC_KREIS}{n:03d}",
                ars=f"{SYNTHETIC_KREIS}0000{n:03d}",
                name=f"Bench-Gemeinde {n:03d} (synthetisch)",
                short_name=f"Bench-Gemeinde {n:03d}",
                type="64",
                kreis=kreis,
                verband=verband,
                population=1000 + n,
            )
            for n in range(1, SYNTHETIC_SIZE + 1)
        ],
        ignore_conflicts=True,
    )
    municipalities = list(Municipality.objects.filter(kreis=kreis))
    indicators = list(Indicator.objects.filter(sector__code="wasserversorgung"))
    IndicatorValue.objects.bulk_create(
        [
            IndicatorValue(
                municipality=m, indicator=i, year=year,
                value=i.minimum + (m.pk % 17) * (i.maximum - i.minimum) / 40,
                source="Bench (synthetisch)", is_demo=True,
            )
            for m in municipalities
            for i in indicators
            for year in (2022, 2023, 2024)
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )  # fmt: skip
    return {
        "kreis": SYNTHETIC_KREIS,
        "municipalities": len(municipalities),
        "values": IndicatorValue.objects.filter(municipality__kreis=kreis).count(),
    }


@transaction.atomic
def synthetic_cooperations() -> dict:
    """5,000 cooperations of 2–4 places each in the synthetic Kreis, with a planner
    of that Kreis who reads them all."""
    kreis = Kreis.objects.get(code=SYNTHETIC_KREIS)
    places = list(Municipality.objects.filter(kreis=kreis).order_by("ags"))
    sectors = list(Sector.objects.all())
    statuses = Cooperation.Status.values
    created = Cooperation.objects.bulk_create(
        [
            Cooperation(
                title=f"Bench-Kooperation {n:05d} (synthetisch)",
                task="Synthetische Kooperation für make bench",
                status=statuses[n % len(statuses)],
                lead=places[n % len(places)],
                notice_period_months=6,
                minimum_term_months=60,
                start_date=date(2020 + n % 6, 1 + n % 12, 1),
            )
            for n in range(SYNTHETIC_COOPERATIONS)
        ],
        batch_size=1000,
    )
    partners, links = [], []
    for n, cooperation in enumerate(created):
        for step in range(2 + n % 3):
            partners.append(
                CooperationPartner(
                    cooperation=cooperation,
                    municipality=places[(n + step * 7) % len(places)],
                    cost_share_pct=None,
                )
            )
        first = n % len(sectors)
        for sector in sectors[first : first + 1 + n % 2]:
            links.append(
                Cooperation.sectors.through(cooperation=cooperation, sector=sector)
            )
    CooperationPartner.objects.bulk_create(partners, batch_size=5000)
    Cooperation.sectors.through.objects.bulk_create(links, batch_size=5000)
    planner, _ = User.objects.get_or_create(
        email=BENCH_PLANNER, defaults={"full_name": "Bench-Planung (synthetisch)"}
    )
    planner.set_password(BENCH_PASSWORD)
    planner.save()
    PlannerAssignment.objects.get_or_create(user=planner, kreis=kreis)
    return {
        "kreis": SYNTHETIC_KREIS,
        "cooperations": Cooperation.objects.filter(lead__kreis=kreis).count(),
        "partners": len(partners),
        "detail_pk": created[len(created) // 2].pk,
    }


def second_factor() -> dict:
    """An authenticator app for each bench login (editors and planners need one);
    bench/run.py computes the current code from the key, as the app would."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    keys = {}
    for email in (*OVERVIEW_USERS, BENCH_PLANNER):
        user = User.objects.get(email=email)
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="Bench", confirmed=True)
        keys[email] = device.key
    return keys


def csv_import() -> dict:
    """100,000 rows as an office would send them, checked and imported as one."""
    indicators = list(Indicator.objects.order_by("position"))
    per_municipality = len(indicators)
    needed = -(-CSV_ROWS // per_municipality)
    agss = list(
        Municipality.objects.exclude(kreis_id=SYNTHETIC_KREIS)
        .order_by("ags")
        .values_list("ags", flat=True)[:needed]
    )
    lines = ["AGS;Kennzahl;Jahr;Wert;Quelle"]
    for index, ags in enumerate(agss):
        for indicator in indicators:
            if len(lines) > CSV_ROWS:
                break
            value = (
                indicator.minimum
                + (index % 13) * (indicator.maximum - indicator.minimum) / 20
            )
            text = format(value.quantize(Decimal("0.01")), "f").replace(".", ",")
            lines.append(f"{ags.lstrip('0')};{indicator.code};2025;{text};Bench-CSV")
    raw = ("\n".join(lines) + "\n").encode("cp1252")
    admin = User.objects.get(email=ADMIN)
    upload = actions.figure_import_create(
        uploaded_file=SimpleUploadedFile("bench.csv", raw),
        default_source="",
        actor=admin,
    )
    started = time.perf_counter()
    preview = actions.figures_check(raw=raw, default_source="", actor=admin)
    check_seconds = time.perf_counter() - started
    if preview.errors:
        raise SystemExit(f"bench CSV has errors: {preview.errors[:3]}")
    # "Importieren", then the worker's part (the task body) timed here; a worker
    # that gets the message too finds the import taken and leaves it.
    actions.figure_import_queue(figure_import=upload, actor=admin)
    started = time.perf_counter()
    done = actions.figure_import_run(figure_import_id=upload.pk)
    import_seconds = time.perf_counter() - started
    if done.status != done.Status.SUCCEEDED:
        raise SystemExit(f"bench CSV import failed: {done.error[:300]}")
    counts = done.counts
    return {
        "rows": len(lines) - 1,
        "bytes": len(raw),
        "encoding": "Windows-1252, semicolon, decimal comma, AGS without leading zero",
        "preview_check_seconds": round(check_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "counts": counts,
        "target_seconds": CSV_TARGET_SECONDS,
        "meets_target": import_seconds <= CSV_TARGET_SECONDS,
    }


if __name__ == "__main__":
    scenario = {
        "synthetic-kreis": synthetic_kreis,
        "synthetic-cooperations": synthetic_cooperations,
        "second-factor": second_factor,
        "csv-import": csv_import,
    }[sys.argv[1]]
    print(json.dumps(scenario()))
