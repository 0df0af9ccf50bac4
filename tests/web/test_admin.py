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


def _participant_email(world):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.create(
        user=world.participant_user, email=world.participant_user.email, primary=True
    )


def _staff_email(world):
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.create(
        user=world.counsellor, email=world.counsellor.email, primary=True
    )


def test_admin_lists_staff_but_not_participant_email_addresses(client, world):
    participant_address, staff_address = _participant_email(world), _staff_email(world)
    client.force_login(world.admin)

    listing = client.get("/admin/account/emailaddress/").content.decode()
    searched = client.get("/admin/account/emailaddress/", {"q": "Sara"}).content.decode()
    change = client.get(
        f"/admin/account/emailaddress/{participant_address.pk}/change/", follow=True
    )
    staff_change = client.get(f"/admin/account/emailaddress/{staff_address.pk}/change/")

    assert world.counsellor.email in listing
    assert world.participant_user.email not in listing + searched
    assert "Deltaker" not in listing + searched
    assert world.participant_user.email not in change.content.decode()
    assert staff_change.status_code == 200


def test_admin_cannot_change_a_participants_login_address(client, world):
    participant_address = _participant_email(world)
    client.force_login(world.admin)
    takeover = {"user": world.participant_user.pk, "email": "admin-eier@example.no"}

    client.post(
        f"/admin/account/emailaddress/{participant_address.pk}/change/",
        {**takeover, "primary": "on", "verified": "on"},
    )
    client.post("/admin/account/emailaddress/add/", {**takeover, "verified": "on"})
    client.post(
        f"/admin/accounts/user/{world.participant_user.pk}/change/",
        {"email": "admin-eier@example.no", "first_name": "Sara", "last_name": "Deltaker"},
    )
    client.post(
        f"/admin/accounts/user/{world.participant_user.pk}/password/",
        {"password1": "Nytt-passord-123", "password2": "Nytt-passord-123"},
    )

    from allauth.account.models import EmailAddress

    world.participant_user.refresh_from_db()
    assert world.participant_user.email != "admin-eier@example.no"
    assert not world.participant_user.check_password("Nytt-passord-123")
    assert list(EmailAddress.objects.filter(user=world.participant_user)) == [participant_address]
    participant_address.refresh_from_db()
    assert participant_address.email == world.participant_user.email


@pytest.mark.parametrize(
    "url",
    [
        "/admin/accounts/user/{user}/change/",
        "/admin/accounts/user/{user}/password/",
        "/admin/mfa/authenticator/",
    ],
)
def test_admin_pages_for_a_participants_account_show_nothing(client, world, url):
    from allauth.mfa.totp.internal.auth import TOTP

    from tests.factories import TOTP_SECRET

    TOTP.activate(world.participant_user, TOTP_SECRET)
    client.force_login(world.admin)

    response = client.get(url.format(user=world.participant_user.pk), follow=True)

    assert "Sara Deltaker" not in response.content.decode()
    assert world.participant_user.email not in response.content.decode()


def test_admin_still_administers_staff_authenticators(client, world):
    client.force_login(world.admin)

    listing = client.get("/admin/mfa/authenticator/").content.decode()

    assert world.counsellor.display_name in listing or world.counsellor.email in listing


def test_every_admin_that_points_at_users_leaves_participants_out(world, rf):
    from allauth.mfa.totp.internal.auth import TOTP
    from django.test import Client
    from django.urls import reverse

    from los.access.models import RefusalLogEntry
    from los.accounts.models import User
    from tests.factories import TOTP_SECRET

    _participant_email(world)
    TOTP.activate(world.participant_user, TOTP_SECRET)
    # A participant's own refusal (a staff-only form on their record), so that every model
    # checked below holds a row that points at the participant's account.
    participant_client = Client()
    participant_client.force_login(world.participant_user)
    participant_client.post(reverse("team_add", args=[world.participant.public_id]), {})
    assert RefusalLogEntry.objects.filter(user=world.participant_user).exists()
    request = rf.get("/admin/")
    request.user = world.admin
    checked = []
    for model, model_admin in admin.site._registry.items():
        user_fields = [
            f.name
            for f in model._meta.get_fields()
            if f.is_relation and f.related_model is User and f.concrete
        ]
        rows = model_admin.get_queryset(request)
        if model is User:
            checked.append(model)
            assert not rows.filter(pk=world.participant_user.pk).exists()
        for name in user_fields:
            checked.append(model)
            assert not rows.filter(**{name: world.participant_user}).exists(), model

    assert len(checked) >= 3  # users, e-mail addresses, authenticators
