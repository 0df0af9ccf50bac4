"""Reading the directory: the public search by municipality and need, an offer's own page,
and the offers a keeper keeps. Fixed numbers of queries, whatever the number of offers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from los.directory.kinds import Need, kinds_for_need
from los.directory.models import Offer
from los.organisations.models import Municipality

MUNICIPALITY_NUMBER = re.compile(r"\d{4}")


@dataclass
class Search:
    """What was asked on /tilbud/ and what it found; `errors` says in plain Norwegian what
    could not be used (the search then shows no offers rather than all of them)."""

    municipality: Municipality | None = None
    need: Need | None = None
    errors: list[str] = field(default_factory=list)
    kommune: str = ""
    behov: str = ""


def parse_search(params) -> Search:
    """Read `?kommune=` (SSB's four-digit municipality number) and `?behov=` (a Need)."""
    search = Search(
        kommune=(params.get("kommune") or "").strip()[:20],
        behov=(params.get("behov") or "").strip()[:20],
    )
    if search.kommune:
        if not MUNICIPALITY_NUMBER.fullmatch(search.kommune):
            search.errors.append(
                _("Kommunenummeret må være fire sifre, for eksempel 1804 for Bodø.")
            )
        else:
            search.municipality = (
                Municipality.objects.select_related("county").filter(number=search.kommune).first()
            )
            if search.municipality is None:
                search.errors.append(
                    _("Vi finner ingen kommune med nummeret %(number)s. Velg kommunen fra listen.")
                    % {"number": search.kommune}
                )
    if search.behov:
        if search.behov in Need.values:
            search.need = Need(search.behov)
        else:
            search.errors.append(_("Velg et behov fra listen."))
    return search


def offers_for(search: Search):
    """The offers that answer the search, open ones first. One query."""
    offers = Offer.objects.select_related("organisation").order_by("-is_open", "name", "pk")
    if search.municipality is not None:
        offers = offers.filter(municipalities=search.municipality)
    if search.need is not None:
        offers = offers.filter(kind__in=kinds_for_need(search.need))
    return offers


def municipality_choices():
    """Every municipality, by county and name, for the search form. One query."""
    return Municipality.objects.select_related("county").order_by("county__number", "name")


def offer_page(offer_id: int) -> Offer | None:
    """One offer with its organisation and municipalities: two queries."""
    return (
        Offer.objects.select_related("organisation__county")
        .prefetch_related(Prefetch("municipalities", Municipality.objects.order_by("name")))
        .filter(pk=offer_id)
        .first()
    )


def offers_kept_by(user):
    """The offers at the organisations `user` keeps (los.directory.services)."""
    from los.directory.services import organisations_kept_by

    return (
        Offer.objects.filter(organisation__in=organisations_kept_by(user))
        .select_related("organisation")
        .order_by("organisation__name", "name", "pk")
    )
