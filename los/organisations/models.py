from django.db import models
from django.utils.translation import gettext_lazy as _

from los.core.identifiers import clean_orgnr
from los.core.vocabulary import OrganisationKind, Sector


class Region(models.Model):
    """A region the regional unit (Arbeid & helse) and the reports group counties by. Data,
    not code: the default is the four health regions (docs/reporting.md), and an
    administrator may change which counties belong where."""

    code = models.SlugField(_("kode"), max_length=20, unique=True)
    name = models.CharField(_("navn"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self) -> str:
        return self.name


class County(models.Model):
    """A county (fylke) as of the 2024 reform; the number is SSB's two-digit code."""

    number = models.CharField(_("fylkesnummer"), max_length=2, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="counties",
        verbose_name=_("region"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("fylke")
        verbose_name_plural = _("fylker")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """A municipality, imported from an SSB KLASS export (municipalities change often)."""

    number = models.CharField(_("kommunenummer"), max_length=4, unique=True)
    name = models.CharField(_("navn"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


def validate_orgnr(value: str) -> None:
    clean_orgnr(value)


class Organisation(models.Model):
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=OrganisationKind.choices)
    orgnr = models.CharField(
        _("organisasjonsnummer"), max_length=9, unique=True, validators=[validate_orgnr]
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="organisations")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        indexes = [models.Index(fields=["kind", "county"])]

    def __str__(self) -> str:
        return self.name

    @property
    def sector(self) -> Sector:
        return OrganisationKind(self.kind).sector
