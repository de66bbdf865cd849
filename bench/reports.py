"""Report figures for `make bench` (called by bench/run.py; also runnable alone in
the bench environment: `python bench/reports.py`).

Per report kind for the pilot region: the full report path (selector, print
template, WeasyPrint) against WeasyPrint alone on the same final HTML, in the
same process and run; the Regionalbericht in absolute seconds; and jobs per
minute through two real Celery workers on Redis.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATIO_TARGET = 1.3
REGION_TARGET_SECONDS = 5.0
ROUNDS = int(os.environ.get("BENCH_REPORT_ROUNDS", "3"))
JOB_WORKERS = 2
JOB_TIMEOUT = 300


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


def _kinds() -> list[tuple[str, dict]]:
    from cooperations.models import Cooperation

    wasserwerk = Cooperation.objects.get(title="Meißner-Verbandswasserwerk")
    return [
        ("gemeinde", {"ags": "06636003"}),
        ("kooperation", {"pk": str(wasserwerk.pk)}),
        ("region", {"kreis": "06636"}),
    ]


def timings() -> dict:
    """Full path vs WeasyPrint alone, median of ROUNDS after one warm-up each."""
    from lebenswert.reports import actions, renderer
    from lebenswert.reports.registry import REPORT_KINDS

    result = {}
    for name, params in _kinds():
        kind = REPORT_KINDS[name]
        built = actions.report_build(kind, params)  # warm-up: fonts, templates
        full, alone = [], []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            built = actions.report_build(kind, params)
            full.append(time.perf_counter() - started)
            started = time.perf_counter()
            renderer.html_to_pdf(built.html)
            alone.append(time.perf_counter() - started)
        full_s, alone_s = statistics.median(full), statistics.median(alone)
        result[name] = {
            "full_seconds": round(full_s, 3),
            "weasyprint_alone_seconds": round(alone_s, 3),
            "ratio_to_weasyprint": round(full_s / alone_s, 3),
            "meets_target": full_s / alone_s <= RATIO_TARGET,
            "pages_bytes": len(built.pdf),
        }
    region = result["region"]["full_seconds"]
    result["regionalbericht_seconds"] = region
    result["regionalbericht_meets_target"] = region <= REGION_TARGET_SECONDS
    result["target"] = {
        "ratio_to_weasyprint_at_most": RATIO_TARGET,
        "regionalbericht_seconds_at_most": REGION_TARGET_SECONDS,
        "rounds": ROUNDS,
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


def main() -> None:
    _setup()
    figures = {"kinds": timings(), "jobs": jobs_per_minute()}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
