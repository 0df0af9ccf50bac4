from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import Category, Role
from los.organisations.models import Organisation
from los.participants.models import Consent, Participant


class Basis(models.TextChoices):
    """Why a read was allowed."""

    SELF = "self", _("egen journal")
    TEAM = "team", _("medlem av teamet")
    CONSENT = "consent", _("samtykke")
    # A pseudonymised export for evaluation, by a named programme manager (no team role).
    STATISTICS = "statistics", _("uttrekk til statistikk")
    # A service the participant was referred to reads the referral before it joins the team.
    REFERRAL = "referral", _("henvisning")


class ActorAsThen(models.Model):
    """Who did it, with their name, role and organisation copied as they were then, so a log
    keeps saying who it was even if the user or organisation changes later. The foreign keys
    have no database constraints: a constraint check takes a row lock on the user and the
    organisation for every row written (see AccessLogEntry)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_constraint=False
    )
    user_name = models.CharField(max_length=200)
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    organisation_name = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True


class AccessLogEntry(ActorAsThen):
    """One read of a participant's data. Names are copied at the time of reading so the log
    keeps saying who it was even if the user or organisation changes later.

    The log is written on every page view (fifty rows for a caseload page), so its foreign
    keys have no database constraints: a constraint check takes a row lock on the
    participant, the user and the organisation for every row written, which costs more than
    the insert itself and makes concurrent readers of one record contend. Django still
    refuses to delete what the log points at (PROTECT), and only the access indexes the log
    is read by are kept: per participant (their own log) and per user (review)."""

    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        related_name="access_log",
        db_constraint=False,
        db_index=False,  # the (participant, -accessed_at) index below serves it
    )
    category = models.CharField(max_length=32, choices=Category.choices)
    what = models.CharField(max_length=200)
    basis = models.CharField(max_length=16, choices=Basis.choices)
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )

    class Meta:
        verbose_name = _("oppslag i tilgangsloggen")
        verbose_name_plural = _("tilgangslogg")
        indexes = [models.Index(fields=["participant", "-accessed_at"])]

    def __str__(self) -> str:
        return f"{self.user_name} → {self.participant_id}: {self.what}"


class ChangeLogEntry(models.Model):
    """One change, written in the same transaction as the change itself."""

    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, null=True, related_name="change_log"
    )
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("endring")
        verbose_name_plural = _("endringslogg")
        indexes = [models.Index(fields=["participant", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class Refusal(models.TextChoices):
    """How an attempt was refused."""

    # Said in plain words: the care roles read these on the access-log page.
    HIDDEN = "hidden", _("var ikke med i teamet")
    FORBIDDEN = "forbidden", _("hadde ikke tilgang til denne delen")


class RefusalLogEntry(ActorAsThen):
    """One refused attempt on a participant's record: the 404 someone off the team gets
    (with no participant when the id does not exist: a probe), or the 403 a team member
    gets for a category or an action. Audit looks at what was refused as well as what was
    allowed. Written like the access log: one INSERT, no constraint checks."""

    refused_at = models.DateTimeField(auto_now_add=True, db_index=True)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
        db_index=False,  # the (participant, -refused_at) index below serves it
    )
    view = models.CharField(_("side"), max_length=100)
    category = models.CharField(max_length=32, choices=Category.choices, blank=True)
    refusal = models.CharField(max_length=16, choices=Refusal.choices)

    class Meta:
        verbose_name = _("avvist forsøk")
        verbose_name_plural = _("avviste forsøk")
        indexes = [models.Index(fields=["participant", "-refused_at"])]

    def __str__(self) -> str:
        # The internal id only: a security reviewer sees no participant's name.
        return f"{self.user_name} → {self.participant_id or '–'}: {self.view}"
