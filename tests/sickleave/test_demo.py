"""The demo's sick leave: Sara's colleague Ida at Bodø Bygg og Anlegg AS, at 50 % with a
follow-up plan, dialogue meeting 1 held and the activity requirement due in five days."""

import datetime

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django.utils import timezone

from los.accounts.models import User
from los.demo.demo_data import DEMO_DOMAIN, load_demo_data
from los.sickleave import queries
from los.sickleave.models import SicknessCase
from los.sickleave.vocabulary import CheckpointKind
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db


def test_the_demo_has_idas_graded_sick_leave_with_its_checkpoints(client):
    load_demo_data()
    load_demo_data()

    case = SicknessCase.objects.get(participant__first_name="Ida")
    view = queries.case_view(case, queries.all_rules())
    today = timezone.localdate()
    assert [n.grade for n in view.notes] == [100, 50]
    assert view.current.start == today - datetime.timedelta(days=50)
    due = queries.checkpoint_of(view, CheckpointKind.ACTIVITY_REQUIREMENT)
    assert due.date == today + datetime.timedelta(days=5)
    assert case.plan.review_date == today + datetime.timedelta(days=14)
    assert case.participant.meetings.get().kind == "dialogue"

    employer = User.objects.get(email=f"arbeidsgiver@{DEMO_DOMAIN}")
    TOTP.activate(employer, TOTP_SECRET)
    client.force_login(employer)
    page = client.get(
        reverse("follow_up_plan", args=[case.participant.public_id, case.pk])
    ).content.decode()
    assert "Skjerme Ida for kundetelefonen." in page
    assert "Psykisk" not in page
