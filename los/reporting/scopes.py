"""Which figures a report covers (a level and the one unit at that level), and who may read
which: the one rule the pages and the report command both ask (`scopes_for`,
`report_access`, `may_read_report`).

A service's own staff see their service's figures exactly; everyone above it (the county
coordinator, the regional unit, the programme manager) sees them through disclosure control
and may open any unit inside their own (docs/reporting.md, «Hvem ser hvilke tall»).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from los.core.text import clean_text
from los.core.vocabulary import CARE_ROLES, OrganisationKind, Role

# Staff of a service: those who follow its participants up, and the method supervisor who
# supervises its job specialists. Their quality work needs their own figures as they are.
SERVICE_STAFF_ROLES = CARE_ROLES | {Role.IPS_SUPERVISOR}


class Level(models.TextChoices):
    SERVICE = "service", _("tjeneste")
    OFFICE = "office", _("NAV-kontor")
    MUNICIPALITY = "municipality", _("kommune")
    COUNTY = "county", _("fylke")
    REGION = "region", _("region")
    NATION = "national", _("hele landet")


# The shape of each level's code, checked before anything is looked up: a code of the wrong
# shape is a mistake in the address, not a unit that might exist.
CODE_PATTERNS = {
    Level.SERVICE: re.compile(r"[1-9][0-9]{0,17}"),
    Level.OFFICE: re.compile(r"[1-9][0-9]{0,17}"),
    Level.MUNICIPALITY: re.compile(r"[0-9]{4}"),
    Level.COUNTY: re.compile(r"[0-9]{2}"),
    Level.REGION: re.compile(r"[a-z0-9][a-z0-9-]{0,19}"),
    Level.NATION: re.compile(r""),
}

# Narrowest first: the order the front page lists one's reports in.
LEVEL_ORDER = [
    Level.SERVICE,
    Level.OFFICE,
    Level.MUNICIPALITY,
    Level.COUNTY,
    Level.REGION,
    Level.NATION,
]


@dataclass(frozen=True)
class Scope:
    level: Level
    # The unit: an organisation's id (service, office), a municipality or county number, a
    # region code; "" for the nation.
    code: str = ""


NATION = Scope(Level.NATION)


class BadScope(ValueError):
    """A level or code that cannot name any unit; the message is for the reader."""


def parse_scope(level: str, code: str) -> Scope:
    """The scope an address names, or BadScope with a Norwegian message (which repeats the
    address without control or direction characters). Whether the unit exists, and whether
    the reader may see it, is asked afterwards (report_access)."""
    try:
        parsed = Level(level)
    except ValueError:
        raise BadScope(
            _(
                "«%(level)s» er ikke et nivå. Nivåene er tjeneste, NAV-kontor, kommune, "
                "fylke, region og hele landet."
            )
            % {"level": clean_text(level)[:40]}
        ) from None
    if not CODE_PATTERNS[parsed].fullmatch(code):
        raise BadScope(
            _("«%(code)s» er ikke en gyldig kode for %(level)s.")
            % {"code": clean_text(code)[:40], "level": parsed.label}
        )
    return Scope(parsed, code)


@dataclass(frozen=True)
class Grant:
    """What one of a user's staff roles lets them read: a scope, exact or suppressed. A
    suppressed grant also opens every unit inside it; an exact one only its own service."""

    scope: Scope
    exact: bool
    staff_role: object  # the StaffRole that gives it: who the reader was, for the log


def scopes_for(user) -> list[Grant]:
    """The reports `user` may open from the front page, narrowest first; none for
    participants, employer contacts, reviewers and administrators without a role.

    - a care role or method supervisor at an organisation that runs enrolments: that
      service, exact;
    - a county coordinator: their organisation's county, suppressed;
    - a regional advisor: the region of their organisation's county, suppressed;
    - a programme manager: the nation, suppressed.

    One query beyond the staff roles, remembered on the user (who lives for one request).
    """
    if not user.is_authenticated or not user.is_active:
        return []
    if hasattr(user, "_los_report_grants"):
        return user._los_report_grants
    from los.access.policy import staff_roles_of

    roles = staff_roles_of(user)
    grants: dict[Scope, Grant] = {}
    places = _places_of({role.organisation_id for role in roles}) if roles else {}
    for role in roles:
        place = places[role.organisation_id]
        grant = None
        if role.role in SERVICE_STAFF_ROLES and place.runs_enrolments:
            grant = Grant(Scope(Level.SERVICE, str(role.organisation_id)), True, role)
        elif role.role == Role.COUNTY_COORDINATOR:
            grant = Grant(Scope(Level.COUNTY, place.county), False, role)
        elif role.role == Role.REGIONAL_ADVISOR and place.region:
            grant = Grant(Scope(Level.REGION, place.region), False, role)
        elif role.role == Role.PROGRAMME_MANAGER:
            grant = Grant(NATION, False, role)
        if grant and grant.scope not in grants:
            grants[grant.scope] = grant
    ordered = sorted(
        grants.values(), key=lambda g: (LEVEL_ORDER.index(g.scope.level), g.scope.code)
    )
    user._los_report_grants = ordered
    return ordered


@dataclass(frozen=True)
class _Place:
    county: str
    region: str
    runs_enrolments: bool


def _places_of(organisation_ids) -> dict[int, _Place]:
    from los.organisations.models import Organisation
    from los.pathways.models import Enrolment

    rows = (
        Organisation.objects.filter(pk__in=organisation_ids)
        .annotate(runs=Exists(Enrolment.objects.filter(organisation=OuterRef("pk"))))
        .values_list("pk", "county__number", "county__region__code", "runs")
    )
    return {pk: _Place(county, region or "", runs) for pk, county, region, runs in rows}


@dataclass(frozen=True)
class Unit:
    """A unit a report can be about, with where it lies: the county and region it is in
    (its own number or code at those levels; "" above them)."""

    scope: Scope
    name: str
    county: str = ""
    region: str = ""


def find_unit(scope: Scope) -> Unit | None:
    """The unit a scope names, or None when there is none. A service is an organisation
    that runs enrolments; an office is a NAV office. One query (none for the nation)."""
    from los.organisations.models import County, Municipality, Organisation, Region
    from los.pathways.models import Enrolment

    level, code = scope.level, scope.code
    if level == Level.NATION:
        return Unit(scope, str(_("Hele landet"))) if code == "" else None
    if level in (Level.SERVICE, Level.OFFICE):
        organisations = Organisation.objects.filter(pk=int(code))
        if level == Level.SERVICE:
            organisations = organisations.filter(
                Exists(Enrolment.objects.filter(organisation=OuterRef("pk")))
            )
        else:
            organisations = organisations.filter(kind=OrganisationKind.NAV_OFFICE)
        row = organisations.values_list("name", "county__number", "county__region__code").first()
    elif level == Level.MUNICIPALITY:
        row = (
            Municipality.objects.filter(number=code)
            .values_list("name", "county__number", "county__region__code")
            .first()
        )
    elif level == Level.COUNTY:
        row = (
            County.objects.filter(number=code).values_list("name", "number", "region__code").first()
        )
    else:
        row = Region.objects.filter(code=code).values_list("name", "code").first()
        row = row and (row[0], "", row[1])
    if row is None:
        return None
    name, county, region = row
    return Unit(scope, name, county or "", region or "")


def covers(grant: Grant, unit: Unit) -> bool:
    """Whether a grant opens a unit: an exact grant only its own service, a suppressed one
    its unit and everything inside it."""
    if grant.scope == unit.scope:
        return True
    if grant.exact:
        return False
    level, code = grant.scope.level, grant.scope.code
    if level == Level.NATION:
        return True
    if level == Level.REGION:
        return unit.region == code
    if level == Level.COUNTY:
        return unit.county == code
    return False


@dataclass(frozen=True)
class ReportAccess:
    unit: Unit
    exact: bool
    grant: Grant  # the grant it comes through: the exact one when there is one


def report_access(user, scope: Scope) -> ReportAccess | None:
    """How `user` may read the report on `scope`, or None: then the page is a 404 whether
    or not the unit exists, so nobody learns of a unit they may not see."""
    grants = scopes_for(user)
    if not grants:
        return None
    unit = find_unit(scope)
    if unit is None:
        return None
    opening = [grant for grant in grants if covers(grant, unit)]
    if not opening:
        return None
    exact = [grant for grant in opening if grant.exact]
    return ReportAccess(unit=unit, exact=bool(exact), grant=(exact or opening)[0])


def may_read_report(user, scope: Scope) -> tuple[bool, bool]:
    """(allowed, exact): may `user` read the report on `scope`, and with exact figures?"""
    access = report_access(user, scope)
    return (access is not None, bool(access and access.exact))


@dataclass(frozen=True)
class Choices:
    """The units a reader may open below their own, for the front page: exactly what
    `covers` lets their suppressed grants open. Each is a list of (Scope, name, group)."""

    regions: list
    counties: list
    municipalities: list
    services: list
    offices: list


def choosable_units(grants: list[Grant]) -> Choices:
    """Five queries whatever the number of units (none without a suppressed grant)."""
    from los.organisations.models import County, Municipality, Organisation, Region
    from los.pathways.models import Enrolment

    wide = [grant for grant in grants if not grant.exact]
    if not wide:
        return Choices([], [], [], [], [])

    def inside(county_path: str | None, region_path: str) -> models.Q:
        """The units inside any of the wide grants; the paths lead to a unit's county number
        and region code (no county path: a county grant has none of these units inside)."""
        condition = models.Q(pk__in=[])
        for grant in wide:
            level, code = grant.scope.level, grant.scope.code
            if level == Level.NATION:
                return models.Q()
            if level == Level.REGION:
                condition |= models.Q(**{region_path: code})
            if level == Level.COUNTY and county_path:
                condition |= models.Q(**{county_path: code})
        return condition

    services_query = Organisation.objects.filter(
        Exists(Enrolment.objects.filter(organisation=OuterRef("pk")))
    ).filter(inside("county__number", "county__region__code"))
    regions = Region.objects.filter(inside(None, "code"))
    counties = County.objects.filter(inside(None, "region__code")).select_related("region")
    municipalities = Municipality.objects.filter(
        pk__in=services_query.values("municipality")
    ).select_related("county")
    services = services_query.select_related("county").order_by("county__number", "name")
    offices = (
        Organisation.objects.filter(kind=OrganisationKind.NAV_OFFICE)
        .filter(inside("county__number", "county__region__code"))
        .select_related("county")
        .order_by("county__number", "name")
    )
    return Choices(
        regions=[(Scope(Level.REGION, r.code), r.name, "") for r in regions.order_by("name")],
        counties=[
            (Scope(Level.COUNTY, c.number), c.name, c.region.name if c.region else "")
            for c in counties.order_by("number")
        ],
        municipalities=[
            (Scope(Level.MUNICIPALITY, m.number), m.name, m.county.name)
            for m in municipalities.order_by("county__number", "name")
        ],
        services=[(Scope(Level.SERVICE, str(s.pk)), s.name, s.county.name) for s in services],
        offices=[(Scope(Level.OFFICE, str(o.pk)), o.name, o.county.name) for o in offices],
    )
