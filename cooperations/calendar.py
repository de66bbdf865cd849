"""The personal deadline calendar as iCalendar (RFC 5545), written by `icalendar`.

The library escapes text, folds long lines and writes dates; deadlines are all-day
events (DATE values), so the feed needs no time zone.
"""

from collections.abc import Iterable
from datetime import UTC, datetime

from django.utils import timezone
from icalendar import Calendar, Event

from lebenswert.core.text import printable

from .deadlines import Deadline
from .models import Cooperation


def deadline_calendar(
    items: Iterable[tuple[Cooperation, Deadline]],
    *,
    base_url: str,
    now: datetime | None = None,
) -> bytes:
    """The feed's body: one all-day event per deadline, UIDs stable across fetches."""
    stamp = (now or timezone.now()).astimezone(UTC)
    calendar = Calendar()
    calendar.add("PRODID", "-//LebensWert//Fristen//DE")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("X-WR-CALNAME", "LebensWert – Fristen")
    for cooperation, deadline in items:
        day = deadline.date.strftime("%Y%m%d")
        calendar.add_component(
            Event.new(
                uid=f"cooperation-{cooperation.pk}-{deadline.kind}-{day}@lebenswert",
                stamp=stamp,
                start=deadline.date,
                # Titles stored before the free-text rule may hold control
                # characters, which RFC 5545 forbids: they become U+FFFD.
                summary=printable(f"{deadline.label}: {cooperation.title}"),
                url=base_url.rstrip("/") + cooperation.get_absolute_url(),
            )
        )
    return calendar.to_ical()
