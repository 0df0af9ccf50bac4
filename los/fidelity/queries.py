"""Reading fidelity reviews: one review with what this user may see of it, the reviews a
user may read, and a service's history."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from los.access.policy import sees_exact_figures, staff_roles_of
from los.core.charts import line_chart
from los.fidelity import services
from los.fidelity.figures import Figure, service_figures
from los.fidelity.models import FidelityItem, Rating, Review, ReviewPhase
from los.reporting.disclosure import footnote


@dataclass
class ItemRow:
    item: FidelityItem
    mine: Rating | None = None
    others: list[Rating] = field(default_factory=list)  # shown once rating is over
    agreed: Rating | None = None
    figure: Figure | None = None


@dataclass
class ReviewView:
    review: Review
    rows: list[ItemRow]
    reviewer_names: list[str]
    is_reviewer: bool
    my_done: bool
    subscale_totals: dict[str, int]

    @property
    def rated_by_me(self) -> int:
        return sum(1 for row in self.rows if row.mine)

    @property
    def agreed_count(self) -> int:
        return sum(1 for row in self.rows if row.agreed)

    @property
    def footnote(self) -> str | None:
        """Why some figures are hidden, when any is."""
        if any(row.figure and row.figure.suppressed for row in self.rows):
            return footnote()
        return None


def review_view(user, review_id: int) -> ReviewView | None:
    """The review as this user may see it, or None if they may not."""
    review = (
        Review.objects.select_related("scale", "organisation")
        .prefetch_related("reviewers__user", "actions")
        .filter(pk=review_id)
        .first()
    )
    if review is None:
        return None
    reviewers = list(review.reviewers.all())
    reviewer_ids = {r.user_id for r in reviewers}
    if not services.may_read(user, review, reviewer_ids):
        return None
    items = list(review.scale.items.all())
    ratings = list(Rating.objects.filter(review=review).select_related("reviewer"))
    independent_over = review.phase != ReviewPhase.RATING
    figures = service_figures(
        review.organisation,
        review.period_start,
        review.period_end,
        exact=sees_exact_figures(user, review.organisation_id),
    )
    rows = []
    for item in items:
        row = ItemRow(item=item, figure=figures.get(item.data_key) if item.data_key else None)
        for rating in (r for r in ratings if r.item_id == item.pk):
            if rating.is_consensus:
                row.agreed = rating
            elif rating.reviewer_id == user.pk:
                row.mine = rating
            if not rating.is_consensus and independent_over:
                row.others.append(rating)
        rows.append(row)
    totals: dict[str, int] = {}
    for subscale in review.scale.subscales:
        scores = [
            row.agreed.score
            for row in rows
            if row.agreed and subscale["code"] in row.item.subscales
        ]
        totals[subscale["name"]] = sum(scores)
    me = next((r for r in reviewers if r.user_id == user.pk), None)
    return ReviewView(
        review=review,
        rows=rows,
        reviewer_names=[r.user.display_name for r in reviewers],
        is_reviewer=me is not None,
        my_done=me is not None and me.done_at is not None,
        subscale_totals=totals,
    )


def reviews_for(user) -> list[Review]:
    """Reviews this user takes part in, and finished reviews they may read."""
    roles = staff_roles_of(user)
    condition = Q(reviewers__user=user)
    if any(r.role in services.READER_ROLES for r in roles):
        condition |= Q(phase=ReviewPhase.FINAL)
    organisations = {r.organisation_id for r in roles}
    if organisations:
        condition |= Q(phase=ReviewPhase.FINAL, organisation_id__in=organisations)
    return list(
        Review.objects.filter(condition)
        .distinct()
        .select_related("scale", "organisation")
        .order_by("organisation__name", "-review_date")
    )


def history(user, organisation_id: int, scale_code: str):
    """The finished reviews of one service on one scale, oldest first, with a chart of the
    totals and the agreed score per item."""
    reviews = [
        r
        for r in reviews_for(user)
        if r.organisation_id == organisation_id
        and r.scale.code == scale_code
        and r.phase == ReviewPhase.FINAL
    ]
    reviews.sort(key=lambda r: r.review_date)
    if not reviews:
        return None
    scale = reviews[0].scale
    items = list(scale.items.all())
    agreed = {
        (r.review_id, r.item_id): r.score
        for r in Rating.objects.filter(review__in=reviews, reviewer__isnull=True)
    }
    lowest, highest = scale.min_rating * len(items), scale.max_rating * len(items)
    chart = line_chart((r.total for r in reviews), lowest, highest)
    table = [(item, [agreed.get((r.pk, item.pk)) for r in reviews]) for item in items]
    return {"scale": scale, "chart": chart, "reviews": reviews, "table": table}
