"""Report figures for `make bench` (called by bench/run.py; also runnable alone in
the bench environment: `python bench/reports.py`).

Per report kind for the pilot region: the full report path (selector, print
template, WeasyPrint, the PDF/UA pass) against WeasyPrint alone on the same
final HTML, without the project's print stylesheet and fonts and with them, in
the same process and run (both ratios; the bar is the one with them); the
Regionalbericht in absolute seconds, also for the Kreis with the most
municipalities (07232, after the national import); and jobs per minute through
two real Celery workers on Redis.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 1.3
REGION_TARGET_SECONDS = 5.0
ROUNDS = int(os.environ.get("BENCH_REPORT_ROUNDS", "3"))
JOB_WORKERS = 2
JOB_TIMEOUT = 300
BENCH_SCENARIO = "Bench: Pool Abwasser"


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _scenario_pk() -> int:
    """A saved option comparison of two pilot municipalities (seed_demo has none)."""
    from cooperations import actions
    from cooperations.models import Scenario
    from lebenswert.accounts.models import User

    found = Scenario.objects.filter(name=BENCH_SCENARIO).values_list("pk", flat=True)
    if found:
        return found[0]
    params = {
        "sector": "abwasser", "task_kind": "service_pool",
        "partners": ["06636003", "06636013"],
        "requirements": {"own_staff": [2, False], "vat": [1, False]},
        "years": 5, "savings_pct": "14.9", "exception": False, "total": "1000.00",
        "key": "equal", "mix": {}, "usage": {}, "fixed_share_pct": None,
        "pooling_saving_pct": "15", "rate_pct": None,
    }  # fmt: skip
    owner = User.objects.get(email="admin@demo.lebenswert.invalid")
    return actions.scenario_create(
        owner=owner, name=BENCH_SCENARIO, params=params, shared=False
    ).pk


def _kinds() -> list[tuple[str, dict]]:
    from cooperations.models import Cooperation

    wasserwerk = Cooperation.objects.get(title="Meißner-Verbandswasserwerk")
    return [
        ("gemeinde", {"ags": "06636003"}),
        ("kooperation", {"pk": str(wasserwerk.pk)}),
        ("region", {"kreis": "06636"}),
        ("szenario", {"pk": str(_scenario_pk())}),
    ]


def _weasyprint(html: str, *, styled: bool) -> bytes:
    """WeasyPrint alone on the report's final HTML, with the same PDF options
    and nothing after it: `styled` with the project's print stylesheet and fonts
    (parsed and loaded for this document, as a plain WeasyPrint call does), else
    bare (the browser's defaults, the system's fonts)."""
    from django.conf import settings
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from lebenswert.reports import renderer

    css_path = renderer._static_path(renderer.PRINT_CSS)
    roots = [css_path.parent.parent, *map(Path, settings.STATICFILES_DIRS)]
    fetcher = renderer.StaticOnlyFetcher(roots)
    document = HTML(
        string=html, base_url=str(css_path.parent) + "/", url_fetcher=fetcher
    )
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True, "custom_metadata": True}
    if not styled:
        return document.write_pdf(**options)
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(css_path), font_config=fonts, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet], font_config=fonts, **options)


def _timed(call) -> tuple[float, float]:
    """Wall and CPU seconds of one call (CPU: steadier on a shared machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def timings() -> dict:
    """Full path vs WeasyPrint alone (bare, and with the print stylesheet and
    fonts), median of ROUNDS after one warm-up each, the three interleaved."""
    from lebenswert.reports import actions
    from lebenswert.reports.registry import REPORT_KINDS

    result = {}
    for name, params in _kinds():
        kind = REPORT_KINDS[name]
        built = actions.report_build(kind, params)  # warm-up: fonts, templates
        runs = {
            "full": partial(actions.report_build, kind, params),
            "styled": partial(_weasyprint, built.html, styled=True),
            "bare": partial(_weasyprint, built.html, styled=False),
        }
        runs["styled"](), runs["bare"]()  # warm-up
        measured = {key: [] for key in runs}
        for _ in range(ROUNDS):
            for key, call in runs.items():
                measured[key].append(_timed(call))
        wall = {k: statistics.median(w for w, _c in v) for k, v in measured.items()}
        cpu = {k: statistics.median(c for _w, c in v) for k, v in measured.items()}
        result[name] = {
            "full_seconds": round(wall["full"], 3),
            "weasyprint_styled_seconds": round(wall["styled"], 3),
            "weasyprint_bare_seconds": round(wall["bare"], 3),
            "ratio_to_weasyprint_styled": round(wall["full"] / wall["styled"], 3),
            "ratio_to_weasyprint_bare": round(wall["full"] / wall["bare"], 3),
            "cpu_ratio_to_weasyprint_styled": round(cpu["full"] / cpu["styled"], 3),
            "cpu_ratio_to_weasyprint_bare": round(cpu["full"] / cpu["bare"], 3),
            "meets_target": wall["full"] / wall["styled"] <= RATIO_TARGET,
            "pdf_bytes": len(built.pdf),
        }
    region = result["region"]["full_seconds"]
    result["regionalbericht_seconds"] = region
    result["regionalbericht_meets_target"] = region <= REGION_TARGET_SECONDS
    result["target"] = {
        "ratio_to_weasyprint_styled_at_most": RATIO_TARGET,
        "regionalbericht_seconds_at_most": REGION_TARGET_SECONDS,
        "rounds": ROUNDS,
        "note": (
            "full = selector, print template, WeasyPrint and the PDF/UA pass "
            "(actions.report_build); styled = WeasyPrint alone on the same HTML "
            "with print.css and its fonts; bare = WeasyPrint alone without them; "
            "cpu_* = the same ratios in process CPU time (the database's share "
            "of the full path not counted)"
        ),
    }
    return result


def jobs_per_minute() -> dict:
    """Queue one Gemeindesteckbrief per pilot municipality (distinct content, no
    cache hits) and let two worker processes render them."""
    from django.conf import settings

    from lebenswert.accounts.models import User
    from lebenswert.celery import app
    from lebenswert.reports import actions
    from lebenswert.reports.models import ReportJob
    from municipalities.models import Municipality

    if not settings.REDIS_URL:
        return {"skipped": True, "reason": "REDIS_URL not set"}
    queue = f"lebenswert-bench-reports-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    log_dir = Path(settings.VAR_DIR)
    workers = []
    for number in range(JOB_WORKERS):
        log = (log_dir / f"report-worker-{number}.log").open("wb")
        workers.append(
            subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "lebenswert", "worker",
                    "--pool=solo", "-Q", queue, "--hostname", f"{queue}-{number}@%h",
                    "--loglevel=WARNING", "--without-gossip", "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT,
            )
        )  # fmt: skip
    try:
        admin = User.objects.get(email="admin@demo.lebenswert.invalid")
        agss = list(
            Municipality.objects.filter(kreis_id="06636")
            .order_by("ags")
            .values_list("ags", flat=True)
        )
        # Workers ready: a first job through the queue, not counted.
        ReportJob.objects.filter(kind="gemeinde").delete()
        warm = actions.report_job_create(
            user=admin, kind="kooperation", params=_kinds()[1][1]
        )
        _wait([warm.pk], workers)
        started = time.perf_counter()
        ids = [
            actions.report_job_create(
                user=admin, kind="gemeinde", params={"ags": ags}
            ).pk
            for ags in agss
        ]
        _wait(ids, workers)
        elapsed = time.perf_counter() - started
        failed = ReportJob.objects.filter(pk__in=ids, status="failed").count()
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=30)
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter(match=f"*{queue}*"):
            client.delete(key)
    return {
        "workers": JOB_WORKERS,
        "jobs": len(ids),
        "failed": failed,
        "seconds": round(elapsed, 2),
        "jobs_per_minute": round(len(ids) / elapsed * 60, 1),
    }


def _wait(ids: list[int], workers) -> None:
    from lebenswert.reports.models import ReportJob

    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        open_jobs = ReportJob.objects.filter(
            pk__in=ids, status__in=["queued", "running"]
        ).count()
        if not open_jobs:
            return
        if any(worker.poll() is not None for worker in workers):
            raise RuntimeError("a report worker exited")
        time.sleep(0.1)
    raise RuntimeError(f"report jobs not done after {JOB_TIMEOUT} s")


def bench_reports(env: dict[str, str], run_timeout: int = 900) -> dict:
    """Run this module in the bench environment; its JSON result (bench/run.py)."""
    result = subprocess.run(
        [sys.executable, "bench/reports.py"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=run_timeout,
        text=True,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip()[-800:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


# The Kreis with the most municipalities (233) after the national import.
LARGE_KREIS = "07232"
LARGE_REGION_TARGET_SECONDS = 8.0  # issue 16 item 5, on a quiet machine


def large_region() -> dict:
    """The Regionalbericht of the largest Kreis, full path (report_build), median
    of ROUNDS after a warm-up; wall and CPU seconds and its pages."""
    import io

    from pypdf import PdfReader

    from lebenswert.reports import actions
    from lebenswert.reports.registry import REPORT_KINDS
    from municipalities.models import Kreis

    if not Kreis.objects.filter(code=LARGE_KREIS).exists():
        return {"skipped": True, "reason": f"Kreis {LARGE_KREIS} not imported"}
    kind, params = REPORT_KINDS["region"], {"kreis": LARGE_KREIS}
    built = actions.report_build(kind, params)  # warm-up
    measured = []
    for _ in range(ROUNDS):
        measured.append(_timed(partial(actions.report_build, kind, params)))
    wall = statistics.median(w for w, _c in measured)
    return {
        "kreis": LARGE_KREIS,
        "full_seconds": round(wall, 3),
        "cpu_seconds": round(statistics.median(c for _w, c in measured), 3),
        "pages": len(PdfReader(io.BytesIO(built.pdf)).pages),
        "meets_target": wall <= LARGE_REGION_TARGET_SECONDS,
        "target_seconds_at_most": LARGE_REGION_TARGET_SECONDS,
    }


def main() -> None:
    _setup()
    figures = {
        "kinds": timings(),
        "regionalbericht_largest_kreis": large_region(),
        "jobs": jobs_per_minute(),
    }
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
