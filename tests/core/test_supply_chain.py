"""Supply chain: bandit finds nothing of medium or high severity; pip-audit's
verdict fails on a vulnerable package and on a package it could not check."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BANDIT = Path(sys.executable).with_name("bandit")


def _pip_audit_module():
    spec = importlib.util.spec_from_file_location(
        "ci_pip_audit", ROOT / ".ci" / "pip_audit.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CLEAN = {"name": "django", "version": "5.2.19", "vulns": []}
EDITABLE = {"name": "lebenswert", "skip_reason": "distribution marked as editable"}
VULNERABLE = {
    "name": "django",
    "version": "5.2.1",
    "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.2"]}],
}
UNCHECKED = {
    "name": "celery",
    "skip_reason": "Dependency not found on PyPI and could not be audited",
}


def test_pip_audit_verdict_passes_a_clean_report():
    code, lines = _pip_audit_module().verdict({"dependencies": [CLEAN, EDITABLE]})
    assert code == 0
    assert lines == [
        "pip-audit: 1 packages checked, 0 vulnerable, 0 could not be checked."
    ]


def test_pip_audit_verdict_fails_on_a_vulnerable_package():
    code, lines = _pip_audit_module().verdict(
        {"dependencies": [VULNERABLE, UNCHECKED]}, allow_unchecked=True
    )
    assert code == 1
    assert "VULNERABLE django 5.2.1: PYSEC-2025-1 (fixed in 5.2.2)" in lines


def test_pip_audit_verdict_fails_loudly_when_a_package_could_not_be_checked():
    module = _pip_audit_module()
    code, lines = module.verdict({"dependencies": [CLEAN, UNCHECKED]})
    assert code == 2
    assert "This is NOT a clean result." in lines
    # Only an explicit setting lets the run go on, and it still says so.
    code, lines = module.verdict(
        {"dependencies": [CLEAN, UNCHECKED]}, allow_unchecked=True
    )
    assert code == 0 and "This is NOT a clean result." in lines


def test_bandit_finds_no_medium_or_high_issue_in_the_product_code():
    result = subprocess.run(
        [str(BANDIT), "-c", "pyproject.toml", "-r", "lebenswert", "municipalities"]
        + ["services", "cooperations", "-ll", "-q", "-f", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert not findings, "\n".join(findings)
    assert result.returncode == 0
    assert report["metrics"]["_totals"]["loc"] > 5000  # it did read the code
