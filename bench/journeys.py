"""Locust journeys for `make bench` (issue 16): the persona mix of
bench/locustfile.py, headless, against the bench's gunicorn with two Celery
workers this module starts. Run in the bench environment (bench/run.py calls
`bench_journeys`; alone: `python bench/journeys.py PORT LOGINS_FILE`).

Users and time: LOCUST_USERS (default 50) and LOCUST_TIME (seconds, default 300).
Output: one JSON object (p50/p95 per step, failures, the report queue wait from
the report jobs' own timestamps, the think time and session model of
bench/personas.py, where the CPU went) and, in BENCH_OUTPUT_DIR (default
bench/results/, not committed), the summary, the raw samples and an SVG chart of
the response times over the run drawn with lebenswert.core.charts.

Where the CPU goes: during the run the CPU time of gunicorn, of the PostgreSQL
connections, of the Celery workers and of Locust itself is summed per group;
afterwards a calibration runs each persona alone for four journeys (at most
LOCUST_CALIBRATE seconds each, 0 skips it), one request at a time without
pauses, and charges the server's CPU (gunicorn and its PostgreSQL connections)
between two answers to the second. CPU per step × the run's requests of that
step = its share; their sum beside the measured total shows what the
calibration misses (cache misses of first visits, the ramp-up).
"""

from __future__ import annotations

import json
import math
import os
import resource
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
USERS = int(os.environ.get("LOCUST_USERS", "50"))
SECONDS = int(os.environ.get("LOCUST_TIME", "300"))
# People arrive one after another, not fifty in ten seconds: one new simulated user a
# second (Locust's own default) spreads the logins, whose password hash is the
# heaviest step, over the first 50 s instead of queueing them behind each other.
SPAWN_RATE = 1
OUTPUT_DIR = Path(os.environ.get("BENCH_OUTPUT_DIR", ROOT / "bench" / "results"))
CALIBRATE_SECONDS = int(os.environ.get("LOCUST_CALIBRATE", "60"))
PERSONAS = ("MunicipalStaff", "Planner", "Admin", "GuideReader")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
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


def after_ramp_up(samples: list[list], users: int, seconds: int) -> dict:
    """p50/p95 per step once every user has started (all logins fall into the
    ramp-up): for reading the whole run's figures, not instead of them."""
    if not samples:
        return {}
    ramp = users / SPAWN_RATE
    start = min(sample[0] for sample in samples) + ramp
    later = summarise([s for s in samples if s[0] >= start], int(seconds - ramp))
    return {
        "from_second": round(ramp, 1),
        "requests_per_second": later["requests_per_second"],
        "p50_p95_ms": {
            name: [row["p50_ms"], row["p95_ms"]] for name, row in later["steps"].items()
        },
    }


def queue_wait(since: datetime, until: datetime | None = None) -> dict:
    """How long report jobs of the run waited for a worker, and took in all."""
    from lebenswert.reports.models import ReportJob

    asked = ReportJob.objects.filter(created_at__gte=since)
    if until is not None:
        asked = asked.filter(created_at__lt=until)
    jobs = list(asked.values_list("created_at", "started_at", "finished_at", "status"))
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


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of one process (Linux /proc), None when gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def gunicorn_pids(port: int) -> list[int]:
    """The gunicorn master and workers serving `port`."""
    pids = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            words = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if any(w.endswith(b"gunicorn") for w in words) and (
            f"127.0.0.1:{port}".encode() in words
        ):
            pids.append(int(cmdline.parent.name))
    return pids


def _socket_ports(pids: list[int]) -> set[int]:
    """Local TCP ports of the sockets the processes hold."""
    inodes = set()
    for pid in pids:
        try:
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                target = os.readlink(fd)
                if target.startswith("socket:["):
                    inodes.add(target[8:-1])
        except OSError:
            continue
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[9] in inodes:
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def backend_pids(client_pids: list[int]) -> list[int]:
    """The PostgreSQL backends serving these processes' connections."""
    from django.db import connection

    ports = _socket_ports(client_pids)
    if not ports:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE client_port = ANY(%s) "
            "AND pid <> pg_backend_pid()",
            [sorted(ports)],
        )
        return [row[0] for row in cursor.fetchall()]


class CpuWatch(threading.Thread):
    """Sums the CPU time of each group of processes while it runs (every second:
    processes come and go, e.g. database connections older than CONN_MAX_AGE);
    with `pids_file`, keeps the server's processes listed there for the
    locustfile's calibration probe."""

    def __init__(self, groups: dict, pids_file: Path | None = None):
        super().__init__(daemon=True)
        self.groups, self.pids_file = groups, pids_file
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self.members: dict[str, set[int]] = {name: set() for name in groups}
        self.done = threading.Event()
        self.sample(initial=True)

    def sample(self, *, initial: bool = False) -> None:
        server: list[int] = []
        for name, find in self.groups.items():
            for pid in find():
                seconds = cpu_seconds(pid)
                if seconds is None:
                    continue
                # A process born during the run is charged from zero.
                self.first.setdefault(pid, seconds if initial else 0.0)
                self.last[pid] = seconds
                self.members[name].add(pid)
                if name in ("web", "database"):
                    server.append(pid)
        if self.pids_file:
            self.pids_file.write_text(" ".join(map(str, server)))

    def run(self) -> None:
        from django.db import connection

        try:
            while not self.done.wait(1.0):
                self.sample()
        finally:
            connection.close()

    def stop(self) -> dict[str, float]:
        self.done.set()
        self.join()
        self.sample()
        return {
            name: round(sum(self.last[p] - self.first[p] for p in pids), 1)
            for name, pids in self.members.items()
        }


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


def locust_command(port: int, users: int, seconds: int, *classes: str) -> list[str]:
    return [
        str(Path(sys.executable).parent / "locust"),
        "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(SPAWN_RATE), "-t", f"{seconds}s",
        "--host", f"http://127.0.0.1:{port}", "--stop-timeout", "30",
        "--only-summary", "--loglevel", "WARNING", *classes,
    ]  # fmt: skip


def run_locust(command: list[str], env: dict, log: Path, seconds: int) -> None:
    """Run Locust until it ends (its output goes to `log`)."""
    with log.open("ab") as handle:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
        )
        try:
            # Locust exits with 1 when a request failed; the summary says which.
            process.wait(timeout=seconds + 120)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def calibrate(port: int, env: dict, log: Path) -> dict[str, list[float]]:
    """Server CPU ms per request of each step: each persona alone, one request at
    a time, no pauses, every journey with its report (module docstring)."""
    pids_file = OUTPUT_DIR / "locust-server-pids.txt"
    samples_file = OUTPUT_DIR / "locust-calibration.json"
    watch = CpuWatch(
        {
            "web": lambda: gunicorn_pids(port),
            "database": lambda: backend_pids(gunicorn_pids(port)),
        },
        pids_file,
    )
    watch.start()
    per_step: dict[str, list[float]] = {}
    try:
        for persona in PERSONAS:
            samples_file.unlink(missing_ok=True)
            calibration_env = env | {
                "BENCH_CPU_PIDS_FILE": str(pids_file),
                "BENCH_LOCUST_SAMPLES": str(samples_file),
            }
            command = locust_command(port, 1, CALIBRATE_SECONDS, persona)
            run_locust(command, calibration_env, log, CALIBRATE_SECONDS)
            if samples_file.exists():
                for name, milliseconds in json.loads(samples_file.read_text()):
                    per_step.setdefault(name, []).append(milliseconds)
    finally:
        watch.stop()
    return per_step


def cpu_by_step(table: dict, calibration: dict[str, list[float]]) -> dict:
    """Per step of the run: its requests × the calibrated CPU per request."""
    rows = {}
    for name, row in table.items():
        measured = calibration.get(name)
        if not measured:
            continue
        per_request = sum(measured) / len(measured)
        rows[name] = {
            "requests": row["requests"],
            "cpu_ms_per_request": round(per_request, 1),
            "calibration_samples": len(measured),
            "cpu_seconds": round(row["requests"] * per_request / 1000, 1),
        }
    total = sum(row["cpu_seconds"] for row in rows.values()) or 1.0
    for row in rows.values():
        row["share"] = round(row["cpu_seconds"] / total, 3)
    return dict(sorted(rows.items(), key=lambda item: -item[1]["cpu_seconds"]))


def run(port: int, logins_file: Path, users: int, seconds: int) -> dict:
    from django.conf import settings

    from bench import personas

    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    samples_file = OUTPUT_DIR / "locust-samples.json"
    samples_file.unlink(missing_ok=True)
    log_dir = Path(settings.VAR_DIR)
    log = log_dir / "locust.log"
    log.unlink(missing_ok=True)
    workers = start_workers(log_dir)
    since = datetime.now(UTC)
    env = os.environ | {
        "BENCH_LOGINS_FILE": str(logins_file),
        "BENCH_LOCUST_SAMPLES": str(samples_file),
    }
    worker_pids = [worker.pid for worker in workers]
    watch = CpuWatch(
        {
            "web": lambda: gunicorn_pids(port),
            "database": lambda: backend_pids(gunicorn_pids(port)),
            "reports": lambda: worker_pids,
            "reports_database": lambda: backend_pids(worker_pids),
        }
    )
    watch.start()
    calibration: dict[str, list[float]] = {}
    try:
        run_locust(locust_command(port, users, seconds), env, log, seconds)
        until = datetime.now(UTC)  # the calibration's reports are not the run's
        locust_cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
        # Reports requested at the end are still rendering: let them finish.
        time.sleep(5)
        cpu = watch.stop()
        cpu["load_generator"] = round(locust_cpu.ru_utime + locust_cpu.ru_stime, 1)
        if CALIBRATE_SECONDS > 0:
            calibration = calibrate(port, env, log)
    finally:
        if watch.is_alive():
            watch.stop()
        stop(workers)
    samples = json.loads(samples_file.read_text()) if samples_file.exists() else []
    summary = summarise(samples, seconds)
    server = cpu["web"] + cpu["database"]
    result = {
        "tool": f"locust, {users} users, {seconds} s, spawn {SPAWN_RATE}/s",
        "server": "gunicorn 2 sync workers, PostgreSQL, Redis, 2 Celery workers",
        "think_seconds": list(personas.THINK_SECONDS),
        "think_why": "a person reads the page before the next click "
        "(bench/personas.py)",
        "session": personas.SESSION,
        "report_share_of_staff_journeys": personas.REPORT_SHARE,
        "report_poll_seconds": personas.REPORT_POLL_SECONDS,
        **summary,
        "after_ramp_up": after_ramp_up(samples, users, seconds),
        "reports": queue_wait(since, until),
        "cpu_seconds": cpu,
        "cpu_ms_per_request_web_and_database": round(
            server * 1000 / max(summary["requests"], 1), 1
        ),
        "cpu_share_of_two_cores": round(
            sum(v for k, v in cpu.items() if k != "load_generator") / (2 * seconds), 2
        ),
    }
    if calibration:
        result["cpu_by_step"] = cpu_by_step(summary["steps"], calibration)
        result["cpu_seconds_web_and_database_by_steps"] = round(
            sum(row["cpu_seconds"] for row in result["cpu_by_step"].values()), 1
        )
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
