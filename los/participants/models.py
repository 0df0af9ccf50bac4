import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from los.core import crypto
from los.core.identifiers import gender_from_national_id
from los.core.vocabulary import Category, ConsentMethod, Gender, ProtectedAddress, Role
from los.organisations.models import Municipality, Organisation


class Participant(models.Model):
    """The person the record is about. The national identity number is stored encrypted and
    found through a keyed hash; see los.core.crypto."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    first_name = models.CharField(_("fornavn"), max_length=100)
    last_name = models.CharField(_("etternavn"), max_length=100)
    birth_date = models.DateField(_("fødselsdato"))
    national_id_encrypted = models.TextField(editable=False)
    national_id_digest = models.CharField(max_length=64, unique=True, editable=False)
    national_id_kind = models.CharField(max_length=3, editable=False)  # fnr | dnr
    # Legal gender, read from the national id when it is set (gender_from_national_id):
    # the reports count by it, nothing else uses it.
    gender = models.CharField(
        _("juridisk kjønn"),
        max_length=7,
        choices=Gender.choices,
        default=Gender.UNKNOWN,
        editable=False,
    )
    phone = models.CharField(_("telefon"), max_length=20, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    protected_address = models.CharField(
        _("adressesperre"), max_length=5, choices=ProtectedAddress.choices, blank=True, default=""
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participant",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def national_id(self) -> str:
        return crypto.decrypt(self.national_id_encrypted)

    def set_national_id(self, number: str, kind: str) -> None:
        self.national_id_encrypted = crypto.encrypt(number)
        self.national_id_digest = crypto.lookup_digest(number)
        self.national_id_kind = kind
        self.gender = gender_from_national_id(number)

    @property
    def is_protected(self) -> bool:
        return bool(self.protected_address)


def active_on(day: datetime.date, start_field: str, end_field: str) -> Q:
    return Q(**{f"{start_field}__lte": day}) & (
        Q(**{f"{end_field}__isnull": True}) | Q(**{f"{end_field}__gte": day})
    )


class CareTeamMembershipQuerySet(models.QuerySet):
    def active(self, day: datetime.date | None = None):
        return self.filter(active_on(day or datetime.date.today(), "start_date", "end_date"))


class CareTeamMembership(models.Model):
    """A staff user's place on one participant's team, in one role for one organisation."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships"
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    start_date = models.DateField(_("fra"))
    end_date = models.DateField(_("til"), null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CareTeamMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("teammedlem")
        verbose_name_plural = _("teammedlemmer")
        indexes = [
            models.Index(fields=["user", "participant"]),
            models.Index(fields=["participant", "start_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="team_membership_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.get_role_display()}, {self.organisation}"


class ConsentQuerySet(models.QuerySet):
    def active(self, day: datetime.date | None = None):
        return self.filter(
            active_on(day or datetime.date.today(), "valid_from", "valid_to"),
            withdrawn_at__isnull=True,
        )


class Consent(models.Model):
    """The participant's consent to share one category of information with one organisation.

    A consent given for several categories at once is stored as one row per category, so
    each can be withdrawn on its own. Rows are never deleted: withdrawal is recorded.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("mottaker")
    )
    category = models.CharField(_("kategori"), max_length=32, choices=Category.choices)
    purpose = models.CharField(_("formål"), max_length=500)
    valid_from = models.DateField(_("gjelder fra"))
    valid_to = models.DateField(_("gjelder til"), null=True, blank=True)
    method = models.CharField(_("hvordan"), max_length=16, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        indexes = [models.Index(fields=["participant", "organisation", "category"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(category=Category.CORE), name="consent_not_for_core"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="consent_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} → {self.organisation}"

    def is_active(self, day: datetime.date | None = None) -> bool:
        day = day or datetime.date.today()
        return (
            self.withdrawn_at is None
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )


class AccessRequestState(models.TextChoices):
    WAITING = "waiting", _("venter på svar")
    ACCEPTED = "accepted", _("godtatt")
    DECLINED = "declined", _("avslått")


class AccessRequest(models.Model):
    """A staff member's request to join a participant's team, in one role for one
    organisation. It is made when someone registers a person who is already in Los: the
    requester is told nothing about the person, and the team's care roles decide. Accepting
    adds the requester to the team through the team service, so its rules apply."""

    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="access_requests"
    )
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_requests"
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("begrunnelse"), max_length=1000, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(
        _("status"),
        max_length=16,
        choices=AccessRequestState.choices,
        default=AccessRequestState.WAITING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    membership = models.ForeignKey(
        CareTeamMembership, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("forespørsel om å bli med i teamet")
        verbose_name_plural = _("forespørsler om å bli med i teamet")
        indexes = [models.Index(fields=["participant", "state"])]
        constraints = [
            # Asking again while a request waits does not make another one.
            models.UniqueConstraint(
                fields=["participant", "requester", "organisation", "role"],
                condition=Q(state="waiting"),
                name="one_waiting_access_request",
            ),
            models.CheckConstraint(
                condition=Q(state="waiting", decided_at__isnull=True)
                | (~Q(state="waiting") & Q(decided_at__isnull=False)),
                name="access_request_decided_when_answered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.participant_id} ({self.get_state_display()})"
