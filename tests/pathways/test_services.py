"""The pathway rules: who may do what, and bad input that changes nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from los.access.models import ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category, Role
from los.pathways import services
from los.pathways.models import (
    ContactPurpose,
    DisclosurePlan,
    Education,
    EducationLevel,
    EducationStatus,
    EmployerContact,
    EmploymentForm,
    EndCause,
    Enrolment,
    Funding,
    Job,
    MainGoal,
    PassivePeriod,
    Programme,
    ReferralSource,
    StagePhase,
    StudyForm,
)
from tests.factories import add_to_team, give_consent, staff_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days_ago(n):
    return TODAY - datetime.timedelta(days=n)


def _counsellor(world):
    return load_access(world.counsellor, world.participant)


def _job_data(world, **changes):
    data = {
        "employer": world.pathway_employer,
        "title": "Butikkmedarbeider",
        "start_date": days_ago(2),
        "end_date": None,
        "hours_per_week": Decimal(20),
        "employment_form": EmploymentForm.PERMANENT,
        "paid": True,
        "ordinary_wage": True,
        "open_to_anyone": True,
        "wage_subsidy": False,
        "mentor_subsidy": False,
        "inclusion_subsidy": False,
        "support_plan": "",
        "what_worked": "",
        "what_did_not_work": "",
        "end_reason": "",
    }
    data.update(changes)
    return data


def _new_ams(world, **changes):
    values = {
        "access": _counsellor(world),
        "programme": Programme.objects.get(code="ams"),
        "responsible": world.counsellor,
        "referral_date": days_ago(20),
        "referral_source": ReferralSource.NAV,
        "main_goal": MainGoal.WORK,
    }
    values.update(changes)
    return services.enrol(**values)


def test_enrolment_starts_at_the_first_stage_with_history_and_a_change_log_row(world):
    enrolment = _new_ams(world)

    assert enrolment.stage.phase == StagePhase.REFERRED
    assert [h.stage_id for h in enrolment.history.all()] == [enrolment.stage_id]
    assert ChangeLogEntry.objects.filter(action="enrolment.created").count() == 1


def test_enrolment_with_a_start_date_is_past_the_referral(world):
    enrolment = _new_ams(world, start_date=days_ago(5))

    assert enrolment.stage.code == "mapping"
    assert enrolment.stage_since == days_ago(5)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "before"}, "start_date"),
        ({"referral_date": "future"}, "referral_date"),
        ({"responsible": "outsider"}, "responsible"),
        ({"programme": "ips"}, "programme"),  # already open in IPS
    ],
)
def test_bad_enrolments_are_refused_and_nothing_is_saved(world, changes, field):
    values = {
        "start_date": days_ago(30),
        "referral_date": TODAY + datetime.timedelta(days=1),
        "responsible": world.outsider,
        "programme": Programme.objects.get(code="ips"),
    }
    before = Enrolment.objects.count()

    with pytest.raises(ValidationError) as error:
        _new_ams(world, **{key: values[key] for key in changes})

    assert field in error.value.error_dict
    assert Enrolment.objects.count() == before


def test_a_stale_stage_change_is_refused(world):
    enrolment = world.enrolment
    follow_along = enrolment.programme.stages.get(code="follow_along")
    services.stage_change(
        access=_counsellor(world),
        enrolment_id=enrolment.pk,
        expected_version=enrolment.version,
        stage=follow_along,
        from_date=TODAY,
    )

    with pytest.raises(ValidationError, match="Noen andre har endret"):
        services.stage_change(
            access=_counsellor(world),
            enrolment_id=enrolment.pk,
            expected_version=enrolment.version,
            stage=enrolment.programme.stages.get(code="downsizing"),
            from_date=TODAY,
        )


def test_a_stage_from_another_programme_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.stage_change(
            access=_counsellor(world),
            enrolment_id=world.enrolment.pk,
            expected_version=world.enrolment.version,
            stage=Programme.objects.get(code="ams").stages.first(),
            from_date=TODAY,
        )
    assert "stage" in error.value.error_dict


def test_pause_and_resume_record_a_passive_period(world):
    access = _counsellor(world)
    paused = services.pause(
        access=access,
        enrolment_id=world.enrolment.pk,
        expected_version=world.enrolment.version,
        from_date=days_ago(5),
        reason="Innlagt",
        follow_up=TODAY + datetime.timedelta(days=14),
    )
    resumed = services.resume(
        access=access, enrolment_id=paused.pk, expected_version=paused.version, day=TODAY
    )

    assert resumed.is_passive is False
    period = PassivePeriod.objects.get(enrolment=world.enrolment)
    assert (period.start_date, period.end_date, period.reason) == (days_ago(5), TODAY, "Innlagt")


@pytest.mark.parametrize(
    ("reason", "follow_up", "field"),
    [("  ", TODAY + datetime.timedelta(days=3), "reason"), ("Syk", days_ago(6), "follow_up")],
)
def test_a_pause_needs_a_reason_and_a_later_follow_up(world, reason, follow_up, field):
    with pytest.raises(ValidationError) as error:
        services.pause(
            access=_counsellor(world),
            enrolment_id=world.enrolment.pk,
            expected_version=world.enrolment.version,
            from_date=days_ago(5),
            reason=reason,
            follow_up=follow_up,
        )
    assert field in error.value.error_dict
    assert PassivePeriod.objects.count() == 0


def _pause(world, from_date, *, enrolment=None):
    enrolment = Enrolment.objects.get(pk=(enrolment or world.enrolment).pk)
    return services.pause(
        access=_counsellor(world),
        enrolment_id=enrolment.pk,
        expected_version=enrolment.version,
        from_date=from_date,
        reason="Syk",
        follow_up=TODAY + datetime.timedelta(days=14),
    )


def _resume(world, day):
    enrolment = Enrolment.objects.get(pk=world.enrolment.pk)
    return services.resume(
        access=_counsellor(world),
        enrolment_id=enrolment.pk,
        expected_version=enrolment.version,
        day=day,
    )


def _refused(call, field, message):
    with pytest.raises(ValidationError) as error:
        call()
    assert error.value.message_dict == {field: [message]}


def test_a_pause_may_not_overlap_the_previous_one_but_may_touch_it(world):
    # The world's enrolment started 50 days ago. Paused from day -40 to day -20.
    _pause(world, days_ago(40))
    _resume(world, days_ago(20))
    before = (Enrolment.objects.get(pk=world.enrolment.pk).version, PassivePeriod.objects.count())

    _refused(
        lambda: _pause(world, days_ago(21)),
        "from_date",
        f"Løpet var på pause til {days_ago(20):%-d.%-m.%Y}. "
        "En ny pause kan tidligst starte den dagen.",
    )
    _refused(lambda: _pause(world, days_ago(45)), "from_date", (
        f"Løpet var på pause til {days_ago(20):%-d.%-m.%Y}. "
        "En ny pause kan tidligst starte den dagen."
    ))  # fmt: skip

    after = (Enrolment.objects.get(pk=world.enrolment.pk).version, PassivePeriod.objects.count())
    assert after == before
    _pause(world, days_ago(20))  # on the day the previous one ended: they only touch
    assert list(PassivePeriod.objects.values_list("start_date", "end_date")) == [
        (days_ago(40), days_ago(20)),
        (days_ago(20), None),
    ]


def test_a_pause_may_not_start_before_the_start_or_before_the_referral(world):
    _refused(
        lambda: _pause(world, days_ago(51)),
        "from_date",
        f"Pausen kan ikke starte før oppstarten {days_ago(50):%-d.%-m.%Y}.",
    )
    not_started = _new_ams(world, referral_date=days_ago(20))
    _refused(
        lambda: _pause(world, days_ago(21), enrolment=not_started),
        "from_date",
        f"Pausen kan ikke starte før henvisningen {days_ago(20):%-d.%-m.%Y}.",
    )
    assert PassivePeriod.objects.count() == 0

    _pause(world, days_ago(50))  # on the start day
    _pause(world, days_ago(20), enrolment=not_started)  # on the referral day
    assert PassivePeriod.objects.count() == 2


def test_a_pause_may_not_end_before_it_began(world):
    _pause(world, days_ago(10))

    with pytest.raises(ValidationError, match="Pausen kan ikke slutte før den startet"):
        _resume(world, days_ago(11))

    assert PassivePeriod.objects.get().end_date is None
    assert _resume(world, days_ago(10)).is_passive is False  # 0 days: allowed


def test_an_ended_enrolment_has_its_cause_and_is_locked(world):
    ended = services.end(
        access=_counsellor(world),
        enrolment_id=world.enrolment.pk,
        expected_version=world.enrolment.version,
        end_date=TODAY,
        cause=EndCause.WORK,
    )

    assert (ended.end_cause, ended.stage.phase) == (EndCause.WORK, StagePhase.ENDED)
    with pytest.raises(ValidationError, match="avsluttet"):
        services.pause(
            access=_counsellor(world),
            enrolment_id=ended.pk,
            expected_version=ended.version,
            from_date=TODAY,
            reason="x",
            follow_up=TODAY + datetime.timedelta(days=1),
        )


def test_an_end_before_the_current_stage_is_refused(world):
    with pytest.raises(ValidationError) as error:
        services.end(
            access=_counsellor(world),
            enrolment_id=world.enrolment.pk,
            expected_version=world.enrolment.version,
            end_date=days_ago(30),
            cause=EndCause.OTHER,
        )
    assert "end_date" in error.value.error_dict


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_date": days_ago(5), "start_date": days_ago(2)}, "end_date"),
        ({"hours_per_week": Decimal(-5)}, "hours_per_week"),
        ({"hours_per_week": Decimal(0)}, "hours_per_week"),
        ({"end_reason": "quit"}, "end_date"),
    ],
)
def test_bad_jobs_are_refused_and_nothing_is_saved(world, changes, field):
    before = Job.objects.count()

    with pytest.raises(ValidationError) as error:
        services.job_add(
            access=_counsellor(world),
            enrolment_id=world.enrolment.pk,
            **_job_data(world, **changes),
        )

    assert field in error.value.error_dict
    assert Job.objects.count() == before


def test_a_job_start_moves_an_earlier_pathway_on_to_working(world):
    enrolment = _new_ams(world, start_date=days_ago(10))

    services.job_add(access=_counsellor(world), enrolment_id=enrolment.pk, **_job_data(world))

    enrolment.refresh_from_db()
    assert (enrolment.stage.code, enrolment.stage_since) == ("working", days_ago(2))


def test_read_only_and_participant_cannot_run_the_pathway(world):
    for user in (world.employer_contact, world.participant_user):
        with pytest.raises(PermissionDenied):
            services.job_add(
                access=load_access(user, world.participant),
                enrolment_id=world.enrolment.pk,
                **_job_data(world),
            )


def test_the_participant_writes_their_own_disclosure_plan(world):
    access = load_access(world.participant_user, world.participant)
    plan = DisclosurePlan.objects.get(participant=world.participant)

    saved = services.disclosure_plan_save(
        access,
        expected_version=plan.version,
        may_contact_employers=False,
        topics=[],
        to_employer="",
        not_to_share="Alt om helsen min",
        pros="",
        cons="",
        agreed_on=TODAY,
    )

    assert (saved.may_contact_employers, saved.version) == (False, plan.version + 1)
    assert (
        ChangeLogEntry.objects.get(action="disclosure_plan.saved").actor == world.participant_user
    )


def test_an_unknown_disclosure_topic_is_refused(world):
    plan = DisclosurePlan.objects.get(participant=world.participant)
    with pytest.raises(ValidationError) as error:
        services.disclosure_plan_save(
            _counsellor(world),
            expected_version=plan.version,
            may_contact_employers=True,
            topics=["diagnosis"],
            to_employer="",
            not_to_share="",
            pros="",
            cons="",
            agreed_on=TODAY,
        )
    assert "topics" in error.value.error_dict


@pytest.mark.parametrize(
    ("orgnr", "message"),
    [("123", "9 siffer"), ("123456789", "Kontrollsifferet"), ("", None)],
)
def test_employer_orgnr_is_checked(world, orgnr, message):
    def create():
        return services.employer_create(
            user=world.job_specialist, name="Butikk AS", orgnr=orgnr, address="", industry=""
        )

    if message is None:
        assert create().orgnr is None
    else:
        with pytest.raises(ValidationError, match=message):
            create()


def test_an_orgnr_already_in_los_names_the_employer(world):
    services.employer_create(
        user=world.job_specialist, name="Butikk AS", orgnr="974760673", address="", industry=""
    )
    with pytest.raises(ValidationError, match="Butikk AS har allerede"):
        services.employer_create(
            user=world.job_specialist, name="Annet AS", orgnr="974 760 673", address="", industry=""
        )


def _log(world, user, enrolment):
    return services.employer_contact_log(
        user=user,
        employer=world.pathway_employer,
        person=None,
        contact_date=TODAY,
        face_to_face=True,
        in_field=True,
        minutes=45,
        purpose=ContactPurpose.JOB_DEVELOPMENT,
        enrolment=enrolment,
        met_decision_maker=True,
        outcome="",
    )


def test_contact_on_behalf_needs_the_participants_yes_and_a_place_on_the_team(world):
    # Off the team: refused, even though the participant said yes.
    with pytest.raises(ValidationError) as error:
        _log(world, world.job_specialist, world.enrolment)
    assert "enrolment" in error.value.error_dict

    add_to_team(world.participant, world.job_specialist, world.nav_office, Role.JOB_SPECIALIST)
    assert _log(world, world.job_specialist, world.enrolment).enrolment == world.enrolment

    # The participant says no to employers being contacted: refused again.
    DisclosurePlan.objects.filter(participant=world.participant).update(may_contact_employers=False)
    with pytest.raises(ValidationError):
        _log(world, world.job_specialist, world.enrolment)
    assert EmployerContact.objects.count() == 1


def test_only_those_who_run_the_pathway_log_contacts_for_it(world):
    """A job specialist on the team for a health trust, without the participant's consent
    for work and education, does not run the pathway: the enrolment is not among their
    choices and a contact logged for it is refused."""
    specialist = staff_user(world.dps, Role.JOB_SPECIALIST, first_name="Helse", last_name="Spes")
    add_to_team(world.participant, specialist, world.dps, Role.JOB_SPECIALIST)
    assert not services.may_run_pathway(load_access(specialist, world.participant))

    assert services.contactable_enrolments(specialist) == []
    with pytest.raises(ValidationError) as error:
        _log(world, specialist, world.enrolment)
    assert "enrolment" in error.value.error_dict
    assert EmployerContact.objects.count() == 0

    # With the consent to the health trust they run it, and may log for it.
    give_consent(world.participant, world.dps, Category.EMPLOYMENT, world.counsellor)
    assert services.contactable_enrolments(specialist) == [world.enrolment]
    assert _log(world, specialist, world.enrolment).enrolment == world.enrolment


def test_a_general_employer_contact_needs_no_participant(world):
    contact = _log(world, world.job_specialist, None)

    assert (contact.organisation, contact.enrolment) == (world.nav_office, None)


def test_only_job_specialists_keep_a_job_development_log(world):
    with pytest.raises(PermissionDenied):
        _log(world, world.counsellor, None)


def _education_data(**changes):
    data = {
        "institution": "Nord universitet",
        "course": "Sykepleie",
        "level": EducationLevel.BACHELOR,
        "study_form": StudyForm.FULL_TIME,
        "funding": Funding.SELF,
        "start_date": days_ago(40),
        "end_date": None,
        "status": EducationStatus.ONGOING,
        "support_plan": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("status", "end_date", "message"),
    [
        (
            EducationStatus.COMPLETED,
            None,
            "Skriv sluttdatoen når utdanningen er fullført eller avbrutt.",
        ),
        (
            EducationStatus.INTERRUPTED,
            None,
            "Skriv sluttdatoen når utdanningen er fullført eller avbrutt.",
        ),
        (
            EducationStatus.COMPLETED,
            TODAY + datetime.timedelta(days=1),
            "En fullført eller avbrutt utdanning kan ikke slutte frem i tid.",
        ),
    ],
)
def test_a_completed_or_interrupted_education_needs_an_end_date_that_has_come(
    world, status, end_date, message
):
    before = Education.objects.count()

    with pytest.raises(ValidationError) as error:
        services.education_add(
            access=_counsellor(world),
            enrolment_id=world.enrolment.pk,
            **_education_data(status=status, end_date=end_date),
        )
    assert error.value.message_dict == {"end_date": [message]}
    with pytest.raises(ValidationError):
        services.education_update(
            access=_counsellor(world),
            education_id=world.education.pk,
            expected_version=world.education.version,
            **_education_data(status=status, end_date=end_date),
        )
    assert Education.objects.count() == before
    world.education.refresh_from_db()
    assert world.education.status == EducationStatus.ONGOING


def test_an_education_completed_today_or_planned_to_end_later_is_accepted(world):
    completed = services.education_add(
        access=_counsellor(world),
        enrolment_id=world.enrolment.pk,
        **_education_data(status=EducationStatus.COMPLETED, end_date=TODAY),
    )
    ongoing = services.education_add(
        access=_counsellor(world),
        enrolment_id=world.enrolment.pk,
        **_education_data(end_date=TODAY + datetime.timedelta(days=300)),
    )

    assert (completed.end_date, ongoing.status) == (TODAY, EducationStatus.ONGOING)
