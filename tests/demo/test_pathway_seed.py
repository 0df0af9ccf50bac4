"""The pathways PostgreSQL seeds at scale are the stories los/demo/pathway_story.py tells:
row for row, for every seeded enrolment."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from los.demo import pathway_story as story
from los.demo.county import context, story_rows
from los.demo.pathway_seed import EMPLOYERS, seed_pathways
from los.demo.seeding import seed
from los.measures.models import Response, Schedule
from los.participants.models import CareTeamMembership
from los.pathways.models import Employer, Enrolment

pytestmark = pytest.mark.django_db


def _enrolment(e):
    return (
        e.programme.code, e.organisation_id, e.job_specialist_id, e.referral_date,
        e.referral_source, e.start_date, e.main_goal, e.stage_id, e.stage_since,
        e.passive_since, e.passive_reason, e.passive_follow_up, e.end_date, e.end_cause,
    )  # fmt: skip


def _contact(x):
    return (x.contact_date, x.face_to_face, x.in_field, x.employer_id, x.met_decision_maker,
            x.minutes)  # fmt: skip


def _job(x):
    return (x.start_date, x.end_date, Decimal(x.hours_per_week), x.employment_form, x.paid,
            x.ordinary_wage, x.open_to_anyone, x.end_reason, x.employer_id, x.title)  # fmt: skip


def _education(x):
    return (x.start_date, x.end_date, x.status, x.level, x.funding, x.study_form,
            x.institution, x.course)  # fmt: skip


def _support(x):
    # date.min stands for «none», so two contacts on one day (one about a job, one about an
    # education) still sort.
    none = datetime.date.min
    return (x.contact_date, x.job.start_date if x.job else none,
            x.education.start_date if x.education else none, x.with_whom, x.face_to_face,
            x.in_field, x.minutes)  # fmt: skip


def _response(x):
    answers = tuple(sorted(x.answers.items()))
    return (x.instrument_id, x.completed_on, answers, Decimal(x.raw_total), Decimal(x.total),
            x.band)  # fmt: skip


def _children(entries, pauses, contacts, jobs, educations, support, schedules, responses):
    return {
        "entries": sorted((x.stage_id, x.from_date) for x in entries),
        "pauses": sorted((x.start_date, x.end_date, x.reason) for x in pauses),
        "contacts": sorted(map(_contact, contacts)),
        "jobs": sorted(map(_job, jobs)),
        "educations": sorted(map(_education, educations)),
        "support": sorted(map(_support, support)),
        "schedules": sorted(
            (x.instrument_id, x.first_due, x.every_days, x.stopped_at is not None)
            for x in schedules
        ),
        "responses": sorted(map(_response, responses)),
    }


def _stored(enrolment, schedules, responses):
    return {
        "enrolment": _enrolment(enrolment),
        **_children(
            enrolment.history.all(), enrolment.passive_periods.all(),
            enrolment.employer_contacts.all(), enrolment.jobs.all(), enrolment.educations.all(),
            enrolment.support_contacts.select_related("job", "education"), schedules, responses,
        ),
    }  # fmt: skip


def _told(rows):
    return {
        "enrolment": _enrolment(rows.enrolment),
        **_children(
            rows.entries, rows.pauses, rows.contacts, rows.jobs, rows.educations, rows.support,
            rows.schedules, rows.responses,
        ),
    }  # fmt: skip


def test_the_seeded_rows_are_the_python_stories_of_the_same_keys():
    today = timezone.localdate()
    seed(participants=500, rng_seed=21)
    result = seed_pathways(today=today)

    pool = list(Employer.objects.filter(name__startswith="Arbeidsgiver ").order_by("pk"))
    assert len(pool) == EMPLOYERS
    ctx = context(pool)
    layouts = ctx.layouts
    enrolments = Enrolment.objects.select_related("programme", "organisation", "participant")
    stored = {(e.participant_id, e.referral_date): e for e in enrolments}
    assert result.enrolments == len(stored) > 150
    told = {}
    memberships = CareTeamMembership.objects.filter(
        role="job_specialist", organisation__kind__in=story.SERVICE_KINDS
    ).select_related("organisation", "participant")
    for membership in memberships:
        participant = membership.participant
        therapist = (
            CareTeamMembership.objects.filter(participant=participant, role="therapist")
            .order_by("pk")
            .first()
        )
        case = story.Case(
            key=2 * membership.pk,
            kind=membership.organisation.kind,
            quality=story.u(membership.organisation_id, story.Draw.SERVICE_QUALITY),
            birth_date=participant.birth_date,
            referral_from=story.referral_window_start(today),
            today=today,
            has_therapist=therapist is not None,
            employers=EMPLOYERS,
            titles=len(story.TITLES),
        )
        stories = [story.story(case, layouts)]
        second = story.next_case(case, stories[0])
        if second is not None:
            stories.append(story.story(second, layouts))
        for each in stories:
            rows = story_rows(
                each,
                participant=participant,
                organisation=membership.organisation,
                specialist=membership.user,
                therapist=therapist.user if therapist else None,
                ctx=ctx,
            )
            told[(participant.pk, each.referral_date)] = _told(rows)
        membership.refresh_from_db()
        assert (membership.start_date, membership.end_date) == (
            stories[0].referral_date,
            stories[-1].end_date,
        )

    assert sorted(told) == sorted(stored)
    for key, enrolment in stored.items():
        schedules = Schedule.objects.filter(participant_id=key[0])
        responses = Response.objects.filter(participant_id=key[0])
        if len([k for k in stored if k[0] == key[0]]) > 1:
            # Two enrolments: each has the questionnaires of its own period.
            end = enrolment.end_date or datetime.date.max
            schedules = schedules.filter(first_due__gte=enrolment.referral_date, first_due__lte=end)
            responses = responses.filter(
                completed_on__gte=enrolment.referral_date, completed_on__lte=end
            )
        assert _stored(enrolment, schedules, responses) == told[key], key
