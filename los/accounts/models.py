from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from los.core.vocabulary import Role
from los.organisations.models import Organisation


class LosUserManager(UserManager):
    """Users log in with their e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        email = self.normalize_email(email)
        user = self.model(email=email, **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who logs in: staff in an organisation, a participant, or a system admin.

    `is_staff` keeps Django's meaning (may use the admin site for reference data). Working
    roles come from StaffRole; a participant account is linked from Participant.user.
    """

    username = None
    email = models.EmailField(_("e-postadresse"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = LosUserManager()

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email


class StaffRole(models.Model):
    """That a user works in an organisation in a role. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_roles")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff_roles"
    )
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices)
    active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        verbose_name = _("rolle i organisasjon")
        verbose_name_plural = _("roller i organisasjoner")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="staff_role_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.get_role_display()}, {self.organisation}"


class SignIn(models.Model):
    """That a user signed in, how, and at what level of assurance an identity provider vouched
    for (ID-porten's `acr`, docs/sign-in.md). Kept for the security record; not shown in the
    admin, whose lists would say who is a participant."""

    PASSWORD = "password"  # noqa: S105 - the name of a method, not a secret

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_ins")
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    # "password", or the OpenID Connect provider id: "idporten", "staff".
    method = models.CharField(_("innloggingsmåte"), max_length=32)
    assurance = models.CharField(_("sikkerhetsnivå"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("innlogging")
        verbose_name_plural = _("innlogginger")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user}, {self.method}, {self.at:%Y-%m-%d %H:%M}"
