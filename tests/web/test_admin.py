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


def test_reference_data_for_pathways_measurement_and_fidelity_is_in_the_admin():
    from los.fidelity.models import FidelityItem, FidelityScale
    from los.measures.models import Instrument, Response, SafetyTask
    from los.pathways.models import Enrolment, Programme

    registered = set(admin.site._registry)

    assert {Programme, Instrument, FidelityScale, FidelityItem} <= registered
    assert registered.isdisjoint({Enrolment, Response, SafetyTask})


def test_a_fidelity_item_gets_its_anchors_in_the_admin(client, world):
    from los.fidelity.models import FidelityItem, FidelityScale
    from los.fidelity.scales import install_fidelity_scales

    install_fidelity_scales(FidelityScale, FidelityItem)
    item = FidelityItem.objects.get(scale__code="ips-25", number=1)
    client.force_login(world.admin)
    url = f"/admin/fidelity/fidelityitem/{item.pk}/change/"

    response = client.post(
        url,
        {
            "number": 1,
            "section": item.section,
            "name": item.name,
            "summary": item.summary,
            "data_key": item.data_key,
            "anchor_1": "Mer enn 25 deltakere per spesialist.",
            "anchor_5": "Høyst 20 deltakere per spesialist.",
        },
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.anchors == {
        "1": "Mer enn 25 deltakere per spesialist.",
        "5": "Høyst 20 deltakere per spesialist.",
    }
    assert "Høyst 20 deltakere" in client.get(url).content.decode()
