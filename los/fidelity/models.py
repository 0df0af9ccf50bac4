"""IPS fidelity reviews of a service: a scale (IPS-25, IPS-Y) as data, reviews by two or
more reviewers who rate each item independently and then agree, the total and its band,
recommendations and an action plan.

A review is about a service, not a person: it holds no personal data. The figures the
record can give are aggregates over the service's enrolments, computed when shown."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.organisations.models import Organisation


class FidelityScale(models.Model):
    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    description = models.TextField(_("om skalaen"), blank=True)
    copyright = models.TextField(_("kilde"), blank=True)
    min_rating = models.PositiveSmallIntegerField(default=1)
    max_rating = models.PositiveSmallIntegerField(default=5)
    # [{"low": 115, "high": 125, "label": "eksemplarisk"}, …], inclusive
    bands = models.JSONField(default=list)
    # [{"code": "employment", "name": "arbeid"}, …]
    subscales = models.JSONField(default=list)

    class Meta:
        ordering = ["name"]
        verbose_name = _("troskapsskala")
        verbose_name_plural = _("troskapsskalaer")

    def __str__(self) -> str:
        return self.name

    def band_of(self, total: int) -> str:
        return next((b["label"] for b in self.bands if b["low"] <= total <= b["high"]), "")


class DataKey(models.TextChoices):
    """Figures the record can give for an item, for the review period."""

    CASELOAD = "caseload", _("deltakere per jobbspesialist")
    EMPLOYER_CONTACTS = "employer_contacts", _("arbeidsgiverkontakter ansikt til ansikt per uke")
    FIRST_CONTACT = "first_contact", _("dager til første arbeidsgiverkontakt (median)")
    COMPETITIVE = "competitive", _("andel konkurranseutsatte jobber")
    JOB_TYPES = "job_types", _("ulike stillinger")
    EMPLOYERS = "employers", _("ulike arbeidsgivere")
    COMMUNITY = "community", _("andel oppfølging ute i felt")
    TIME_UNLIMITED = "time_unlimited", _("oppfølging i jobb lenger enn 12 måneder")


class FidelityItem(models.Model):
    """An item: its name and a short summary (the manual is copyrighted), and anchors per
    rating that a service may fill in from its own licensed manual."""

    scale = models.ForeignKey(FidelityScale, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    section = models.CharField(_("del"), max_length=80)
    name = models.CharField(_("navn"), max_length=200)
    summary = models.TextField(_("kort beskrivelse"), blank=True)
    anchors = models.JSONField(_("forankring per skåre"), default=dict, blank=True)
    subscales = models.JSONField(default=list, blank=True)
    data_key = models.CharField(max_length=30, choices=DataKey.choices, blank=True)

    class Meta:
        ordering = ["scale", "number"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "number"], name="unique_fidelity_item")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class ReviewPhase(models.TextChoices):
    RATING = "rating", _("uavhengig vurdering")
    CONSENSUS = "consensus", _("konsensus")
    FINAL = "final", _("ferdig")


class Review(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="fidelity_reviews",
        verbose_name=_("tjenesten"),
    )  # fmt: skip
    scale = models.ForeignKey(FidelityScale, on_delete=models.PROTECT, related_name="+")
    review_date = models.DateField(_("dato for gjennomgangen"))
    period_start = models.DateField(_("perioden tallene gjelder, fra"))
    period_end = models.DateField(_("til"))
    phase = models.CharField(max_length=12, choices=ReviewPhase.choices, default="rating")
    recommendations = models.TextField(_("anbefalinger"), max_length=8000, blank=True)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    band = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalised_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-review_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="review_period_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scale_id} {self.organisation_id} {self.review_date}"


class Reviewer(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reviewers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)  # finished rating independently

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["review", "user"], name="unique_reviewer")]

    def __str__(self) -> str:
        return f"{self.user_id} i {self.review_id}"


class EvidenceSource(models.TextChoices):
    RECORDS = "records", _("journaler og registreringer")
    DOCUMENTS = "documents", _("dokumenter")
    INTERVIEWS = "interviews", _("intervjuer")
    OBSERVATION = "observation", _("observasjon")


class Rating(models.Model):
    """One reviewer's rating of one item, or (reviewer empty) the agreed rating."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    item = models.ForeignKey(FidelityItem, on_delete=models.PROTECT, related_name="+")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField()
    sources = models.JSONField(default=list, blank=True)
    note = models.TextField(max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "item", "reviewer"],
                condition=Q(reviewer__isnull=False),
                name="one_rating_per_reviewer",
            ),
            models.UniqueConstraint(
                fields=["review", "item"],
                condition=Q(reviewer__isnull=True),
                name="one_consensus_rating",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1) & Q(score__lte=5), name="rating_from_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"

    @property
    def is_consensus(self) -> bool:
        return self.reviewer_id is None


class ActionPoint(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("tiltak"), max_length=500)
    owner = models.CharField(_("ansvarlig"), max_length=200)
    due_date = models.DateField(_("frist"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.text
