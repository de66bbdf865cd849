"""Data scenarios for `make bench`, run in the bench environment (bench/run.py).

    python bench/scenarios.py synthetic-kreis   # a Kreis of 400 municipalities
    python bench/scenarios.py csv-import         # import 100,000 values, timed

Each prints one JSON object on stdout. The synthetic Kreis (16999, clearly named
as such) exists only in the throw-away bench database.
"""

import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import transaction  # noqa: E402

from lebenswert.accounts.models import User  # noqa: E402
from municipalities.models import (  # noqa: E402
    Gemeindeverband,
    Kreis,
    Land,
    Municipality,
)
from services import actions  # noqa: E402
from services.models import Indicator, IndicatorValue  # noqa: E402

SYNTHETIC_KREIS = "16999"
SYNTHETIC_SIZE = 400
CSV_ROWS = 100_000
ADMIN = "admin@demo.lebenswert.invalid"


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
    upload = actions.figure_import_upload(
        uploaded_file=SimpleUploadedFile("bench.csv", raw),
        default_source="",
        actor=admin,
    )
    started = time.perf_counter()
    preview = actions.figures_check(raw=raw, default_source="", actor=admin)
    check_seconds = time.perf_counter() - started
    if preview.errors:
        raise SystemExit(f"bench CSV has errors: {preview.errors[:3]}")
    started = time.perf_counter()
    counts = actions.figures_import(figure_import=upload, actor=admin)
    import_seconds = time.perf_counter() - started
    return {
        "rows": len(lines) - 1,
        "bytes": len(raw),
        "encoding": "Windows-1252, semicolon, decimal comma, AGS without leading zero",
        "preview_check_seconds": round(check_seconds, 2),
        "import_seconds": round(import_seconds, 2),
        "counts": counts,
        "target_seconds": 10.0,
        "meets_target": import_seconds <= 10.0,
    }


if __name__ == "__main__":
    scenario = {"synthetic-kreis": synthetic_kreis, "csv-import": csv_import}[
        sys.argv[1]
    ]
    print(json.dumps(scenario()))
