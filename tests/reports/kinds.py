"""Report kinds for the worker tests only (LEBENSWERT_REPORT_KIND_MODULES).

"langsam" holds its render while a block file exists, so a test can kill the
worker mid-render; "kaputt" names a print template that does not exist.
"""

import os
import time
from pathlib import Path

from django.utils import timezone

from lebenswert.reports.registry import ReportKind, register


def _slow_context(params: dict) -> dict:
    block = Path(params["block"])
    marker = block.with_suffix(".started")
    if marker.parent.is_dir():
        with marker.open("a") as handle:
            handle.write(f"{os.getpid()}\n")
    deadline = time.monotonic() + 60
    while block.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    return {
        "title": "Langsamer Testbericht",
        "subtitle": "Test",
        "kind_label": "Testbericht",
        "today": timezone.localdate(),
    }


SLOW = register(
    ReportKind(
        name="langsam",
        label="Langsamer Testbericht",
        params=("block",),
        clean=lambda params: params,
        perm="reports.view_reportjob",  # admins only
        perm_object=lambda params: params,
        scopes=lambda params: [],
        title=lambda params: "Langsamer Testbericht",
        selector=_slow_context,
        template="reports/base_print.html",
    )
)
BROKEN = register(
    ReportKind(
        name="kaputt",
        label="Kaputter Testbericht",
        params=("nummer",),
        clean=lambda params: params,
        perm="reports.view_reportjob",  # admins only
        perm_object=lambda params: params,
        scopes=lambda params: [],
        title=lambda params: "Kaputter Testbericht",
        selector=lambda params: {"title": "Kaputt"},
        template="reports/gibt-es-nicht.html",
    )
)

# The names the product's report tests leave out when they walk every kind.
TEST_KIND_NAMES = frozenset({SLOW.name, BROKEN.name})
