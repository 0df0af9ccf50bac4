"""The service directory: offers (tilbud) at organisations, for the public page /tilbud/ and
for the people who keep them (los.directory.services). An offer holds no personal data."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import Category, Role
from los.directory.kinds import OfferKind, Route
from los.organisations.models import Municipality, Organisation

MAX_CAPACITY = 10_000


class Offer(models.Model):
    """One service at one organisation: what it is, for whom, who may refer and how, where
    it is offered, how to get in touch, how many places it has and whether it takes anyone
    in now. Kept by the organisation's staff and the county's coordinator
    (los.directory.services.may_edit_offer)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="offers", verbose_name=_("tilbys av")
    )
    kind = models.CharField(_("type tilbud"), max_length=32, choices=OfferKind.choices)
    name = models.CharField(_("navn"), max_length=200)
    target_group = models.TextField(_("hvem tilbudet er for"), max_length=1000)
    how_to_refer = models.TextField(_("slik kommer du i kontakt"), max_length=1000)
    # Lists of codes (Route, Category), checked by los.directory.services; JSON so that the
    # demo's SQLite database holds them too. Never searched in SQL.
    routes = models.JSONField(_("hvem kan henvise"), default=list)
    municipalities = models.ManyToManyField(
        Municipality, related_name="offers", verbose_name=_("kommuner tilbudet gjelder")
    )
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    web = models.URLField(_("nettside"), blank=True)
    capacity = models.PositiveIntegerField(
        _("antall plasser"), null=True, blank=True, validators=[MaxValueValidator(MAX_CAPACITY)]
    )
    is_open = models.BooleanField(_("tar imot nye"), default=True)
    reads = models.JSONField(_("hva tjenesten leser i journalen"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("tilbud")
        verbose_name_plural = _("tilbud")
        indexes = [models.Index(fields=["kind"])]

    def __str__(self) -> str:
        return self.name

    def get_routes_display(self) -> list[str]:
        labels = dict(Route.choices)
        return [str(labels[route]) for route in self.routes if route in labels]


class ReferralState(models.TextChoices):
    SENT = "sent", _("sendt, venter på svar")
    WAITING_LIST = "waiting_list", _("på venteliste")
    ACCEPTED = "accepted", _("tatt imot")
    DECLINED = "declined", _("avslått")
    WITHDRAWN = "withdrawn", _("trukket tilbake")
    DONE = "done", _("avsluttet")


# States in which the receiving service still has to answer or act.
OPEN_STATES = frozenset({ReferralState.SENT, ReferralState.WAITING_LIST})
# States in which a referral is still under way (no second one to the same offer).
ACTIVE_STATES = OPEN_STATES | {ReferralState.ACCEPTED}


class Referral(models.Model):
    """A referral of a participant to an offer, sent by a member of the care team. It rests
    on the participant's consents to the receiving organisation for exactly the categories
    the offer reads beyond its own sector (`consents`), or on a recorded legal basis, both
    stored here as they were when it was sent. Accepting it puts the receiving service's
    named staff on the team (`memberships`). See docs/service-directory.md."""

    participant = models.ForeignKey(
        "participants.Participant", on_delete=models.PROTECT, related_name="referrals"
    )
    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="referrals")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_by_role = models.CharField(max_length=32, choices=Role.choices)
    sent_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField(_("hvorfor henvises deltakeren"), max_length=2000)
    categories = models.JSONField(_("kategorier mottakeren leser"), default=list, blank=True)
    consents = models.ManyToManyField(
        "participants.Consent", related_name="+", blank=True, verbose_name=_("samtykker")
    )
    legal_basis = models.TextField(_("rettslig grunnlag"), max_length=1000, blank=True)
    state = models.CharField(
        _("status"), max_length=16, choices=ReferralState.choices, default=ReferralState.SENT
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(_("begrunnelse"), max_length=1000, blank=True)
    start_date = models.DateField(_("fra"), null=True, blank=True)
    memberships = models.ManyToManyField(
        "participants.CareTeamMembership", related_name="+", blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("henvisning")
        verbose_name_plural = _("henvisninger")
        indexes = [
            models.Index(fields=["offer", "state"]),
            models.Index(fields=["participant", "-sent_at"]),
        ]
        constraints = [
            # One referral under way per participant and offer.
            models.UniqueConstraint(
                fields=["participant", "offer"],
                condition=Q(state__in=["sent", "waiting_list", "accepted"]),
                name="one_active_referral_per_offer",
            ),
            # Sent: not answered yet. Answered states carry when they were answered.
            models.CheckConstraint(
                condition=(~Q(state="sent") | Q(answered_at__isnull=True))
                & (
                    ~Q(state__in=["waiting_list", "accepted", "declined", "done"])
                    | Q(answered_at__isnull=False)
                ),
                name="referral_answered_when_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} → {self.offer} ({self.get_state_display()})"

    def is_overdue(self, now=None) -> bool:
        """Sent and not answered in settings.REFERRAL_ANSWER_DAYS days: flagged for the
        sender and the receiving service."""
        now = now or timezone.now()
        return self.state == ReferralState.SENT and now - self.sent_at > datetime.timedelta(
            days=settings.REFERRAL_ANSWER_DAYS
        )

    def get_categories_display(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[c]) for c in self.categories if c in labels]
