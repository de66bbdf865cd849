"""The saved option comparison as a PDF through the report machinery."""

import pytest
from django.core.exceptions import PermissionDenied

from cooperations import actions as cooperation_actions
from lebenswert.reports import actions
from lebenswert.reports.registry import REPORT_KINDS
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
                     "Zweckverband", "FörderunginHessen", "Kostenaufteilung",
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
