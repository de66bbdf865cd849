"""Every report kind in the job's language (/Lang, footer, demo label) and with
links to the portal's public address, never to file://."""

import io
import re

import pytest
from pypdf import PdfReader

from lebenswert.reports import actions
from lebenswert.reports.registry import REPORT_KINDS
from tests.cooperations.test_scenarios import _scenario
from tests.reports.conftest import flat, pdf_text

PUBLIC_URL = "https://lebenswert.example.org"


@pytest.fixture
def kinds(people, wasserwerk):
    scenario = _scenario(people["eschwege_editor"], shared=True)
    return {
        "gemeinde": {"ags": "06636003"},
        "kooperation": {"pk": str(wasserwerk.pk)},
        "region": {"kreis": "06636"},
        "szenario": {"pk": str(scenario.pk)},
    }


def _uris(pdf: bytes) -> list[str]:
    uris = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_report_kind_is_in_the_jobs_language_with_public_links(
    kinds, settings, language
):
    settings.LEBENSWERT_PUBLIC_URL = PUBLIC_URL
    for kind, params in kinds.items():
        pdf = actions.report_build(REPORT_KINDS[kind], params, language=language).pdf
        root = PdfReader(io.BytesIO(pdf)).trailer["/Root"]
        assert root["/Lang"] == language, kind
        text = pdf_text(pdf)
        if language == "en":
            assert "Page2of" in text, kind
            assert not re.search(r"Seite\d+von", text), kind
        else:
            assert "Seite2von" in text, kind
        uris = _uris(pdf)
        assert all(uri.startswith(PUBLIC_URL + "/") for uri in uris), (kind, uris)
        assert not any("file:" in uri for uri in uris), kind
        if kind in ("kooperation", "szenario"):
            # „Mehr zu … im Leitfaden“ for the organisational forms.
            assert any("/leitfaden/formen/" in uri for uri in uris), (kind, uris)
        if kind == "gemeinde":
            demo = "Demo value (invented" if language == "en" else "Demowert (erfunden"
            assert flat(demo) in text, kind
