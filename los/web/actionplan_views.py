"""The plans' measures: the plans, each plan's measures with their status for a year, one
measure with its reports, the form to report on it, and the yearly report as a page and a
PDF. Measures and their reports hold no personal data; who reads and writes them is decided
in los.actionplans.services, and to anyone else these pages do not exist (404)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from los.actionplans import queries, services
from los.actionplans.figures import FigureReader
from los.actionplans.forms import MeasureReportForm, ReportPartForm
from los.core.numbers import grouped, plain_number
from los.core.pdf import pdf_from_template
from los.core.submissions import submitted_once
from los.organisations.models import County
from los.reporting.models import ReportFormat
from los.web.helpers import apply_errors, attachment, posted, show_current_version


def _require_reader(user) -> None:
    if not services.may_read(user):
        raise Http404


def _year(request, plan, today) -> int:
    """The year asked for (?aar=2014) if the plan can be reported on for it, else the
    plan's default year."""
    years = queries.report_years(plan, today)
    try:
        year = int(request.GET.get("aar", ""))
    except ValueError:
        return queries.default_year(plan, today)
    return year if year in years else queries.default_year(plan, today)


@login_required
@require_safe
def actionplan_list(request):
    _require_reader(request.user)
    return render(request, "actionplans/plan_list.html", {"plans": queries.plans()})


@login_required
@require_safe
def actionplan_measures(request, plan_code):
    _require_reader(request.user)
    plan = queries.plan_by_code(plan_code)
    today = timezone.localdate()
    year = _year(request, plan, today)
    return render(
        request,
        "actionplans/measure_list.html",
        {
            "plan": plan,
            "year": year,
            "years": queries.report_years(plan, today),
            "areas": queries.measure_list(plan, year),
            "can_write": services.may_write_any(request.user),
        },
    )


@login_required
@require_safe
def measure_detail(request, plan_code, number):
    _require_reader(request.user)
    measure = queries.measure_by_number(queries.plan_by_code(plan_code), number)
    page = queries.measure_page(measure)
    for report in page.reports:
        report.editable = services.may_write(request.user, report.county)
    today = timezone.localdate()
    year = _year(request, measure.plan, today)
    figures = FigureReader(request.user, year, format=ReportFormat.PAGE).for_measure(measure)
    return render(
        request,
        "actionplans/measure_detail.html",
        {
            "page": page,
            "measure": measure,
            "plan": measure.plan,
            "can_write": services.may_write_any(request.user),
            "figures": figures,
            "year": year,
            "years": queries.report_years(measure.plan, today),
        },
    )


def _writable_counties(user):
    if services.is_programme_manager(user):
        return list(County.objects.order_by("number"))
    return list(County.objects.filter(pk__in=services.coordinated_county_ids(user)))


@login_required
@require_http_methods(["GET", "POST"])
@submitted_once
def measure_report(request, plan_code, number):
    """Which report (period and part) is chosen in the query string; without one, the page
    asks for it. Those who read but may not write get 403."""
    _require_reader(request.user)
    if not services.may_write_any(request.user):
        raise PermissionDenied
    measure = queries.measure_by_number(queries.plan_by_code(plan_code), number)
    _refuse_parts_not_theirs(request)
    part = ReportPartForm(
        request.GET if "periode" in request.GET else None,
        periods=queries.report_periods(measure.plan, timezone.localdate()),
        counties=_writable_counties(request.user),
        whole=services.is_programme_manager(request.user),
    )
    context = {"measure": measure, "plan": measure.plan, "part": part}
    if not part.is_valid():
        # A report form posted without saying which report has been tampered with: nothing
        # is saved, and the page asks which report it is.
        status = 400 if request.method == "POST" else 200
        return render(request, "actionplans/report_part.html", context, status=status)
    period, county = part.cleaned_data["periode"], part.cleaned_data["fylke"]
    stored = queries.existing_report(measure, period, county)
    form = MeasureReportForm(posted(request), initial=_initial(stored))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.report_save(
                user=request.user, measure=measure, period=period, county=county, **data
            )
        except ValidationError as error:
            apply_errors(form, error)
            stored = queries.existing_report(measure, period, county)
            if stored is not None:
                show_current_version(form, stored)
        else:
            messages.success(request, _("Rapporten er lagret."))
            return redirect(reverse("measure_detail", args=[plan_code, number]) + "#rapporter")
    return render(
        request,
        "actionplans/report_form.html",
        {**context, "form": form, "period": period, "county": county, "stored": stored},
    )


def _refuse_parts_not_theirs(request) -> None:
    """A county coordinator who asks for another county's part, or for the whole measure,
    is refused (403); a county that does not exist is the form's error."""
    if "periode" not in request.GET:
        return
    number = request.GET.get("fylke", "")
    if number and not (len(number) == 2 and number.isascii() and number.isdigit()):
        return  # no county number at all: the form says so
    county = County.objects.filter(number=number).first() if number else None
    if number and county is None:
        return
    if not services.may_write(request.user, county):
        raise PermissionDenied


def _initial(report) -> dict:
    if report is None:
        return {"version": 0}
    return {
        "version": report.version,
        "status": report.status,
        "nok": None if report.nok is None else grouped(report.nok),
        "staff_years": None if report.staff_years is None else plain_number(report.staff_years),
        "places": None if report.places is None else grouped(report.places),
        "results": report.results,
    }


def _yearly(request, plan_code, year, *, format: str):
    """The yearly report with the figures from the record for each measure that names a
    work service."""
    _require_reader(request.user)
    plan = queries.plan_by_code(plan_code)
    if year not in queries.report_years(plan, timezone.localdate()):
        raise Http404
    report = queries.yearly_report(plan, year)
    reader = FigureReader(request.user, year, format=format)
    for area in report.areas:
        for row in area.rows:
            row.figures = reader.for_measure(row.measure)
    return report


@login_required
@require_safe
def yearly_report(request, plan_code, year):
    report = _yearly(request, plan_code, year, format=ReportFormat.PAGE)
    return render(
        request, "actionplans/yearly_report.html", {"report": report, "plan": report.plan}
    )


@login_required
@require_safe
def yearly_report_pdf(request, plan_code, year):
    report = _yearly(request, plan_code, year, format=ReportFormat.PDF)
    document = pdf_from_template(
        "actionplans/yearly_report_pdf.html",
        {"report": report, "plan": report.plan, "printed_at": timezone.now()},
    )
    return attachment(document, "application/pdf", f"arsrapport-{report.plan.code}-{year}.pdf")
