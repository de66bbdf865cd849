import io
import re

import pytest
from django.core.files.storage import FileSystemStorage
from pypdf import PdfReader

from cooperations.demo import demo_cooperations_load
from cooperations.models import Cooperation
from lebenswert.reports import renderer, tasks
from lebenswert.reports.models import ReportJob
from municipalities import actions as municipality_actions
from municipalities.models import Municipality
from services.demo import demo_figures_load
from tests.cooperations.test_scenarios import _scenario
from tests.factories import (
    KreisFactory,
    MembershipFactory,
    MunicipalityFactory,
    PlannerAssignmentFactory,
    UserFactory,
)


def load_pilot_region() -> None:
    municipality_actions.pilot_region_load()
    demo_figures_load()
    demo_cooperations_load()


@pytest.fixture
def pilot(db):
    """The Werra-Meißner-Kreis with demo figures and its cooperations."""
    load_pilot_region()


@pytest.fixture
def people(pilot):
    eschwege = Municipality.objects.get(ags="06636003")
    witzenhausen = Municipality.objects.get(ags="06636016")
    elsewhere = MunicipalityFactory(
        kreis=KreisFactory(code="06635", name="Waldeck-Frankenberg"),
        ags="06635001",
        name="Allendorf (Eder)",
    )
    return {
        "eschwege_editor": MembershipFactory(municipality=eschwege, role="editor").user,
        "eschwege_viewer": MembershipFactory(municipality=eschwege, role="viewer").user,
        "witzenhausen_editor": MembershipFactory(
            municipality=witzenhausen, role="editor"
        ).user,
        "outsider": MembershipFactory(municipality=elsewhere, role="editor").user,
        "planner": PlannerAssignmentFactory(kreis=eschwege.kreis).user,
        "admin": UserFactory(is_staff=True, is_superuser=True),
    }


@pytest.fixture
def wasserwerk(pilot) -> Cooperation:
    return Cooperation.objects.get(title="Meißner-Verbandswasserwerk")


@pytest.fixture
def kinds(people, wasserwerk):
    """The parameters of a report of every kind on the pilot region."""
    scenario = _scenario(people["eschwege_editor"], shared=True)
    return {
        "gemeinde": {"ags": "06636003"},
        "kooperation": {"pk": str(wasserwerk.pk)},
        "region": {"kreis": "06636"},
        "szenario": {"pk": str(scenario.pk)},
    }


@pytest.fixture
def report_storage(tmp_path, monkeypatch):
    field = ReportJob._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path))
    return tmp_path


def pdf_text(pdf: bytes) -> str:
    """All text of a PDF, with line-break hyphens, hyphens and spaces removed, so
    that words the renderer hyphenated still match."""
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    return flat(text)


def flat(text: str) -> str:
    return re.sub(r"[\s\-‐­]+", "", text)


@pytest.fixture
def queued(monkeypatch):
    """The report jobs handed to the broker (their ids), instead of the broker."""
    sent = []
    monkeypatch.setattr(tasks.report_job_run, "delay", sent.append)
    return sent


@pytest.fixture
def renders(monkeypatch):
    """Counts WeasyPrint renders."""
    count = []
    original = renderer.html_to_pdf

    def counting(html, **options):
        count.append(1)
        return original(html, **options)

    monkeypatch.setattr(renderer, "html_to_pdf", counting)
    return count
