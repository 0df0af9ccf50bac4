"""Every URL of the plans' measures × every role in the demo, GET and POST.

The programme manager reads and writes everything; a county coordinator reads everything and
writes their county's part (here Nordland's; the one in Troms may not); the regional advisor
reads; to everyone else (the roles that work with participants, the quality reviewer, a
participant, an administrator without a role) the pages do not exist. Expected answers:
200 shown, 302 sent on (to log in, or after saving), 403 may read but not write this, 404
does not exist for you, 405 a page that only shows, asked with POST."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse

from los.access.models import ChangeLogEntry
from los.actionplans.models import MeasureReport
from los.core.vocabulary import OrganisationKind, Role
from tests.factories import (
    TOTP_SECRET,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
    staff_user,
)

pytestmark = pytest.mark.django_db

VIEWERS = [
    "anonymous", "participant", "admin",
    "counsellor", "pilot", "job_specialist", "ips_supervisor", "therapist", "gp",
    "coordinator", "employer_contact", "fidelity_reviewer",
    "regional_advisor", "county_coordinator", "county_coordinator_troms", "programme_manager",
]  # fmt: skip

GET = {
    #                        ano par adm cou pil spe sup the gp  coo emp fid reg cty tro pro
    "actionplan_list":      (302,404,404,404,404,404,404,404,404,404,404,404,200,200,200,200),
    "actionplan_measures":  (302,404,404,404,404,404,404,404,404,404,404,404,200,200,200,200),
    "measure_detail":       (302,404,404,404,404,404,404,404,404,404,404,404,200,200,200,200),
    # The report on Nordland's part for 2014.
    "measure_report":       (302,404,404,404,404,404,404,404,404,404,404,404,403,200,403,200),
    # The report on the whole measure for 2014.
    "measure_report_whole": (302,404,404,404,404,404,404,404,404,404,404,404,403,403,403,200),
    # Which report to write: asked of those who write.
    "measure_report_choose":(302,404,404,404,404,404,404,404,404,404,404,404,403,200,200,200),
    "yearly_report":        (302,404,404,404,404,404,404,404,404,404,404,404,200,200,200,200),
    "yearly_report_pdf":    (302,404,404,404,404,404,404,404,404,404,404,404,200,200,200,200),
}  # fmt: skip

POST = {
    #                        ano par adm cou pil spe sup the gp  coo emp fid reg cty tro pro
    "actionplan_list":      (302,405,405,405,405,405,405,405,405,405,405,405,405,405,405,405),
    "actionplan_measures":  (302,405,405,405,405,405,405,405,405,405,405,405,405,405,405,405),
    "measure_detail":       (302,405,405,405,405,405,405,405,405,405,405,405,405,405,405,405),
    "measure_report":       (302,404,404,404,404,404,404,404,404,404,404,404,403,302,403,302),
    "measure_report_whole": (302,404,404,404,404,404,404,404,404,404,404,404,403,403,403,302),
    # A report form posted without saying which report saves nothing.
    "measure_report_choose":(302,404,404,404,404,404,404,404,404,404,404,404,403,400,400,400),
    "yearly_report":        (302,405,405,405,405,405,405,405,405,405,405,405,405,405,405,405),
    "yearly_report_pdf":    (302,405,405,405,405,405,405,405,405,405,405,405,405,405,405,405),
}  # fmt: skip

ROLE_OF = {
    "counsellor": (Role.COUNSELLOR, OrganisationKind.NAV_OFFICE),
    "pilot": (Role.PILOT, OrganisationKind.NAV_OFFICE),
    "job_specialist": (Role.JOB_SPECIALIST, OrganisationKind.NAV_OFFICE),
    "ips_supervisor": (Role.IPS_SUPERVISOR, OrganisationKind.NAV_OFFICE),
    "therapist": (Role.THERAPIST, OrganisationKind.HEALTH_TRUST),
    "gp": (Role.GP, OrganisationKind.GP_PRACTICE),
    "coordinator": (Role.COORDINATOR, OrganisationKind.MUNICIPAL_MENTAL_HEALTH),
    "employer_contact": (Role.EMPLOYER_CONTACT, OrganisationKind.EMPLOYER),
    "fidelity_reviewer": (Role.FIDELITY_REVIEWER, OrganisationKind.REGIONAL_UNIT),
}


def test_every_url_of_the_measures_is_in_the_matrix():
    from los.web import urls

    names = {p.name for p in urls.urlpatterns if p.callback.__module__.endswith("actionplan_views")}

    assert {name.removesuffix("_whole").removesuffix("_choose") for name in GET} == names
    assert set(GET) == set(POST)


def _viewer(people, viewer):
    if viewer == "anonymous":
        return None
    if viewer == "participant":
        user = UserFactory()
        ParticipantFactory(user=user)
        return user
    if viewer == "admin":
        admin = UserFactory(is_staff=True, is_superuser=True)
        TOTP.activate(admin, TOTP_SECRET)  # staff without an authenticator are sent to set one up
        return admin
    if viewer in ROLE_OF:
        role, kind = ROLE_OF[viewer]
        return staff_user(OrganisationFactory(kind=kind), role)
    return {
        "regional_advisor": people.regional_advisor,
        "county_coordinator": people.nordland_coordinator,
        "county_coordinator_troms": people.troms_coordinator,
        "programme_manager": people.programme_manager,
    }[viewer]


def _url(people, name):
    plan = {"plan_code": "2013-2016"}
    measure = {**plan, "number": "10"}
    return {
        "actionplan_list": reverse("actionplan_list"),
        "actionplan_measures": reverse("actionplan_measures", kwargs=plan),
        "measure_detail": reverse("measure_detail", kwargs=measure),
        "measure_report": reverse("measure_report", kwargs=measure)
        + f"?periode=2014&fylke={people.nordland.number}",
        "measure_report_whole": reverse("measure_report", kwargs=measure) + "?periode=2014",
        "measure_report_choose": reverse("measure_report", kwargs=measure),
        "yearly_report": reverse("yearly_report", kwargs={**plan, "year": 2014}),
        "yearly_report_pdf": reverse("yearly_report_pdf", kwargs={**plan, "year": 2014}),
    }[name]


FORM = {
    "version": "0", "status": "in_progress", "nok": "1 250 000", "staff_years": "2,5",
    "places": "40", "results": "Sju piloter i gang.",
}  # fmt: skip


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("name", sorted(GET))
def test_get_answers_as_the_matrix_says(client, people, name, viewer):
    user = _viewer(people, viewer)
    if user is not None:
        client.force_login(user)

    response = client.get(_url(people, name))

    assert response.status_code == GET[name][VIEWERS.index(viewer)]


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("name", sorted(POST))
def test_post_answers_as_the_matrix_says_and_only_writers_change_anything(
    client, people, name, viewer
):
    user = _viewer(people, viewer)
    if user is not None:
        client.force_login(user)
    expected = POST[name][VIEWERS.index(viewer)]

    response = client.post(_url(people, name), FORM)

    assert response.status_code == expected
    saved = (MeasureReport.objects.count(), ChangeLogEntry.objects.count())
    assert saved == ((1, 1) if expected == 302 and user is not None else (0, 0))


def test_nobody_without_a_reading_role_sees_a_link_to_the_measures(client, people):
    link = reverse("actionplan_list")
    for viewer in VIEWERS[1:12]:
        client.force_login(_viewer(people, viewer))

        assert f'href="{link}"' not in client.get(reverse("mfa_index")).content.decode(), viewer
