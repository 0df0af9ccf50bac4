"""The report pages («Resultater»): the front page with the reader's reports and the units
they may open, the report for one unit and period, and its downloads.

Who may read which report is decided in one place, los/reporting/scopes.py; the figures
come from los/reporting/report.py, already through disclosure control unless the reader
is the service's own staff. No page here reads a participant."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from los.reporting.scopes import (
    BadScope,
    Level,
    Scope,
    choosable_units,
    find_unit,
    parse_scope,
    report_access,
    scopes_for,
)


def report_url(scope: Scope, name: str = "report") -> str:
    """The address of a scope's report (or of one of its downloads: name)."""
    if scope.level == Level.NATION:
        return reverse(name)
    return reverse(name, kwargs={"level": scope.level, "code": scope.code})


def _grants_or_404(user):
    """Someone with no report at all gets a 404 on every report address."""
    grants = scopes_for(user)
    if not grants:
        raise Http404
    return grants


def bad_request(request, message: str):
    return render(request, "reporting/bad_request.html", {"message": message}, status=400)


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
