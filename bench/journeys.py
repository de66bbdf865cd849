"""Locust journeys for `make bench` (issue 16): the persona mix of
bench/locustfile.py, headless, against the bench's gunicorn with two Celery
workers this module starts. Run in the bench environment (bench/run.py calls
`bench_journeys`; alone: `python bench/journeys.py PORT LOGINS_FILE`).

Users and time: LOCUST_USERS (default 50) and LOCUST_TIME (seconds, default 300).
Output: one JSON object (p50/p95 per step, failures, the report queue wait from
the report jobs' own timestamps) and, in BENCH_OUTPUT_DIR (default
bench/results/, not committed), the summary, the raw samples and an SVG chart of
the response times over the run drawn with lebenswert.core.charts.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOCUST_USERS", "50"))
SECONDS = int(os.environ.get("LOCUST_TIME", "300"))
OUTPUT_DIR = Path(os.environ.get("BENCH_OUTPUT_DIR", ROOT / "bench" / "results"))
WORKERS = 2
P95_TARGET_MS = 300
# Waiting for a report is asynchronous: judged by its queue wait, not the p95.
ASYNCHRONOUS = {"report ready (queue + render)", "report status"}
CHART_STYLE = (
    "<style>.chart-grid{stroke:#ccc}.chart-axis{font:11px sans-serif;fill:#333}"
    ".chart-band{fill:#9ecae1;opacity:.5}.chart-variant{fill:none;stroke:#08519c;"
    "stroke-width:2}.chart-variant-1{stroke-dasharray:6 3;stroke:#a50f15}</style>"
)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return 0.0
    return values[max(0, math.ceil(share * len(values)) - 1)]


def summarise(samples: list[list], seconds: int) -> dict:
    """Per step: requests, failures, p50, p95, max (ms); and the failures' kinds."""
    steps: dict[str, list[float]] = {}
    failures: Counter[str] = Counter()
    failed_steps: Counter[str] = Counter()
    for _, name, milliseconds, error in samples:
        steps.setdefault(name, []).append(milliseconds)
        if error:
            failures[error[:200]] += 1
            failed_steps[name] += 1
    table = {}
    for name, times in sorted(steps.items()):
        times.sort()
        p95 = percentile(times, 0.95)
        table[name] = {
            "requests": len(times),
            "failures": failed_steps[name],
            "p50_ms": round(percentile(times, 0.5), 1),
            "p95_ms": round(p95, 1),
            "max_ms": round(times[-1], 1),
        }
        if name not in ASYNCHRONOUS:
            table[name]["meets_target"] = p95 <= P95_TARGET_MS
    return {
        "requests": len(samples),
        "requests_per_second": round(len(samples) / max(seconds, 1), 1),
        "failures": sum(failures.values()),
        "failure_kinds": dict(failures.most_common(10)),
        "steps": table,
        "target": {"failures": 0, "p95_ms_at_most": P95_TARGET_MS},
        "meets_target": not failures
        and all(row.get("meets_target", True) for row in table.values()),
    }


def queue_wait(since: datetime) -> dict:
    """How long report jobs of the run waited for a worker, and took in all."""
    from lebenswert.reports.models import ReportJob

    jobs = list(
        ReportJob.objects.filter(created_at__gte=since).values_list(
            "created_at", "started_at", "finished_at", "status"
        )
    )
    waits = sorted(
        (started - created).total_seconds() * 1000
        for created, started, _, _ in jobs
        if started
    )
    totals = sorted(
        (finished - created).total_seconds() * 1000
        for created, _, finished, _ in jobs
        if finished
    )
    return {
        "jobs": len(jobs),
        "by_status": dict(Counter(status for *_, status in jobs)),
        "queue_wait_p50_ms": round(percentile(waits, 0.5), 1),
        "queue_wait_p95_ms": round(percentile(waits, 0.95), 1),
        "queue_wait_max_ms": round(waits[-1], 1) if waits else None,
        "created_to_finished_p50_ms": round(percentile(totals, 0.5), 1),
        "created_to_finished_p95_ms": round(percentile(totals, 0.95), 1),
    }


def chart(samples: list[list], seconds: int) -> str:
    """Median and 95th percentile of the synchronous steps per time slice, as a
    standalone SVG (the project's band chart, with its own style rules)."""
    from lebenswert.core.charts import BandLine, band_chart

    if not samples:
        return ""
    start = min(sample[0] for sample in samples)
    width = max(5, seconds // 20)
    slices: dict[int, list[float]] = {}
    for when, name, milliseconds, _ in samples:
        if name not in ASYNCHRONOUS:
            end = (int(when - start) // width + 1) * width
            slices.setdefault(end, []).append(milliseconds)
    p50, p95 = {}, {}
    for end, times in slices.items():
        times.sort()
        p50[end], p95[end] = percentile(times, 0.5), percentile(times, 0.95)
    svg = band_chart(
        [BandLine("p50 (ms)", p50), BandLine("p95 (ms)", p95)],
        band={end: (p50[end], p95[end]) for end in p50},
        chart_id="locust-response-times",
        title=f"Response times over the run (seconds, slices of {width} s)",
        description="Median and 95th percentile of every synchronous step.",
        width=760,
        height=300,
    )
    head, _, body = str(svg).partition(">")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{head}>{CHART_STYLE}{body}\n'


def start_workers(log_dir: Path) -> list[subprocess.Popen]:
    """Two Celery workers on the default queue, as `make worker` starts them."""
    tag = uuid.uuid4().hex[:6]
    workers = []
    for number in range(WORKERS):
        log = (log_dir / f"journey-worker-{number}.log").open("wb")
        workers.append(
            subprocess.Popen(
                [
                    sys.executable, "-m", "celery", "-A", "lebenswert", "worker",
                    "--pool=solo", "--hostname", f"journeys-{tag}-{number}@%h",
                    "--loglevel=WARNING", "--without-gossip", "--without-mingle",
                ],
                cwd=ROOT, env=os.environ.copy(), stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )
        )  # fmt: skip
    from lebenswert.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if len(app.control.ping(timeout=1.0)) >= WORKERS:
            return workers
        if any(worker.poll() is not None for worker in workers):
            break
    stop(workers)
    raise RuntimeError("the Celery workers did not answer within 60 s")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def run(port: int, logins_file: Path, users: int, seconds: int) -> dict:
    from django.conf import settings

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    samples_file = OUTPUT_DIR / "locust-samples.json"
    samples_file.unlink(missing_ok=True)
    log_dir = Path(settings.VAR_DIR)
    workers = start_workers(log_dir)
    since = datetime.now(UTC)
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(max(1, users // 10)), "-t", f"{seconds}s",
        "--host", f"http://127.0.0.1:{port}", "--stop-timeout", "30",
        "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = os.environ | {
        "BENCH_LOGINS_FILE": str(logins_file),
        "BENCH_LOCUST_SAMPLES": str(samples_file),
    }
    try:
        with (log_dir / "locust.log").open("wb") as log:
            # Locust exits with 1 when a request failed; the summary says which.
            subprocess.run(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                timeout=seconds + 120, check=False,
            )  # fmt: skip
        # Reports requested at the end are still rendering: let them finish.
        time.sleep(5)
    finally:
        stop(workers)
    samples = json.loads(samples_file.read_text()) if samples_file.exists() else []
    result = {
        "tool": f"locust, {users} users, {seconds} s, spawn {max(1, users // 10)}/s",
        "server": "gunicorn 2 sync workers, PostgreSQL, Redis, 2 Celery workers",
        **summarise(samples, seconds),
        "reports": queue_wait(since),
    }
    svg = chart(samples, seconds)
    if svg:
        (OUTPUT_DIR / "locust-response-times.svg").write_text(svg, encoding="utf-8")
        result["chart"] = str(OUTPUT_DIR / "locust-response-times.svg")
    (OUTPUT_DIR / "locust-summary.json").write_text(json.dumps(result, indent=2))
    return result


def bench_journeys(env: dict[str, str], port: int, logins_file: Path) -> dict:
    """Run this module in the bench environment; its JSON result (bench/run.py)."""
    from bench.options import json_of

    args = ["bench/journeys.py", str(port), str(logins_file)]
    return json_of(args, env, SECONDS + 600)


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    result = run(int(sys.argv[1]), Path(sys.argv[2]), USERS, SECONDS)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
