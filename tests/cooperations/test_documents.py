import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperations import actions
from cooperations.documents import MAX_BYTES, detect_type
from cooperations.models import CooperationDocument
from lebenswert.reports import actions as report_actions
from lebenswert.reports import renderer
from lebenswert.reports.registry import REPORT_KINDS
from tests.factories import KreisFactory, MembershipFactory, MunicipalityFactory


@pytest.fixture(autouse=True)
def private_files(private_folder):
    return private_folder


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


def _add(cooperation, name, content, actor=None, **fields):
    return actions.cooperation_document_add(
        cooperation=cooperation, uploaded_file=SimpleUploadedFile(name, content),
        kind="contract", title=fields.pop("title", ""), actor=actor, **fields,
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
        {"kind": "contract", "title": "Vertrag", "visibility": "readers",
         "file": SimpleUploadedFile("vertrag.pdf", b"%PDF-1.7\n%%EOF\n")},
    )  # fmt: skip
    document = CooperationDocument.objects.get()
    assert (document.title, document.visibility) == ("Vertrag", "readers")
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert "Vertrag" in page and "Dokument hochladen" in page
    assert "Sichtbar für" in page and "nur Beschäftigte der Partnergemeinden" in page


# --- archives that unpack beyond bounds -------------------------------------

MiB = 1024 * 1024
PDF = b"%PDF-1.7\n%%EOF\n"
ODT_TYPE = b"application/vnd.oasis.opendocument.text"


def _bomb(small: dict[str, bytes], big: str, size: int = 512 * MiB) -> bytes:
    """A ZIP with the `small` members and one member `big` of `size` zero bytes,
    written in chunks: the test never holds the unpacked member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zip_:
        for name, content in small.items():
            zip_.writestr(name, content)
        with zip_.open(big, "w") as member:
            chunk = bytes(MiB)
            for _ in range(size // MiB):
                member.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "small", "big"),
    [
        ("satzung.odt", {}, "mimetype"),
        (
            "vertrag.docx",
            {"[Content_Types].xml": b"<x/>", "_rels/.rels": b"<r/>"},
            "word/document.xml",
        ),
    ],
)
def test_a_zip_bomb_is_refused_while_memory_stays_bounded(
    cooperation, name, small, big
):
    bomb = SimpleUploadedFile(name, _bomb(small, big))
    assert bomb.size < MAX_BYTES  # small enough to pass the size check

    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="entpackt mehr als 200 MB"):
            detect_type(bomb)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 32 * MiB
    with pytest.raises(ValidationError, match="zum Schutz des Portals"):
        _add(cooperation, name, bomb.open().read())
    assert not CooperationDocument.objects.exists()


def test_a_realistic_small_odt_still_passes(cooperation):
    content = _zip(
        {
            "mimetype": ODT_TYPE,
            "content.xml": b"<office:document-content>" + b"<p>Satzung</p>" * 5000
            + b"</office:document-content>",
            "META-INF/manifest.xml": b"<manifest/>",
        }
    )  # fmt: skip
    document = _add(cooperation, "satzung.odt", content)
    assert document.content_type == "application/vnd.oasis.opendocument.text"


# --- safe names ---------------------------------------------------------------


def test_a_pdf_named_html_is_stored_and_served_as_pdf(
    client, cooperation, roles, private_files
):
    document = _add(cooperation, "evil.html", PDF)

    assert document.original_name == "evil.html"
    assert document.file.name.rsplit("/", 1)[1] == "evil.pdf"
    assert (private_files / document.file.name).read_bytes() == PDF
    client.force_login(roles["viewer"])
    response = client.get(f"/kooperationen/{cooperation.pk}/dokumente/{document.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="evil.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_path_and_dots_in_the_name_are_not_kept(cooperation):
    document = _add(cooperation, "../../Entwurf Vertrag v2.odt.html", PDF)
    assert document.file.name.startswith("cooperation-documents/")
    assert document.file.name.rsplit("/", 1)[1] == "Entwurf_Vertrag_v2_odt.pdf"
    assert document.download_name == "Entwurf_Vertrag_v2_odt.pdf"


# --- visibility ---------------------------------------------------------------

SEES_PARTNERS_ONLY = {
    "other_staff": False, "viewer": True, "editor": True, "planner": False,
    "admin": True,
}  # fmt: skip


def _draft_and_statute(cooperation):
    draft = _add(cooperation, "entwurf.pdf", PDF, title="Vertragsentwurf")
    statute = _add(
        cooperation, "satzung.pdf", PDF, title="Beschlossene Satzung",
        visibility="readers",
    )  # fmt: skip
    return draft, statute


def test_documents_are_partners_only_unless_the_editor_opens_them(cooperation):
    draft, statute = _draft_and_statute(cooperation)
    assert (draft.visibility, statute.visibility) == ("partners", "readers")


@pytest.mark.parametrize("role", sorted(SEES_PARTNERS_ONLY))
def test_the_detail_page_lists_partners_only_documents_to_partner_staff_only(
    client, cooperation, roles, role
):
    _draft_and_statute(cooperation)
    client.force_login(roles[role])
    page = client.get(cooperation.get_absolute_url()).content.decode()
    assert ("Vertragsentwurf" in page) is SEES_PARTNERS_ONLY[role]
    assert "Beschlossene Satzung" in page


def test_the_cached_detail_page_of_a_partner_does_not_reach_other_readers(
    client, cooperation, roles, settings
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    }
    _draft_and_statute(cooperation)
    pages = {}
    for role in ["viewer", "other_staff", "planner", "viewer"]:
        client.force_login(roles[role])
        pages[role] = client.get(cooperation.get_absolute_url()).content.decode()
        assert ("Vertragsentwurf" in pages[role]) is SEES_PARTNERS_ONLY[role], role


@pytest.mark.parametrize("role", sorted(SEES_PARTNERS_ONLY))
def test_the_document_list_filter_agrees_with_the_rule(cooperation, roles, role):
    user = roles[role]
    documents = _draft_and_statute(cooperation)
    listed = set(CooperationDocument.objects.visible_to(user))
    allowed = {d for d in documents if user.has_perm("cooperations.read_document", d)}
    assert listed == allowed
    assert (documents[0] in listed) is SEES_PARTNERS_ONLY[role]


def test_nobody_outside_the_kreis_sees_even_documents_open_to_readers(cooperation):
    _draft_and_statute(cooperation)
    elsewhere = MunicipalityFactory(
        kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"), ags="06634001"
    )
    outsider = MembershipFactory(municipality=elsewhere, role="editor").user
    assert not CooperationDocument.objects.visible_to(outsider).exists()
    assert not any(
        outsider.has_perm("cooperations.read_document", document)
        for document in CooperationDocument.objects.all()
    )


@pytest.mark.parametrize("role", sorted(SEES_PARTNERS_ONLY))
def test_the_dossier_lists_partners_only_documents_to_partner_staff_only(
    cooperation, roles, role
):
    _draft_and_statute(cooperation)
    user = roles[role]

    job = report_actions.report_job_create(
        user=user, kind="kooperation", params={"pk": cooperation.pk}
    )
    kind = REPORT_KINDS["kooperation"]
    html = renderer.report_html(kind.template, kind.selector(job.params))

    assert ("Vertragsentwurf" in html) is SEES_PARTNERS_ONLY[role]
    assert "Beschlossene Satzung" in html
    # The partners' dossier stays theirs, whoever else asks for its file.
    for other in ["other_staff", "planner"]:
        assert roles[other].has_perm("reports.read_reportjob", job) is (
            not SEES_PARTNERS_ONLY[role]
        ), other


def test_histories_name_documents_only_to_partner_staff(client, roles, municipality):
    cooperation = actions.cooperation_create(
        actor=roles["editor"], title="Bauhof", task="Gemeinsamer Bauhof",
        lead=municipality, partners=[municipality],
    )  # fmt: skip
    _draft_and_statute(cooperation)
    for role, sees_titles in SEES_PARTNERS_ONLY.items():
        client.force_login(roles[role])
        page = client.get(cooperation.get_absolute_url()).content.decode()
        history = page[page.index('id="history-heading"') :]
        assert ("Vertragsentwurf" in history) is sees_titles, role
        assert ("ein Dokument" in history) is not sees_titles, role
    # The lead municipality's history, open to every logged-in user.
    client.force_login(roles["other_staff"])
    page = client.get(f"/gemeinden/{municipality.ags}/verlauf/").content.decode()
    assert "ein Dokument" in page and "Vertragsentwurf" not in page
