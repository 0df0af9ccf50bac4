"""Each form that creates something creates it once, however often it is sent."""

import threading
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from los.core.models import Submission
from los.core.submissions import FIELD
from los.followup.models import ContactNote, Message, Thread
from los.plans.models import Goal
from tests.web.test_permission_matrix import MATRIX, VIEWERS, _expected, _url, _viewer_user

ALREADY_SAVED = "Dette var allerede lagret"

# Every view that creates something → the page whose form posts to it.
CREATING = {
    "participant_register": "participant_register",
    "team_add": "team_add",
    "consent_new": "consent_new",
    "plan_create": None,  # the world has a plan already; shown only when there is none
    "goal_new": "goal_new",
    "activity_new": "activity_new",
    "note_new": "note_new",
    "note_addendum": "note_detail",
    "thread_new": "thread_new",
    "thread_detail": "thread_detail",
    "meeting_new": "meeting_new",
    "saved_filter_new": "participant_list",
    "enrolment_new": "enrolment_new",
    "job_new": "job_new",
    "education_new": "education_new",
    "support_new": "support_new",
    "report_new": "report_new",
    "employer_new": "employer_new",
    "employer_detail": "employer_detail",
    "employer_contact_new": "employer_contact_new",
    "measure_plan": "measure_plan",
    "measure_answer": "measure_answer",
    "review_new": None,  # no one in the world may start a review
    "measure_report": "measure_report",
    "sickleave_cases": "sickleave_cases",
    "sick_note_new": "sickleave_case",
    "offer_new": "offer_new",
    # The form appears once an offer is chosen (tests/directory/test_referrals.py).
    "referral_new": None,
}


@pytest.fixture(autouse=True)
def _clear_writing_pace():
    cache.clear()
    yield
    cache.clear()


def _reply(client, world, text, token):
    return client.post(
        reverse("thread_detail", args=[world.participant.public_id, world.thread.pk]),
        {"text": text, FIELD: token},
    )


@pytest.mark.django_db
def test_the_same_message_sent_twice_is_stored_once(client, world):
    client.force_login(world.participant_user)
    token = str(uuid.uuid4())

    first = _reply(client, world, "Kan vi møtes torsdag?", token)
    second = _reply(client, world, "Kan vi møtes torsdag?", token)

    assert Message.objects.filter(text="Kan vi møtes torsdag?").count() == 1
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == first["Location"]
    assert ALREADY_SAVED in client.get(second["Location"]).content.decode()


@pytest.mark.django_db
def test_a_new_token_is_a_new_message(client, world):
    client.force_login(world.participant_user)

    _reply(client, world, "Hei igjen", str(uuid.uuid4()))
    _reply(client, world, "Hei igjen", str(uuid.uuid4()))

    assert Message.objects.filter(text="Hei igjen").count() == 2


@pytest.mark.django_db
def test_a_thread_sent_twice_is_started_once(client, world):
    client.force_login(world.counsellor)
    url = reverse("thread_new", args=[world.participant.public_id])
    data = {"subject": "Møte neste uke", "text": "Passer tirsdag?", FIELD: str(uuid.uuid4())}

    first = client.post(url, data)
    second = client.post(url, data)

    assert Thread.objects.filter(subject="Møte neste uke").count() == 1
    assert second["Location"] == first["Location"]


@pytest.mark.django_db
def test_a_note_and_a_goal_sent_twice_are_saved_once(client, world):
    client.force_login(world.counsellor)
    note = {
        "category": "nav_case_notes",
        "channel": "phone",
        "contact_date": timezone.localdate().isoformat(),
        "text": "Snakket om arbeidstrening",
        "shared_with_participant": "no",
        FIELD: str(uuid.uuid4()),
    }
    goal = {"kind": "work", "text": "Jobbe tre dager i uka", FIELD: str(uuid.uuid4())}
    for _ in range(2):
        client.post(reverse("note_new", args=[world.participant.public_id]), note)
        client.post(reverse("goal_new", args=[world.participant.public_id]), goal)

    assert ContactNote.objects.filter(text="Snakket om arbeidstrening").count() == 1
    assert Goal.objects.filter(text="Jobbe tre dager i uka").count() == 1


@pytest.mark.django_db
def test_a_form_with_errors_gives_its_token_back(client, world):
    client.force_login(world.participant_user)
    token = str(uuid.uuid4())

    refused = _reply(client, world, "   ", token)
    corrected = _reply(client, world, "Nå med tekst", token)

    assert refused.status_code == 200
    assert corrected.status_code == 302
    assert Message.objects.filter(text="Nå med tekst").count() == 1


@pytest.mark.django_db
def test_another_users_token_leads_nowhere_of_theirs(client, world):
    token = str(uuid.uuid4())
    client.force_login(world.participant_user)
    _reply(client, world, "Fra deltakeren", token)
    client.force_login(world.counsellor)

    response = _reply(client, world, "Fra veilederen", token)

    assert Message.objects.filter(text="Fra veilederen").count() == 1
    assert ALREADY_SAVED not in client.get(response["Location"]).content.decode()


@pytest.mark.django_db
def test_a_post_without_a_token_or_with_a_bad_one_works_as_before(client, world):
    client.force_login(world.participant_user)
    url = reverse("thread_detail", args=[world.participant.public_id, world.thread.pk])

    client.post(url, {"text": "Uten"})
    client.post(url, {"text": "Tull", FIELD: "ikke-et-token"})

    assert Message.objects.filter(text__in=["Uten", "Tull"]).count() == 2
    assert not Submission.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_racing_posts_with_one_token_create_one_message(world):
    """A double click: two requests on two connections at once, with one token."""
    token = str(uuid.uuid4())
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(world.participant_user)
    start = threading.Barrier(2)
    answers = []

    def send(client):
        try:
            start.wait()
            answers.append(_reply(client, world, "Samtidig", token))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Message.objects.filter(text="Samtidig").count() == 1
    assert [answer.status_code for answer in answers] == [302, 302]
    assert answers[0]["Location"] == answers[1]["Location"]


@pytest.mark.parametrize("name", sorted(CREATING))
def test_every_creating_view_is_submitted_once(name):
    assert name in MATRIX
    view = resolve(_url_pattern_example(name)).func

    assert getattr(view, "submitted_once", False), name


def _url_pattern_example(name):
    from los.web import urls as web_urls

    pattern = next(p for p in web_urls.urlpatterns if getattr(p, "name", None) == name)
    kwargs = {key: 1 for key in pattern.pattern.converters}
    if "public_id" in kwargs:
        kwargs["public_id"] = uuid.uuid4()
    if "scale_code" in kwargs:
        kwargs["scale_code"] = "ips-25"
    return reverse(name, kwargs=kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(name for name, page in CREATING.items() if page))
def test_every_creating_form_carries_a_token(client, world, name):
    page = CREATING[name]
    # Staff on the team first: they write on most pages (a participant only reads a note).
    order = ["counsellor@team", *VIEWERS]
    viewer = next(v for v in order if _expected(page, v) == 200)
    client.force_login(_viewer_user(world, viewer))

    html = client.get(_url(world, page)).content.decode()

    action = reverse(name, kwargs=resolve(_url(world, name).split("?")[0]).kwargs)
    form = _form_posting_to(html, action, page == name)
    assert f'name="{FIELD}"' in form, name


def _form_posting_to(html: str, action: str, same_page: bool) -> str:
    """The <form method="post"> that posts to `action` (or to the page itself)."""
    for chunk in html.split("<form")[1:]:
        form = chunk.split("</form>")[0]
        head = form.split(">")[0]
        if 'method="post"' not in head:
            continue
        if f'action="{action}"' in head or (same_page and "action=" not in head):
            return form
    raise AssertionError(f"no form posts to {action}")


@pytest.mark.django_db
def test_a_refused_addendum_gives_its_token_back_though_it_redirects(client, world):
    from los.followup.models import NoteAddendum

    client.force_login(world.counsellor)
    url = reverse("note_addendum", args=[world.participant.public_id, world.nav_note.pk])
    token = str(uuid.uuid4())

    refused = client.post(url, {"text": "  ", FIELD: token}, follow=True)
    corrected = client.post(url, {"text": "Rettelse: møtet var tirsdag", FIELD: token})

    assert ALREADY_SAVED not in refused.content.decode()
    assert corrected.status_code == 302
    assert NoteAddendum.objects.filter(text="Rettelse: møtet var tirsdag").count() == 1


@pytest.mark.django_db
def test_claims_are_kept_for_a_day_only(client, world, django_capture_on_commit_callbacks):
    import datetime

    old = Submission.objects.create(
        user=world.therapist,
        token=uuid.uuid4(),
        result_url="/",
        created_at=timezone.now() - datetime.timedelta(days=1, minutes=1),
    )
    recent = Submission.objects.create(user=world.therapist, token=uuid.uuid4(), result_url="/")
    client.force_login(world.participant_user)

    with django_capture_on_commit_callbacks(execute=True):
        _reply(client, world, "Hei", str(uuid.uuid4()))

    assert not Submission.objects.filter(pk=old.pk).exists()
    assert Submission.objects.filter(pk=recent.pk).exists()
