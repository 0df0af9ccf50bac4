"""Keeping the directory: who may create and change an offer, and the changes themselves,
each with its change-log row in the same transaction.

Who keeps an offer (docs/service-directory.md):
- the county coordinator (Role.COUNTY_COORDINATOR), for offers at organisations in the
  county of the organisation they hold the role in, and only there;
- the staff of the offering organisation (any active staff role there).
`may_edit_offer` is the one rule: the views ask it to show a form or a link, and the
domain functions below ask it again before they change anything."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from los.access.audit import record_change
from los.access.policy import staff_roles_of
from los.core.editing import stale_edit_error
from los.core.text import cleans_text
from los.core.vocabulary import OrganisationKind, Role
from los.directory.kinds import OfferKind, Route
from los.directory.models import MAX_CAPACITY, Offer
from los.organisations.models import Organisation

# Kinds of organisation that offer services to people or employers. An employer's staff
# and the directorate keep no offers.
OFFERING_KINDS = frozenset(OrganisationKind) - {
    OrganisationKind.EMPLOYER,
    OrganisationKind.DIRECTORATE,
}
FIELDS = (
    "kind",
    "name",
    "target_group",
    "how_to_refer",
    "routes",
    "phone",
    "email",
    "web",
    "capacity",
    "is_open",
)


def coordinated_county_ids(user) -> set[int]:
    """The counties in which `user` is the county coordinator."""
    return {
        r.organisation.county_id for r in staff_roles_of(user) if r.role == Role.COUNTY_COORDINATOR
    }


def may_edit_offer(user, organisation: Organisation) -> bool:
    """May `user` create or change offers at `organisation`? The county coordinator of its
    county, or someone who works there; never for an employer or the directorate."""
    if not user.is_authenticated or organisation.kind not in OFFERING_KINDS:
        return False
    roles = staff_roles_of(user)
    if any(r.organisation_id == organisation.pk for r in roles):
        return True
    return organisation.county_id in coordinated_county_ids(user)


def may_keep_offers(user) -> bool:
    """Keeps some offers: the header shows «Tilbud vi har» (no query beyond the roles)."""
    return any(
        r.role == Role.COUNTY_COORDINATOR or r.organisation.kind in OFFERING_KINDS
        for r in staff_roles_of(user)
    )


def organisations_kept_by(user):
    """The organisations whose offers `user` keeps, as a queryset (the form's choices)."""
    own = [r.organisation_id for r in staff_roles_of(user)]
    counties = coordinated_county_ids(user)
    return Organisation.objects.filter(
        Q(pk__in=own) | Q(county_id__in=counties), kind__in=OFFERING_KINDS
    ).select_related("county")


def _check(organisation: Organisation, values: dict, municipalities) -> None:
    """Everything that must hold before an offer is saved; every error at once."""
    errors: dict[str, list[str]] = {}

    def error(field, message):
        errors.setdefault(field, []).append(message)

    if values.get("kind") not in OfferKind.values:
        error("kind", _("Velg hva slags tilbud dette er."))
    if not values.get("name", "").strip():
        error("name", _("Skriv navnet på tilbudet."))
    if not values.get("target_group", "").strip():
        error("target_group", _("Skriv hvem tilbudet er for."))
    if not values.get("how_to_refer", "").strip():
        error("how_to_refer", _("Skriv hvordan man kommer i kontakt med tilbudet."))
    routes = values.get("routes") or []
    if not routes:
        error(
            "routes",
            _("Velg minst én vei inn: hvem kan henvise, eller om man kan ta kontakt selv."),
        )
    elif any(route not in Route.values for route in routes):
        error("routes", _("Ukjent vei inn til tilbudet."))
    if not municipalities:
        error("municipalities", _("Velg minst én kommune som tilbudet gjelder for."))
    elif any(m.county_id != organisation.county_id for m in municipalities):
        error(
            "municipalities",
            _("Kommunene må ligge i %(county)s, fylket der %(organisation)s er.")
            % {"county": organisation.county.name, "organisation": organisation.name},
        )
    if not (values.get("phone") or values.get("email") or values.get("web")):
        error(
            "phone",
            _("Skriv minst én måte å kontakte tilbudet på: telefon, e-post eller nettside."),
        )
    capacity = values.get("capacity")
    if capacity is not None and not 0 <= capacity <= MAX_CAPACITY:
        error("capacity", _("Antall plasser må være fra 0 til %(max)d.") % {"max": MAX_CAPACITY})
    if errors:
        raise ValidationError(errors)


def _values(fields: dict) -> dict:
    values = {name: fields.get(name) for name in FIELDS}
    for name in ("name", "target_group", "how_to_refer", "phone", "email", "web"):
        values[name] = (values[name] or "").strip()
    values["routes"] = list(dict.fromkeys(values["routes"] or []))
    values["is_open"] = bool(values["is_open"])
    return values


@transaction.atomic
@cleans_text("name", "phone", "email", "web", multiline=("target_group", "how_to_refer"))
def offer_create(*, user, organisation: Organisation, municipalities, **fields) -> Offer:
    """Create an offer at `organisation`. Refused (403) unless may_edit_offer; bad input is
    a ValidationError and nothing is saved."""
    if not may_edit_offer(user, organisation):
        raise PermissionDenied
    municipalities = list(municipalities)
    values = _values(fields)
    _check(organisation, values, municipalities)
    offer = Offer.objects.create(organisation=organisation, **values)
    offer.municipalities.set(municipalities)
    record_change(
        actor=user,
        participant=None,
        action="offer.created",
        obj=offer,
        data={"organisation": organisation.pk, "kind": offer.kind, "is_open": offer.is_open},
    )
    return offer


@transaction.atomic
@cleans_text("name", "phone", "email", "web", multiline=("target_group", "how_to_refer"))
def offer_update(*, user, offer_id: int, version: int, municipalities, **fields) -> Offer:
    """Change an offer. The organisation stays; who keeps it is asked again under a row
    lock, and an edit made on an older version than the stored one is refused, so that two
    keepers do not overwrite each other unseen."""
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("organisation__county")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None or not may_edit_offer(user, offer.organisation):
        raise PermissionDenied
    if offer.version != version:
        raise stale_edit_error()
    municipalities = list(municipalities)
    values = _values(fields)
    _check(offer.organisation, values, municipalities)
    changed = [name for name in FIELDS if getattr(offer, name) != values[name]]
    before = set(offer.municipalities.values_list("pk", flat=True))
    after = {m.pk for m in municipalities}
    if before != after:
        changed.append("municipalities")
    if not changed:
        return offer
    for name, value in values.items():
        setattr(offer, name, value)
    offer.version += 1
    offer.save()
    if before != after:
        offer.municipalities.set(municipalities)
    record_change(
        actor=user,
        participant=None,
        action="offer.changed",
        obj=offer,
        data={"fields": changed, "is_open": offer.is_open},
    )
    return offer
