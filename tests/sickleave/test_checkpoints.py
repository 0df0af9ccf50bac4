"""The joining rule and the checkpoint dates, with cases computed by hand
(docs/sick-leave.md). No database: the functions are pure."""

import datetime

import pytest

from los.sickleave.checkpoints import Rule, birthday, checkpoints, maximum_date
from los.sickleave.periods import Period, gap_days, join_periods
from los.sickleave.shipped import RULES, VALID_FROM

D = datetime.date
SHIPPED = [
    Rule(valid_from=VALID_FROM, **{k: r[k] for k in ("kind", "counting", "amount")}) for r in RULES
]


def dates(case, rules=SHIPPED):
    return {c.kind: c.date for c in checkpoints(case, rules)}


def one_case(*periods):
    cases = join_periods(periods)
    assert len(cases) == 1
    return cases[0]


def test_a_year_of_full_sick_leave_from_monday_5_january_2026():
    case = one_case(Period(D(2026, 1, 5), D(2026, 12, 31), 100))

    assert dates(case) == {
        # Week 1 is 5–11 January; week 4 ends on Sunday 1 February.
        "follow_up_plan": D(2026, 2, 1),
        "dialogue_meeting_1": D(2026, 2, 22),
        # 8 weeks − 1 day, as isaktivitetskrav (February 2026 has 28 days).
        "activity_requirement": D(2026, 3, 1),
        # 5 January + 119 days: 26 to 31 Jan, 54 to 28 Feb, 85, 115, then 4 May.
        "meeting_candidate": D(2026, 5, 4),
        "dialogue_meeting_2": D(2026, 7, 5),
        "late_phase": D(2026, 10, 4),
        # Employer period 5–20 January; weekdays from Wednesday 21 January: 49 weeks to
        # Tuesday 29 December are 245, then 30 Dec, 31 Dec and Friday 1 January 2027.
        "maximum_date": D(2027, 1, 1),
    }


def test_across_the_leap_day_2028():
    case = one_case(Period(D(2028, 1, 10), D(2028, 6, 30), 100))

    got = dates(case)

    assert got["follow_up_plan"] == D(2028, 2, 6)
    assert got["dialogue_meeting_1"] == D(2028, 2, 27)
    # 27 February + 7 days passes 29 February: 5 March, not 6 March as in 2027.
    assert got["activity_requirement"] == D(2028, 3, 5)


def test_across_the_changes_of_summer_time_2026():
    # Summer time began Sunday 29 March 2026 and ended Sunday 25 October 2026 in Norway.
    spring = one_case(Period(D(2026, 3, 2), D(2026, 5, 31), 100))
    autumn = one_case(Period(D(2026, 9, 7), D(2026, 12, 31), 100))

    assert dates(spring)["follow_up_plan"] == D(2026, 3, 29)
    assert dates(spring)["activity_requirement"] == D(2026, 4, 26)
    assert dates(autumn)["dialogue_meeting_1"] == D(2026, 10, 25)


@pytest.mark.parametrize(
    ("second_start", "gap", "cases", "current_start"),
    [
        (D(2026, 2, 9), 14, 1, D(2026, 1, 5)),
        (D(2026, 2, 10), 15, 1, D(2026, 1, 5)),
        (D(2026, 2, 11), 16, 2, D(2026, 2, 11)),
        (D(2026, 2, 12), 17, 2, D(2026, 2, 12)),
    ],
)
def test_a_gap_of_15_days_joins_and_16_days_parts(second_start, gap, cases, current_start):
    first = Period(D(2026, 1, 5), D(2026, 1, 25), 100)
    second = Period(second_start, D(2026, 4, 30), 50)

    joined = join_periods([second, first])

    assert gap_days(first.end, second.start) == gap
    assert len(joined) == cases
    assert joined[-1].start == current_start


def test_gaps_on_either_side_of_a_note():
    # 15 days before the middle note (joined), 16 days after it (parted).
    notes = [
        Period(D(2026, 1, 5), D(2026, 1, 18), 100),
        Period(D(2026, 2, 3), D(2026, 2, 14), 100),
        Period(D(2026, 3, 3), D(2026, 3, 31), 100),
    ]

    joined = join_periods(notes)

    assert [(c.start, c.end) for c in joined] == [
        (D(2026, 1, 5), D(2026, 2, 14)),
        (D(2026, 3, 3), D(2026, 3, 31)),
    ]
    # The checkpoints of the current case count from its own first day.
    assert dates(joined[-1])["follow_up_plan"] == D(2026, 3, 30)


def test_weekends_count_in_the_gap():
    # Friday 16 January to Monday 2 February: 16 days, weekends included: two cases.
    joined = join_periods(
        [Period(D(2026, 1, 12), D(2026, 1, 16)), Period(D(2026, 2, 2), D(2026, 2, 6))]
    )

    assert len(joined) == 2


def test_a_note_at_0_percent_is_no_sick_day():
    joined = join_periods(
        [
            Period(D(2026, 1, 5), D(2026, 1, 18), 100),
            Period(D(2026, 1, 19), D(2026, 2, 28), 0),
            Period(D(2026, 3, 1), D(2026, 3, 31), 100),
        ]
    )

    assert [c.start for c in joined] == [D(2026, 1, 5), D(2026, 3, 1)]


def test_graded_days_count_whole_toward_the_maximum_date():
    graded = one_case(Period(D(2026, 1, 5), D(2026, 12, 31), 50))

    assert maximum_date(graded, 248) == D(2027, 1, 1)


def test_days_below_20_percent_do_not_count_toward_the_maximum_date():
    # February 2026 at 10 %: its 20 weekdays give no benefit, so the date moves 4 weeks.
    case = one_case(
        Period(D(2026, 1, 5), D(2026, 1, 31), 100), Period(D(2026, 2, 1), D(2026, 2, 28), 10)
    )

    assert maximum_date(case, 248) == D(2027, 1, 29)


def test_the_rule_valid_on_the_first_day_is_used():
    old = Rule("dialogue_meeting_1", "calendar_days", 83, D(2007, 1, 1), D(2011, 6, 30))
    new = Rule("dialogue_meeting_1", "calendar_days", 48, D(2011, 7, 1))
    before = one_case(Period(D(2011, 6, 27), D(2011, 12, 31)))
    after = one_case(Period(D(2011, 7, 4), D(2011, 12, 31)))

    assert dates(before, [old, new])["dialogue_meeting_1"] == D(2011, 9, 18)
    assert dates(after, [old, new])["dialogue_meeting_1"] == D(2011, 8, 21)
    # A case with no rule in force has no date for that checkpoint.
    assert dates(before, [new])["dialogue_meeting_1"] is None


def test_a_checkpoint_is_reached_only_if_the_notes_reach_it():
    case = one_case(Period(D(2026, 1, 5), D(2026, 2, 15), 100))

    reached = {c.kind: c.reached_by_notes for c in checkpoints(case, SHIPPED)}

    assert reached["follow_up_plan"] is True
    assert reached["dialogue_meeting_1"] is False


# From 5 January 2026 at 100 %: the employer period is 5–20 January, the first benefit day
# Wednesday 21 January.
FROM_5_JANUARY = Period(D(2026, 1, 5), D(2026, 12, 31), 100)


def test_after_the_67th_birthday_60_days_at_most():
    # Turns 67 on Tuesday 10 March 2026; the 60 days count from Wednesday 11 March:
    # 3 days that week, 11 full weeks to Friday 29 May (58), then Monday 1 and Tuesday 2 June.
    case = one_case(FROM_5_JANUARY)

    assert maximum_date(case, 248, born=D(1959, 3, 10)) == D(2026, 6, 2)
    # One day older: the 60 days start on Tuesday 10 March and end on Monday 1 June.
    assert maximum_date(case, 248, born=D(1959, 3, 9)) == D(2026, 6, 1)


def test_no_sickness_benefit_from_the_70th_birthday():
    case = one_case(FROM_5_JANUARY)

    # 70 on Friday 20 February 2026: the last day is Thursday 19 February (22 days after 67).
    assert maximum_date(case, 248, born=D(1956, 2, 20)) == D(2026, 2, 19)
    # 70 on Monday 2 March: the last day is the Friday before.
    assert maximum_date(case, 248, born=D(1956, 3, 2)) == D(2026, 2, 27)


def test_under_67_the_age_changes_nothing():
    case = one_case(FROM_5_JANUARY)

    assert maximum_date(case, 248, born=D(1980, 6, 1)) == maximum_date(case, 248) == D(2027, 1, 1)


def test_a_birthday_on_29_february():
    assert birthday(D(1960, 2, 29), 67) == D(2027, 3, 1)
    assert birthday(D(1960, 2, 29), 68) == D(2028, 2, 29)


def test_the_checkpoints_take_the_birth_date():
    case = one_case(FROM_5_JANUARY)

    with_age = {c.kind: c.date for c in checkpoints(case, SHIPPED, born=D(1959, 3, 10))}

    assert with_age["maximum_date"] == D(2026, 6, 2)
    assert with_age["dialogue_meeting_1"] == dates(case)["dialogue_meeting_1"]
