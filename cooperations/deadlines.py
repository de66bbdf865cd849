"""Contract and funding deadlines of a cooperation, computed from plain dates.

Month periods end as § 188 BGB says: the day before, or the month's last day.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

ONE_DAY = timedelta(days=1)

# Same-day deadlines read best in the order they matter to the user.
KIND_ORDER = {"notice": 0, "term_end": 1, "funding": 2, "review": 3}


def add_months(day: date, months: int) -> date:
    """Move by calendar months, clamping to the last day of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _period_end(anchor: date, months: int) -> date:
    """Last day of a period of `months` beginning on `anchor` (§ 188 (2), (3) BGB).

    Negative `months` apply the same rule backwards, as for notice deadlines.
    """
    target = add_months(anchor, months)
    # A clamped target means the matching day is missing, and § 188 (3) BGB then
    # ends the period on the month's last day rather than the day before.
    if target.day < anchor.day:
        return target
    return target - ONE_DAY


def term_end(
    *, start: date | None, end: date | None, minimum_term_months: int | None
) -> date | None:
    """Last day of the first term: `end` if given, else the end of the minimum term.

    Start 1 Jan 2025 with 60 months ends on 31 Dec 2029; without either, None.
    """
    if end is not None:
        return end
    if start is None or not minimum_term_months:
        return None
    return _period_end(start, minimum_term_months)


def _renewed_end(first_end: date, renewal_months: int, count: int) -> date:
    """Last day of the term after `count` automatic renewals of the first term."""
    # Every end is computed from the same anchor, so a month-end contract stays on
    # month ends instead of drifting to the 28th after February.
    return _period_end(first_end + ONE_DAY, count * renewal_months)


def _current_count(first_end: date, renewal_months: int, today: date) -> int:
    """Number of renewals until the term that ends on or after `today`."""
    if first_end >= today:
        return 0
    months_since = (today.year - first_end.year) * 12 + today.month - first_end.month
    # Start just below the estimate and step up, so long chains need no long loop.
    count = max(1, months_since // renewal_months - 1)
    while _renewed_end(first_end, renewal_months, count) < today:
        count += 1
    return count


def _running_end(first_end: date, renewal_months: int | None, today: date) -> date:
    """End of the term running on `today`, given the first term's end."""
    if not renewal_months:
        return first_end
    count = _current_count(first_end, renewal_months, today)
    return _renewed_end(first_end, renewal_months, count)


def current_term_end(
    *,
    start: date | None,
    end: date | None,
    minimum_term_months: int | None,
    renewal_months: int | None,
    today: date,
) -> date | None:
    """End of the running term: with renewal, the first end on or after `today`.

    Without automatic renewal this is the first term end, which may be past.
    """
    first_end = term_end(start=start, end=end, minimum_term_months=minimum_term_months)
    if first_end is None:
        return None
    return _running_end(first_end, renewal_months, today)


def notice_deadline(
    *, term_end: date | None, notice_period_months: int | None
) -> date | None:
    """Last day notice may arrive to end the contract on `term_end`.

    "Frist von 6 Monaten zum Ende der Laufzeit": for 31 Dec 2029 notice must arrive
    by 30 Jun 2029 (1 Jan 2030 minus 6 months, minus one day; § 188 (3) BGB if the
    day is missing, e.g. 28 Feb for a term ending 30 May with 3 months).
    """
    if term_end is None or notice_period_months is None:
        return None
    return _period_end(term_end + ONE_DAY, -notice_period_months)


def funding_obligation_end(
    *, granted_on: date | None, min_years: int | None
) -> date | None:
    """Last day of the funding obligation of `min_years` years from `granted_on`."""
    if granted_on is None or min_years is None:
        return None
    return _period_end(granted_on, min_years * 12)


@dataclass(frozen=True)
class Deadline:
    """One dated deadline of a cooperation, with a translatable label."""

    kind: str
    date: date
    label: str


def _next_notice(
    first_end: date,
    notice_period_months: int | None,
    renewal_months: int | None,
    today: date,
) -> date | None:
    """Next notice deadline on or after `today`, skipping terms already missed."""
    deadline = notice_deadline(
        term_end=first_end, notice_period_months=notice_period_months
    )
    if deadline is None or deadline >= today or not renewal_months:
        return deadline
    # Once a notice deadline has passed, the contract can only be ended at a later
    # renewal, so the deadline that matters belongs to that later term.
    count = _current_count(first_end, renewal_months, today)
    while True:
        deadline = notice_deadline(
            term_end=_renewed_end(first_end, renewal_months, count),
            notice_period_months=notice_period_months,
        )
        if deadline is not None and deadline >= today:
            return deadline
        count += 1


def upcoming(
    *,
    start: date | None,
    end: date | None,
    minimum_term_months: int | None,
    notice_period_months: int | None,
    renewal_months: int | None,
    next_review: date | None,
    funding_granted_on: date | None = None,
    funding_min_years: int | None = None,
    today: date,
) -> list[Deadline]:
    """Deadlines on or after `today`, sorted by date."""
    deadlines: list[Deadline] = []
    first_end = term_end(start=start, end=end, minimum_term_months=minimum_term_months)
    if first_end is not None:
        notice = _next_notice(first_end, notice_period_months, renewal_months, today)
        if notice is not None:
            deadlines.append(Deadline("notice", notice, _("Kündigungsfrist")))
        running_end = _running_end(first_end, renewal_months, today)
        label = _("Verlängerung") if renewal_months else _("Ende der Laufzeit")
        deadlines.append(Deadline("term_end", running_end, label))
    if next_review is not None:
        deadlines.append(Deadline("review", next_review, _("Überprüfung")))
    funding_end = funding_obligation_end(
        granted_on=funding_granted_on, min_years=funding_min_years
    )
    if funding_end is not None:
        deadlines.append(Deadline("funding", funding_end, _("Ende der Förderbindung")))
    return sorted(
        (deadline for deadline in deadlines if deadline.date >= today),
        key=lambda deadline: (deadline.date, KIND_ORDER[deadline.kind]),
    )


def reminder_due(
    *, deadline: date, today: date, lead_days: tuple[int, ...] = (90, 30, 7)
) -> int | None:
    """The lead in days whose reminder is due today, or None."""
    days_left = (deadline - today).days
    return days_left if days_left in lead_days else None
