"""Collaboration agreements (samarbeidsavtaler) between NAV offices, health trusts (DPS) and
municipalities in a county, with the follow-up meetings that keep them alive
(docs/agreements.md). No personal data about participants: an agreement is about services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.directory.models import Offer
from los.organisations.models import County, Organisation


class Agreement(models.Model):
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="agreements")
    title = models.CharField(_("navn på avtalen"), max_length=200)
    parties = models.ManyToManyField(
        Organisation, related_name="agreements", verbose_name=_("parter")
    )
    purpose = models.TextField(_("formål"), max_length=4000)
    challenges = models.TextField(_("utfordringer"), max_length=4000, blank=True)
    goals = models.TextField(_("mål"), max_length=4000, blank=True)
    routines = models.TextField(_("rutiner for samarbeidet"), max_length=4000, blank=True)
    contacts = models.TextField(
        _("kontaktpersoner"),
        max_length=2000,
        blank=True,
        help_text=_("Én per linje: navn, virksomhet, telefon eller e-post."),
    )
    user_representatives = models.TextField(
        _("brukerrepresentanter"),
        max_length=1000,
        blank=True,
        help_text=_("Én per linje: navn og hvilken organisasjon de representerer."),
    )
    offers = models.ManyToManyField(
        Offer, related_name="agreements", blank=True, verbose_name=_("tilbud avtalen gjelder")
    )
    starts_on = models.DateField(_("gjelder fra"))
    review_on = models.DateField(_("skal revideres innen"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("samarbeidsavtale")
        verbose_name_plural = _("samarbeidsavtaler")
        ordering = ["review_on", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(review_on__gt=models.F("starts_on")),
                name="agreement_review_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class FollowUpMeeting(models.Model):
    """A meeting of the parties about the agreement, with its minutes."""

    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("dato"))
    minutes = models.TextField(_("referat"), max_length=10_000)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("oppfølgingsmøte")
        verbose_name_plural = _("oppfølgingsmøter")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.held_on}"
