"""The saved option comparison as a PDF through the report machinery."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from pypdf import PdfReader

from cooperations import actions as cooperation_actions
from lebenswert.reports import actions, renderer
from lebenswert.reports.registry import REPORT_KINDS
from municipalities.models import Municipality
from tests.cooperations.test_scenarios import _scenario
from tests.reports.conftest import flat, pdf_text


@pytest.fixture
def scenario(people):
    return _scenario(people["eschwege_editor"], shared=True)


def test_the_scenario_report_shows_ranking_funding_split_and_method(scenario):
    built = actions.report_build(REPORT_KINDS["szenario"], {"pk": str(scenario.pk)})
    text = pdf_text(built.pdf)
    for expected in ("OptionenvergleichPoolAbwasser", "Szenario„PoolAbwasser“",
                     "Eschwege", "Wanfried",
                     "Zweckverband", "Programm:Förderung", "Kostenaufteilung",
                     "MethodeundAnnahmen", "QuellenundNachweise"):  # fmt: skip
        assert flat(expected) in text, expected
    # 14.9 % savings: the funding check names what is missing.
    assert "0,1" in text


def test_only_who_may_read_the_scenario_requests_its_report(scenario, people):
    params = {"pk": str(scenario.pk)}
    # Shared with the partners' staff: an Eschwege viewer may, Witzenhausen not.
    job = actions.report_job_create(
        user=people["eschwege_viewer"], kind="szenario", params=params
    )
    assert job.pk
    for stranger in ("witzenhausen_editor", "outsider"):
        with pytest.raises(PermissionDenied):
            actions.report_job_create(
                user=people[stranger], kind="szenario", params=params
            )


def test_deleting_the_scenario_retires_its_report_files(scenario, people):
    kind = REPORT_KINDS["szenario"]
    params = {"pk": str(scenario.pk)}
    before = actions.content_key(kind, params, variant="pdf/ua-1")
    cooperation_actions.scenario_delete(scenario=scenario, actor=people["admin"])
    after = actions.content_key(kind, params, variant="pdf/ua-1")
    assert before != after


def test_a_report_asked_for_in_english_is_written_in_english(people, wasserwerk):
    from lebenswert.reports.models import ReportJob

    params = {"pk": str(wasserwerk.pk)}
    user = people["eschwege_editor"]
    german = actions.report_job_create(user=user, kind="kooperation", params=params)
    english = actions.report_job_create(
        user=user, kind="kooperation", params=params, language="en"
    )
    assert german.pk != english.pk and english.language == "en"
    actions.report_job_run(job_id=english.pk)
    english = ReportJob.objects.get(pk=english.pk)
    text = pdf_text(english.file.read())
    assert flat("Sources and references") in text and flat("Contents") in text
    assert english.title.startswith("Cooperation")


# --- The Optionenvergleich fits A4 ---------------------------------------------

THREE = ("06636003", "06636007", "06636013")  # Eschwege, Meinhard, Wanfried
SEVEN = ("06636001", "06636002", "06636003", "06636008", "06636011", "06636013",
         "06636016")  # fmt: skip
VARIANTS = ("amtlich", "Trend", "Stress")


def _council_scenario(owner, partners, **extra):
    """A comparison as a planner takes it to the councils: each partner's own
    costs, set-up costs, a mixed key."""
    params = {
        "sector": "abwasser",
        "task_kind": "service_pool",
        "partners": list(partners),
        "requirements": {"own_staff": [2, False], "vat": [1, True]},
        "years": 10,
        "savings_pct": None,
        "exception": False,
        "total": None,
        "key": "mix",
        "mix": {"population": 1, "usage": 1},
        "usage": {ags: str(100 + 90 * i) for i, ags in enumerate(partners)},
        "costs": {ags: str(450_000 + 310_000 * i) for i, ags in enumerate(partners)},
        "fixed_shares": {partners[-1]: "85"},
        "setup": {"legal": "40000", "contracts": "15000", "it": "60000"},
        "fixed_share_pct": None,
        "pooling_saving_pct": "20",
        "stress_pct": None,
        **extra,
    }
    return cooperation_actions.scenario_create(
        owner=owner, name=f"Abwasser {len(partners)}", params=params
    )


def _pages_text(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _boxes(box):
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _boxes(child)


def _overflowing(document) -> list[tuple[int, str, float]]:
    """Boxes whose right edge lies beyond the page's content area."""
    found = []
    for number, page in enumerate(document.pages, 1):
        page_box = page._page_box  # WeasyPrint's laid-out page
        right = page.width - page_box.margin_right
        root = page_box.children[0]  # the html box; the margin boxes follow
        for box in _boxes(root):
            edge = box.border_box_x() + box.border_width()
            if edge > right + 0.5:
                found.append((number, getattr(box, "element_tag", "?"), edge - right))
    return found


@pytest.mark.parametrize("partners", [THREE, SEVEN], ids=["three", "seven"])
def test_every_table_of_the_scenario_report_fits_on_a4(people, partners):
    scenario = _council_scenario(people["planner"], partners)
    kind = REPORT_KINDS["szenario"]
    with translation.override("de"):
        html = renderer.report_html(kind.template, kind.selector({"pk": scenario.pk}))
    # No box reaches beyond the page's content width (no cut-off column).
    document = renderer.html_layout(html)
    assert _overflowing(document) == []
    # The wide tables are on landscape pages.
    assert any(page.width > page.height for page in document.pages)
    pages = _pages_text(renderer.html_to_pdf(html))
    names = [m.short_name for m in Municipality.objects.filter(ags__in=partners)]
    demography = [t for t in pages if "jeVariante" in t]
    costs = [t for t in pages if "KostenjeJahrundjeEinwohner" in t]
    table = [t for t in pages if "EinsparungjeGemeindeundJahr" in t]
    assert demography and costs and table
    # Every page of a table carries all its columns: 2030 and 2040 of every variant.
    for text in demography:
        assert "2030" in text and "2040" in text and flat("je Jahr") in text
        assert all(variant in text for variant in VARIANTS)
    for text in costs:
        assert flat("€ je Einw. gemeinsam") in text
        for variant in VARIANTS:
            assert f"{variant}2030" in text and f"{variant}2040" in text
    for text in table:
        assert flat("Bündelung Variante Jahr") in text
    everything = "".join(pages)
    for name in names:
        assert flat(f"Einwohner von {name} je Variante") in everything
        assert flat(f"{name}: Kosten je Jahr und je Einwohner") in everything
    assert flat("Zuweisung") in everything
    for expected in ("Hessisches Statistisches Landesamt", "03.04.2023",
                     "Zensus 2022", "Break-even", "Ihre Eingaben", "(Vorgabe)",
                     "Wer verliert unter welcher Annahme", "berechnet"):  # fmt: skip
        assert flat(expected) in everything, expected


def test_the_scenario_report_marks_a_typed_saving_as_assumed(people):
    scenario = _council_scenario(people["planner"], THREE, savings_pct="25")
    built = actions.report_build(REPORT_KINDS["szenario"], {"pk": str(scenario.pk)})
    text = pdf_text(built.pdf)
    assert flat("Geprüfte Einsparung: 25 % – angenommen") in text
    assert flat("Aus den Kosten berechnet wären es") in text
    # The override is listed among the inputs, with the mark.
    assert flat("Einsparung für die Förderprüfung 25 % (angenommen)") in text


def test_the_scenario_report_names_who_loses_and_from_which_bundling_effect(people):
    scenario = _council_scenario(people["planner"], SEVEN, pooling_saving_pct="5")
    kind = REPORT_KINDS["szenario"]
    context = kind.selector({"pk": scenario.pk})
    thresholds = context["sensitivity"].thresholds
    assert thresholds
    with translation.override("de"):
        html = renderer.report_html(kind.template, context)
    text = flat(html)
    for threshold in thresholds:
        assert flat(threshold.sentence) in text
    # Seven partners: the sensitivity table is split, every partner in one part.
    tables = context["sensitivity_tables"]
    assert [len(t["partners"]) for t in tables] == [4, 3]
    assert [t["with_total"] for t in tables] == [False, True]


def test_the_scenario_report_context_needs_no_more_queries_for_more_partners(
    people, django_assert_max_num_queries
):
    """The report's context (comparison, demography, cost model, sensitivity) reads
    the partners in bulk: more partners, not more queries."""
    kind = REPORT_KINDS["szenario"]
    counts = {}
    for partners in (THREE, SEVEN):
        scenario = _council_scenario(people["planner"], partners)
        with translation.override("de"), CaptureQueriesContext(connection) as seen:
            kind.selector({"pk": scenario.pk})
        counts[len(partners)] = len(seen)
    assert counts[7] == counts[3], counts
    with django_assert_max_num_queries(counts[3]):
        kind.selector({"pk": scenario.pk})
