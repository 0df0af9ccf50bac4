"""Meetings about a participant's plan: responsibility groups (ansvarsgruppe), cooperation,
start-up, employer and dialogue meetings, with invitations, replies and minutes.

Minutes are written as a draft that only the care team sees, then published; published
minutes are never changed, so what the participant and the invited have read stays true."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core.days import later
from los.core.vocabulary import Role
from los.organisations.models import Organisation
from los.participants.models import Participant


class MeetingKind(models.TextChoices):
    RESPONSIBILITY_GROUP = "responsibility_group", _("ansvarsgruppemøte")
    COOPERATION = "cooperation", _("samarbeidsmøte")
    STARTUP = "startup", _("oppstartsmøte")
    EMPLOYER = "employer", _("arbeidsgivermøte")
    DIALOGUE = "dialogue", _("dialogmøte")
    OTHER = "other", _("annet møte")


class MeetingChannel(models.TextChoices):
    IN_PERSON = "in_person", _("oppmøte")
    VIDEO = "video", _("video")
    PHONE = "phone", _("telefon")


class Meeting(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(_("type møte"), max_length=24, choices=MeetingKind.choices)
    starts_at = models.DateTimeField(_("tidspunkt"))
    duration_minutes = models.PositiveSmallIntegerField(_("varighet i minutter"), default=60)
    channel = models.CharField(_("møteform"), max_length=10, choices=MeetingChannel.choices)
    place = models.CharField(_("sted eller lenke"), max_length=200, blank=True)
    agenda = models.TextField(_("saksliste"), max_length=5000, blank=True)
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    organiser_role = models.CharField(max_length=32, choices=Role.choices)
    organiser_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("referat"), max_length=20_000, blank=True)
    minutes_published_at = models.DateTimeField(null=True, blank=True)
    minutes_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Bumped on every change: refuses stale edits, and is the calendar file's SEQUENCE so a
    # calendar replaces the old entry.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [models.Index(fields=["participant", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def ends_at(self) -> datetime.datetime:
        return later(self.starts_at, datetime.timedelta(minutes=self.duration_minutes))

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None


class Reply(models.TextChoices):
    PENDING = "pending", _("har ikke svart")
    COMING = "coming", _("kommer")
    NOT_COMING = "not_coming", _("kommer ikke")
    NEW_TIME = "new_time", _("ønsker nytt tidspunkt")


class Invitation(models.Model):
    """One invited person: a team member, the participant, or someone outside Los (a
    relative, an employer who is not a Los user), named in free text."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_participant = models.BooleanField(default=False)
    # For a team member: the role and organisation they were invited in, which decides who
    # may see that they take part (a therapist's presence is health information).
    role = models.CharField(max_length=32, choices=Role.choices, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    external_name = models.CharField(_("navn"), max_length=200, blank=True)
    external_role = models.CharField(_("rolle eller virksomhet"), max_length=200, blank=True)
    reply = models.CharField(_("svar"), max_length=10, choices=Reply.choices, default=Reply.PENDING)
    reply_comment = models.CharField(_("kommentar"), max_length=500, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-is_participant", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="one_invitation_per_user_and_meeting",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(is_participant=True) | ~Q(external_name=""),
                name="invitation_names_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitasjon {self.pk} til møte {self.meeting_id}"

    @property
    def is_external(self) -> bool:
        return self.user_id is None
