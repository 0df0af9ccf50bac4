"""The admin holds reference data only, and validates what is typed there too."""

import pytest
from django.contrib import admin

from los.organisations.models import Organisation
from los.participants.models import CareTeamMembership, Consent, Participant

pytestmark = pytest.mark.django_db


def test_no_personal_data_is_registered_in_the_admin():
    registered = set(admin.site._registry)

    assert registered.isdisjoint({Participant, CareTeamMembership, Consent})


def test_admin_refuses_an_organisation_number_with_a_bad_check_digit(client, world):
    client.force_login(world.admin)
    before = Organisation.objects.count()

    response = client.post(
        "/admin/organisations/organisation/add/",
        {
            "name": "Feil AS",
            "kind": "employer",
            "orgnr": "988077918",
            "county": world.nav_office.county_id,
        },
    )

    assert response.status_code == 200
    assert "Kontrollsifferet i organisasjonsnummeret stemmer ikke." in response.content.decode()
    assert Organisation.objects.count() == before


def test_admin_lists_staff_but_not_participant_accounts(client, world):
    client.force_login(world.admin)

    page = client.get("/admin/accounts/user/").content.decode()

    assert world.counsellor.email in page
    assert world.participant_user.email not in page
