"""With LOS_REPORT_RECOUNT_IN_BACKGROUND a report page never counts (docs/reporting.md,
«Speed»): figures past their age are shown as they are, with when they were counted, and the
background worker is asked once to count them again; a period with no figures at all answers
503 «Tallene telles nå» until the worker has counted. The worker's task runs here with the
database worker's own code (tests/tasks.py). Every case is dated."""

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from los.reporting import disclosure
from los.reporting.models import ReportLogEntry
from los.reporting.periods import parse_period
from los.reporting.report import FiguresPending, build_report
from los.reporting.scopes import NATION, Level, Scope
from tests.reporting.builders import d, enrol, place
from tests.reporting.report_world import build_report_world
from tests.tasks import run_ready_tasks

pytestmark = pytest.mark.django_db

Q1 = parse_period("2026Q1")
TODAY = d("2026-06-15")
NORDLAND = Scope(Level.COUNTY, "18")


_committing = []


@pytest.fixture(autouse=True)
def _nothing_kept(django_capture_on_commit_callbacks):
    cache.clear()
    disclosure._patterns.clear()
    _committing[:] = [django_capture_on_commit_callbacks]
    yield
    cache.clear()
    disclosure._patterns.clear()


def _committed(call, *args, **kwargs):
    """`call` as a request: the task is queued when its transaction commits."""
    with _committing[0](execute=True):
        return call(*args, **kwargs)


def _report(*args, **kwargs):
    return _committed(build_report, *args, **kwargs)


@pytest.fixture
def county():
    where = place()
    for _ in range(6):
        enrol(where, where.bodo, start=d("2026-01-10"))
    return where


def _queued() -> list[str]:
    return [
        r.args_kwargs["args"]
        for r in DBTaskResult.objects.filter(task_path__endswith="recount_report_figures")
    ]


def _served(report) -> int:
    return report.headline_cell("served").numerator


def test_nothing_counted_yet_asks_the_worker_once_and_says_so(county):
    with pytest.raises(FiguresPending) as pending:
        _report(NORDLAND, Q1, today=TODAY, background=True)
    assert "Tallene for" in str(pending.value) and "telles nå" in str(pending.value)
    with pytest.raises(FiguresPending):  # a second reader: no second task
        _report(NATION, Q1, today=TODAY, background=True)

    assert _queued() == [["2026Q1", "2026-06-15"]]

    run_ready_tasks()
    report = _report(NORDLAND, Q1, today=TODAY, background=True)
    assert _served(report) == 6
    assert _queued() == [["2026Q1", "2026-06-15"]]  # counted: nothing more asked


@override_settings(LOS_REPORT_MAX_AGE_SECONDS=0)
def test_figures_past_their_age_are_shown_while_the_worker_counts_them_again(county):
    first = build_report(NATION, Q1, today=TODAY)
    enrol(county, county.bodo, start=d("2026-03-01"))  # a change: the figures are stale

    shown = _report(NATION, Q1, today=TODAY, background=True)
    again = _report(NATION, Q1, today=TODAY, background=True)

    assert _served(shown) == _served(again) == 6  # as counted, not yet 7
    assert shown.made_at == first.made_at
    assert len(_queued()) == 1  # asked once for both readers

    assert run_ready_tasks() == 1
    counted = _report(NATION, Q1, today=TODAY, background=True)
    assert _served(counted) == 7
    assert counted.made_at > first.made_at
    assert len(_queued()) == 1  # fresh again: nothing asked


def test_fresh_figures_ask_for_nothing(county):
    build_report(NATION, Q1, today=TODAY)
    _report(NORDLAND, Q1, today=TODAY, background=True)

    assert _queued() == []


def test_a_new_day_shows_yesterdays_figures_until_todays_are_counted(county):
    yesterday = build_report(NATION, Q1, today=TODAY)
    enrol(county, county.bodo, start=d("2026-03-01"))
    tomorrow = d("2026-06-16")

    shown = _report(NORDLAND, Q1, today=tomorrow, background=True)

    assert _served(shown) == 6
    assert shown.made_at == yesterday.made_at
    assert _queued() == [["2026Q1", "2026-06-16"]]
    run_ready_tasks()
    assert _served(_report(NORDLAND, Q1, today=tomorrow, background=True)) == 7


def test_without_the_setting_the_page_counts_itself(client, county):
    # The demo's cache is each process's own: the worker's figures would never reach the
    # server, so the page counts as before and asks the worker for nothing.
    world = build_report_world()
    client.force_login(world.users["fylke"])
    url = reverse("results", kwargs={"level": "county", "code": "18"})

    assert client.get(f"{url}?periode={world.period.code}").status_code == 200
    assert _queued() == []


@override_settings(LOS_REPORT_RECOUNT_IN_BACKGROUND=True)
def test_the_page_answers_503_with_retry_after_until_counted_and_logs_only_what_it_showed(
    client,
):
    world = build_report_world()
    client.force_login(world.users["fylke"])
    url = reverse("results", kwargs={"level": "county", "code": "18"})
    asked = f"{url}?periode={world.period.code}"
    csv = reverse("results_csv", kwargs={"level": "county", "code": "18"})

    pending = _committed(client.get, asked)
    assert pending.status_code == 503
    assert pending["Retry-After"] == "30"
    body = pending.content.decode()
    assert "Tallene telles nå" in body
    assert f'href="{asked.replace("&", "&amp;")}"' in body  # «Last inn på nytt»
    assert _committed(client.get, f"{csv}?periode={world.period.code}").status_code == 503
    assert not ReportLogEntry.objects.exists()  # nothing was shown

    run_ready_tasks()
    shown = client.get(asked)
    assert shown.status_code == 200
    assert "Tall per" in shown.content.decode()
    assert ReportLogEntry.objects.count() == 1


def test_the_task_lifts_the_mark_so_the_next_change_is_counted_too(county):
    from los.reporting.report import ask_recount
    from los.reporting.tasks import recount_report_figures

    assert _committed(ask_recount, Q1, TODAY)
    assert not _committed(ask_recount, Q1, TODAY)  # marked: asked once
    assert recount_report_figures.call("2026Q1", "2026-06-15") == "2026Q1 2026-06-15"
    assert _committed(ask_recount, Q1, TODAY)
