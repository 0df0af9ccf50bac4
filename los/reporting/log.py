"""The report log: one row for every view and download of a report, and every run of the
report command. The pages and the command call `record_report_read`, and nothing else
writes the log."""

from __future__ import annotations

from los.reporting.models import ReportFormat, ReportLogEntry
from los.reporting.periods import Period
from los.reporting.scopes import Level, Scope


def record_report_read(
    *,
    staff_role,
    scope: Scope,
    period: Period,
    format: ReportFormat | str,
    exact: bool = False,
    programme: str | None = None,
) -> ReportLogEntry:
    """Log that `staff_role`'s user was shown (or downloaded) the report on `scope` for
    `period`: who, in which role and organisation as they are now (copied, so the row
    keeps saying it if they change), which level and unit, the form, and whether the
    figures were exact."""
    user = staff_role.user
    return ReportLogEntry.objects.create(
        user=user,
        user_name=user.display_name,
        role=staff_role.role,
        organisation=staff_role.organisation,
        organisation_name=staff_role.organisation.name,
        level=Level(scope.level),
        scope_code=scope.code,
        period=period.code,
        programme=programme or "",
        format=ReportFormat(format),
        exact=exact,
    )
