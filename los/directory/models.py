"""The service directory: offers (tilbud) at organisations, for the public page /tilbud/ and
for the people who keep them (los.directory.services). An offer holds no personal data."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
    routes = ArrayField(
        models.CharField(max_length=16, choices=Route.choices),
        verbose_name=_("hvem kan henvise"),
    )
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
