"""The Regionalbericht at scale (issue 18 items 2 and 3, issue 16 item 5): a Kreis
of 233 municipalities loses no name and no box leaves its page; the matrix and
the gaps summarise instead of repeating; no sentence states a zero; Regierungs-
bezirk and Land reports with their Kreise as rows, for their planners and admins."""

import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from pdfua import validate
from pypdf import PdfReader

from cooperations import actions as cooperation_actions
from lebenswert.reports import actions, renderer
from lebenswert.reports.registry import REPORT_KINDS, params_clean
from municipalities.models import Municipality
from services.models import Sector
from tests.factories import (
    KreisFactory,
    LandFactory,
    MembershipFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    RegierungsbezirkFactory,
    UserFactory,
)
from tests.reports.conftest import flat

REGION = REPORT_KINDS["region"]
# Real names of the Eifel: long, with hyphens and prepositions; numbered so that
# no name is part of another.
STEMS = ("Ammeldingen bei Neuerburg", "Fischbach-Oberraden", "Hüttingen an der Kyll",
         "Sevenig (Our)", "Waldhof-Falkenstein", "Prüm", "Auw")  # fmt: skip
SIZE = 233


def _name(number: int) -> str:
    return f"{STEMS[number % len(STEMS)]} {number:03d}"


@pytest.fixture
def areas(db):
    """Land 07 with the Regierungsbezirke 071 and 072; in 072 the Eifelkreis (233
    places) and Vulkaneifel (4), in 071 Cochem-Zell (3)."""
    land = LandFactory(code="07", name="Rheinland-Pfalz")
    trier = RegierungsbezirkFactory(code="072", land=land, name="Reg.-Bez. Trier")
    koblenz = RegierungsbezirkFactory(code="071", land=land, name="Reg.-Bez. Koblenz")
    kreise = {
        "07232": KreisFactory(
            code="07232", land=land, regierungsbezirk=trier,
            name="Eifelkreis Bitburg-Prüm",
        ),
        "07233": KreisFactory(
            code="07233", land=land, regierungsbezirk=trier, name="Vulkaneifel"
        ),
        "07135": KreisFactory(
            code="07135", land=land, regierungsbezirk=koblenz, name="Cochem-Zell"
        ),
    }  # fmt: skip
    places = {code: [] for code in kreise}
    for number in range(1, SIZE + 1):
        places["07232"].append(
            MunicipalityFactory(
                kreis=kreise["07232"], ags=f"07232{number:03d}", name=_name(number),
                population=15_554 if number == 18 else 20 + number * 37 % 1900,
            )
        )  # fmt: skip
    for code, count in (("07233", 4), ("07135", 3)):
        for number in range(1, count + 1):
            places[code].append(
                MunicipalityFactory(
                    kreis=kreise[code], ags=f"{code}{number:03d}",
                    name=f"{kreise[code].name}dorf {number}", population=900,
                )
            )  # fmt: skip
    eifel = places["07232"]
    sectors = {s.code: s for s in Sector.objects.all()}
    for number, (sector, start, size) in enumerate(
        [("abwasser", 0, 6), ("abwasser", 40, 5), ("wohnen", 80, 4), (None, 120, 3)]
    ):
        cooperation_actions.cooperation_create(
            actor=None, title=f"Eifel-Kooperation {number}", task="Gemeinsam",
            lead=eifel[start], partners=eifel[start + 1 : start + size],
            sectors=[sectors[sector]] if sector else [], status="active",
        )  # fmt: skip
    return {"land": land, "trier": trier, "kreise": kreise, "places": places}


def _html(params: dict) -> tuple[dict, str]:
    with translation.override("de"):
        context = REGION.selector(REGION.clean({"beendete": "", **params}))
        return context, renderer.report_html(REGION.template, context)


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def _outside(document) -> list[tuple[int, str, str, float]]:
    """Boxes reaching beyond the page's content area, to the right or below."""
    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box  # WeasyPrint's laid-out page
        right = page.width - page_box.margin_right
        bottom = page.height - page_box.margin_bottom
        for box in _boxes(page_box.children[0]):  # the html box, not the margins
            tag = getattr(box, "element_tag", "?")
            if box.border_box_x() + box.border_width() > right + 0.5:
                found.append((number, tag, "right", box.border_box_x()))
            if box.border_box_y() + box.border_height() > bottom + 0.5:
                found.append((number, tag, "bottom", box.border_box_y()))
    return found


ZERO_SENTENCE = re.compile(r"(?<![\d.,])0 (von|Kooperation|Städte|Gemeinde|Orte)")


def _pdfua_findings(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "region.pdf"
    path.write_bytes(pdf)
    return [f"{f.rule_id}: {f.message}" for f in validate(str(path)).findings]


def test_the_report_of_a_kreis_of_233_places_loses_no_name_and_no_box(areas, tmp_path):
    context, html = _html({"kreis": "07232"})

    assert _outside(renderer.html_layout(html)) == []
    pdf = renderer.html_to_pdf(html)
    # A table broken across pages keeps its caption with its rows (UA-15-003).
    assert _pdfua_findings(pdf, tmp_path) == []
    pages = _pages(pdf)
    text = flat("".join(pages))
    for place in areas["places"]["07232"]:
        assert flat(place.short_name) in text, place.short_name
    # The chart shows the 15 largest and the 15 smallest; the table lists all,
    # across pages, its heading on each of them.
    assert len(context["population_charts"]) == 2
    assert "die 15 größten" in html and "die 15 kleinsten" in html
    table_pages = [p for p in pages if flat("Gemeinde AGS Einwohner") in flat(p)]
    assert len(table_pages) >= 4
    assert not ZERO_SENTENCE.search(" ".join(pages))


def test_the_matrix_and_the_gaps_summarise_a_large_kreis(areas):
    context, html = _html({"kreis": "07232"})
    eifel = areas["places"]["07232"]

    cooperating = {m.pk for part in (eifel[0:6], eifel[40:45], eifel[80:84],
                                     eifel[120:123]) for m in part}  # fmt: skip
    # Only the municipalities and the sectors with a cooperation.
    assert {m.pk for m, _cells in context["matrix_rows"]} == cooperating
    assert [s.code for s in context["matrix_sectors"]] == ["abwasser", "wohnen"]
    assert context["matrix_unsectored"]
    assert len(context["idle_sectors"]) == Sector.objects.count() - 2
    # Gaps: a count per sector; each place named once, either among those with a
    # gap in every sector or with its own sectors.
    counts = {s.code: n for s, n, _share in context["gaps"]}
    assert counts["abwasser"] == SIZE - 11 and counts["wohnen"] == SIZE - 4
    assert counts["bildung"] == SIZE
    everywhere = {m.pk for m in context["gaps_everywhere"]}
    partial = {m.pk for m, _sectors in context["gaps_partial"]}
    assert everywhere | partial == {m.pk for m in eifel}
    assert not everywhere & partial
    assert eifel[120].pk in everywhere  # a cooperation without a sector covers none
    # Named in the table of places and once among the gaps, not once per sector.
    assert html.count(eifel[7].short_name) == 2


def test_no_sentence_states_a_zero(areas):
    """The pilot's „0 von ihnen waren Praxispartner“ and its kin are left out."""
    Municipality.objects.filter(kreis_id="07232").update(is_lebenswert_partner=False)
    _context, html = _html({"kreis": "07233"})  # no cooperation at all there
    text = re.sub(r"<[^>]+>", " ", html)

    assert "Praxispartner" not in text
    assert not ZERO_SENTENCE.search(text)
    assert "Im Kreis ist keine Gemeinde an einer Kooperation beteiligt." in text
    assert "Gemeinden mit Lücken in einzelnen Sektoren" not in text


@pytest.mark.parametrize("gebiet", ["072", "07"])
def test_bezirk_and_land_reports_show_their_kreise_as_rows(areas, gebiet, tmp_path):
    context, html = _html({"gebiet": gebiet})
    expected = {code for code in areas["kreise"] if code.startswith(gebiet)}

    rows = {row.kreis.code: row for row in context["summary"].rows}
    assert set(rows) == expected
    eifel = rows["07232"]
    assert (eifel.towns, eifel.cooperations, eifel.cooperating) == (SIZE, 4, 18)
    assert eifel.alone == SIZE - 18
    assert rows["07233"].cooperations == 0 and rows["07233"].alone == 4
    assert context["summary"].cooperations == 4
    assert _outside(renderer.html_layout(html)) == []
    pdf = renderer.html_to_pdf(html)
    assert _pdfua_findings(pdf, tmp_path) == []
    pages = _pages(pdf)
    text = flat("".join(pages))
    assert flat("Die Kreise im Überblick") in text
    assert flat("Anhang: Gemeinden je Kreis") in text
    for code in expected:
        assert flat(areas["kreise"][code].name) in text
        for place in areas["places"][code]:  # the annex names every place
            assert flat(place.short_name) in text, place.short_name
    if gebiet == "072":
        assert flat("Cochem-Zell") not in text
        assert flat("Reg.-Bez. Trier · Rheinland-Pfalz") in text
    assert not ZERO_SENTENCE.search(" ".join(pages))


def test_the_region_kind_takes_a_kreis_or_a_land_or_bezirk_key(areas):
    assert REGION.clean({"kreis": "07232", "gebiet": ""}) == {"kreis": "07232"}
    assert REGION.clean({"kreis": "", "gebiet": "072"}) == {"gebiet": "072"}
    assert REGION.clean({"gebiet": "07", "beendete": "1"}) == {
        "gebiet": "07", "beendete": "1"
    }  # fmt: skip
    # Five digits in gebiet are a Kreis: the same file as ?kreis=.
    assert REGION.clean({"kreis": "", "gebiet": "07232"}) == {"kreis": "07232"}
    assert REGION.perm_object({"gebiet": "072"}) == areas["trier"]
    assert REGION.perm_object({"gebiet": "07"}) == areas["land"]
    for raw, message in [
        ("0723", "kein Gebietsschlüssel: zwei Ziffern für ein Land"),
        ("07x", "kein Gebietsschlüssel"),
        ("079", "Kein Regierungsbezirk mit dem Schlüssel 079"),
        ("17", "Kein Land mit dem Schlüssel 17"),
    ]:
        with pytest.raises(ValidationError, match=message):
            REGION.clean({"kreis": "", "gebiet": raw})
    with pytest.raises(ValidationError, match="fehlt die Angabe: kreis \\(oder gebiet"):
        params_clean(REGION, {})
    assert REGION.title({"gebiet": "072"}) == "Regionalbericht Reg.-Bez. Trier"


def test_only_planners_of_the_whole_area_and_admins_may_have_it(areas):
    kreise = areas["kreise"]
    eifel = areas["places"]["07232"][0]
    users = {
        "admin": UserFactory(is_staff=True, is_superuser=True),
        "bezirk": PlannerAssignmentFactory(
            kreis=None, regierungsbezirk=areas["trier"]
        ).user,
        "kreis": PlannerAssignmentFactory(kreis=kreise["07232"]).user,
        "editor": MembershipFactory(municipality=eifel, role="editor").user,
    }
    both = PlannerAssignmentFactory(kreis=kreise["07135"]).user
    PlannerAssignmentFactory(user=both, kreis=None, regierungsbezirk=areas["trier"])
    users["every_kreis"] = both
    expected = {
        # kreis 07232, Bezirk 072, Land 07
        "admin": (True, True, True),
        "bezirk": (True, True, False),
        "kreis": (True, False, False),
        "editor": (True, False, False),
        "every_kreis": (True, True, True),
    }
    for name, user in users.items():
        found = tuple(
            REGION.permits(user, params)
            for params in ({"kreis": "07232"}, {"gebiet": "072"}, {"gebiet": "07"})
        )
        assert found == expected[name], name
    with pytest.raises(PermissionDenied):
        actions.report_job_create(
            user=users["kreis"], kind="region", params={"gebiet": "072"}
        )
    inactive = users["admin"]
    inactive.is_active = False
    assert not REGION.permits(inactive, {"gebiet": "07"})


def test_render_report_takes_the_key_by_name(areas, tmp_path):
    target = tmp_path / "bezirk.pdf"
    call_command("render_report", "region", "gebiet=072", "-o", str(target))
    assert flat("Regionalbericht Reg.-Bez. Trier") in flat(
        PdfReader(target).pages[0].extract_text()
    )


def test_a_bezirk_planner_requests_the_report_from_the_overview(
    client, areas, queued, django_capture_on_commit_callbacks
):
    planner = PlannerAssignmentFactory(kreis=None, regierungsbezirk=areas["trier"]).user
    client.force_login(planner)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Regionalbericht Reg.-Bez. Trier erstellen (PDF)" in page
    assert 'name="gebiet" value="072"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/berichte/neu/", {"kind": "region", "gebiet": "072"})
    assert response.status_code == 302
    assert len(queued) == 1
    assert 'name="gebiet" value="07"' not in page  # Koblenz is not planned
    # Planning every Regierungsbezirk of the Land: its report too.
    koblenz = RegierungsbezirkFactory(code="071")
    PlannerAssignmentFactory(user=planner, kreis=None, regierungsbezirk=koblenz)
    planner = type(planner).objects.get(pk=planner.pk)
    client.force_login(planner)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Regionalbericht Rheinland-Pfalz erstellen (PDF)" in page
    assert 'name="gebiet" value="07"' in page
    # A Kreis planner plans no Bezirk: no button.
    client.force_login(PlannerAssignmentFactory(kreis=areas["kreise"]["07233"]).user)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Meine Region als Regionalplanung" in page
    assert 'name="gebiet"' not in page


def _queries(params: dict) -> int:
    with CaptureQueriesContext(connection) as seen:
        REGION.selector(params)
    return len(seen)


def test_the_area_context_needs_as_many_queries_for_many_places_as_for_few(areas):
    few = _queries({"gebiet": "072"})
    vulkaneifel = areas["kreise"]["07233"]
    more = [
        MunicipalityFactory(kreis=vulkaneifel, ags=f"07233{n:03d}", name=f"Ort {n}")
        for n in range(100, 130)
    ]
    cooperation_actions.cooperation_create(
        actor=None, title="Vulkaneifel-Kooperation", task="Gemeinsam",
        lead=more[0], partners=more[1:], status="active",
    )  # fmt: skip
    assert _queries({"gebiet": "072"}) == few <= 14


@pytest.mark.parametrize("kind", ["gemeinde", "kooperation"])
def test_the_other_kinds_fit_their_pages_in_the_largest_kreis(areas, kind):
    """The Steckbrief of the Kreis's largest town (its Kreis compared, its map)
    and the dossier of a cooperation there: no box leaves the content area, and
    the dossier names every partner."""
    from cooperations.models import Cooperation

    cooperation = Cooperation.objects.get(title="Eifel-Kooperation 0")
    params = {
        "gemeinde": {"ags": "07232018"},
        "kooperation": {"pk": str(cooperation.pk)},
    }
    report_kind = REPORT_KINDS[kind]
    with translation.override("de"):
        context = report_kind.selector(report_kind.clean(params[kind]))
        html = renderer.report_html(report_kind.template, context)

    assert _outside(renderer.html_layout(html)) == []
    if kind == "kooperation":
        text = flat("".join(_pages(renderer.html_to_pdf(html))))
        for place in areas["places"]["07232"][0:6]:
            assert flat(place.short_name) in text, place.short_name
