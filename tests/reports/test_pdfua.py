"""Every report kind, in both variants, checked with pdfua (PyPI): the machine-
checkable part of PDF/UA-1 with 0 errors and 0 warnings; every table header
cell with /Scope (WeasyPrint drops `scope`, the renderer adds it); the archive
variant PDF/A-3b and PDF/UA-1 at once; links absolute, never file://; the BKG
credited only where its outlines are drawn."""

import io
import itertools

import pikepdf
import pytest
from pdfua import validate

from lebenswert.reports import actions
from lebenswert.reports.registry import REPORT_KINDS, params_clean
from municipalities.models import Boundary, Municipality
from tests.cooperations.test_scenarios import _scenario
from tests.reports.conftest import flat, pdf_text

from .kinds import TEST_KIND_NAMES

VARIANTS = ["pdf/ua-1", "pdf/a-3b"]


@pytest.fixture
def every_kind(people, wasserwerk):
    scenario = _scenario(people["eschwege_editor"], shared=True)
    params = {
        "gemeinde": {"ags": "06636003"},
        "kooperation": {"pk": str(wasserwerk.pk)},
        "region": {"kreis": "06636"},
        "szenario": {"pk": str(scenario.pk)},
    }
    # A new kind is checked here too (the worker tests' own kinds are not).
    assert set(params) == set(REPORT_KINDS) - TEST_KIND_NAMES
    return params


def _findings(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return [
        f"{finding.rule_id} {finding.severity.name}: {finding.message}"
        for finding in validate(str(path)).findings
    ]


def _scopes(pdf: pikepdf.Pdf) -> list[str | None]:
    """The /Scope of every TH structure element (None: none)."""
    scopes = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/S") == "/TH":
            attributes = obj.get("/A")
            listed = (
                list(attributes)
                if isinstance(attributes, pikepdf.Array)
                else [attributes]
            )
            found = [str(a.Scope) for a in listed if a is not None and "/Scope" in a]
            scopes.append(found[0] if found else None)
    return scopes


def _headings(element, found: list[int]) -> list[int]:
    """The levels of H1…H6 in the structure tree, in reading order."""
    kind = str(element.get("/S", ""))
    if kind in {f"/H{n}" for n in range(1, 7)}:
        found.append(int(kind[2:]))
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            _headings(kid, found)
    return found


def _links(pdf: pikepdf.Pdf) -> list[str]:
    return [
        str(annotation.A.URI)
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if "/A" in annotation and "/URI" in annotation.A
    ]


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_kind_passes_pdfua_without_errors_or_warnings(
    every_kind, variant, tmp_path, settings
):
    settings.LEBENSWERT_PUBLIC_URL = "https://portal.example.de"
    for name, params in every_kind.items():
        kind = REPORT_KINDS[name]
        pdf = actions.report_build(kind, params_clean(kind, params), variant=variant)

        assert _findings(pdf.pdf, tmp_path) == [], name
        with pikepdf.open(io.BytesIO(pdf.pdf)) as document:
            scopes = _scopes(document)
            assert scopes and None not in scopes, name
            assert set(scopes) <= {"/Column", "/Row"}
            assert all(
                link.startswith("https://portal.example.de/")
                for link in _links(document)
            ), name
            levels = _headings(document.Root.StructTreeRoot, [])
            # Nested as the contents shows: one title, no level skipped.
            assert levels[0] == 1 and levels.count(1) == 1, (name, levels)
            assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), name
            xmp = document.Root.Metadata.read_bytes().decode()
        assert 'pdfuaid:part="1"' in xmp or "<pdfuaid:part>1<" in xmp, name
        if variant == "pdf/a-3b":
            assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
            assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp


def _text(kind: str, params: dict) -> str:
    report_kind = REPORT_KINDS[kind]
    built = actions.report_build(report_kind, params_clean(report_kind, params))
    return pdf_text(built.pdf)


def test_maps_credit_the_bkg_only_with_its_outlines_loaded(pilot, wasserwerk):
    assert "BKG" not in _text("region", {"kreis": "06636"})
    assert "BKG" not in _text("gemeinde", {"ags": "06636003"})

    eschwege = Municipality.objects.get(ags="06636003")
    lon, lat = float(eschwege.longitude), float(eschwege.latitude)
    square = [[lon, lat], [lon + 0.01, lat], [lon + 0.01, lat + 0.01], [lon, lat]]
    Boundary.objects.create(
        municipality=eschwege,
        geometry={"type": "Polygon", "coordinates": [square]},
        source="© GeoBasis-DE / BKG 2021 (Daten verändert)",
    )
    assert flat("GeoBasis-DE / BKG 2021") in _text("region", {"kreis": "06636"})
    assert flat("GeoBasis-DE / BKG 2021") in _text("gemeinde", {"ags": "06636003"})
