"""Bench figures for the guide and the option comparison (called by bench/run.py).

    python bench/options.py guide-search   # in-process search over every page

`PAGES` are measured by bench/run.py like every other page, against the bare view
in the same run. The option comparison's page is kept per data version like the
other pages; bench/run.py also times its first request after a change (cold).
The guide search prints one JSON object: time per query over all pages in both
languages, after the one-off index build (also reported).
"""

import json
import os
import statistics
import subprocess
import sys
import time
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
    result = subprocess.run(
        [sys.executable, "bench/options.py", "guide-search"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        text=True,
    )
    if result.returncode != 0:
        return {"error": result.stderr.strip()[-500:]}
    return json.loads(result.stdout)


if __name__ == "__main__":
    if sys.argv[1:] != ["guide-search"]:
        sys.exit("usage: python bench/options.py guide-search")
    print(json.dumps(guide_search()))
