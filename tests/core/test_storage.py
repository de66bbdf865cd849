"""Private files (documents, reports, import uploads) are the portal's alone."""

import stat

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperations import actions as cooperation_actions
from lebenswert.reports import actions as report_actions
from lebenswert.reports.models import ReportJob
from municipalities import actions as municipality_actions
from services import actions as service_actions


def _modes(folder) -> dict[str, int]:
    """Permission bits of everything below `folder`, by relative path."""
    return {
        str(path.relative_to(folder)): stat.S_IMODE(path.stat().st_mode)
        for path in folder.rglob("*")
    }


@pytest.fixture
def owner_only(private_folder):
    """Checks that every file and folder written is for the owner only."""

    def check() -> list[str]:
        modes = _modes(private_folder)
        assert modes, "nothing was written"
        wrong = {
            path: oct(mode)
            for path, mode in modes.items()
            if mode != (0o700 if (private_folder / path).is_dir() else 0o600)
        }
        assert not wrong
        return [path for path in modes if not (private_folder / path).is_dir()]

    return check


def test_an_uploaded_document_is_readable_by_the_owner_only(
    roles, municipality, owner_only
):
    cooperation = cooperation_actions.cooperation_create(
        actor=roles["editor"], title="Bauhof", task="Bauhof", partners=[municipality]
    )
    cooperation_actions.cooperation_document_add(
        cooperation=cooperation,
        uploaded_file=SimpleUploadedFile("vertrag.pdf", b"%PDF-1.7\n%%EOF\n"),
        kind="contract", title="Vertrag", actor=roles["editor"],
    )  # fmt: skip
    assert [p.rsplit("/", 1)[1] for p in owner_only()] == ["vertrag.pdf"]


def test_a_rendered_report_is_readable_by_the_owner_only(roles, owner_only):
    job = report_actions.report_job_create(
        user=roles["viewer"], kind="gemeinde", params={"ags": "06636003"}
    )
    done = report_actions.report_job_run(job_id=job.pk)
    assert done.status == ReportJob.Status.SUCCEEDED, done.error
    assert owner_only() == [done.file.name]


def test_stored_import_uploads_are_readable_by_the_owner_only(roles, owner_only):
    service_actions.figure_import_create(
        uploaded_file=SimpleUploadedFile("werte.csv", b"AGS;Kennzahl;Jahr;Wert\n"),
        default_source="Test",
        actor=roles["editor"],
    )
    municipality_actions.directory_import_create(
        kind="gv100ad",
        uploaded_file=SimpleUploadedFile("GV100AD.txt", b"10"),
        requested_by=roles["admin"],
    )
    assert sorted(p.rsplit("/", 1)[1] for p in owner_only()) == [
        "GV100AD.txt",
        "werte.csv",
    ]
