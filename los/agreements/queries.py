"""Reading collaboration agreements: the ones a user may read, with what is due
(docs/agreements.md). Fixed queries whatever the number of agreements."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Max, Q

from los.access.policy import staff_roles_of
from los.agreements.models import Agreement
from los.agreements.services import coordinated_counties, reads_every_agreement

# An agreement is due for review from this many days before its review date.
REVIEW_SOON_DAYS = 30
# The 2013–2016 plan asks that agreements be «followed up regularly»: Los flags one whose
# last follow-up meeting (or, without one, its start) is more than a year ago.
FOLLOW_UP_MONTHS = 12


def year_before(day: datetime.date) -> datetime.date:
    """The same day a year earlier; 29 February gives 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass
class AgreementRow:
    agreement: Agreement
    last_meeting: datetime.date | None
    due_for_review: bool
    review_passed: bool
    no_recent_meeting: bool

    @property
    def needs_attention(self) -> bool:
        return self.due_for_review or self.no_recent_meeting


def readable_agreements(user):
    """The agreements `user` may read (services.may_read_agreement, as a query filter)."""
    agreements = Agreement.objects.all()
    if reads_every_agreement(user):
        return agreements
    own = [r.organisation_id for r in staff_roles_of(user)]
    return agreements.filter(
        Q(county_id__in=coordinated_counties(user)) | Q(parties__in=own)
    ).distinct()


def row_of(agreement: Agreement, last_meeting, today: datetime.date) -> AgreementRow:
    last_follow_up = last_meeting or agreement.starts_on
    return AgreementRow(
        agreement=agreement,
        last_meeting=last_meeting,
        due_for_review=agreement.review_on <= today + datetime.timedelta(days=REVIEW_SOON_DAYS),
        review_passed=agreement.review_on < today,
        no_recent_meeting=last_follow_up < year_before(today),
    )


def overview(user, today: datetime.date, *, county_id: int | None = None) -> list[AgreementRow]:
    """The agreements `user` reads, those needing attention first (review due, or no
    follow-up in 12 months), then by review date. Two queries: the agreements with their
    county and last meeting, and their parties."""
    agreements = readable_agreements(user)
    if county_id is not None:
        agreements = agreements.filter(county_id=county_id)
    agreements = (
        agreements.select_related("county")
        .prefetch_related("parties")
        .annotate(last_meeting=Max("meetings__held_on"))
        .order_by("review_on", "title", "pk")
    )
    rows = [row_of(a, a.last_meeting, today) for a in agreements]
    rows.sort(key=lambda r: not r.needs_attention)
    return rows
