import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from lebenswert.core.uploads import ZipLimits, safe_filename, zip_inspect

MiB = 1024 * 1024


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def test_names_and_heads_of_a_harmless_archive():
    contents = zip_inspect(
        _zip({"mimetype": b"application/x", "content.xml": b"<x/>" * 1000}),
        heads=("mimetype",),
    )
    assert contents.names == {"mimetype", "content.xml"}
    assert contents.heads == {"mimetype": b"application/x"}


def test_too_many_members_are_refused_before_zipfile_reads_them_all():
    archive = _zip({f"{n}.xml": b"" for n in range(11)})
    with pytest.raises(
        ValidationError, match="aus 11 Teilen; erlaubt sind höchstens 10"
    ):
        zip_inspect(archive, limits=ZipLimits(members=10))


def test_a_tightly_packed_member_is_refused():
    archive = _zip({"content.xml": bytes(5 * MiB)})  # zeros: about 1000 : 1
    with pytest.raises(ValidationError, match=r"stark gepackten Teil \(mehr als 200"):
        zip_inspect(archive)


def test_the_unpacked_total_is_counted_while_reading():
    archive = _zip({"a.bin": bytes(600 * 1024), "b.bin": bytes(600 * 1024)})
    with pytest.raises(ValidationError, match="entpackt mehr als 1 MB"):
        zip_inspect(archive, limits=ZipLimits(total_bytes=1 * MiB, ratio=10_000))


def test_a_member_larger_than_it_claims_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", bytes(4 * MiB))
        # The directory claims 1 KiB; the data unpacks to 4 MiB.
        archive.getinfo("content.xml").file_size = 1024
    with pytest.raises(ValidationError, match="beschädigtes"):
        zip_inspect(buffer)


def test_bzip2_members_are_refused_as_they_cannot_be_read_in_bounded_chunks():
    with pytest.raises(ValidationError, match="ungewöhnlich gepacktes"):
        zip_inspect(_zip({"content.xml": b"<x/>"}, zipfile.ZIP_BZIP2))


def test_no_zip_at_all_is_left_to_the_caller():
    with pytest.raises(zipfile.BadZipFile):
        zip_inspect(io.BytesIO(b"PK\x03\x04 but nothing else"))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("evil.html", "evil.pdf"),
        ("Vertrag Wanfried (Entwurf).docx", "Vertrag_Wanfried_Entwurf.pdf"),
        ("../../etc/passwd", "passwd.pdf"),
        ("C:\\Users\\x\\Satzung.odt", "Satzung.pdf"),
        ("Beschluss\u202egpj.exe", "Beschluss_gpj.pdf"),
        (".htaccess", "htaccess.pdf"),
        ("...", "dokument.pdf"),
        ("Müllabfuhr-Satzung.pdf", "Müllabfuhr-Satzung.pdf"),
    ],
)
def test_safe_filename_keeps_letters_and_uses_the_detected_extension(name, expected):
    assert safe_filename(name, extension="pdf") == expected
