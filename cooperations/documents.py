"""What an uploaded document really is, judged by its content, not its name."""

import zipfile

from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

from lebenswert.core import uploads

MAX_BYTES = 20 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EXTENSIONS = {
    content_type: extension for extension, content_type in CONTENT_TYPES.items()
}


def detect_type(uploaded_file) -> str:
    """'pdf', 'odt' or 'docx'; raise ValidationError for anything else (and for
    archives that would unpack beyond bounds)."""
    if uploaded_file.size == 0:
        raise ValidationError(_("Die Datei ist leer."))
    if uploaded_file.size > MAX_BYTES:
        raise ValidationError(
            _("Die Datei ist %(size)s MB groß; erlaubt sind %(max)s MB.")
            % {
                "size": uploaded_file.size // (1024 * 1024),
                "max": MAX_BYTES // (1024 * 1024),
            }
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(8)
    uploaded_file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            archive = uploads.zip_inspect(uploaded_file, heads=("mimetype",))
        except zipfile.BadZipFile:
            pass
        else:
            if archive.heads.get("mimetype") == CONTENT_TYPES["odt"].encode():
                return "odt"
            if {"[Content_Types].xml", "word/document.xml"} <= archive.names:
                return "docx"
    raise ValidationError(
        _(
            "Nur PDF-, ODT- und DOCX-Dateien sind erlaubt; der Inhalt dieser Datei "
            "ist keine davon (unabhängig von ihrem Namen)."
        )
    )


def document_response(document) -> FileResponse:
    """A stored document as a download (after the caller's permission check), named
    and typed as detected from its content, never as the sender named it."""
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.content_type,
    )
