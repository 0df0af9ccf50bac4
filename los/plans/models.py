"""The Individual Plan (individuell plan): goals in the participant's own words, and the
activities that lead to them. Every change to an activity is kept as a version."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import Category
from los.organisations.models import Organisation
from los.participants.models import Participant


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("aktiv")
    CLOSED = "closed", _("avsluttet")


class IndividualPlan(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(max_length=8, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("koordinator"),
    )
    next_review = models.DateField(_("neste gjennomgang"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuelle planer")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(status="active"),
                name="one_active_plan_per_participant",
            )
        ]

    def __str__(self) -> str:
        return f"Plan for {self.participant_id}"


class GoalKind(models.TextChoices):
    WORK = "work", _("arbeid")
    EDUCATION = "education", _("utdanning")
    HEALTH = "health", _("helse")
    EVERYDAY = "everyday", _("hverdagsliv")
    ECONOMY = "economy", _("økonomi")


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("jobber med det")
    ACHIEVED = "achieved", _("nådd")
    PARTLY = "partly", _("delvis nådd")
    DROPPED = "dropped", _("lagt bort")


class Goal(models.Model):
    plan = models.ForeignKey(IndividualPlan, on_delete=models.PROTECT, related_name="goals")
    kind = models.CharField(_("hva målet gjelder"), max_length=10, choices=GoalKind.choices)
    text = models.TextField(_("målet med egne ord"), max_length=1000)
    target_date = models.DateField(_("når"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE
    )
    achievement = models.TextField(_("hvordan det gikk"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.text[:60]


class ActivityKind(models.TextChoices):
    JOB_SEARCH = "job_search", _("jobbsøking")
    JOB_APPLICATION = "job_application", _("jobbsøknad")
    WORK_TRIAL = "work_trial", _("arbeidstrening")
    IN_WORK = "in_work", _("i arbeid")
    EDUCATION = "education", _("utdanning")
    TREATMENT = "treatment", _("behandling")
    COURSE = "course", _("kurs")
    BENEFITS_COUNSELLING = "benefits_counselling", _("veiledning om ytelser")
    MEETING = "meeting", _("møte")
    OWN = "own", _("egen aktivitet")


# Which category of information an activity is. A treatment is health information, so a
# counsellor sees it only with the participant's consent.
ACTIVITY_CATEGORY = {kind: Category.PLAN for kind in ActivityKind} | {
    ActivityKind.TREATMENT: Category.HEALTH_SUMMARY
}


class ActivityStatus(models.TextChoices):
    PROPOSED = "proposed", _("forslag")
    PLANNED = "planned", _("planlagt")
    IN_PROGRESS = "in_progress", _("gjennomføres")
    DONE = "done", _("fullført")
    CANCELLED = "cancelled", _("avbrutt")


CLOSED_STATUSES = frozenset({ActivityStatus.DONE, ActivityStatus.CANCELLED})


class ApplicationStage(models.TextChoices):
    SENT = "sent", _("sendt")
    INTERVIEW = "interview", _("intervju")
    REJECTED = "rejected", _("fått avslag")
    OFFER = "offer", _("fått tilbud")


class Activity(models.Model):
    plan = models.ForeignKey(IndividualPlan, on_delete=models.PROTECT, related_name="activities")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("mål"),
    )
    kind = models.CharField(_("type"), max_length=24, choices=ActivityKind.choices)
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"), max_length=4000, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    agreed = models.BooleanField(_("avtalt"), default=False)
    responsible_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansvarlig"),
    )
    start_date = models.DateField(_("fra"), null=True, blank=True)
    due_date = models.DateField(_("frist"), null=True, blank=True)
    # Details that belong to some kinds only.
    employer_name = models.CharField(_("arbeidsgiver"), max_length=200, blank=True)
    job_title = models.CharField(_("stilling"), max_length=200, blank=True)
    application_stage = models.CharField(
        _("hvor langt søknaden har kommet"),
        max_length=10,
        choices=ApplicationStage.choices,
        blank=True,
    )
    hours_per_week = models.DecimalField(
        _("timer per uke"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    place = models.CharField(_("sted"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by_participant = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_date", "created_at", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")
        indexes = [models.Index(fields=["plan", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | (Q(hours_per_week__gte=0) & Q(hours_per_week__lte=100)),
                name="activity_hours_in_range",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(due_date__isnull=True)
                | Q(due_date__gte=models.F("start_date")),
                name="activity_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def category(self) -> Category:
        return ACTIVITY_CATEGORY[ActivityKind(self.kind)]

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class ActivityVersion(models.Model):
    """A snapshot of an activity after each change: the readable history."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=20)
    changed_fields = models.JSONField(default=list)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "version"], name="activity_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} v{self.version}"
