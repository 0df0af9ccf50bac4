"""The dimensions every report cube has, read from the reference data at the time of the
report: the geography, the NAV office, the programme, the age group and the gender.

- Geography: the service (the organisation that runs the enrolment, Enrolment.organisation)
  → the municipality the service lies in → its county → the county's region → the nation.
  A service registered with no municipality adds up to its county directly, and a county
  with no region to the nation, so the totals hold whatever is filled in. Regions are data
  (organisations.Region; the four health regions by default, docs/reporting.md).
- NAV office: a second way to break the nation down, by the office of the participant's
  NAV counsellor (the earliest counsellor on the care team whose membership was active in
  the period). Participants with no counsellor on the team are counted under «ingen
  NAV-veileder i teamet», so the offices add up to the nation.
- Programme, age group (under 30 / 30 and over on the period's last day) and gender (legal
  gender from the national id; female, male, unknown).

Values are written «level:code» («service:17», «municipality:1804», «county:18»,
«region:nord», «office:17», «office:none»), so one geography value names one unit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from los.core.vocabulary import Gender, OrganisationKind
from los.organisations.models import County, Organisation, Region
from los.pathways.models import EndCause, Enrolment, Programme
from los.reporting.cube import ALL, Dimension
from los.reporting.figures import NO_COUNSELLOR, NO_END_CAUSE, age_group_labels
from los.reporting.scopes import Level, Scope

GEOGRAPHY, OFFICE, PROGRAMME, AGE_GROUP, GENDER, END_CAUSE = (
    "geography",
    "office",
    "programme",
    "age_group",
    "gender",
    "end_cause",
)
MAIN_AXES = (GEOGRAPHY, OFFICE, PROGRAMME, AGE_GROUP, GENDER)

# The shapes of the published cells (cube.py: the axes not at ALL). Either the geography
# at any level or an office, never both; crossed with at most one of programme, age group
# and gender (cells of programme × age × gender would be mostly small).
_G, _O, _P, _A, _S = range(5)
BREAKDOWN_AXES = (_P, _A, _S)
MAIN_SHAPES = tuple(
    frozenset(unit | breakdown)
    for unit in (set(), {_G}, {_O})
    for breakdown in (set(), {_P}, {_A}, {_S})
)
# The end causes: as the main cube, and the geography or office by end cause.
_C = 5
END_SHAPES = (*MAIN_SHAPES, *(frozenset(unit | {_C}) for unit in (set(), {_G}, {_O})))


def service_value(organisation_id) -> str:
    return f"service:{organisation_id}"


def office_value(organisation_id) -> str:
    return f"office:{organisation_id}"


def scope_value(scope: Scope) -> tuple[int, str]:
    """(axis, value): where a scope's unit sits in the main cube."""
    level, code = Level(scope.level), scope.code
    if level == Level.NATION:
        return _G, ALL
    if level == Level.OFFICE:
        return _O, office_value(code)
    prefix = {
        Level.SERVICE: "service",
        Level.MUNICIPALITY: "municipality",
        Level.COUNTY: "county",
        Level.REGION: "region",
    }[level]
    return _G, f"{prefix}:{code}"


def value_scope(value: str) -> Scope | None:
    """The scope a geography or office value is the unit of (for links to its report)."""
    if value == ALL:
        return Scope(Level.NATION)
    prefix, _sep, code = value.partition(":")
    level = {
        "service": Level.SERVICE,
        "municipality": Level.MUNICIPALITY,
        "county": Level.COUNTY,
        "region": Level.REGION,
        "office": Level.OFFICE,
    }.get(prefix)
    if level is None or code == NO_COUNSELLOR:
        return None
    return Scope(level, code)


@dataclass(frozen=True)
class Dimensions:
    geography: Dimension
    office: Dimension
    programme: Dimension
    age_group: Dimension
    gender: Dimension
    end_cause: Dimension

    @property
    def main(self) -> tuple[Dimension, ...]:
        return (self.geography, self.office, self.programme, self.age_group, self.gender)

    @property
    def ends(self) -> tuple[Dimension, ...]:
        return (*self.main, self.end_cause)

    def fingerprint(self) -> tuple:
        """What the cached figures depend on beyond the data: which unit adds up to which,
        and the values there are."""
        return tuple((tuple(d.labels), tuple(sorted(d.parents.items()))) for d in self.ends)


def load_dimensions(extra_offices=()) -> Dimensions:
    """The dimensions as the reference data says now, in four queries. `extra_offices`:
    organisation ids a counsellor belongs to that are not NAV offices (still shown)."""
    services = list(
        Organisation.objects.filter(Exists(Enrolment.objects.filter(organisation=OuterRef("pk"))))
        .select_related("municipality")
        .order_by("name", "pk")
    )
    counties = list(County.objects.select_related("region").order_by("name"))
    regions = list(Region.objects.order_by("name"))
    offices = list(
        Organisation.objects.filter(
            Q(kind=OrganisationKind.NAV_OFFICE) | Q(pk__in=list(extra_offices))
        ).order_by("name", "pk")
    )
    programmes = list(Programme.objects.order_by("order", "name"))
    return _dimensions(services, counties, regions, offices, programmes)


def _dimensions(services, counties, regions, offices, programmes) -> Dimensions:
    labels: dict[str, str] = {ALL: _("Hele landet")}
    parents: dict[str, str] = {}
    for region in regions:
        labels[f"region:{region.code}"] = region.name
    for county in counties:
        value = f"county:{county.number}"
        labels[value] = county.name
        if county.region_id:
            parents[value] = f"region:{county.region.code}"
    county_value = {county.pk: f"county:{county.number}" for county in counties}
    municipalities = {}
    for service in services:
        if service.municipality_id:
            municipalities[service.municipality.number] = service.municipality
    for number, municipality in sorted(municipalities.items(), key=lambda item: item[1].name):
        value = f"municipality:{number}"
        labels[value] = municipality.name
        parents[value] = county_value.get(municipality.county_id, ALL)
    for service in services:
        value = service_value(service.pk)
        labels[value] = service.name
        parents[value] = (
            f"municipality:{service.municipality.number}"
            if service.municipality_id
            else county_value.get(service.county_id, ALL)
        )
    geography = Dimension(GEOGRAPHY, labels, parents)
    office_labels = {ALL: _("Alle NAV-kontor")}
    for office in offices:
        office_labels[office_value(office.pk)] = office.name
    office_labels[office_value(NO_COUNSELLOR)] = _("Ingen NAV-veileder i teamet")
    return Dimensions(
        geography=geography,
        office=Dimension(OFFICE, office_labels),
        programme=Dimension(
            PROGRAMME, {ALL: _("Alle program"), **{p.code: p.name for p in programmes}}
        ),
        age_group=Dimension(AGE_GROUP, {ALL: _("Alle aldre"), **age_group_labels()}),
        gender=Dimension(
            GENDER,
            {
                ALL: _("Alle"),
                Gender.FEMALE: _("Kvinner"),
                Gender.MALE: _("Menn"),
                Gender.UNKNOWN: _("Ukjent kjønn"),
            },
        ),
        end_cause=Dimension(
            END_CAUSE,
            {
                ALL: _("Alle årsaker"),
                **{c.value: str(c.label) for c in EndCause},
                NO_END_CAUSE: _("ikke oppgitt"),
            },
        ),
    )
