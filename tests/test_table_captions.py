"""Every table that scrolls inside a .table-wrap has a caption: static/js/tables.js
names the scrolling region by it (WCAG 2.1.1 and 4.1.2)."""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
WRAPPED_TABLE = re.compile(
    r'class="table-wrap"[^>]*>\s*<table[^>]*>(.*?)</table>', re.S
)


def test_every_wrapped_table_has_a_caption():
    missing = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for match in WRAPPED_TABLE.finditer(template.read_text()):
            if not match.group(1).lstrip().startswith("<caption"):
                missing.append(str(template.relative_to(TEMPLATES)))
    assert not missing, f"tables without a caption as first child: {missing}"
