import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperations import actions
from cooperations.documents import MAX_BYTES
from cooperations.models import CooperationDocument
from tests.factories import KreisFactory, MembershipFactory, MunicipalityFactory


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }


@pytest.fixture
def cooperation(roles, municipality):
    return actions.cooperation_create(
        actor=roles["editor"], title="Bauhof", task="Gemeinsamer Bauhof",
        partners=[municipality],
    )  # fmt: skip


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _add(cooperation, name, content, actor=None):
    return actions.cooperation_document_add(
        cooperation=cooperation, uploaded_file=SimpleUploadedFile(name, content),
        kind="contract", title="", actor=actor,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("vertrag.pdf", b"%PDF-1.7\n1 0 obj\n%%EOF\n", "application/pdf"),
        (
            "satzung.odt",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "c": b"x"}),
            "application/vnd.oasis.opendocument.text",
        ),
        (
            "beschluss.docx",
            _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_pdf_odt_and_docx_are_accepted_by_content(
    cooperation, name, content, content_type
):
    document = _add(cooperation, name, content)
    assert document.content_type == content_type and document.size == len(content)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vertrag.pdf", b"MZ\x90\x00 this is an executable", "Nur PDF"),
        ("vertrag.pdf", b"<html><script>alert(1)</script>", "Nur PDF"),
        ("vertrag.docx", _zip({"evil.txt": b"x"}), "Nur PDF"),
        ("leer.pdf", b"", "leer"),
    ],
)
def test_wrong_or_empty_content_is_refused_and_nothing_is_stored(
    cooperation, name, content, message
):
    with pytest.raises(ValidationError, match=message):
        _add(cooperation, name, content)
    assert not CooperationDocument.objects.exists()


def test_oversize_upload_is_refused_with_its_size(cooperation):
    big = b"%PDF-1.7\n" + b"0" * (MAX_BYTES + 1)
    with pytest.raises(ValidationError, match="erlaubt sind 20 MB"):
        _add(cooperation, "gross.pdf", big)
    assert not CooperationDocument.objects.exists()


def test_download_is_checked_against_the_reader(client, cooperation, roles):
    document = _add(cooperation, "vertrag.pdf", b"%PDF-1.7\n%%EOF\n")
    url = f"/kooperationen/{cooperation.pk}/dokumente/{document.pk}/"
    client.force_login(roles["viewer"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")

    elsewhere = MunicipalityFactory(
        kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"), ags="06634001"
    )
    client.force_login(MembershipFactory(municipality=elsewhere, role="editor").user)
    assert client.get(url).status_code == 403


def test_upload_through_the_page_by_an_editor(client, cooperation, roles):
    client.force_login(roles["editor"])
    client.post(
        f"/kooperationen/{cooperation.pk}/dokumente/",
        {"kind": "contract", "title": "Vertrag", "file": SimpleUploadedFile(
            "vertrag.pdf", b"%PDF-1.7\n%%EOF\n")},
    )  # fmt: skip
    assert CooperationDocument.objects.get().title == "Vertrag"
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Vertrag" in page and "Dokument hochladen" in page
