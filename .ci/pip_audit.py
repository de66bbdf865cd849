"""Known vulnerabilities in the installed packages (pip-audit), failing loudly.

pip-audit asks PyPI's JSON API for each installed release. A package it could not
check is not a clean package: unless LEBENSWERT_AUDIT_ALLOW_UNCHECKED=1 is set on
purpose, an unchecked package fails the run just as a vulnerable one does.
Usage: .venv/bin/python .ci/pip_audit.py   (exit 0 clean, 1 vulnerable, 2 unchecked)
"""

import json
import os
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def verdict(report: dict, *, allow_unchecked: bool = False) -> tuple[int, list[str]]:
    """Exit code and message lines for a pip-audit JSON report."""
    # The project itself is installed editable; bandit looks at its code.
    dependencies = [
        d for d in report["dependencies"] if "editable" not in d.get("skip_reason", "")
    ]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    unchecked = [d for d in dependencies if d.get("skip_reason")]
    lines = [
        f"VULNERABLE {d['name']} {d['version']}: {vuln['id']} "
        f"(fixed in {', '.join(vuln.get('fix_versions') or []) or 'no release yet'})"
        for d in vulnerable
        for vuln in d["vulns"]
    ]
    lines.append(
        f"pip-audit: {len(dependencies) - len(unchecked)} packages checked, "
        f"{len(vulnerable)} vulnerable, {len(unchecked)} could not be checked."
    )
    if vulnerable:
        return 1, lines
    if not unchecked:
        return 0, lines
    banner = "=" * 78
    lines += [
        "UNCHECKED: " + ", ".join(d["name"] for d in unchecked),
        f"(first reason: {unchecked[0]['skip_reason']})",
        banner,
        f"pip-audit could not check {len(unchecked)} of {len(dependencies)} packages:",
        "the vulnerability data (PyPI's JSON API per release) did not answer.",
        "This is NOT a clean result.",
        banner,
    ]
    if allow_unchecked:
        lines.append("LEBENSWERT_AUDIT_ALLOW_UNCHECKED=1: continuing regardless.")
        return 0, lines
    return 2, lines


def main() -> int:
    result = subprocess.run(
        [str(PIP_AUDIT), "--format", "json", "--skip-editable"]
        + ["--progress-spinner", "off"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr, file=sys.stderr)
        print("pip-audit: FAILED, no report (see above).", file=sys.stderr)
        return 2
    allow = os.environ.get("LEBENSWERT_AUDIT_ALLOW_UNCHECKED") == "1"
    code, lines = verdict(report, allow_unchecked=allow)
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
