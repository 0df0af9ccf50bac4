"""Work pathways: the participant's enrolments in IPS and the other work services, their
career profile and disclosure plan, jobs, education and follow-along support; and, outside
any one record, the employer register, the job development log and the specialist's week.

Same pattern as the other view modules: the policy decides, a domain function changes,
every page logs what it showed."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from los.access import audit
from los.access.policy import CategoryRefused, ParticipantAccess, get_participant_access
from los.core.days import add_days
from los.core.submissions import submitted_once
from los.core.text import clean_text
from los.core.vocabulary import Category
from los.pathways import queries, reports, services
from los.pathways.forms import (
    CareerProfileForm,
    DisclosurePlanForm,
    EducationForm,
    EmployerContactForm,
    EmployerForm,
    EmployerPersonForm,
    EndForm,
    EnrolmentForm,
    JobForm,
    PauseForm,
    ReportCommentForm,
    ReportForm,
    ReportNewForm,
    ResumeForm,
    StageForm,
    SupportContactForm,
)
from los.pathways.models import Education, Employer, EmployerPerson, Job, ReportKind, StagePhase
from los.plans import queries as plan_queries
from los.web.helpers import (
    access_for,
    apply_errors,
    attachment,
    posted,
    render_participant_page,
    show_current_version,
)

WHAT_PATHWAY = "arbeid og utdanning"
WHAT_PATHWAY_FORM = "skjema for arbeid og utdanning"
WHAT_CAREER_PROFILE = "karriereprofil"
WHAT_DISCLOSURE = "plan for åpenhet"
WHAT_DISCLOSED = "det deltakeren har valgt å dele"
WHAT_EMPLOYER_LOG = "arbeidsgiverlogg"
EMPLOYER_PAGE_SIZE = 50


def _pathway_access(request, public_id) -> ParticipantAccess:
    return access_for(request, public_id, Category.EMPLOYMENT)


def _require_run(access: ParticipantAccess) -> None:
    if not services.may_run_pathway(access):
        raise PermissionDenied


def _render(request, access, template, context, what=WHAT_PATHWAY_FORM):
    return render_participant_page(
        request, access, template, what, context, categories=(Category.EMPLOYMENT,)
    )


def _to_pathway(public_id):
    return redirect("pathway", public_id=public_id)


@login_required
@require_safe
def pathway(request, public_id):
    """The work pathway. Care staff and the participant see all of it; an employer contact
    sees only what the participant's disclosure plan lets employers know."""
    access = get_participant_access(request.user, public_id)
    if not access.can_view(Category.EMPLOYMENT):
        return _disclosed(request, access)
    views = queries.pathways_of(access)
    by_enrolment = reports.reports_for(access, [view.enrolment.pk for view in views])
    for view in views:
        view.reports = by_enrolment.get(view.enrolment.pk, [])
    # In work now: the plan's open job-search activities are offered to be closed. Their
    # titles come from the plan, so the page then reads the plan too, and logs it.
    job_seeking = plan_queries.open_job_seeking(access) if queries.in_work(views) else []
    categories = (Category.EMPLOYMENT, Category.PLAN) if job_seeking else (Category.EMPLOYMENT,)
    return render_participant_page(
        request,
        access,
        "pathways/pathway.html",
        WHAT_PATHWAY,
        {
            "pathways": views,
            "profile": queries.career_profile_of(access.participant),
            "disclosure": queries.disclosure_plan_of(access.participant),
            "can_run": services.may_run_pathway(access),
            "can_edit_own": services.may_edit_own_plans(access),
            "job_seeking": job_seeking,
        },
        categories=categories,
    )


def _disclosed(request, access: ParticipantAccess):
    decision = access.decide_disclosed()
    if not decision.allowed:
        raise CategoryRefused(Category.EMPLOYMENT)
    plan = queries.disclosure_plan_of(access.participant)
    if plan is not None and not (plan.topics or plan.to_employer):
        plan = None  # nothing chosen to share
    audit.record_read(access, Category.EMPLOYMENT, WHAT_DISCLOSED, decision=decision)
    return render(
        request,
        "pathways/disclosed.html",
        {
            "access": access,
            "participant": access.participant,
            "plan": plan,
            "jobs": queries.jobs_at(access.participant, decision.membership.organisation_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def enrolment_new(request, public_id):
    access = _pathway_access(request, public_id)
    _require_run(access)
    memberships = services.responsible_memberships(access)
    mine = next((m.user_id for m in memberships if m.user_id == request.user.pk), None)
    form = EnrolmentForm(
        posted(request),
        memberships=memberships,
        initial={"responsible": mine, "referral_date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        responsible_id = data.pop("responsible")
        responsible = next(m.user for m in memberships if m.user_id == responsible_id)
        try:
            services.enrol(access=access, responsible=responsible, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Deltakeren er registrert i programmet."))
            return _to_pathway(public_id)
    return _render(request, access, "pathways/enrolment_form.html", {"form": form})


def _enrolment(access, enrolment_id):
    enrolment = queries.enrolment_of(access, enrolment_id)
    if enrolment is None:
        raise Http404
    return enrolment


def _enrolment_form(
    request, public_id, enrolment_id, form_class, template, action, form_kw=lambda e: {}
):
    """The pattern shared by the stage, pause, resume and end forms: a form on one
    enrolment, a domain function, back to the pathway with a message."""
    access = _pathway_access(request, public_id)
    _require_run(access)
    enrolment = _enrolment(access, enrolment_id)
    form = form_class(posted(request), initial={"version": enrolment.version}, **form_kw(enrolment))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version") or 0
        try:
            message = action(access, enrolment, version, data)
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, _enrolment(access, enrolment_id))
        else:
            messages.success(request, message)
            return _to_pathway(public_id)
    return _render(request, access, template, {"form": form, "enrolment": enrolment})


@login_required
@require_http_methods(["GET", "POST"])
def stage_change(request, public_id, enrolment_id):
    def action(access, enrolment, version, data):
        stage = enrolment.programme.stages.filter(pk=data["stage"]).first()
        if stage is None:
            raise ValidationError({"stage": _("Velg et trinn fra listen.")})
        services.stage_change(
            access=access,
            enrolment_id=enrolment.pk,
            expected_version=version,
            stage=stage,
            from_date=data["from_date"],
        )
        return _("Løpet er flyttet til «%(stage)s».") % {"stage": stage.name}

    return _enrolment_form(
        request,
        public_id,
        enrolment_id,
        StageForm,
        "pathways/stage_form.html",
        action,
        form_kw=lambda e: {
            "stages": [s for s in e.programme.stages.all() if s.phase != StagePhase.ENDED]
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def pause(request, public_id, enrolment_id):
    def action(access, enrolment, version, data):
        services.pause(access=access, enrolment_id=enrolment.pk, expected_version=version, **data)
        return _("Løpet er passivt til %(day)s.") % {"day": data["follow_up"].strftime("%d.%m.%Y")}

    return _enrolment_form(
        request, public_id, enrolment_id, PauseForm, "pathways/pause_form.html", action
    )


@login_required
@require_http_methods(["GET", "POST"])
def resume(request, public_id, enrolment_id):
    def action(access, enrolment, version, data):
        services.resume(access=access, enrolment_id=enrolment.pk, expected_version=version, **data)
        return _("Løpet er aktivt igjen.")

    return _enrolment_form(
        request, public_id, enrolment_id, ResumeForm, "pathways/resume_form.html", action
    )


@login_required
@require_http_methods(["GET", "POST"])
def end(request, public_id, enrolment_id):
    def action(access, enrolment, version, data):
        services.end(access=access, enrolment_id=enrolment.pk, expected_version=version, **data)
        return _("Løpet er avsluttet.")

    return _enrolment_form(
        request, public_id, enrolment_id, EndForm, "pathways/end_form.html", action
    )


# --- Career profile and disclosure plan ----------------------------------------------------


def _participant_owned(
    request, public_id, *, load, form_class, fields, save, saved, template, what
):
    """The career profile and the disclosure plan: one per participant, shown to all who
    may see the pathway, edited by the participant and the care staff (read-only viewers
    get the saved record without a form)."""
    access = _pathway_access(request, public_id)
    current = load(access.participant)
    can_edit = services.may_edit_own_plans(access)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = None
    if can_edit:
        initial = {name: getattr(current, name) for name in fields} if current else {}
        initial["version"] = current.version if current else 0
        form = form_class(posted(request), initial=initial)
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in fields}
            try:
                save(access, expected_version=form.expected_version(), **data)
            except ValidationError as error:
                apply_errors(form, error)
                latest = load(access.participant)
                if latest is not None:
                    show_current_version(form, latest)
            else:
                messages.success(request, saved)
                return _to_pathway(public_id)
    return _render(request, access, template, {"form": form, "current": current}, what=what)


@login_required
@require_http_methods(["GET", "POST"])
def career_profile(request, public_id):
    return _participant_owned(
        request,
        public_id,
        load=queries.career_profile_of,
        form_class=CareerProfileForm,
        fields=services.CAREER_PROFILE_FIELDS,
        save=services.career_profile_save,
        saved=_("Karriereprofilen er lagret."),
        template="pathways/career_profile.html",
        what=WHAT_CAREER_PROFILE,
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_plan(request, public_id):
    return _participant_owned(
        request,
        public_id,
        load=queries.disclosure_plan_of,
        form_class=DisclosurePlanForm,
        fields=services.DISCLOSURE_FIELDS,
        save=services.disclosure_plan_save,
        saved=_("Planen for åpenhet er lagret."),
        template="pathways/disclosure_plan.html",
        what=WHAT_DISCLOSURE,
    )


# --- Jobs, education, support --------------------------------------------------------------


def _employers():
    return list(Employer.objects.order_by("name", "pk"))


def _employer(employer_id) -> Employer:
    employer = Employer.objects.filter(pk=employer_id).first()
    if employer is None:
        raise ValidationError({"employer": _("Velg en arbeidsgiver fra listen.")})
    return employer


def _job_data(form) -> dict:
    data = {name: form.cleaned_data[name] for name in services.JOB_FIELDS}
    data["employer"] = _employer(data["employer"])
    return data


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def job_new(request, public_id, enrolment_id):
    access = _pathway_access(request, public_id)
    _require_run(access)
    enrolment = _enrolment(access, enrolment_id)
    form = JobForm(posted(request), employers=_employers())
    if request.method == "POST" and form.is_valid():
        try:
            services.job_add(access=access, enrolment_id=enrolment.pk, **_job_data(form))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Jobben er registrert."))
            return _to_pathway(public_id)
    return _render(
        request, access, "pathways/job_form.html", {"form": form, "enrolment": enrolment}
    )


@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request, public_id, job_id):
    access = _pathway_access(request, public_id)
    _require_run(access)
    job = Job.objects.filter(enrolment__participant=access.participant, pk=job_id).first()
    if job is None:
        raise Http404
    initial = {name: getattr(job, name) for name in services.JOB_FIELDS}
    initial.update(employer=job.employer_id, version=job.version)
    form = JobForm(posted(request), employers=_employers(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.job_update(
                access=access,
                job_id=job.pk,
                expected_version=form.expected_version(),
                **_job_data(form),
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, Job.objects.get(pk=job.pk))
        else:
            messages.success(request, _("Jobben er lagret."))
            return _to_pathway(public_id)
    return _render(
        request,
        access,
        "pathways/job_form.html",
        {"form": form, "enrolment": job.enrolment, "job": job},
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def education_new(request, public_id, enrolment_id):
    access = _pathway_access(request, public_id)
    _require_run(access)
    enrolment = _enrolment(access, enrolment_id)
    form = EducationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.EDUCATION_FIELDS}
        try:
            services.education_add(access=access, enrolment_id=enrolment.pk, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Utdanningen er registrert."))
            return _to_pathway(public_id)
    return _render(
        request, access, "pathways/education_form.html", {"form": form, "enrolment": enrolment}
    )


@login_required
@require_http_methods(["GET", "POST"])
def education_edit(request, public_id, education_id):
    access = _pathway_access(request, public_id)
    _require_run(access)
    education = Education.objects.filter(
        enrolment__participant=access.participant, pk=education_id
    ).first()
    if education is None:
        raise Http404
    initial = {name: getattr(education, name) for name in services.EDUCATION_FIELDS}
    initial["version"] = education.version
    form = EducationForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in services.EDUCATION_FIELDS}
        try:
            services.education_update(
                access=access,
                education_id=education.pk,
                expected_version=form.expected_version(),
                **data,
            )
        except ValidationError as error:
            apply_errors(form, error)
            show_current_version(form, Education.objects.get(pk=education.pk))
        else:
            messages.success(request, _("Utdanningen er lagret."))
            return _to_pathway(public_id)
    return _render(
        request,
        access,
        "pathways/education_form.html",
        {"form": form, "enrolment": education.enrolment, "education": education},
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def support_new(request, public_id, enrolment_id):
    access = _pathway_access(request, public_id)
    _require_run(access)
    enrolment = _enrolment(access, enrolment_id)
    jobs = list(enrolment.jobs.select_related("employer"))
    educations = list(enrolment.educations.all())
    form = SupportContactForm(posted(request), jobs=jobs, educations=educations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        kind, _sep, pk = data.pop("placement").partition("-")
        job = next((j for j in jobs if str(j.pk) == pk), None) if kind == "jobb" else None
        education = (
            next((e for e in educations if str(e.pk) == pk), None) if kind == "utdanning" else None
        )
        try:
            services.support_contact_add(
                access=access, enrolment_id=enrolment.pk, job=job, education=education, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Oppfølgingen er registrert."))
            return _to_pathway(public_id)
    return _render(
        request,
        access,
        "pathways/support_form.html",
        {"form": form, "enrolment": enrolment, "has_placements": bool(jobs or educations)},
    )


# --- Employers, the job development log and the week --------------------------------------


def _require_employer_reader(user) -> None:
    if not services.may_read_employers(user):
        raise PermissionDenied


@login_required
@require_safe
def employer_list(request):
    _require_employer_reader(request.user)
    query = clean_text(request.GET.get("q", ""))[:100]
    page = Paginator(queries.employers_matching(query), EMPLOYER_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "pathways/employer_list.html",
        {
            "page": page,
            "employers": page.object_list,
            "query": query,
            "can_write": services.works_with_employers(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def employer_new(request):
    if not services.works_with_employers(request.user):
        raise PermissionDenied
    form = EmployerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            employer = services.employer_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Arbeidsgiveren er registrert."))
            return redirect("employer_detail", employer_id=employer.pk)
    return render(request, "pathways/employer_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def employer_detail(request, employer_id):
    _require_employer_reader(request.user)
    employer = get_object_or_404(Employer, pk=employer_id)
    can_write = services.works_with_employers(request.user)
    if request.method == "POST" and not can_write:
        raise PermissionDenied
    form = EmployerPersonForm(posted(request)) if can_write else None
    if request.method == "POST" and form.is_valid():
        try:
            services.employer_person_add(user=request.user, employer=employer, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kontaktpersonen er lagt til."))
            return redirect("employer_detail", employer_id=employer.pk)
    contacts = employer.contacts.filter(specialist=request.user).order_by("-contact_date", "-pk")
    return render(
        request,
        "pathways/employer_detail.html",
        {
            "employer": employer,
            "people": list(employer.people.all()),
            "form": form,
            "my_contacts": list(contacts[:20]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def employer_contact_new(request):
    if not services.works_with_employers(request.user):
        raise PermissionDenied
    enrolments = list(services.contactable_enrolments(request.user))
    employers = _employers()
    people = list(
        EmployerPerson.objects.select_related("employer").order_by("employer__name", "name")
    )
    form = EmployerContactForm(
        posted(request),
        employers=employers,
        people=people,
        enrolments=enrolments,
        initial={
            "contact_date": timezone.localdate(),
            "minutes": 30,
            "employer": request.GET.get("arbeidsgiver"),
            "enrolment": request.GET.get("deltakelse"),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["employer"] = _employer(data["employer"])
            data["person"] = next((p for p in people if p.pk == data["person"]), None)
            data["enrolment"] = next((e for e in enrolments if e.pk == data["enrolment"]), None)
            services.employer_contact_log(user=request.user, **data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Kontakten er registrert i loggen."))
            return redirect("specialist_week")
    return render(
        request,
        "pathways/employer_contact_form.html",
        {"form": form, "has_employers": bool(employers)},
    )


def _monday(text: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        day = datetime.date.fromisoformat(text) if text else today
    except ValueError:
        day = today
    return add_days(day, -day.weekday())


@login_required
@require_safe
def specialist_week(request):
    """The job specialist's week: employer contacts against the fidelity anchors."""
    if not services.works_with_employers(request.user):
        raise PermissionDenied
    week = queries.week_of(request.user, _monday(request.GET.get("uke")))
    audit.record_reads(week.named_accesses, Category.EMPLOYMENT, WHAT_EMPLOYER_LOG)
    return render(
        request,
        "pathways/week.html",
        {
            "week": week,
            "face_to_face_target": queries.FACE_TO_FACE_TARGET,
            "caseload_target": queries.CASELOAD_TARGET,
        },
    )


# --- Reports to the counsellor -------------------------------------------------------------

WHAT_REPORT = "rapport til NAV-veileder"
WHAT_REPORT_PDF = "rapport til NAV-veileder (PDF)"


def _report(access, report_id):
    report = reports.report_of(access, report_id)
    if report is None:
        raise Http404
    return report


def _to_report(public_id, report_id):
    return redirect("report_detail", public_id=public_id, report_id=report_id)


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def report_new(request, public_id, enrolment_id):
    """A new interval or end report, drafted from the record for the period chosen."""
    access = _pathway_access(request, public_id)
    _require_run(access)
    enrolment = _enrolment(access, enrolment_id)
    kind = request.GET.get("type")
    if kind not in ReportKind.values:
        kind = ReportKind.INTERVAL if enrolment.is_open else ReportKind.END
    start, end = reports.default_period(enrolment, kind)
    form = ReportNewForm(
        posted(request), initial={"kind": kind, "period_start": start, "period_end": end}
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = reports.report_create(
                access=access, enrolment_id=enrolment.pk, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("Utkastet er skrevet ut fra det som er registrert. Se over og rett.")
            )
            return _to_report(public_id, report.pk)
    return _render(
        request, access, "pathways/report_new.html", {"form": form, "enrolment": enrolment}
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_detail(request, public_id, report_id):
    """A report: the draft and its form for the specialist, the draft and a comment box for
    the participant, and the shared versions for everyone who may see the pathway."""
    access = _pathway_access(request, public_id)
    report = _report(access, report_id)
    can_edit = services.may_run_pathway(access)
    if request.method == "POST" and not (can_edit or access.is_self):
        raise PermissionDenied
    form = comment_form = None
    if can_edit:
        initial = {name: getattr(report, name) for name in reports.REPORT_FIELDS}
        form = ReportForm(posted(request), initial={**initial, "version": report.version})
        active = form
    elif access.is_self:
        comment_form = ReportCommentForm(
            posted(request),
            initial={"comment": report.participant_comment, "version": report.version},
        )
        active = comment_form
    if request.method == "POST" and active.is_valid():
        data = dict(active.cleaned_data)
        version = active.expected_version()
        data.pop("version")
        try:
            if can_edit:
                reports.report_update(
                    access=access, report_id=report.pk, expected_version=version, **data
                )
            else:
                reports.report_comment(
                    access=access, report_id=report.pk, expected_version=version, **data
                )
        except ValidationError as error:
            apply_errors(active, error)
            show_current_version(active, _report(access, report_id))
        else:
            messages.success(
                request,
                _("Utkastet er lagret.") if can_edit else _("Kommentaren din er lagret."),
            )
            return _to_report(public_id, report.pk)
    return _render(
        request,
        access,
        "pathways/report.html",
        {
            "report": report,
            "form": form,
            "comment_form": comment_form,
            "sees_draft": reports.may_read_drafts(access),
            "unshared_changes": reports.has_unshared_changes(report),
        },
        what=WHAT_REPORT,
    )


@login_required
@require_POST
def report_share(request, public_id, report_id):
    access = _pathway_access(request, public_id)
    _require_run(access)
    report = _report(access, report_id)
    try:
        version = reports.report_share(
            access=access,
            report_id=report.pk,
            expected_version=_int(request.POST.get("version")),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Versjon %(number)d er delt med NAV-veileder.") % {"number": version.number},
        )
    return _to_report(public_id, report.pk)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


@login_required
@require_safe
def report_pdf(request, public_id, report_id, number):
    """A shared version as it was shared, to print or file."""
    access = _pathway_access(request, public_id)
    report = _report(access, report_id)
    version = next((v for v in report.shared if v.number == number), None)
    if version is None:
        raise Http404
    document = reports.report_document(access, report, version)
    audit.record_read(access, Category.EMPLOYMENT, WHAT_REPORT_PDF)
    return attachment(document, "application/pdf", f"{report.kind}-rapport-v{version.number}.pdf")
