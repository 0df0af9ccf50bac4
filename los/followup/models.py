"""Contact notes (samtalereferat). A note is never edited: corrections are added as
addenda, so what the participant (or a colleague) has read is never silently changed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import Category, Role
from los.organisations.models import Organisation
from los.participants.models import Participant


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("oppmøte")
    PHONE = "phone", _("telefon")
    VIDEO = "video", _("video")
    WRITTEN = "written", _("skriftlig")
    OUT_IN_THE_FIELD = "field", _("ute i felten")


# The categories a note can belong to. Which of them a user may write follows from the
# access policy (a counsellor writes NAV notes, a therapist clinical notes).
NOTE_CATEGORIES = (Category.NAV_CASE_NOTES, Category.CLINICAL_NOTES, Category.PLAN)


class ContactNote(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="contact_notes"
    )
    category = models.CharField(_("type notat"), max_length=32, choices=Category.choices)
    channel = models.CharField(_("kontaktform"), max_length=10, choices=Channel.choices)
    contact_date = models.DateField(_("dato for samtalen"))
    text = models.TextField(_("referat"), max_length=10_000)
    shared_with_participant = models.BooleanField(_("delt med deltakeren"))
    shared_at = models.DateTimeField(null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_role = models.CharField(max_length=32, choices=Role.choices)
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-contact_date", "-created_at", "-pk"]
        verbose_name = _("samtalereferat")
        verbose_name_plural = _("samtalereferater")
        indexes = [models.Index(fields=["participant", "-contact_date"])]

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.contact_date}"


class NoteAddendum(models.Model):
    note = models.ForeignKey(ContactNote, on_delete=models.PROTECT, related_name="addenda")
    text = models.TextField(_("tillegg"), max_length=5000)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("tillegg til referat")
        verbose_name_plural = _("tillegg til referat")

    def __str__(self) -> str:
        return f"Tillegg til {self.note_id}"


class Thread(models.Model):
    """A conversation between the participant and their team (dialog)."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="threads")
    subject = models.CharField(_("emne"), max_length=200)
    activity = models.ForeignKey(
        "plans.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="threads",
        verbose_name=_("aktivitet"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept with each message so lists can show unread and waiting states without reading
    # every message.
    last_message_at = models.DateTimeField()
    last_message_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    last_message_from_participant = models.BooleanField()

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        verbose_name = _("samtale")
        verbose_name_plural = _("samtaler")
        indexes = [models.Index(fields=["participant", "-last_message_at"])]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.PROTECT, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_participant = models.BooleanField()
    text = models.TextField(_("melding"), max_length=5000)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")

    def __str__(self) -> str:
        return f"Melding {self.pk}"


class ThreadRead(models.Model):
    """When a reader last read a thread: what is newer is unread for them."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="thread_read_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id}"


class SavedFilter(models.Model):
    """A staff member's named view of their caseload («Mine deltakere»). Only the filter,
    sort and number of days are kept, never the search text: a search can hold a name or a
    national identity number."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters"
    )
    name = models.CharField(_("navn på utvalget"), max_length=80)
    show = models.CharField(max_length=20, blank=True)
    sort = models.CharField(max_length=20)
    no_contact_days = models.PositiveSmallIntegerField(default=30)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_filter_name_unique")
        ]

    def __str__(self) -> str:
        return self.name
