"""Who looked, as the participant reads it: one line per person and local day with what they
read and how often, filterable by person and by kind of information (los/participants/
queries.py reads_by_person_and_day, los/web/templatetags/los_tags.py day_of_reads_sentence).
Staff keep one row per read."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from los.access.models import AccessLogEntry, Basis
from los.core.vocabulary import Category, Role
from tests.factories import count_queries

pytestmark = pytest.mark.django_db
OSLO = ZoneInfo("Europe/Oslo")


def _read(world, user, role, organisation, category, what, at):
    entry = AccessLogEntry.objects.create(
        user=user,
        user_name=user.display_name,
        role=role,
        organisation=organisation,
        organisation_name=organisation.name,
        participant=world.participant,
        category=category,
        what=what,
        basis=Basis.TEAM,
    )
    AccessLogEntry.objects.filter(pk=entry.pk).update(accessed_at=at)


def _lines(response) -> list[str]:
    html = response.content.decode()
    log = html.split('<ul class="los-log">')[1].split("</ul>")[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", li)).strip() for li in log.split("<li>")[1:]]


@pytest.fixture
def reads(world):
    """The therapist on 3 March 2026 at 10:14, 10:16 (the plan) and 10:20 (the record page);
    at 00:30 on 4 March Oslo time (23:30 UTC on the 3rd: the next day here); the counsellor
    once on 2 March 2025 (another year)."""
    therapist = (world.therapist, Role.THERAPIST, world.dps)
    for minute, category, what in [
        (14, Category.PLAN, "plan"),
        (16, Category.PLAN, "plan"),
        (20, Category.CORE, "deltakerside"),
    ]:
        _read(
            world,
            *therapist,
            category,
            what,
            datetime.datetime(2026, 3, 3, 10, minute, tzinfo=OSLO),
        )
    _read(
        world,
        *therapist,
        Category.PLAN,
        "plan",
        datetime.datetime(2026, 3, 3, 23, 30, tzinfo=datetime.UTC),
    )
    _read(
        world, world.counsellor, Role.COUNSELLOR, world.nav_office, Category.HEALTH_SUMMARY,
        "helseopplysninger", datetime.datetime(2025, 3, 2, 9, 5, tzinfo=OSLO),
    )  # fmt: skip


def test_one_line_per_person_and_local_day_with_what_they_read(client, world, reads, settings):
    client.force_login(world.participant_user)

    lines = _lines(client.get(reverse("access_log", args=[world.participant.public_id])))

    year = "" if datetime.date.today().year == 2026 else " 2026"
    assert lines == [
        f"Lise Behandler, behandler, Salten DPS, så planen din 4. mars{year} kl. 00:30",
        f"Lise Behandler, behandler, Salten DPS, så planen din og grunnopplysningene dine "
        f"3. mars{year}, 3 ganger mellom kl. 10:14 og 10:20",
        "Kari Veileder, NAV-veileder, NAV Bodø, så helseopplysningene dine 2. mars 2025 kl. 09:05",
    ]


def test_the_participant_filters_by_person_and_by_kind(client, world, reads):
    client.force_login(world.participant_user)
    url = reverse("access_log", args=[world.participant.public_id])

    by_counsellor = _lines(client.get(url, {"hvem": world.counsellor.pk}))
    plan_only = _lines(client.get(url, {"hva": Category.PLAN}))
    nothing = client.get(url, {"hvem": world.counsellor.pk, "hva": Category.PLAN})

    assert [line.split(",")[0] for line in by_counsellor] == ["Kari Veileder"]
    assert [line.split(", så ")[1].split(" 3. mars")[0] for line in plan_only[1:]] == ["planen din"]
    assert "2 ganger mellom kl. 10:14 og 10:16" in plan_only[1]
    assert "Ingen har sett noe som passer med det du valgte." in nothing.content.decode()
    # A person who never read the record is no choice, and an unknown one is refused plainly.
    refused = client.get(url, {"hvem": world.outsider.pk})
    assert "Velg et gyldig valg." in refused.content.decode()
    assert len(_lines(refused)) == 3  # and the whole log is shown meanwhile


def test_paging_keeps_the_filter_and_the_queries_do_not_grow(client, world):
    for day in range(1, 31):
        _read(
            world, world.therapist, Role.THERAPIST, world.dps, Category.PLAN, "plan",
            datetime.datetime(2026, 1, day, 12, 0, tzinfo=OSLO),
        )  # fmt: skip
    client.force_login(world.participant_user)
    url = reverse("access_log", args=[world.participant.public_id])

    first = client.get(url, {"hvem": world.therapist.pk})
    assert len(_lines(first)) == 25
    assert f"?hvem={world.therapist.pk}&amp;side=2" in first.content.decode()
    assert len(_lines(client.get(url, {"hvem": world.therapist.pk, "side": 2}))) == 5

    few = count_queries(client, url)
    _read(
        world, world.counsellor, Role.COUNSELLOR, world.nav_office, Category.PLAN, "plan",
        datetime.datetime(2026, 1, 15, 8, 0, tzinfo=OSLO),
    )  # fmt: skip
    assert count_queries(client, url) == few


def test_staff_still_see_one_row_per_read(client, world, reads):
    client.force_login(world.counsellor)

    page = client.get(reverse("access_log", args=[world.participant.public_id]))

    assert page.context["page"].paginator.count >= 5
