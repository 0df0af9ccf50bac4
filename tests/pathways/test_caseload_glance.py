"""The work pathway in the caseload: stage, days in stage and the deadlines that need a look,
computed only for viewers who may see the pathway."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from los.core.vocabulary import Category
from los.followup.caseload import caseload
from los.pathways.models import EmployerContact, Enrolment, Job, PassivePeriod, Stage
from los.pathways.queries import pathway_glances
from tests.factories import employer_contact_for, give_consent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
IPS = "IPS – individuell jobbstøtte"


def _days(n):
    return TODAY + datetime.timedelta(days=n)


def _at_stage(world, code, *, since=-10, start=-50):
    Enrolment.objects.filter(pk=world.enrolment.pk).update(
        stage=Stage.objects.get(programme=world.enrolment.programme, code=code),
        stage_since=_days(since),
        start_date=_days(start) if start is not None else None,
    )
    Job.objects.filter(pk=world.job.pk).update(end_date=None)


def _glance(world):
    [glance] = pathway_glances([world.participant.pk], TODAY)[world.participant.pk]
    return glance


def test_stage_and_days_in_stage(world):
    _at_stage(world, "job_development", since=-12)
    employer_contact_for(world, _days(-3))

    glance = _glance(world)

    assert glance.summary == f"{IPS}: jobbutvikling (12 dager)"
    assert (glance.days_since_employer_contact, glance.flags) == (3, [])
    assert glance.detail == "3 dager siden arbeidsgiverkontakt"


@pytest.mark.parametrize(("last_contact", "flagged"), [(-13, False), (-14, True), (None, True)])
def test_job_development_without_employer_contact_for_two_weeks_is_flagged(
    world, last_contact, flagged
):
    _at_stage(world, "job_development", since=-20)
    if last_contact is not None:
        employer_contact_for(world, _days(last_contact), face_to_face=False)

    glance = _glance(world)

    expected = 20 if last_contact is None else -last_contact  # none yet: since the stage began
    assert glance.days_since_employer_contact == expected
    no_contact = [f for f in glance.flags if f.startswith("ingen arbeidsgiverkontakt")]
    assert no_contact == ([f"ingen arbeidsgiverkontakt på {expected} dager"] if flagged else [])


@pytest.mark.parametrize(
    ("start", "expected_flag"),
    [
        (-20, None),  # due in 10 days
        (-23, "første arbeidsgiverkontakt: frist {due}"),  # due in 7 days
        (-30, "første arbeidsgiverkontakt: frist {due}"),  # due today (day 30 is in time)
        (-31, "første arbeidsgiverkontakt: fristen gikk ut {due}"),
    ],
)
def test_the_thirty_day_first_contact_deadline(world, start, expected_flag):
    _at_stage(world, "career_mapping", start=start)

    glance = _glance(world)

    due = _days(start + 30)
    assert glance.first_contact_due == due
    assert f"innen {due.day}.{due.month}.{due.year}" in glance.detail
    label = f"{due.day}.{due.month}.{due.year}"
    assert glance.flags == ([expected_flag.format(due=label)] if expected_flag else [])


def test_passive_days_move_the_deadline_and_a_face_to_face_contact_clears_it(world):
    _at_stage(world, "career_mapping", start=-31)
    PassivePeriod.objects.create(
        enrolment=world.enrolment, start_date=_days(-20), end_date=_days(-15), reason="Syk"
    )

    assert _glance(world).first_contact_due == _days(4)  # 5 passive days
    assert _glance(world).flags == [f"første arbeidsgiverkontakt: frist {_days(4):%-d.%-m.%Y}"]

    employer_contact_for(world, _days(-2), face_to_face=False)
    assert _glance(world).first_contact_due == _days(4)  # a phone call is not the contact
    employer_contact_for(world, _days(-1))
    assert (_glance(world).first_contact_due, _glance(world).flags) == (None, [])


def test_no_first_contact_deadline_before_the_start_or_once_working(world):
    _at_stage(world, "referred", start=None)
    assert _glance(world).first_contact_due is None

    _at_stage(world, "working", start=-90)
    assert (_glance(world).first_contact_due, _glance(world).flags) == (None, [])


@pytest.mark.parametrize(("follow_up", "flagged"), [(1, False), (0, True), (-3, True)])
def test_a_pause_shows_its_follow_up_date_and_is_flagged_when_due(world, follow_up, flagged):
    _at_stage(world, "job_development", since=-40)
    Enrolment.objects.filter(pk=world.enrolment.pk).update(
        passive_since=_days(-30), passive_reason="Innleggelse", passive_follow_up=_days(follow_up)
    )

    glance = _glance(world)

    day = _days(follow_up)
    assert glance.detail == f"pause, følges opp {day.day}.{day.month}.{day.year}"
    # While paused, the job development clock does not flag.
    assert glance.flags == ([f"pausen skal følges opp ({IPS})"] if flagged else [])


@pytest.mark.parametrize(("ends", "flagged"), [(-1, False), (0, True), (14, True), (15, False)])
def test_a_job_ending_soon_is_flagged(world, ends, flagged):
    Job.objects.filter(pk=world.job.pk).update(end_date=_days(ends))

    glance = _glance(world)

    assert (glance.job_ends is not None) is flagged
    day = _days(ends)
    label = f"{day.day}.{day.month}.{day.year}"
    assert glance.flags == ([f"en jobb slutter {label}"] if flagged else [])


def test_ended_enrolments_are_not_shown(world):
    Enrolment.objects.filter(pk=world.enrolment.pk).update(end_date=TODAY, end_cause="work")
    assert pathway_glances([world.participant.pk], TODAY) == {}


def _row(user, participant, **kwargs):
    return next(r for r in caseload(user, **kwargs) if r.participant.pk == participant.pk)


def test_the_caseload_shows_the_pathway_only_to_those_who_may_see_it(world):
    _at_stage(world, "career_mapping", start=-31)

    counsellor_row = _row(world.counsellor, world.participant)
    assert [g.programme for g in counsellor_row.pathways] == [IPS]
    assert any("fristen gikk ut" in flag for flag in counsellor_row.flags)
    # Health personnel see work and education only with the participant's consent.
    assert _row(world.gp, world.participant).pathways == []
    give_consent(world.participant, world.gp_practice, Category.EMPLOYMENT, world.counsellor)
    assert [g.programme for g in _row(world.gp, world.participant).pathways] == [IPS]


def test_the_pathway_filter_shows_only_pathways_that_need_a_look(world):
    _at_stage(world, "job_development", since=-20)
    employer_contact_for(world, _days(-5))
    assert world.participant.pk not in [
        r.participant.pk for r in caseload(world.counsellor, show="arbeid")
    ]

    EmployerContact.objects.update(contact_date=_days(-15))

    assert world.participant.pk in [
        r.participant.pk for r in caseload(world.counsellor, show="arbeid")
    ]


def test_the_caseload_page_has_the_pathway_column(client, world):
    _at_stage(world, "job_development", since=-30)
    client.force_login(world.counsellor)

    response = client.get(reverse("participant_list"))

    content = response.content.decode()
    assert "Arbeidsløp" in content
    assert f"{IPS}: jobbutvikling (30 dager)" in content
    assert "ingen arbeidsgiverkontakt på 30 dager" in content


def _pathway_page(client, world) -> str:
    client.force_login(world.counsellor)
    return re.sub(
        r"\s+",
        " ",
        client.get(reverse("pathway", args=[world.participant.public_id])).content.decode(),
    )


def test_a_contact_between_referral_and_start_counts_alike_in_the_caseload_and_on_the_page(
    client, world
):
    # Referred day -60, started day -40 (so the deadline would be day -10, passed), and one
    # face-to-face employer contact on day -45, between the referral and the start: by the
    # one rule it is the first contact, on day 0 and in time; no deadline anywhere.
    _at_stage(world, "job_development", since=-40, start=-40)
    employer_contact_for(world, _days(-45))

    glance = _glance(world)
    page = _pathway_page(client, world)

    assert glance.first_contact_due is None
    assert not [f for f in glance.flags if f.startswith("første arbeidsgiverkontakt")]
    assert (
        "Første arbeidsgiverkontakt ansikt til ansikt</dt> <dd>Før oppstart, regnes som dag 0 "
        '<span class="los-tag los-tag--success">innen fristen på 30 aktive dager</span>'
    ) in page
    assert "fristen er" not in page


def test_without_a_contact_the_caseload_and_the_page_give_the_same_deadline(client, world):
    # Started day -40 with 5 passive days (day -30 to day -25): due day -40 + 30 + 5 = -5.
    _at_stage(world, "job_development", since=-40, start=-40)
    PassivePeriod.objects.create(
        enrolment=world.enrolment, start_date=_days(-30), end_date=_days(-25), reason="Syk"
    )

    glance = _glance(world)
    page = _pathway_page(client, world)

    due = _days(-5)
    assert glance.first_contact_due == due
    assert f"første arbeidsgiverkontakt: fristen gikk ut {due:%-d.%-m.%Y}" in glance.flags
    assert f"ikke ennå – fristen er {due.day}. " in page
    assert "fristen er passert" in page
