"""The demo's county coordinator finds an agreement due for review and without a follow-up
meeting in 12 months, and one followed up."""

import datetime

import pytest

from los.accounts.models import User
from los.agreements import queries
from los.agreements.models import Agreement
from los.demo.demo_data import load_demo_data

pytestmark = pytest.mark.django_db


def test_the_demo_coordinator_sees_an_agreement_due_and_one_followed_up():
    load_demo_data()
    load_demo_data()  # a second load adds nothing
    coordinator = User.objects.get(email="fylke@demo.los.no")

    rows = queries.overview(coordinator, datetime.date.today())

    assert Agreement.objects.count() == 2
    assert [(r.due_for_review, r.no_recent_meeting) for r in rows] == [(True, True), (False, False)]
    assert rows[0].agreement.parties.count() == 3
