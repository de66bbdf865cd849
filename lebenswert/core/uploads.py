"""Checks for uploaded files: archives unpacked within bounds, and safe file names.

ODT and DOCX files are ZIP archives, and a ZIP member can unpack to a thousand
times its packed size. Every member is unpacked here once, in small chunks,
counting the bytes that really come out (the sizes an archive declares are the
sender's claim), and reading stops at the first limit, so that memory and time
stay bounded whatever the upload holds.
"""

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MiB = 1024 * 1024
CHUNK = 64 * 1024  # unpacked bytes per read
HEAD = 1024  # bytes kept of each member the caller asks for

MESSAGES = {
    "too_many_members": _(
        "Die Datei ist ein Archiv aus %(count)s Teilen; erlaubt sind höchstens "
        "%(max)s. Sie wird zum Schutz des Portals nicht angenommen."
    ),
    "too_large": _(
        "Die Datei ist ein Archiv, das entpackt mehr als %(max)s MB ergäbe. Sie wird "
        "zum Schutz des Portals nicht angenommen."
    ),
    "too_packed": _(
        "Die Datei enthält einen ungewöhnlich stark gepackten Teil (mehr als "
        "%(ratio)s : 1). Sie wird zum Schutz des Portals nicht angenommen."
    ),
    "unreadable": _(
        "Die Datei ist ein beschädigtes, verschlüsseltes oder ungewöhnlich gepacktes "
        "Archiv; ihr Inhalt lässt sich nicht prüfen."
    ),
}


@dataclass(frozen=True)
class ZipLimits:
    members: int = 1000
    # Unpacked bytes of all members together.
    total_bytes: int = 200 * MiB
    # Unpacked : packed bytes of one member; text-heavy XML stays far below.
    ratio: int = 200
    # Small members may be packed more tightly than `ratio` without harm.
    ratio_from: int = 1 * MiB


DEFAULT_LIMITS = ZipLimits()


@dataclass(frozen=True)
class ZipContents:
    names: frozenset[str]
    # The first HEAD bytes of each member the caller asked for (if present).
    heads: dict[str, bytes] = field(default_factory=dict)


# Corrupt data or checksum, encrypted members, unknown compression methods.
UNREADABLE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    RuntimeError,
    NotImplementedError,
)


def _refuse(code: str, **params) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params)


# End of central directory: signature, disk numbers, entry counts, size, offset,
# comment length (APPNOTE 4.3.16).
_END = struct.Struct("<4s4H2LH")
_END_SIGNATURE = b"PK\x05\x06"


def _declared_member_count(upload) -> int | None:
    """The number of members the archive's directory announces, read before
    zipfile builds one object per member (or None if there is no directory)."""
    size = upload.seek(0, 2)
    tail_start = max(size - _END.size - 0xFFFF, 0)
    upload.seek(tail_start)
    tail = upload.read()
    position = tail.rfind(_END_SIGNATURE)
    if position < 0 or len(tail) - position < _END.size:
        return None
    entries = _END.unpack_from(tail, position)[4]
    # 0xFFFF: at least as many, the real count is in a ZIP64 record.
    return entries if entries != 0xFFFF else 0x10000


def zip_inspect(
    upload, *, heads: tuple[str, ...] = (), limits: ZipLimits = DEFAULT_LIMITS
) -> ZipContents:
    """Member names (and the first bytes of the members named in `heads`) of the
    ZIP archive `upload`, after unpacking every member once within `limits`.

    Raises ValidationError with a German message for an archive beyond the limits
    or one that cannot be read; zipfile.BadZipFile if it is no ZIP archive.
    """
    try:
        count = _declared_member_count(upload)
        if count is not None and count > limits.members:
            raise _refuse("too_many_members", count=count, max=limits.members)
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            try:
                return _inspect(archive, heads=heads, limits=limits)
            except UNREADABLE as error:
                raise _refuse("unreadable") from error
    finally:
        upload.seek(0)


def _inspect(
    archive: zipfile.ZipFile, *, heads: tuple[str, ...], limits: ZipLimits
) -> ZipContents:
    members = archive.infolist()
    if len(members) > limits.members:
        raise _refuse("too_many_members", count=len(members), max=limits.members)
    max_mb = limits.total_bytes // MiB
    if sum(member.file_size for member in members) > limits.total_bytes:
        raise _refuse("too_large", max=max_mb)
    kept: dict[str, bytes] = {}
    total = 0
    for member in members:
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            # bzip2 and LZMA unpack a whole read at once: no bounded chunks.
            raise _refuse("unreadable")
        allowed = max(limits.ratio * member.compress_size, limits.ratio_from)
        if member.file_size > allowed:
            raise _refuse("too_packed", ratio=limits.ratio)
        unpacked = 0
        head = b""
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                unpacked += len(chunk)
                total += len(chunk)
                if total > limits.total_bytes:
                    raise _refuse("too_large", max=max_mb)
                if unpacked > allowed:
                    raise _refuse("too_packed", ratio=limits.ratio)
                if member.filename in heads and len(head) < HEAD:
                    head += chunk[: HEAD - len(head)]
        if member.filename in heads:
            kept[member.filename] = head
    return ZipContents(names=frozenset(archive.namelist()), heads=kept)


def safe_filename(name: str, *, extension: str, default: str = "dokument") -> str:
    """A file name to store and serve: letters, digits, "-" and "_" of the uploaded
    name's stem, and the extension the content was detected as (never the sender's).
    """
    stem = PurePosixPath(name.replace("\\", "/")).stem
    stem = re.sub(r"[^\w-]+", "_", stem).strip("_-")[:80]
    return f"{stem or default}.{extension}"
