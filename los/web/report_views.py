"""The report pages («Resultater»): the front page with the reader's reports and the units
they may open, the report for one unit and period, and its downloads.

Who may read which report is decided in one place, los/reporting/scopes.py; the figures
come from los/reporting/report.py, already through disclosure control unless the reader
is the service's own staff. No page here reads a participant."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from los.core.pdf import pdf_from_template
from los.core.text import clean_text
from los.pathways.models import Programme
from los.reporting import pages
from los.reporting.downloads import CONTENT_TYPES, WRITERS
from los.reporting.log import record_report_read
from los.reporting.models import ReportFormat
from los.reporting.pages import report_url
from los.reporting.periods import (
    Period,
    parse_period,
    previous_quarters,
    quarter_containing,
    year_of,
)
from los.reporting.report import FiguresPending, Report, ReportError, build_report
from los.reporting.scopes import (
    BadScope,
    Level,
    ReportAccess,
    Scope,
    choosable_units,
    find_unit,
    parse_scope,
    report_access,
    scopes_for,
)
from los.web.helpers import attachment

# The quarterly report as a PDF is made for the levels that report upwards.
PDF_LEVELS = frozenset({Level.COUNTY, Level.NATION})


def _grants_or_404(user):
    """Someone with no report at all gets a 404 on every report address."""
    grants = scopes_for(user)
    if not grants:
        raise Http404
    return grants


def bad_request(request, message: str):
    return render(request, "reporting/bad_request.html", {"message": message}, status=400)


def figures_pending(request, pending: FiguresPending):
    """The figures of the period are being counted in the background (docs/reporting.md,
    «Speed»): 503 with Retry-After, and a way to look again. Nothing was shown, so nothing
    is logged."""
    response = render(
        request,
        "reporting/pending.html",
        {"message": str(pending), "again": request.get_full_path()},
        status=503,
    )
    response["Retry-After"] = "30"
    return response


def pending_figures_answered(view):
    """A report view whose figures are still being counted answers with `figures_pending`."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except FiguresPending as pending:
            return figures_pending(request, pending)

    return wrapped


@login_required
@require_safe
def report_home(request):
    grants = _grants_or_404(request.user)
    chosen = request.GET.get("enhet")
    if chosen is not None:
        return _open_chosen(request, chosen)
    reports = [(grant, find_unit(grant.scope)) for grant in grants]
    return render(
        request,
        "reporting/home.html",
        {
            "reports": [(grant, unit, report_url(grant.scope)) for grant, unit in reports if unit],
            "choices": choosable_units(grants),
        },
    )


def _open_chosen(request, chosen: str):
    """The front page's «Vis» buttons send the unit as «level:code»."""
    level, _colon, code = chosen.partition(":")
    try:
        scope = parse_scope(level, code)
    except BadScope as error:
        return bad_request(request, str(error))
    if report_access(request.user, scope) is None:
        raise Http404
    return redirect(report_url(scope))


def default_period(today) -> Period:
    """The last quarter that has ended: its figures no longer change."""
    return previous_quarters(quarter_containing(today), 2)[0]


def quarter_view(year: Period, today) -> Period:
    """The quarter a year's report links to: its last that has ended, else its first."""
    quarters = year.quarters()
    ended = [q for q in quarters if q.end < today]
    return ended[-1] if ended else quarters[0]


def period_choices(today, chosen: Period) -> list[Period]:
    """The quarters of the last three years that have begun, newest first, then those
    years; the chosen period too if it is older."""
    quarters = [q for q in previous_quarters(quarter_containing(today), 12) if q.started(today)]
    years = [year_of(today.year - back) for back in range(3)]
    choices = [*reversed(quarters), *years]
    return choices if chosen in choices else [chosen, *choices]


@dataclass(frozen=True)
class Asked:
    """A report address understood: whose report, for which period and programme."""

    scope: Scope
    access: ReportAccess
    period: Period
    programme: str | None
    programmes: list[tuple[str, str]]
    today: datetime.date


class Refused(Exception):
    def __init__(self, message: str):
        self.message = message


def _asked(request, level: str, code: str) -> Asked:
    """Read the address in the order that tells least: no report at all → 404; an address
    of the wrong shape → 400; a unit one may not open, or that does not exist → 404; only
    then the period and programme → 400."""
    _grants_or_404(request.user)
    try:
        scope = parse_scope(level, code)
    except BadScope as error:
        raise Refused(str(error)) from None
    access = report_access(request.user, scope)
    if access is None:
        raise Http404
    today = timezone.localdate()
    asked_period = request.GET.get("periode")
    if asked_period is None:
        period = default_period(today)
    else:
        try:
            # Its message repeats what was asked: without control or direction characters.
            period = parse_period(clean_text(asked_period))
        except ValidationError as error:
            raise Refused(error.messages[0]) from None
        if not period.started(today):
            raise Refused(
                _("%(period)s har ikke begynt ennå. Velg en periode som har begynt.")
                % {"period": period.label}
            )
    programmes = list(Programme.objects.order_by("order", "name").values_list("code", "name"))
    programme = request.GET.get("program") or None
    if programme is not None and programme not in dict(programmes):
        raise Refused(
            _("«%(code)s» er ikke et program i Los. Velg et program fra listen.")
            % {"code": clean_text(programme)[:40]}
        )
    return Asked(scope, access, period, programme, programmes, today)


def _report(asked: Asked, *, exact: bool) -> Report:
    try:
        return build_report(
            asked.scope,
            asked.period,
            exact=exact,
            programme=asked.programme,
            today=asked.today,
            background=settings.LOS_REPORT_RECOUNT_IN_BACKGROUND,
        )
    except FiguresPending:
        raise
    except ReportError:
        # The period and programme are checked already: what is left is a unit with no
        # figures at all (a NAV office no counsellor has worked for), shown as any unit
        # one may not open.
        raise Http404 from None


def _log(asked: Asked, format: ReportFormat, *, exact: bool) -> None:
    record_report_read(
        staff_role=asked.access.grant.staff_role,
        scope=asked.scope,
        period=asked.period,
        format=format,
        exact=exact,
        programme=asked.programme,
    )


def _query(period: Period, programme: str | None) -> str:
    query = f"?periode={period.code}"
    return query + (f"&program={programme}" if programme else "")


@login_required
@require_safe
@pending_figures_answered
def report(request, level, code):
    try:
        asked = _asked(request, level, code)
    except Refused as refused:
        return bad_request(request, refused.message)
    shown = _report(asked, exact=asked.access.exact)
    _log(asked, ReportFormat.PAGE, exact=asked.access.exact)
    period = asked.period
    other_view = year_of(period.year) if period.quarter else quarter_view(period, asked.today)
    query = _query(period, asked.programme)
    downloads = [
        (_("CSV"), report_url(asked.scope, "results_csv") + query),
        (_("Excel (XLSX)"), report_url(asked.scope, "results_xlsx") + query),
    ]
    if asked.scope.level in PDF_LEVELS:
        downloads.append((_("PDF-rapport"), report_url(asked.scope, "results_pdf") + query))
    return render(
        request,
        "reporting/report.html",
        {
            **pages.sections(shown),
            "unit": asked.access.unit,
            "level_label": Level(asked.scope.level).label,
            "exact": asked.access.exact,
            "periods": period_choices(asked.today, period),
            "programmes": asked.programmes,
            "other_view": other_view,
            "other_view_url": report_url(asked.scope) + _query(other_view, asked.programme),
            "query": query,
            "downloads": downloads,
        },
    )


def _filename(asked: Asked, extension: str) -> str:
    parts = ["resultater", str(asked.scope.level), asked.scope.code, asked.period.code]
    if asked.programme:
        parts.append(asked.programme)
    return "-".join(part for part in parts if part) + "." + extension


@login_required
@require_safe
@pending_figures_answered
def report_download(request, level, code, format):
    """The report's figures as CSV or XLSX (los/reporting/downloads.py), always through
    disclosure control: a file leaves Los and may be passed on beyond the service, so even
    the service's own staff, who see its figures exactly on the page, download them with
    the small ones hidden (docs/reporting.md). `manage.py report --exact` is the logged way
    to the exact figures."""
    try:
        asked = _asked(request, level, code)
    except Refused as refused:
        return bad_request(request, refused.message)
    content = WRITERS[format](_report(asked, exact=False))
    _log(asked, ReportFormat(format), exact=False)
    return attachment(content, CONTENT_TYPES[format], _filename(asked, format))


@login_required
@require_safe
@pending_figures_answered
def report_pdf(request, level, code):
    """The quarterly (or yearly) report of a county or the nation as a tagged PDF."""
    try:
        asked = _asked(request, level, code)
    except Refused as refused:
        return bad_request(request, refused.message)
    if asked.scope.level not in PDF_LEVELS:
        raise Http404
    shown = _report(asked, exact=False)  # a county or the nation: never exact
    document = pdf_from_template(
        "reporting/report_pdf.html",
        {
            **pages.sections(shown),
            "level_label": Level(asked.scope.level).label,
            "printed_at": timezone.now(),
        },
    )
    _log(asked, ReportFormat.PDF, exact=False)
    return attachment(document, "application/pdf", _filename(asked, "pdf"))
