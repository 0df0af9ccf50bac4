"""Advice from the regional unit (fagstøtte, saksdrøfting): NAV local staff ask an advisory
service (Arbeid og helse) for advice about a case. Anonymous by default, with no link to a
participant; named only with the participant's consent for exactly the categories the
advisor may read. The answer is advice, not a decision: NAV local records its own decision
beside it. See docs/advice.md."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import Category, Role
from los.organisations.models import Organisation

MAX_TEXT = 4000


class AdviceQuestion(models.Model):
    """One question to an advisory organisation, its answer and the asker's own decision.

    An anonymous question has no participant, no categories and no consents; its text is
    checked before it is saved (los.advice.services.identifying_text). A named question
    stores the participant, the categories the advisor may read and the consents that
    covered them when it was asked."""

    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_by_role = models.CharField(max_length=32, choices=Role.choices)
    asked_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="advice_questions",
        verbose_name=_("hvem spørsmålet går til"),
    )
    asked_at = models.DateTimeField(db_index=True)
    question = models.TextField(_("spørsmål"), max_length=MAX_TEXT)
    participant = models.ForeignKey(
        "participants.Participant",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_questions",
    )
    categories = models.JSONField(_("kategorier rådgiveren leser"), default=list, blank=True)
    consents = models.ManyToManyField(
        "participants.Consent", related_name="+", blank=True, verbose_name=_("samtykker")
    )
    answer = models.TextField(_("råd"), max_length=MAX_TEXT, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.TextField(_("NAV-kontorets vurdering"), max_length=MAX_TEXT, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("spørsmål om råd")
        verbose_name_plural = _("spørsmål om råd")
        indexes = [models.Index(fields=["organisation", "answered_at"])]
        constraints = [
            # Anonymous: no categories. Answered: when and by whom, and an answer.
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | Q(categories=[]),
                name="advice_anonymous_reads_nothing",
            ),
            models.CheckConstraint(
                condition=(Q(answered_at__isnull=True) & Q(answer=""))
                | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="advice_answered_when_answered",
            ),
            models.CheckConstraint(
                condition=Q(decided_at__isnull=True) | Q(answered_at__isnull=False),
                name="advice_decided_after_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pk} → {self.organisation_id}"

    @property
    def is_named(self) -> bool:
        return self.participant_id is not None

    def get_categories_display(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[c]) for c in self.categories if c in labels]
