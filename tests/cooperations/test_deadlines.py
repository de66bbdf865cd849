import calendar
from datetime import date, timedelta

import pytest
from django.utils import translation

from cooperations.deadlines import (
    Deadline,
    add_months,
    current_term_end,
    funding_obligation_end,
    notice_deadline,
    reminder_due,
    term_end,
    upcoming,
)

ONE_DAY = timedelta(days=1)


def days_of(*years):
    """Every day of the given years, to check rules against all month ends."""
    day = date(min(years), 1, 1)
    while day.year <= max(years):
        yield day
        day += ONE_DAY


# add_months


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 1, 31), 2, date(2025, 3, 31)),
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2025, 11, 30), 1, date(2025, 12, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 31), -1, date(2025, 11, 30)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),
        (date(2025, 1, 15), -13, date(2023, 12, 15)),
        (date(2025, 5, 20), 0, date(2025, 5, 20)),
    ],
)
def test_add_months_clamps_to_the_last_day_of_shorter_months(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 2, 29), -48, date(2020, 2, 29)),
        (date(2027, 2, 28), 12, date(2028, 2, 28)),
        (date(2024, 1, 29), 1, date(2024, 2, 29)),
        (date(2025, 1, 29), 1, date(2025, 2, 28)),
    ],
)
def test_add_months_keeps_29_february_only_in_leap_years(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize("months", range(-30, 31))
def test_add_months_lands_on_the_target_month_with_the_day_clamped(months):
    for day in days_of(2023, 2024):
        result = add_months(day, months)
        index = day.year * 12 + day.month - 1 + months
        assert (result.year, result.month) == (index // 12, index % 12 + 1)
        assert result.month == (day.month - 1 + months) % 12 + 1
        last_day = calendar.monthrange(result.year, result.month)[1]
        assert result.day == min(day.day, last_day) <= day.day


# term_end


def test_term_end_prefers_the_explicit_end_over_the_minimum_term():
    assert term_end(
        start=date(2025, 1, 1), end=date(2026, 6, 30), minimum_term_months=60
    ) == date(2026, 6, 30)


def test_term_end_is_the_day_before_start_plus_minimum_term():
    assert term_end(start=date(2025, 1, 1), end=None, minimum_term_months=60) == date(
        2029, 12, 31
    )


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2023, 3, 1), 12, date(2024, 2, 29)),
        (date(2024, 3, 1), 12, date(2025, 2, 28)),
        (date(2025, 1, 15), 6, date(2025, 7, 14)),
        # § 188 (3) BGB: 31 February is missing, so the term ends on 28 February.
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2025, 1, 28), 1, date(2025, 2, 27)),
    ],
)
def test_term_end_from_minimum_term_handles_month_ends(start, months, expected):
    assert term_end(start=start, end=None, minimum_term_months=months) == expected


@pytest.mark.parametrize(
    ("start", "months"), [(None, 60), (date(2025, 1, 1), None), (None, None)]
)
def test_term_end_is_none_without_end_or_start_and_minimum_term(start, months):
    assert term_end(start=start, end=None, minimum_term_months=months) is None


# current_term_end


def test_current_term_end_without_renewal_keeps_a_past_end():
    assert current_term_end(
        start=date(2020, 1, 1),
        end=None,
        minimum_term_months=12,
        renewal_months=None,
        today=date(2025, 6, 1),
    ) == date(2020, 12, 31)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2024, 3, 1), date(2025, 2, 28)),
        (date(2025, 2, 28), date(2025, 2, 28)),
        (date(2025, 3, 1), date(2026, 2, 28)),
        (date(2027, 2, 28), date(2027, 2, 28)),
        (date(2027, 3, 1), date(2028, 2, 29)),
        (date(2028, 3, 1), date(2029, 2, 28)),
        (date(2034, 7, 15), date(2035, 2, 28)),
    ],
)
def test_yearly_renewal_from_1_march_2024_ends_on_the_last_day_of_february(
    today, expected
):
    assert (
        current_term_end(
            start=date(2024, 3, 1),
            end=None,
            minimum_term_months=12,
            renewal_months=12,
            today=today,
        )
        == expected
    )


def test_monthly_renewal_from_31_january_stays_on_month_ends():
    for month in range(2, 13):
        today = date(2025, month, 1)
        last_day = date(2025, month, calendar.monthrange(2025, month)[1])
        assert (
            current_term_end(
                start=None,
                end=date(2025, 1, 31),
                minimum_term_months=None,
                renewal_months=1,
                today=today,
            )
            == last_day
        )


@pytest.mark.parametrize("renewal_months", [1, 2, 3, 6, 12, 24])
@pytest.mark.parametrize(
    "first_end", [date(2024, 1, 31), date(2024, 2, 29), date(2024, 8, 15)]
)
def test_current_term_end_is_the_first_end_of_the_chain_not_before_today(
    first_end, renewal_months
):
    anchor = first_end + ONE_DAY
    chain = [first_end]
    while chain[-1] < date(2027, 12, 31):
        chain.append(add_months(anchor, len(chain) * renewal_months) - ONE_DAY)
    for today in days_of(2024, 2025, 2026):
        result = current_term_end(
            start=None,
            end=first_end,
            minimum_term_months=None,
            renewal_months=renewal_months,
            today=today,
        )
        assert result == next(end for end in chain if end >= today), today


# notice_deadline


@pytest.mark.parametrize(
    ("end", "months", "expected"),
    [
        (date(2029, 12, 31), 6, date(2029, 6, 30)),
        (date(2025, 2, 28), 3, date(2024, 11, 30)),
        (date(2024, 2, 29), 3, date(2023, 11, 30)),
        (date(2025, 12, 31), 3, date(2025, 9, 30)),
        (date(2027, 6, 14), 3, date(2027, 3, 14)),
        # Notice on 28 Feb 2025 runs until 28 May; on 1 Mar it would run into June.
        (date(2025, 5, 30), 3, date(2025, 2, 28)),
        (date(2024, 5, 30), 3, date(2024, 2, 29)),
        (date(2025, 12, 31), 0, date(2025, 12, 31)),
    ],
)
def test_notice_deadline_counts_back_from_the_day_after_the_term(end, months, expected):
    assert notice_deadline(term_end=end, notice_period_months=months) == expected


@pytest.mark.parametrize("months", [1, 2, 3, 6, 12, 13, 24])
def test_notice_on_the_deadline_runs_out_by_the_term_end_a_day_later_does_not(
    months,
):
    for end in days_of(2024, 2025):
        deadline = notice_deadline(term_end=end, notice_period_months=months)
        assert add_months(deadline, months) <= end, end
        assert add_months(deadline + ONE_DAY, months) > end, end


@pytest.mark.parametrize(("end", "months"), [(None, 6), (date(2029, 12, 31), None)])
def test_notice_deadline_is_none_without_term_end_or_notice_period(end, months):
    assert notice_deadline(term_end=end, notice_period_months=months) is None


# funding_obligation_end


@pytest.mark.parametrize(
    ("granted_on", "years", "expected"),
    [
        (date(2022, 6, 15), 5, date(2027, 6, 14)),
        (date(2025, 1, 1), 5, date(2029, 12, 31)),
        (date(2024, 2, 29), 4, date(2028, 2, 28)),
        (date(2024, 2, 29), 5, date(2029, 2, 28)),
    ],
)
def test_funding_obligation_ends_the_day_before_the_anniversary(
    granted_on, years, expected
):
    assert funding_obligation_end(granted_on=granted_on, min_years=years) == expected


@pytest.mark.parametrize(
    ("granted_on", "years"), [(None, 5), (date(2022, 6, 15), None)]
)
def test_funding_obligation_end_is_none_without_grant_date_or_years(granted_on, years):
    assert funding_obligation_end(granted_on=granted_on, min_years=years) is None


# upcoming


def as_tuples(deadlines):
    with translation.override("de"):
        return [(d.kind, d.date, str(d.label)) for d in deadlines]


def test_upcoming_lists_all_deadlines_sorted_by_date():
    deadlines = upcoming(
        start=date(2025, 1, 1),
        end=None,
        minimum_term_months=60,
        notice_period_months=6,
        renewal_months=None,
        next_review=date(2026, 3, 1),
        funding_granted_on=date(2025, 2, 1),
        funding_min_years=5,
        today=date(2025, 6, 1),
    )
    assert all(isinstance(deadline, Deadline) for deadline in deadlines)
    assert as_tuples(deadlines) == [
        ("review", date(2026, 3, 1), "Überprüfung"),
        ("notice", date(2029, 6, 30), "Kündigungsfrist"),
        ("term_end", date(2029, 12, 31), "Ende der Laufzeit"),
        ("funding", date(2030, 1, 31), "Ende der Förderbindung"),
    ]


def test_upcoming_leaves_out_past_deadlines_and_keeps_today():
    deadlines = upcoming(
        start=date(2020, 1, 1),
        end=date(2025, 12, 31),
        minimum_term_months=None,
        notice_period_months=6,
        renewal_months=None,
        next_review=date(2025, 3, 1),
        funding_granted_on=date(2020, 9, 1),
        funding_min_years=5,
        today=date(2025, 8, 31),
    )
    assert as_tuples(deadlines) == [
        ("funding", date(2025, 8, 31), "Ende der Förderbindung"),
        ("term_end", date(2025, 12, 31), "Ende der Laufzeit"),
    ]


def test_upcoming_with_renewal_names_the_term_end_a_renewal():
    deadlines = upcoming(
        start=date(2024, 1, 1),
        end=None,
        minimum_term_months=24,
        notice_period_months=3,
        renewal_months=12,
        next_review=None,
        today=date(2025, 1, 1),
    )
    assert as_tuples(deadlines) == [
        ("notice", date(2025, 9, 30), "Kündigungsfrist"),
        ("term_end", date(2025, 12, 31), "Verlängerung"),
    ]


def test_upcoming_moves_a_missed_notice_deadline_to_the_next_renewal():
    deadlines = upcoming(
        start=date(2024, 1, 1),
        end=None,
        minimum_term_months=24,
        notice_period_months=3,
        renewal_months=12,
        next_review=None,
        today=date(2025, 10, 1),
    )
    assert as_tuples(deadlines) == [
        ("term_end", date(2025, 12, 31), "Verlängerung"),
        ("notice", date(2026, 9, 30), "Kündigungsfrist"),
    ]


def test_upcoming_is_empty_without_any_dates():
    assert (
        upcoming(
            start=None,
            end=None,
            minimum_term_months=None,
            notice_period_months=6,
            renewal_months=12,
            next_review=None,
            today=date(2025, 1, 1),
        )
        == []
    )


# reminder_due


@pytest.mark.parametrize("lead", [90, 30, 7])
def test_reminder_is_due_on_each_lead_day(lead):
    deadline = date(2025, 12, 31)
    assert reminder_due(deadline=deadline, today=deadline - timedelta(lead)) == lead


@pytest.mark.parametrize("days_left", [91, 89, 31, 29, 8, 6, 0, -7, -30])
def test_no_reminder_is_due_between_lead_days_or_after_the_deadline(days_left):
    deadline = date(2025, 12, 31)
    assert (
        reminder_due(deadline=deadline, today=deadline - timedelta(days_left)) is None
    )


def test_reminder_due_uses_custom_lead_days():
    deadline = date(2025, 12, 31)
    today = deadline - timedelta(14)
    assert reminder_due(deadline=deadline, today=today, lead_days=(14, 1)) == 14
    assert reminder_due(deadline=deadline, today=today) is None
