"""The JSON API (docs/api.md): the same policy, the same logs and the same 404 as the pages,
keys that can be revoked, expire and are scoped, and errors as problem+json."""

import datetime
import json

import pytest
from django.utils import timezone

from los.access.models import AccessLogEntry, ChangeLogEntry, RefusalLogEntry
from los.api.models import ApiToken, Scope
from los.api.v1 import WHAT_API_PLAN
from los.core.vocabulary import Category, Role
from los.participants.models import Consent
from los.plans.models import Activity, ActivityKind, Goal
from tests.api.conftest import issue_key
from tests.factories import ParticipantFactory, add_to_team

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def plan_url(participant):
    return f"/api/v1/deltakere/{participant.public_id}/plan"


def body(response):
    return json.loads(response.content)


def test_the_openapi_document_is_3_1_and_describes_every_endpoint(client):
    document = body(client.get("/api/v1/openapi.json"))

    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        "/api/v1/meg",
        "/api/v1/deltakere",
        "/api/v1/deltakere/{participant_id}/plan",
        "/api/v1/deltakere/{participant_id}/plan/mal",
        "/api/v1/deltakere/{participant_id}/dialog",
        "/api/v1/deltakere/{participant_id}/dialog/{thread_id}",
        "/api/v1/deltakere/{participant_id}/dialog/{thread_id}/meldinger",
        "/api/v1/deltakere/{participant_id}/referater",
        "/api/v1/deltakere/{participant_id}/moter",
        "/api/v1/oppgaver",
        "/api/v1/tjenester",
    }
    errors = document["paths"]["/api/v1/deltakere/{participant_id}/plan"]["get"]["responses"]
    assert set(errors["404"]["content"]) == {PROBLEM}


def test_the_counsellor_reads_the_plan_and_the_read_is_logged(client, world, bearer):
    response = client.get(plan_url(world.participant), headers=bearer(world.counsellor))

    assert response.status_code == 200
    plan = body(response)
    assert [g["text"] for g in plan["goals"]] == [world.goal.text]
    page = client  # the plan page shows the counsellor the same activities
    client.force_login(world.counsellor)
    shown = page.get(f"/deltakere/{world.participant.public_id}/plan/").context["overview"]
    assert sorted(a["id"] for a in plan["activities"]) == sorted(
        a.pk for group in shown.goals for a in group.activities
    )
    assert AccessLogEntry.objects.filter(
        user=world.counsellor, participant=world.participant, what=WHAT_API_PLAN
    ).exists()


def test_a_treatment_is_not_in_the_plan_for_a_reader_without_health_consent(client, world, bearer):
    headers = bearer(world.counsellor)

    def shown():
        answer = body(client.get(plan_url(world.participant), headers=headers))
        return {a["id"] for a in answer["activities"]}

    with_consent = shown()
    Consent.objects.filter(participant=world.participant, category=Category.HEALTH_SUMMARY).update(
        withdrawn_at=timezone.now()
    )

    assert world.treatment.pk in with_consent
    assert shown() == with_consent - {world.treatment.pk}


def test_a_colleague_off_the_team_gets_the_same_404_as_for_nobody(client, world, bearer):
    hidden = client.get(plan_url(world.participant), headers=bearer(world.colleague))
    nobody = client.get(
        "/api/v1/deltakere/00000000-0000-4000-8000-000000000000/plan",
        headers=bearer(world.colleague),
    )

    assert (hidden.status_code, hidden["Content-Type"]) == (404, PROBLEM)
    assert (
        body(hidden)
        == body(nobody)
        == {"type": "about:blank", "title": "Finnes ikke", "status": 404}
    )
    # Each refusal is logged, as for the pages: the one about Sara names her.
    refusals = RefusalLogEntry.objects.filter(user=world.colleague)
    assert sorted(str(r.participant_id) for r in refusals) == sorted(
        [str(world.participant.pk), "None"]
    )


def test_without_a_key_the_answer_is_401_and_says_how(client, world):
    response = client.get(plan_url(world.participant))

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert body(response)["title"] == "Ikke innlogget"


def test_a_revoked_or_expired_key_is_refused(client, world):
    revoked, expired = issue_key(world.counsellor), issue_key(world.counsellor)
    ApiToken.objects.filter(pk=ApiToken.objects.order_by("pk").first().pk).update(
        revoked_at=timezone.now()
    )
    ApiToken.objects.filter(pk=ApiToken.objects.order_by("pk").last().pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    for key in (revoked, expired, "los_unknown"):
        response = client.get(
            plan_url(world.participant), headers={"Authorization": f"Bearer {key}"}
        )
        assert response.status_code == 401


def test_a_key_of_someone_who_has_left_is_refused(client, world):
    key = issue_key(world.counsellor)
    world.counsellor.is_active = False
    world.counsellor.save()

    response = client.get(plan_url(world.participant), headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 401


def test_a_read_key_cannot_write_and_a_write_key_adds_a_goal_with_its_change_log(
    client, world, bearer
):
    goal = {"kind": "work", "text": "Jobbe i barnehage", "target_date": "2027-06-01"}
    url = plan_url(world.participant) + "/mal"
    goals_before = Goal.objects.count()

    refused = client.post(
        url, goal, content_type="application/json", headers=bearer(world.counsellor)
    )
    assert (refused.status_code, Goal.objects.count()) == (403, goals_before)

    made = client.post(
        url, goal, content_type="application/json", headers=bearer(world.counsellor, Scope.WRITE)
    )

    assert made.status_code == 201
    created = Goal.objects.get(pk=body(made)["id"])
    assert (created.text, created.target_date) == ("Jobbe i barnehage", datetime.date(2027, 6, 1))
    assert ChangeLogEntry.objects.filter(
        actor=world.counsellor, participant=world.participant
    ).exists()


def test_bad_input_is_a_problem_with_the_fields_named_in_the_language_asked_for(
    client, world, bearer
):
    url = plan_url(world.participant) + "/mal"
    sent = {"kind": "moon", "text": ""}

    norwegian = client.post(
        url, sent, content_type="application/json", headers=bearer(world.counsellor, Scope.WRITE)
    )
    english = client.post(
        url,
        sent,
        content_type="application/json",
        headers=bearer(world.counsellor, Scope.WRITE, **{"Accept-Language": "en-GB,en;q=0.9"}),
    )

    assert (norwegian.status_code, norwegian["Content-Type"]) == (422, PROBLEM)
    assert body(norwegian)["title"] == "Ugyldige data"
    assert body(english)["title"] == "Invalid data"
    assert {e["where"] for e in body(norwegian)["errors"]} == {"body.goal.kind", "body.goal.text"}


def test_the_participants_are_paged_by_cursor_and_each_hit_is_logged(client, world, bearer):
    for n in range(3):
        add_to_team(
            ParticipantFactory(first_name=f"Ny{n}"),
            world.counsellor,
            world.nav_office,
            Role.COUNSELLOR,
        )
    headers = bearer(world.counsellor)

    first = body(client.get("/api/v1/deltakere?limit=2", headers=headers))
    rest = body(
        client.get(f"/api/v1/deltakere?limit=2&cursor={first['next_cursor']}", headers=headers)
    )

    ids = [p["id"] for p in first["items"] + rest["items"]]
    assert len(ids) == len(set(ids)) == 4 and rest["next_cursor"] is None
    assert AccessLogEntry.objects.filter(user=world.counsellor, what="søketreff").count() == 4
    for unusable in ("!!!", "bm90LWEtdXVpZA"):  # not base64; base64 of «not-a-uuid»
        assert (
            client.get(f"/api/v1/deltakere?cursor={unusable}", headers=headers).status_code == 422
        )


def test_the_participant_reads_their_own_plan_in_their_session(client, world):
    client.force_login(world.participant_user)

    mine = body(client.get("/api/v1/deltakere"))
    assert [p["id"] for p in mine["items"]] == [str(world.participant.public_id)]
    assert client.get(plan_url(world.participant)).status_code == 200
    assert client.get(plan_url(world.other_participant)).status_code == 404


def _goal_from_browser(world, user, **headers):
    """A goal posted from a signed-in browser that checks CSRF, without the token."""
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    return browser.post(
        plan_url(world.participant) + "/mal",
        {"kind": "work", "text": "Jobbe"},
        content_type="application/json",
        headers=headers,
    )


def test_a_write_in_a_session_needs_the_csrf_token(world):
    response = _goal_from_browser(world, world.participant_user)

    assert response.status_code in (401, 403)
    assert not Goal.objects.filter(text="Jobbe").exists()


def test_the_directory_is_open_without_a_key(client, db):
    response = client.get("/api/v1/tjenester")

    assert response.status_code == 200
    assert "items" in body(response)
    assert client.get("/api/v1/tjenester?kommune=12").status_code == 422


def _add_activities(world, n):
    Activity.objects.bulk_create(
        Activity(
            plan=world.plan,
            kind=ActivityKind.JOB_SEARCH,
            title=f"Søke {i}",
            created_by=world.counsellor,
        )
        for i in range(n)
    )


def _queries(client, url, headers):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200
    return len(captured)


def test_the_plan_and_the_participants_take_as_many_queries_for_1_item_as_for_50(
    client, world, bearer
):
    headers = bearer(world.counsellor)
    plan_one = _queries(client, plan_url(world.participant), headers)
    list_one = _queries(client, "/api/v1/deltakere", headers)

    _add_activities(world, 49)
    for _ in range(49):
        add_to_team(ParticipantFactory(), world.counsellor, world.nav_office, Role.COUNSELLOR)

    assert _queries(client, plan_url(world.participant), headers) == plan_one
    assert _queries(client, "/api/v1/deltakere", headers) == list_one


def record_url(participant, tail):
    return f"/api/v1/deltakere/{participant.public_id}/{tail}"


def test_the_dialogue_reads_and_answers_as_the_page_does(client, world, bearer):
    headers = bearer(world.counsellor, Scope.WRITE)

    [thread] = body(client.get(record_url(world.participant, "dialog"), headers=headers))
    one = body(client.get(record_url(world.participant, f"dialog/{thread['id']}"), headers=headers))
    before = list(world.thread.messages.order_by("sent_at", "pk").values_list("text", flat=True))
    sent = client.post(
        record_url(world.participant, f"dialog/{thread['id']}/meldinger"),
        {"text": "Vi ses på mandag."},
        content_type="application/json",
        headers=headers,
    )

    assert thread["subject"] == world.thread.subject
    assert [m["text"] for m in one["messages"]] == before
    assert sent.status_code == 201
    assert world.thread.messages.filter(text="Vi ses på mandag.", author=world.counsellor).exists()
    assert AccessLogEntry.objects.filter(user=world.counsellor, what="dialog (API)").exists()


def test_the_notes_are_those_the_reader_may_read(client, world, bearer):
    client.force_login(world.counsellor)
    page = client.get(f"/deltakere/{world.participant.public_id}/referater/")
    on_page = {note.pk for note in page.context["notes"]}

    answer = body(client.get(record_url(world.participant, "referater"), headers=bearer(world.gp)))
    counsellor = body(
        client.get(record_url(world.participant, "referater"), headers=bearer(world.counsellor))
    )

    assert {n["id"] for n in counsellor} == on_page
    assert world.clinical_note.pk not in {n["id"] for n in counsellor}
    assert world.clinical_note.pk not in {n["id"] for n in answer if isinstance(answer, list)}


def test_the_participant_reads_only_shared_notes_and_her_meetings(client, world):
    client.force_login(world.participant_user)

    notes = body(client.get(record_url(world.participant, "referater")))
    meetings = body(client.get(record_url(world.participant, "moter")))

    assert all(note["shared_with_participant"] for note in notes)
    assert [m["id"] for m in meetings] == [world.meeting.pk]


def test_the_work_list_is_the_pages(client, world, bearer):
    client.force_login(world.counsellor)
    on_page = [t.text for t in client.get("/oppgaver/").context["work"].tasks]

    answer = body(client.get("/api/v1/oppgaver", headers=bearer(world.counsellor)))

    assert [t["text"] for t in answer] == on_page
    assert (
        client.get("/api/v1/oppgaver", headers=bearer(world.county_coordinator)).status_code == 403
    )


def test_writing_too_fast_is_a_429_and_nothing_more_is_saved(client, world, bearer, settings):
    settings.LOS_WRITING_LIMITS = "2/m"
    from django.core.cache import cache

    cache.clear()
    headers = bearer(world.counsellor, Scope.WRITE)
    url = record_url(world.participant, f"dialog/{world.thread.pk}/meldinger")

    answers = [
        client.post(url, {"text": f"Melding {n}"}, content_type="application/json", headers=headers)
        for n in range(3)
    ]

    assert [a.status_code for a in answers] == [201, 201, 429]
    assert answers[2]["Content-Type"] == PROBLEM
    assert not world.thread.messages.filter(text="Melding 2").exists()
    cache.clear()


def test_a_body_that_is_not_json_is_a_400_in_norwegian(client, world, bearer):
    response = client.post(
        plan_url(world.participant) + "/mal",
        b"\x00{not json",
        content_type="application/json",
        headers=bearer(world.counsellor, Scope.WRITE),
    )

    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert body(response)["title"] == "Kan ikke lese innholdet"


def test_the_dialogue_takes_as_many_queries_for_1_item_as_for_50(client, world, bearer):
    from los.followup.models import Message, Thread

    headers = bearer(world.counsellor)
    threads_url = record_url(world.participant, "dialog")
    thread_url = record_url(world.participant, f"dialog/{world.thread.pk}")
    threads_one, thread_one = (
        _queries(client, threads_url, headers),
        _queries(client, thread_url, headers),
    )

    now = timezone.now()
    Thread.objects.bulk_create(
        Thread(
            participant=world.participant,
            subject=f"Emne {n}",
            last_message_at=now,
            last_message_by=world.counsellor,
            last_message_from_participant=False,
        )
        for n in range(49)
    )
    Message.objects.bulk_create(
        Message(
            thread=world.thread, author=world.counsellor, from_participant=False, text=f"Svar {n}"
        )
        for n in range(49)
    )

    assert _queries(client, threads_url, headers) == threads_one
    assert _queries(client, thread_url, headers) == thread_one


def test_a_cursor_beyond_any_the_directory_gave_is_a_422(client, db):
    from los.api.v1 import encode_cursor

    response = client.get(f"/api/v1/tjenester?cursor={encode_cursor('9' * 30)}")

    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM)


def test_a_failed_key_on_a_write_is_a_401_even_in_a_signed_in_browser(world):
    response = _goal_from_browser(world, world.counsellor, Authorization="Bearer los_revoked")

    assert response.status_code == 401


def test_a_key_stops_when_its_owner_no_longer_has_the_authenticator_app(client, world, bearer):
    from allauth.mfa.models import Authenticator

    headers = bearer(world.counsellor)
    assert client.get("/api/v1/meg", headers=headers).status_code == 200

    Authenticator.objects.filter(user=world.counsellor).delete()

    assert client.get("/api/v1/meg", headers=headers).status_code == 401


def test_the_meetings_answer_as_their_page_for_a_reader_who_may_not_see_them(client, world, bearer):
    client.force_login(world.employer_contact)
    page = client.get(f"/deltakere/{world.participant.public_id}/moter/").status_code
    client.logout()

    api = client.get(record_url(world.participant, "moter"), headers=bearer(world.employer_contact))

    assert api.status_code == page


def test_an_empty_answer_about_a_participant_is_still_a_logged_read(client, world, bearer):
    from los.followup.models import Message, Thread

    Message.objects.filter(thread__participant=world.participant).delete()
    Thread.objects.filter(participant=world.participant).delete()

    answer = client.get(record_url(world.participant, "dialog"), headers=bearer(world.counsellor))

    assert body(answer) == []
    assert AccessLogEntry.objects.filter(
        user=world.counsellor, participant=world.participant, what="dialog (API)", category="core"
    ).exists()
