"""Running a fidelity review: two or more reviewers rate each item on their own, then agree
on one rating per item; the agreed ratings give the total and its band, and the review
ends with recommendations and an action plan.

Who: reviewers hold the fidelity-reviewer role. While the reviewers rate, each sees only
their own ratings, so that the ratings are independent. A finished review is read by its
reviewers, by the system roles (programme managers, county coordinators, fidelity
reviewers) and by the staff of the service reviewed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import staff_roles_of
from los.core.text import clean_text, cleans_text
from los.core.vocabulary import Role
from los.fidelity.models import (
    ActionPoint,
    EvidenceSource,
    FidelityScale,
    Rating,
    Review,
    Reviewer,
    ReviewPhase,
)

READER_ROLES = frozenset({Role.FIDELITY_REVIEWER, Role.PROGRAMME_MANAGER, Role.COUNTY_COORDINATOR})


def may_review(user) -> bool:
    return any(r.role == Role.FIDELITY_REVIEWER for r in staff_roles_of(user))


def works_with_fidelity(user) -> bool:
    """Reviews or reads finished reviews across services: the header shows the link."""
    return any(r.role in READER_ROLES for r in staff_roles_of(user))


def may_see_reviews(user) -> bool:
    return bool(staff_roles_of(user))


def may_read(user, review: Review, reviewer_ids: set[int]) -> bool:
    if user.pk in reviewer_ids:
        return True
    roles = staff_roles_of(user)
    if review.phase != ReviewPhase.FINAL:
        return False
    return any(r.role in READER_ROLES for r in roles) or any(
        r.organisation_id == review.organisation_id for r in roles
    )


def _changed(user, action: str, review: Review, data=None) -> None:
    record_change(actor=user, participant=None, action=action, obj=review, data=data)


@transaction.atomic
def review_create(
    *,
    user,
    organisation,
    scale: FidelityScale,
    review_date: datetime.date,
    period_start: datetime.date,
    period_end: datetime.date,
    co_reviewers: list,
) -> Review:
    if not may_review(user):
        raise PermissionDenied
    errors = {}
    others = [u for u in co_reviewers if u.pk != user.pk]
    if not others:
        errors["co_reviewers"] = _("En gjennomgang gjøres av minst to: velg minst én til.")
    elif not all(may_review(u) for u in others):
        errors["co_reviewers"] = _("Alle som vurderer, må ha rollen kvalitetsmåler.")
    if period_end < period_start:
        errors["period_end"] = _("Perioden kan ikke slutte før den begynner.")
    elif period_end > timezone.localdate():
        errors["period_end"] = _("Tallene kan bare hentes for en periode som er over.")
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        organisation=organisation,
        scale=scale,
        review_date=review_date,
        period_start=period_start,
        period_end=period_end,
        created_by=user,
    )
    Reviewer.objects.bulk_create(Reviewer(review=review, user=u) for u in [user, *others])
    _changed(user, "fidelity_review.created", review, {"scale": scale.code})
    return review


def _locked(review_id: int, user, phase: str) -> tuple[Review, Reviewer]:
    review = Review.objects.select_for_update().select_related("scale").filter(pk=review_id).first()
    reviewer = review and review.reviewers.filter(user=user).first()
    if review is None or reviewer is None:
        raise PermissionDenied
    if review.phase != phase:
        raise ValidationError(
            _("Gjennomgangen er i fasen «%(phase)s».") % {"phase": review.get_phase_display()}
        )
    return review, reviewer


@dataclass(frozen=True)
class ItemRating:
    score: int | None
    sources: tuple[str, ...] = ()
    note: str = ""


def _check(review: Review, ratings: dict[int, ItemRating]) -> dict:
    scale = review.scale
    items = {item.pk: item for item in scale.items.all()}
    errors = []
    for item_id, rating in ratings.items():
        if item_id not in items:
            errors.append(_("Punktet finnes ikke i skalaen."))
        elif rating.score is not None and not (
            scale.min_rating <= rating.score <= scale.max_rating
        ):
            errors.append(
                _("Punkt %(number)d: skåren må være fra %(min)d til %(max)d.")
                % {"number": items[item_id].number, "min": scale.min_rating,
                   "max": scale.max_rating}
            )  # fmt: skip
        if any(source not in EvidenceSource.values for source in rating.sources):
            errors.append(_("Ukjent kilde."))
    if errors:
        raise ValidationError(errors)
    return items


def _store(review: Review, ratings: dict[int, ItemRating], *, reviewer) -> int:
    """Check every rating, then save them: one reviewer's own, or (reviewer None) the agreed
    ones. A rating without a score removes the one saved before. Returns how many are set."""
    _check(review, ratings)
    saved = 0
    for item_id, rating in ratings.items():
        if rating.score is None:
            Rating.objects.filter(review=review, item_id=item_id, reviewer=reviewer).delete()
            continue
        Rating.objects.update_or_create(
            review=review,
            item_id=item_id,
            reviewer=reviewer,
            defaults={
                "score": rating.score,
                "sources": list(rating.sources),
                "note": clean_text(rating.note, multiline=True),
            },
        )
        saved += 1
    return saved


@transaction.atomic
def ratings_save(*, user, review_id: int, ratings: dict[int, ItemRating]) -> int:
    """Save this reviewer's own ratings (some may be left for later). Nothing is saved if
    any rating is out of range."""
    review, reviewer = _locked(review_id, user, ReviewPhase.RATING)
    if reviewer.done_at is not None:
        raise ValidationError(_("Du har levert vurderingene dine."))
    saved = _store(review, ratings, reviewer=user)
    _changed(user, "fidelity_review.rated", review, {"items": saved})
    return saved


@transaction.atomic
def ratings_done(*, user, review_id: int) -> Review:
    """This reviewer has rated every item; when all have, the review moves to consensus."""
    review, reviewer = _locked(review_id, user, ReviewPhase.RATING)
    rated = Rating.objects.filter(review=review, reviewer=user).count()
    if rated < review.scale.items.count():
        raise ValidationError(
            _("Du har vurdert %(rated)d av %(count)d punkter. Vurder alle før du leverer.")
            % {"rated": rated, "count": review.scale.items.count()}
        )
    reviewer.done_at = timezone.now()
    reviewer.save(update_fields=["done_at"])
    if not review.reviewers.filter(done_at__isnull=True).exists():
        review.phase = ReviewPhase.CONSENSUS
        review.version += 1
        review.save(update_fields=["phase", "version"])
    _changed(user, "fidelity_review.rating_done", review)
    return review


@cleans_text(multiline=("recommendations",))
@transaction.atomic
def consensus_save(
    *, user, review_id: int, ratings: dict[int, ItemRating], recommendations: str | None = None
) -> int:
    """Save the agreed ratings (and the draft recommendations, when given)."""
    review, _reviewer = _locked(review_id, user, ReviewPhase.CONSENSUS)
    saved = _store(review, ratings, reviewer=None)
    if recommendations is not None:
        review.recommendations = recommendations.strip()
        review.save(update_fields=["recommendations"])
    _changed(user, "fidelity_review.consensus", review, {"items": saved})
    return saved


@cleans_text(multiline=("recommendations",))
@transaction.atomic
def review_finalise(*, user, review_id: int, recommendations: str) -> Review:
    """Fix the agreed ratings: the total and its band, and the recommendations."""
    review, _reviewer = _locked(review_id, user, ReviewPhase.CONSENSUS)
    agreed = list(Rating.objects.filter(review=review, reviewer__isnull=True))
    count = review.scale.items.count()
    if len(agreed) < count:
        raise ValidationError(
            _("%(agreed)d av %(count)d punkter har en omforent skåre. Bli enige om alle først.")
            % {"agreed": len(agreed), "count": count}
        )
    review.total = sum(r.score for r in agreed)
    review.band = review.scale.band_of(review.total)
    review.recommendations = recommendations.strip()
    review.phase = ReviewPhase.FINAL
    review.finalised_at = timezone.now()
    review.version += 1
    review.save()
    _changed(user, "fidelity_review.finalised", review, {"total": review.total})
    return review


@cleans_text("text", "owner")
@transaction.atomic
def action_add(*, user, review_id: int, text: str, owner: str, due_date) -> ActionPoint:
    review, _reviewer = _locked(review_id, user, ReviewPhase.FINAL)
    errors = {}
    if not text.strip():
        errors["text"] = _("Skriv tiltaket.")
    if not owner.strip():
        errors["owner"] = _("Skriv hvem som er ansvarlig.")
    if errors:
        raise ValidationError(errors)
    action = ActionPoint.objects.create(
        review=review, text=text.strip(), owner=owner.strip(), due_date=due_date
    )
    _changed(user, "fidelity_review.action_added", review)
    return action
