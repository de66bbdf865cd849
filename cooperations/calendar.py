"""The personal deadline calendar as iCalendar (RFC 5545), written by hand: small."""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone

from lebenswert.core.text import printable

from .deadlines import Deadline
from .models import Cooperation


def _escape(text: str) -> str:
    # A carriage return would end the line early: "\r\n", "\r" and "\n" all
    # become the escaped line break, so a title cannot add properties. Other
    # control characters (RFC 5545 forbids them), stored before the free-text
    # rule, become U+FFFD.
    text = printable(text.replace("\r\n", "\n").replace("\r", "\n"))
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def deadline_calendar(
    items: Iterable[tuple[Cooperation, Deadline]],
    *,
    base_url: str,
    now: datetime | None = None,
) -> str:
    stamp = (now or timezone.now()).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//LebensWert//Fristen//DE",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:LebensWert – Fristen",
    ]
    for cooperation, deadline in items:
        day = deadline.date.strftime("%Y%m%d")
        lines += [
            "BEGIN:VEVENT",
            f"UID:cooperation-{cooperation.pk}-{deadline.kind}-{day}@lebenswert",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            "SUMMARY:" + _escape(f"{deadline.label}: {cooperation.title}"),
            "URL:" + base_url.rstrip("/") + cooperation.get_absolute_url(),
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
