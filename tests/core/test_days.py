"""Arithmetic on dates and moments that a bad stored row cannot push off the calendar."""

import datetime

from los.core.days import LAST_MOMENT, add_days, later, local


def test_adding_days_is_held_at_the_ends_of_the_calendar():
    assert add_days(datetime.date(9999, 12, 31), 7) == datetime.date.max
    assert add_days(datetime.date(1, 1, 1), -7) == datetime.date.min
    assert add_days(datetime.date(2026, 12, 1), -1) == datetime.date(2026, 11, 30)


def test_a_moment_at_the_end_of_time_can_be_moved_and_shown_in_local_time():
    end_of_time = datetime.datetime(9999, 12, 31, 23, 30, tzinfo=datetime.UTC)

    assert later(end_of_time, datetime.timedelta(hours=1)) == LAST_MOMENT
    assert local(end_of_time).year == 9999
    moment = datetime.datetime(2026, 12, 1, 9, tzinfo=datetime.UTC)
    assert later(moment, datetime.timedelta(hours=1)) == moment + datetime.timedelta(hours=1)
    assert local(moment).hour == 10
