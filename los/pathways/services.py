"""Running a work pathway: referral, stages, pauses and the end; the career profile and the
disclosure plan; employers and the job development log; jobs, education and the support
after the start.

Care staff who may change the EMPLOYMENT category run the pathway. The participant edits
their own career profile and disclosure plan: openness towards employers is their decision.
Every edit names the version it was made from (a stale edit is refused), and every change
writes a change-log row without the free text.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change, record_change_by
from los.access.policy import (
    ParticipantAccess,
    accesses_from_memberships,
    load_access,
    require,
    staff_roles_of,
    valid_memberships,
)
from los.core.days import short_date
from los.core.editing import locked_row, stale_edit_error
from los.core.identifiers import clean_orgnr
from los.core.text import clean_texts, cleans_text
from los.core.vocabulary import CARE_ROLES, Category, Role
from los.pathways.models import (
    CareerProfile,
    DisclosurePlan,
    DisclosureTopic,
    Education,
    EducationStatus,
    Employer,
    EmployerContact,
    EmployerPerson,
    Enrolment,
    Job,
    PassivePeriod,
    Programme,
    Stage,
    StageEntry,
    StagePhase,
    SupportContact,
)

# Staff who work with employers: they keep a job development log and a week view.
EMPLOYER_WORK_ROLES = frozenset({Role.JOB_SPECIALIST, Role.PILOT})
# Who may look at the employer register and the logs without writing in them.
EMPLOYER_READ_ROLES = EMPLOYER_WORK_ROLES | {Role.IPS_SUPERVISOR}
MAX_HOURS_PER_WEEK = Decimal(100)
PHASE_ORDER = list(StagePhase.values)

CAREER_PROFILE_FIELDS = (
    "desired_work",
    "desired_tasks",
    "desired_environment",
    "desired_hours",
    "education_history",
    "work_history",
    "skills_and_interests",
    "health_and_coping",
    "early_signs",
    "network",
    "transport",
    "economy_and_benefits",
    "benefits_counselling_date",
)
DISCLOSURE_FIELDS = (
    "may_contact_employers",
    "topics",
    "to_employer",
    "not_to_share",
    "pros",
    "cons",
    "agreed_on",
)
JOB_FIELDS = (
    "employer",
    "title",
    "start_date",
    "end_date",
    "hours_per_week",
    "employment_form",
    "paid",
    "ordinary_wage",
    "open_to_anyone",
    "wage_subsidy",
    "mentor_subsidy",
    "inclusion_subsidy",
    "support_plan",
    "what_worked",
    "what_did_not_work",
    "end_reason",
)
EDUCATION_FIELDS = (
    "institution",
    "course",
    "level",
    "study_form",
    "funding",
    "start_date",
    "end_date",
    "status",
    "support_plan",
)


def may_run_pathway(access: ParticipantAccess) -> bool:
    return not access.is_self and access.can_change(Category.EMPLOYMENT)


def may_edit_own_plans(access: ParticipantAccess) -> bool:
    """The career profile and the disclosure plan: the participant and the care staff."""
    return access.is_self or access.can_change(Category.EMPLOYMENT)


def _today() -> datetime.date:
    return timezone.localdate()


def _not_in_future(day: datetime.date | None, field: str) -> None:
    if day is not None and day > _today():
        raise ValidationError({field: _("Datoen kan ikke være frem i tid.")})


# --- Enrolment and stages ------------------------------------------------------------------


def responsible_memberships(access: ParticipantAccess) -> list:
    """Team members who can be responsible for a pathway: care staff who may run it."""
    return [
        membership
        for membership in access.participant.team.active()
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name")
        if membership.role in CARE_ROLES and membership.user.is_active
    ]


@transaction.atomic
def enrol(
    *,
    access: ParticipantAccess,
    programme: Programme,
    responsible,
    referral_date: datetime.date,
    referral_source: str,
    main_goal: str,
    start_date: datetime.date | None = None,
) -> Enrolment:
    require(may_run_pathway(access))
    membership = next(
        (m for m in responsible_memberships(access) if m.user_id == responsible.pk), None
    )
    if membership is None:
        raise ValidationError({"responsible": _("Den ansvarlige må være med i teamet.")})
    _not_in_future(referral_date, "referral_date")
    _not_in_future(start_date, "start_date")
    if start_date is not None and start_date < referral_date:
        raise ValidationError({"start_date": _("Oppstarten kan ikke være før henvisningen.")})
    if not programme.active:
        raise ValidationError({"programme": _("Programmet er ikke i bruk.")})
    if Enrolment.objects.filter(
        participant=access.participant, programme=programme, end_date__isnull=True
    ).exists():
        raise ValidationError(
            {"programme": _("Deltakeren er allerede med i %(name)s.") % {"name": programme}}
        )
    stages = list(programme.stages.all())
    stage = stages[0]
    if start_date is not None and len(stages) > 1:
        stage = stages[1]  # started: past the referral
    enrolment = Enrolment.objects.create(
        participant=access.participant,
        programme=programme,
        organisation=membership.organisation,
        job_specialist=responsible,
        referral_date=referral_date,
        referral_source=referral_source,
        start_date=start_date,
        main_goal=main_goal,
        stage=stage,
        stage_since=start_date or referral_date,
        created_by=access.user,
    )
    StageEntry.objects.create(
        enrolment=enrolment, stage=stage, from_date=enrolment.stage_since, by=access.user
    )
    record_change_by(access, "enrolment.created", enrolment, {"programme": programme.code})
    return enrolment


def locked_for_edit(access: ParticipantAccess, queryset, pk: int, version: int):
    """The participant's row to change, locked, if the edit was made from its current
    version; rows of other participants do not exist for this edit."""
    require(may_run_pathway(access))
    return locked_row(queryset, pk, version=version)


def _open_enrolment(access: ParticipantAccess, enrolment_id: int, version: int) -> Enrolment:
    enrolment = locked_for_edit(
        access, Enrolment.objects.filter(participant=access.participant), enrolment_id, version
    )
    if not enrolment.is_open:
        raise ValidationError(_("Løpet er avsluttet og kan ikke endres."))
    return enrolment


def _move_to(enrolment: Enrolment, stage: Stage, day: datetime.date, user) -> None:
    enrolment.stage, enrolment.stage_since = stage, day
    if enrolment.start_date is None and stage.phase != StagePhase.REFERRED:
        enrolment.start_date = day
    StageEntry.objects.create(enrolment=enrolment, stage=stage, from_date=day, by=user)


def _save(enrolment: Enrolment) -> None:
    enrolment.version += 1
    enrolment.save()


@transaction.atomic
def stage_change(
    *,
    access: ParticipantAccess,
    enrolment_id: int,
    expected_version: int,
    stage: Stage,
    from_date: datetime.date,
) -> Enrolment:
    enrolment = _open_enrolment(access, enrolment_id, expected_version)
    if stage.programme_id != enrolment.programme_id:
        raise ValidationError({"stage": _("Trinnet hører ikke til dette programmet.")})
    if stage.phase == StagePhase.ENDED:
        raise ValidationError({"stage": _("Bruk «Avslutt løpet» for å avslutte.")})
    if stage.pk == enrolment.stage_id:
        raise ValidationError({"stage": _("Løpet er allerede på dette trinnet.")})
    _not_in_future(from_date, "from_date")
    if from_date < enrolment.stage_since:
        raise ValidationError(
            {"from_date": _("Datoen kan ikke være før løpet kom til trinnet det er på nå.")}
        )
    _move_to(enrolment, stage, from_date, access.user)
    _save(enrolment)
    record_change_by(access, "enrolment.stage_changed", enrolment, {"stage": stage.code})
    return enrolment


@cleans_text("reason")
@transaction.atomic
def pause(
    *,
    access: ParticipantAccess,
    enrolment_id: int,
    expected_version: int,
    from_date: datetime.date,
    reason: str,
    follow_up: datetime.date,
) -> Enrolment:
    enrolment = _open_enrolment(access, enrolment_id, expected_version)
    if enrolment.is_passive:
        raise ValidationError(_("Løpet er allerede passivt."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Skriv hvorfor løpet settes på pause.")})
    _not_in_future(from_date, "from_date")
    _check_pause_start(enrolment, from_date)
    if follow_up <= from_date:
        raise ValidationError(
            {"follow_up": _("Datoen for ny oppfølging må være etter at pausen starter.")}
        )
    enrolment.passive_since, enrolment.passive_reason = from_date, reason
    enrolment.passive_follow_up = follow_up
    PassivePeriod.objects.create(enrolment=enrolment, start_date=from_date, reason=reason)
    _save(enrolment)
    record_change_by(access, "enrolment.paused", enrolment)
    return enrolment


def _check_pause_start(enrolment: Enrolment, from_date: datetime.date) -> None:
    """A pause lies inside the enrolment and after every earlier pause (docs/indicators.md):
    overlapping pauses would count passive days twice."""
    if enrolment.start_date is not None and from_date < enrolment.start_date:
        raise ValidationError(
            {
                "from_date": _("Pausen kan ikke starte før oppstarten %(date)s.")
                % {"date": short_date(enrolment.start_date)}
            }
        )
    if from_date < enrolment.referral_date:
        raise ValidationError(
            {
                "from_date": _("Pausen kan ikke starte før henvisningen %(date)s.")
                % {"date": short_date(enrolment.referral_date)}
            }
        )
    periods = PassivePeriod.objects.filter(enrolment=enrolment)
    previous_end = periods.aggregate(last=Max("end_date"))["last"]
    if previous_end is not None and from_date < previous_end:
        raise ValidationError(
            {
                "from_date": _(
                    "Løpet var på pause til %(date)s. En ny pause kan tidligst starte den dagen."
                )
                % {"date": short_date(previous_end)}
            }
        )


def _close_pause(enrolment: Enrolment, day: datetime.date) -> None:
    if day < enrolment.passive_since:
        raise ValidationError(_("Pausen kan ikke slutte før den startet."))
    PassivePeriod.objects.filter(enrolment=enrolment, end_date__isnull=True).update(end_date=day)
    enrolment.passive_since, enrolment.passive_reason, enrolment.passive_follow_up = None, "", None


@transaction.atomic
def resume(
    *, access: ParticipantAccess, enrolment_id: int, expected_version: int, day: datetime.date
) -> Enrolment:
    enrolment = _open_enrolment(access, enrolment_id, expected_version)
    if not enrolment.is_passive:
        raise ValidationError(_("Løpet er ikke passivt."))
    _not_in_future(day, "day")
    _close_pause(enrolment, day)
    _save(enrolment)
    record_change_by(access, "enrolment.resumed", enrolment)
    return enrolment


@cleans_text(multiline=("note",))
@transaction.atomic
def end(
    *,
    access: ParticipantAccess,
    enrolment_id: int,
    expected_version: int,
    end_date: datetime.date,
    cause: str,
    note: str = "",
) -> Enrolment:
    enrolment = _open_enrolment(access, enrolment_id, expected_version)
    _not_in_future(end_date, "end_date")
    if end_date < enrolment.stage_since:
        raise ValidationError(
            {"end_date": _("Løpet kan ikke avsluttes før det kom til trinnet det er på nå.")}
        )
    if not cause:
        raise ValidationError({"cause": _("Velg hvorfor løpet avsluttes.")})
    if enrolment.is_passive:
        _close_pause(enrolment, end_date)
    ended = enrolment.programme.stages.filter(phase=StagePhase.ENDED).first()
    if ended is not None:
        _move_to(enrolment, ended, end_date, access.user)
    enrolment.end_date, enrolment.end_cause, enrolment.end_note = end_date, cause, note.strip()
    _save(enrolment)
    record_change_by(access, "enrolment.ended", enrolment, {"cause": cause})
    return enrolment


# --- Career profile and disclosure plan ----------------------------------------------------


def _save_versioned(access, model, expected_version: int, data: dict, action: str):
    require(may_edit_own_plans(access))
    current = model.objects.select_for_update().filter(participant=access.participant).first()
    if current is None:
        if expected_version:
            raise stale_edit_error()
        current = model(participant=access.participant, version=0)
    elif current.version != expected_version:
        raise stale_edit_error()
    for name, value in clean_texts(data).items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.updated_by = access.user
    current.version += 1
    current.save()
    record_change_by(access, action, current, {"fields": sorted(data)})
    return current


@transaction.atomic
def career_profile_save(access: ParticipantAccess, *, expected_version: int, **fields):
    unknown = set(fields) - set(CAREER_PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    _not_in_future(fields.get("benefits_counselling_date"), "benefits_counselling_date")
    return _save_versioned(access, CareerProfile, expected_version, fields, "career_profile.saved")


@transaction.atomic
def disclosure_plan_save(access: ParticipantAccess, *, expected_version: int, **fields):
    unknown = set(fields) - set(DISCLOSURE_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {unknown}")
    topics = list(dict.fromkeys(fields.get("topics") or []))
    if any(topic not in DisclosureTopic.values for topic in topics):
        raise ValidationError({"topics": _("Velg bare blant temaene som står i listen.")})
    fields["topics"] = topics
    _not_in_future(fields.get("agreed_on"), "agreed_on")
    return _save_versioned(
        access, DisclosurePlan, expected_version, fields, "disclosure_plan.saved"
    )


# --- Employers and the job development log -------------------------------------------------


def employer_work_organisation(user):
    """The organisation a job specialist logs employer work for (their first such role)."""
    for role in staff_roles_of(user):
        if role.role in EMPLOYER_WORK_ROLES:
            return role.organisation
    return None


def works_with_employers(user) -> bool:
    """Keeps a job development log and has a week view."""
    return employer_work_organisation(user) is not None


def may_read_employers(user) -> bool:
    return any(role.role in EMPLOYER_READ_ROLES for role in staff_roles_of(user))


@cleans_text("name", "address", "industry")
@transaction.atomic
def employer_create(*, user, name: str, orgnr: str, address: str, industry: str) -> Employer:
    require(works_with_employers(user))
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Skriv navnet på arbeidsgiveren.")})
    number = None
    if orgnr.strip():
        try:
            number = clean_orgnr(orgnr)
        except ValidationError as error:
            raise ValidationError({"orgnr": error.messages}) from error
        existing = Employer.objects.filter(orgnr=number).first()
        if existing is not None:
            raise ValidationError(
                {
                    "orgnr": _("%(name)s har allerede dette organisasjonsnummeret i Los.")
                    % {"name": existing.name}
                }
            )
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                name=name,
                orgnr=number,
                address=address.strip(),
                industry=industry.strip(),
                created_by=user,
            )
    except IntegrityError as error:  # a colleague registered it at the same moment
        raise ValidationError(
            {"orgnr": _("Arbeidsgiveren med dette organisasjonsnummeret finnes allerede.")}
        ) from error
    record_change(actor=user, participant=None, action="employer.created", obj=employer)
    return employer


@cleans_text("name", "title", "phone")
@transaction.atomic
def employer_person_add(*, user, employer: Employer, **fields) -> EmployerPerson:
    require(works_with_employers(user))
    if not fields.get("name", "").strip():
        raise ValidationError({"name": _("Skriv navnet.")})
    person = EmployerPerson.objects.create(
        employer=employer, **{k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}
    )
    record_change(actor=user, participant=None, action="employer.person_added", obj=person)
    return person


def may_log_contact_for(access: ParticipantAccess, enrolment: Enrolment) -> bool:
    """May the viewer log an employer contact on behalf of this enrolment? Only those who
    run its pathway (may_run_pathway: a care role on the team whose organisation holds work
    and education by its sector or by the participant's consent), while the enrolment is
    open and the participant has said yes to employers being contacted in the disclosure
    plan. A job specialist on the team for a health trust without that consent does not run
    the pathway, and so neither sees the enrolment in the form nor logs contacts for it.
    The one rule for the form's choices and for employer_contact_log."""
    if enrolment.participant_id != access.participant.pk or enrolment.end_date is not None:
        return False
    disclosure = getattr(enrolment.participant, "disclosure_plan", None)
    return disclosure is not None and disclosure.may_contact_employers and may_run_pathway(access)


def contactable_enrolments(user, day: datetime.date | None = None) -> list[Enrolment]:
    """Open enrolments the user may log employer contacts for (may_log_contact_for): three
    queries, however many participants the user follows."""
    day = day or _today()
    memberships = valid_memberships(user, day).select_related("participant")
    accesses = accesses_from_memberships(user, memberships, day)
    if not accesses:
        return []
    enrolments = (
        Enrolment.objects.filter(participant_id__in=accesses, end_date__isnull=True)
        .select_related("participant__disclosure_plan", "programme")
        .order_by("participant__last_name", "participant__first_name", "pk")
    )
    return [e for e in enrolments if may_log_contact_for(accesses[e.participant_id], e)]


@cleans_text(multiline=("outcome",))
@transaction.atomic
def employer_contact_log(
    *,
    user,
    employer: Employer,
    person: EmployerPerson | None,
    contact_date: datetime.date,
    face_to_face: bool,
    in_field: bool,
    minutes: int,
    purpose: str,
    enrolment: Enrolment | None,
    met_decision_maker: bool,
    outcome: str,
) -> EmployerContact:
    organisation = employer_work_organisation(user)
    require(organisation is not None)
    _not_in_future(contact_date, "contact_date")
    if person is not None and person.employer_id != employer.pk:
        raise ValidationError({"person": _("Personen arbeider ikke hos denne arbeidsgiveren.")})
    participant = None
    if enrolment is not None:
        # Read again as it stands now: the participant may just have said no to contact.
        enrolment = (
            Enrolment.objects.select_related("participant__disclosure_plan")
            .filter(pk=enrolment.pk)
            .first()
        )
        if enrolment is None or not may_log_contact_for(
            load_access(user, enrolment.participant), enrolment
        ):
            raise ValidationError(
                {
                    "enrolment": _(
                        "Du kan bare registrere kontakt på vegne av deltakere du følger opp, "
                        "og som har sagt ja til at arbeidsgivere kontaktes i planen for åpenhet."
                    )
                }
            )
        if contact_date < enrolment.referral_date:
            raise ValidationError({"contact_date": _("Datoen er før deltakeren ble henvist.")})
        participant = enrolment.participant
    if not 1 <= minutes <= 600:
        raise ValidationError({"minutes": _("Tiden må være mellom 1 og 600 minutter.")})
    contact = EmployerContact.objects.create(
        specialist=user,
        organisation=organisation,
        employer=employer,
        person=person,
        contact_date=contact_date,
        face_to_face=face_to_face,
        in_field=in_field,
        minutes=minutes,
        purpose=purpose,
        enrolment=enrolment,
        met_decision_maker=met_decision_maker,
        outcome=outcome.strip(),
    )
    record_change(
        actor=user, participant=participant, action="employer_contact.logged", obj=contact
    )
    return contact


# --- Jobs, education and support -----------------------------------------------------------


def _enrolment_of(access: ParticipantAccess, enrolment_id: int) -> Enrolment:
    require(may_run_pathway(access))
    enrolment = Enrolment.objects.filter(participant=access.participant, pk=enrolment_id).first()
    if enrolment is None:
        raise PermissionDenied
    return enrolment


def _check_period(start, end, *, end_field="end_date") -> None:
    if end is not None and start is not None and end < start:
        raise ValidationError({end_field: _("Sluttdatoen kan ikke være før startdatoen.")})


def _check_job(data: dict) -> None:
    _check_period(data["start_date"], data.get("end_date"))
    hours = data["hours_per_week"]
    if hours is None or hours <= 0 or hours > MAX_HOURS_PER_WEEK:
        raise ValidationError(
            {"hours_per_week": _("Timer per uke må være mer enn 0 og høyst 100.")}
        )
    if data.get("end_reason") and not data.get("end_date"):
        raise ValidationError({"end_date": _("Skriv sluttdatoen når jobben har sluttet.")})


@cleans_text("title", multiline=("support_plan", "what_worked", "what_did_not_work"))
@transaction.atomic
def job_add(*, access: ParticipantAccess, enrolment_id: int, **data) -> Job:
    enrolment = _enrolment_of(access, enrolment_id)
    if not enrolment.is_open:
        raise ValidationError(_("Løpet er avsluttet. Registrer jobben i et åpent løp."))
    _check_job(data)
    job = Job.objects.create(enrolment=enrolment, created_by=access.user, **data)
    _advance_to_working(access, enrolment, job.start_date)
    record_change_by(access, "job.created", job)
    return job


def _advance_to_working(access, enrolment: Enrolment, day: datetime.date) -> None:
    """A job or education that has started moves an earlier pathway on to «working»."""
    if day > _today() or day < enrolment.stage_since:
        return
    if PHASE_ORDER.index(enrolment.stage.phase) >= PHASE_ORDER.index(StagePhase.WORKING):
        return
    working = enrolment.programme.stages.filter(phase=StagePhase.WORKING).first()
    if working is None:
        return
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    _move_to(enrolment, working, day, access.user)
    _save(enrolment)
    record_change_by(access, "enrolment.stage_changed", enrolment, {"stage": working.code})


def apply_edit(access: ParticipantAccess, row, data: dict, action: str):
    """Save an edit as the next version and log which fields changed (not their text)."""
    changed = sorted(name for name, value in data.items() if getattr(row, name) != value)
    for name, value in data.items():
        setattr(row, name, value)
    row.version += 1
    row.save()
    record_change_by(access, action, row, {"fields": changed})
    return row


@cleans_text("title", multiline=("support_plan", "what_worked", "what_did_not_work"))
@transaction.atomic
def job_update(*, access: ParticipantAccess, job_id: int, expected_version: int, **data) -> Job:
    jobs = Job.objects.filter(enrolment__participant=access.participant)
    job = locked_for_edit(access, jobs, job_id, expected_version)
    _check_job(data)
    return apply_edit(access, job, data, "job.updated")


def _check_education(data: dict) -> None:
    """A completed or interrupted education has ended: its end date is when (the completion
    counts on that day, docs/indicators.md), and it cannot lie ahead."""
    _check_period(data["start_date"], data.get("end_date"))
    if data["status"] in (EducationStatus.COMPLETED, EducationStatus.INTERRUPTED):
        if data.get("end_date") is None:
            raise ValidationError(
                {"end_date": _("Skriv sluttdatoen når utdanningen er fullført eller avbrutt.")}
            )
        if data["end_date"] > _today():
            raise ValidationError(
                {"end_date": _("En fullført eller avbrutt utdanning kan ikke slutte frem i tid.")}
            )


@cleans_text("institution", "course", multiline=("support_plan",))
@transaction.atomic
def education_add(*, access: ParticipantAccess, enrolment_id: int, **data) -> Education:
    enrolment = _enrolment_of(access, enrolment_id)
    if not enrolment.is_open:
        raise ValidationError(_("Løpet er avsluttet. Registrer utdanningen i et åpent løp."))
    _check_education(data)
    education = Education.objects.create(enrolment=enrolment, created_by=access.user, **data)
    if data["status"] in (EducationStatus.ONGOING, EducationStatus.COMPLETED):
        _advance_to_working(access, enrolment, education.start_date)
    record_change_by(access, "education.created", education)
    return education


@cleans_text("institution", "course", multiline=("support_plan",))
@transaction.atomic
def education_update(
    *, access: ParticipantAccess, education_id: int, expected_version: int, **data
) -> Education:
    educations = Education.objects.filter(enrolment__participant=access.participant)
    education = locked_for_edit(access, educations, education_id, expected_version)
    _check_education(data)
    return apply_edit(access, education, data, "education.updated")


@cleans_text(multiline=("note",))
@transaction.atomic
def support_contact_add(
    *,
    access: ParticipantAccess,
    enrolment_id: int,
    job: Job | None,
    education: Education | None,
    contact_date: datetime.date,
    with_whom: str,
    face_to_face: bool,
    in_field: bool,
    minutes: int,
    note: str,
) -> SupportContact:
    enrolment = _enrolment_of(access, enrolment_id)
    if job is None and education is None:
        raise ValidationError(_("Velg jobben eller utdanningen støtten gjelder."))
    for item in (job, education):
        if item is not None and item.enrolment_id != enrolment.pk:
            raise PermissionDenied
    start = job.start_date if job is not None else education.start_date
    _not_in_future(contact_date, "contact_date")
    if contact_date < start:
        raise ValidationError(
            {
                "contact_date": _(
                    "Oppfølging i jobb eller utdanning starter tidligst på startdatoen."
                )
            }
        )
    if not 1 <= minutes <= 600:
        raise ValidationError({"minutes": _("Tiden må være mellom 1 og 600 minutter.")})
    contact = SupportContact.objects.create(
        enrolment=enrolment,
        job=job,
        education=education,
        contact_date=contact_date,
        with_whom=with_whom,
        face_to_face=face_to_face,
        in_field=in_field,
        minutes=minutes,
        note=note.strip(),
        by=access.user,
        by_role=access.acting_membership.role,
    )
    record_change_by(access, "support_contact.created", contact)
    return contact
