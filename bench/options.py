"""Bench figures for the guide and the option comparison (called by bench/run.py).

    python bench/options.py guide-search   # in-process search over every page
    python bench/options.py in-tree ROOT manage ARGS…         # manage.py of a tree
    python bench/options.py in-tree ROOT comparison-timing N  # N uncached requests
    python bench/options.py comparison-uncached  # that figure alone, as make bench

`PAGES` are measured by bench/run.py like every other page, against the bare view
in the same run. The option comparison's page is kept per data version like the
other pages; bench/run.py also times its first request after a change (cold).
The guide search prints one JSON object: time per query over all pages in both
languages, after the one-off index build (also reported).

option_comparison_uncached: the comparison for seven partners when its page cache
misses, in-process (Django's test client, logged in, the data version raised before
each request), against the same request on BASELINE_COMMIT (the code before issue
13) in the same run: that tree is exported with `git archive`, each tree gets a
fresh database with seed_demo, and the two are timed in alternating batches.
"""

import importlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent

SEVEN_PARTNERS = [
    "06636001", "06636002", "06636003", "06636008", "06636011", "06636013",
    "06636016",
]  # fmt: skip
COMPARISON_QUERY = urlencode(
    {
        "sektor": "abwasser",
        "aufgabe": "service_pool",
        "partner": SEVEN_PARTNERS,
        "laufzeit": 10,
        "einsparung": "15",
        "kosten": "250000",
        "schluessel": "mix",
        "mix_equal": 1,
        "mix_population": 2,
        "mix_area": 1,
        # Each partner's own cost: the cost model with all variants and the
        # sensitivity table runs (issue 13).
        **{f"kosten_{ags}": "400000" for ags in SEVEN_PARTNERS},
        "einmal_recht": "30000",
    },
    doseq=True,
)
# name, path, compared with the floor?
PAGES = [
    ("option_comparison_7_partners", f"/vergleich/optionen/?{COMPARISON_QUERY}", True),
    ("guide_page", "/leitfaden/organisationsformen/", True),
    ("guide_search_page", "/leitfaden/suche/?q=Zweckverband", True),
]
QUERIES = [
    "Zweckverband", "Fixkosten Abwasser", "Leerstand", "Förderung 15", "KGG",
    "Bürgerbus", "Meissner", "Kommunalaufsicht prüfen", "fixed costs",
    "treatment plant", "xylophon",
]  # fmt: skip
ROUNDS = 200
# The option comparison before the issue-13 work ("today" in issue 13's target).
BASELINE_COMMIT = "8067cb5"
UNCACHED_TARGET_RATIO = 1.5
UNCACHED_BATCHES = 3
UNCACHED_RUNS = int(os.environ.get("BENCH_UNCACHED_RUNS", "36"))  # per tree
DEMO_USER = "eschwege@demo.lebenswert.invalid"


def guide_search() -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from cooperations.guide import content, search

    started = time.perf_counter()
    for language in content.LANGUAGES:
        search.index(language)
    build_ms = (time.perf_counter() - started) * 1000
    timings, hits = [], {}
    for _round in range(ROUNDS):
        for query in QUERIES:
            language = "en" if query in {"fixed costs", "treatment plant"} else "de"
            begin = time.perf_counter()
            found = search.search(language, query)
            timings.append((time.perf_counter() - begin) * 1000)
            hits[query] = len(found)
    sections = sum(len(search.index(language)) for language in content.LANGUAGES)
    pages = sum(len(content.pages(language)) for language in content.LANGUAGES)
    return {
        "pages": pages,
        "sections": sections,
        "index_build_ms": round(build_ms, 1),
        "queries": len(timings),
        "ms_per_query_median": round(statistics.median(timings), 3),
        "ms_per_query_p99": round(sorted(timings)[int(len(timings) * 0.99)], 3),
        "hits": hits,
    }


def run_guide_search(env: dict[str, str], timeout: int = 300) -> dict:
    """Called by bench/run.py: the search figures from a process of their own."""
    return json_of(["bench/options.py", "guide-search"], env, timeout)


def json_of(args: list[str], env: dict[str, str], timeout: int) -> dict:
    """The JSON object a bench script prints (its last line), or the error."""
    result = subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        text=True,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip()[-500:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def enter_tree(root: Path) -> None:
    """Import the project from `root` (this checkout or the exported baseline)."""
    # The editable install maps the apps to this checkout; a baseline tree that
    # lacks a module would silently get today's.
    sys.meta_path[:] = [
        finder
        for finder in sys.meta_path
        if not getattr(finder, "__module__", "").startswith("__editable__")
    ]
    sys.path.insert(0, str(root))
    os.chdir(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")


# How much of the page may come from the cache, per figure (issue 13's "uncached"):
# after_a_change: the same address after a change to the register (the page's own
#   cache misses; parts kept by the data they show may be reused);
# new_inputs: every request a set-up cost never asked before (a planner trying
#   variants: the form and the cost tables are drawn anew, the partners'
#   demography may be reused);
# cold_cache: nothing cached at all (a fresh cache key prefix per request:
#   sessions, role facts, every fragment read from the database or computed).
UNCACHED_MODES = ("after_a_change", "new_inputs", "cold_cache")


def comparison_timing(root: Path, runs: int, mode: str) -> dict[str, list[float]]:
    """Wall and CPU milliseconds of `runs` requests for the comparison, each after
    a change to the register (so that the page's cache misses), in `mode`."""
    # Redis outlives the bench's databases, whose data versions start again at 1:
    # a key prefix of this process's own keeps it from being served a page that
    # another tree or an earlier run cached under the same versions.
    base = importlib.import_module("bench.settings")
    timing_settings = types.ModuleType("bench_timing_settings")
    vars(timing_settings).update((k, v) for k, v in vars(base).items() if k.isupper())
    cache = base.CACHES["default"]
    timing_settings.CACHES = {
        **base.CACHES,
        "default": {
            **cache,
            "KEY_PREFIX": f"{cache.get('KEY_PREFIX', '')}:{uuid.uuid4().hex}",
        },
    }
    sys.modules[timing_settings.__name__] = timing_settings
    os.environ["DJANGO_SETTINGS_MODULE"] = timing_settings.__name__
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from lebenswert.accounts.models import User
    from lebenswert.core.fragments import COOPERATIONS, bump

    client = Client(HTTP_HOST="127.0.0.1")
    user = User.objects.get(email=DEMO_USER)
    client.force_login(user)
    session = client.session  # logged in with the app's code, as in bench/run.py
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    timings: dict[str, list[float]] = {"wall": [], "cpu": []}
    prefix = cache.key_prefix
    for number in range(3 + runs):  # three to warm templates and connections
        bump(COOPERATIONS)
        path = PAGES[0][1]
        if mode == "new_inputs":
            path += f"&einmal_it={1000 + number}"
        elif mode == "cold_cache":
            cache.key_prefix = f"{prefix}:{number}"
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if response.status_code != 200 or b'id="ergebnis"' not in response.content:
            raise RuntimeError(f"{path} answered {response.status_code}, no result")
        if number >= 3:
            timings["wall"].append(wall * 1000)
            timings["cpu"].append(cpu * 1000)
    return timings


def in_tree(root: Path, command: str, args: list[str]) -> None:
    enter_tree(root)
    if command == "manage":
        from django.core.management import execute_from_command_line

        execute_from_command_line(["manage.py", *args])
    elif command == "comparison-timing":
        print(json.dumps(comparison_timing(root, int(args[0]), args[1])))
    else:
        sys.exit(f"unknown command {command}")


def _in_tree_run(root: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "in-tree", str(root), *args],
        cwd=root,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=600,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{root} {args[:2]}: {result.stderr.strip()[-800:]}")
    return result.stdout


def _export_baseline(target: Path) -> Path:
    """BASELINE_COMMIT's files under `target` (git archive: no checkout, no
    worktree, the repository's state untouched)."""
    target.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", BASELINE_COMMIT],
        capture_output=True,
        check=True,
        timeout=120,
    )
    subprocess.run(
        ["tar", "-x", "-C", str(target)], input=archive.stdout, check=True, timeout=120
    )
    return target


def _prepare_tree(root: Path, env: dict[str, str], psql, database: str) -> None:
    """A fresh database for one tree: its own migrations, seed_demo, static files."""
    psql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    psql(f'CREATE DATABASE "{database}"')
    _in_tree_run(root, env, "manage", "migrate", "--noinput", "-v0")
    _in_tree_run(root, env, "manage", "seed_demo")
    _in_tree_run(root, env, "manage", "collectstatic", "--noinput", "-v0")


def _uncached_figures(timings: dict[str, dict[str, list[float]]]) -> dict:
    """Medians per tree, wall and CPU (the CPU of this process only, the steadier
    figure when other work shares the machine), and current ÷ baseline."""
    figures: dict = {"runs_per_tree": len(timings["current"]["wall"])}
    for kind in ("wall", "cpu"):
        baseline = statistics.median(timings["baseline"][kind])
        current = statistics.median(timings["current"][kind])
        figures[f"baseline_{kind}_median_ms"] = round(baseline, 1)
        figures[f"current_{kind}_median_ms"] = round(current, 1)
        figures[f"{kind}_ratio"] = round(current / baseline, 2)
    figures["meets_target"] = figures["wall_ratio"] <= UNCACHED_TARGET_RATIO
    return figures


def run_option_comparison_uncached(
    env: dict[str, str], psql: Callable[..., None], database: str
) -> dict:
    """Called by bench/run.py: this checkout against BASELINE_COMMIT, same run."""
    work = Path(tempfile.mkdtemp(prefix="lebenswert-baseline-"))
    trees = {"baseline": work / "tree", "current": ROOT}
    envs, databases = {}, {}
    server = env["DATABASE_URL"].rsplit("/", 1)[0]
    try:
        _export_baseline(trees["baseline"])
        for name, root in trees.items():
            databases[name] = f"{database}_{name}"
            envs[name] = {
                **env,
                "DATABASE_URL": f"{server}/{databases[name]}",
                "LEBENSWERT_VAR_DIR": str(work / f"var-{name}"),
            }
            _prepare_tree(root, envs[name], psql, databases[name])
        timings = {
            (mode, name): {"wall": [], "cpu": []}
            for mode in UNCACHED_MODES
            for name in trees
        }
        per_batch = -(-UNCACHED_RUNS // UNCACHED_BATCHES)
        for _batch in range(UNCACHED_BATCHES):  # alternating: drift hits both
            for mode in UNCACHED_MODES:
                for name, root in trees.items():
                    out = _in_tree_run(
                        root, envs[name], "comparison-timing", str(per_batch), mode
                    )
                    last = json.loads(out.strip().splitlines()[-1])
                    for kind, values in last.items():
                        timings[mode, name][kind] += values
    except (RuntimeError, subprocess.SubprocessError, OSError) as error:
        return {"error": str(error)[-800:]}
    finally:
        for name in databases:
            psql(f'DROP DATABASE IF EXISTS "{databases[name]}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
    return {
        "path": PAGES[0][1],
        "baseline_commit": BASELINE_COMMIT,
        "target_ratio": UNCACHED_TARGET_RATIO,
        **{
            mode: _uncached_figures(
                {name: timings[mode, name] for name in ("baseline", "current")}
            )
            for mode in UNCACHED_MODES
        },
    }


def comparison_uncached_alone() -> dict:
    """option_comparison_uncached without the rest of `make bench` (same databases
    and Redis: BENCH_DB_NAME, BENCH_REDIS_URL)."""
    import run  # bench/run.py, beside this file: the environment and psql

    with tempfile.TemporaryDirectory(prefix="lebenswert-bench-") as var_dir:
        env = run.bench_env(Path(var_dir))
        return run_option_comparison_uncached(env, run.psql, run.DB_NAME)


if __name__ == "__main__":
    if sys.argv[1:2] == ["in-tree"] and len(sys.argv) >= 4:
        in_tree(Path(sys.argv[2]), sys.argv[3], sys.argv[4:])
    elif sys.argv[1:] == ["guide-search"]:
        print(json.dumps(guide_search()))
    elif sys.argv[1:] == ["comparison-uncached"]:
        print(json.dumps(comparison_uncached_alone(), indent=2))
    else:
        sys.exit(
            "usage: python bench/options.py guide-search | comparison-uncached"
            " | in-tree ROOT manage ARGS… | in-tree ROOT comparison-timing N"
        )
