"""Password reset end to end: the mail goes through the configured SMTP backend to a real
server on loopback, the link in it sets a new password, and the new password logs in."""

import re

import pytest
from django.urls import reverse

from los.notifications.models import OutboxEntry

pytestmark = pytest.mark.django_db


def test_a_participant_resets_their_password_from_the_mail(client, world, smtp):
    email = world.participant_user.email

    asked = client.post(reverse("account_reset_password"), {"email": email})
    assert asked.status_code == 302

    [mail] = smtp.to(email)
    assert mail.subject.startswith("Los: ")
    link = re.search(r"https?://[^/\s]+(/konto/password/reset/key/\S+/)", mail.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    set_password_url = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = client.post(
        set_password_url,
        {"password1": "Et-nytt-langt-passord-42", "password2": "Et-nytt-langt-passord-42"},
    )
    assert done.status_code == 302
    client.logout()

    login = client.post(
        reverse("account_login"), {"login": email, "password": "Et-nytt-langt-passord-42"}
    )

    assert login.status_code == 302
    assert client.get(reverse("my_page")).status_code == 200
    world.participant_user.refresh_from_db()
    assert world.participant_user.check_password("Et-nytt-langt-passord-42")


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, smtp):
    asked = client.post(reverse("account_reset_password"), {"email": "ingen@example.no"})

    assert asked.status_code == 302
    assert smtp.messages == []


def test_the_demo_keeps_the_reset_mail_in_the_outbox_instead_of_failing(client, world, settings):
    settings.EMAIL_BACKEND = "los.notifications.outbox.OutboxEmailBackend"

    asked = client.post(reverse("account_reset_password"), {"email": world.counsellor.email})

    assert asked.status_code == 302
    assert OutboxEntry.objects.get().to == world.counsellor.email
