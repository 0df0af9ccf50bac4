"""What a report's figures look like on the pages, in the PDF and in the change history."""

from __future__ import annotations

from decimal import Decimal

from los.actionplans.models import ReportStatus
from los.core.numbers import grouped, kroner, plain_number

NOT_REPORTED = "–"


def field_text(name: str, value) -> str:
    """One reported field as a reader sees it; «–» for what was not reported."""
    if value is None or value == "":
        return NOT_REPORTED
    if name == "status":
        return str(ReportStatus(value).label)
    if name == "nok":
        return kroner(int(value))
    if name == "staff_years":
        return plain_number(Decimal(str(value)))
    if name == "places":
        return grouped(int(value))
    return str(value)
