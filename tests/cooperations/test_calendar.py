from datetime import UTC, date, datetime, timedelta, timezone

from icalendar import Calendar

from cooperations.calendar import deadline_calendar
from cooperations.deadlines import Deadline
from cooperations.models import Cooperation

NOW = datetime(2030, 3, 1, 13, 5, 9, tzinfo=timezone(timedelta(hours=1)))


def _feed(*pairs: tuple[str, Deadline]) -> tuple[bytes, Calendar]:
    items = [
        (Cooperation(pk=number, title=title), deadline)
        for number, (title, deadline) in enumerate(pairs, start=7)
    ]
    body = deadline_calendar(items, base_url="https://portal.example/", now=NOW)
    return body, Calendar.from_ical(body)


def test_deadline_calendar_round_trips_summaries_and_names_the_calendar():
    title = "Bauhof; gemeinsam, mit Wanfried – Straßenmeisterei\nTeil 2 \\ Größe"
    body, calendar = _feed(
        (title, Deadline("notice", date(2034, 6, 30), "Kündigungsfrist")),
        ("Wasser", Deadline("review", date(2031, 1, 2), "Überprüfung")),
    )
    assert str(calendar["PRODID"]) == "-//LebensWert//Fristen//DE"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "LebensWert – Fristen"
    notice, review = calendar.events
    assert str(notice["SUMMARY"]) == f"Kündigungsfrist: {title}"
    assert str(review["SUMMARY"]) == "Überprüfung: Wasser"
    # All-day events: DATE values, no time and no time zone.
    assert notice["DTSTART"].params["VALUE"] == "DATE"
    assert (notice.start, review.start) == (date(2034, 6, 30), date(2031, 1, 2))
    assert notice.DTSTAMP == datetime(2030, 3, 1, 12, 5, 9, tzinfo=UTC)
    assert b"DTSTAMP:20300301T120509Z\r\n" in body
    assert str(notice["URL"]) == "https://portal.example/kooperationen/7/"
    assert "\r\nSUMMARY:Kündigungsfrist: Bauhof\\; gemeinsam\\, mit".encode() in body
    assert body.endswith(b"END:VCALENDAR\r\n")


def test_deadline_calendar_uids_are_stable_and_name_cooperation_kind_and_day():
    deadline = Deadline("term_end", date(2034, 12, 31), "Vertragsende")
    first, calendar = _feed(("Bauhof", deadline))
    uid = calendar.events[0]["UID"]
    assert uid == "cooperation-7-term_end-20341231@lebenswert"
    assert _feed(("Bauhof", deadline))[0] == first


def test_deadline_calendar_folds_long_lines_at_75_octets_between_characters():
    title = "Gemeinsame Abwasserbeseitigung " + "Ä" * 120
    body, calendar = _feed((title, Deadline("notice", date(2034, 6, 30), "Frist")))
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert sum(line.startswith(b" ") for line in lines) >= 3
    for line in lines:
        line.decode()  # no character is cut in two
    assert str(calendar.events[0]["SUMMARY"]) == f"Frist: {title}"


def test_deadline_calendar_neutralises_control_characters_of_old_titles():
    title = "Amt\x07 Eschwege\rATTENDEE:mailto:x@example.org\r\nB"
    body, calendar = _feed((title, Deadline("review", date(2031, 1, 2), "Prüfung")))
    assert b"\x07" not in body and b"\r\nATTENDEE" not in body
    (event,) = calendar.events
    assert "ATTENDEE" not in event
    assert str(event["SUMMARY"]) == (
        "Prüfung: Amt\ufffd Eschwege\nATTENDEE:mailto:x@example.org\nB"
    )
