"""Planning, answering and the safety path, against the policy and the logs."""

import datetime
import io
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from los.access.models import AccessLogEntry, ChangeLogEntry
from los.access.policy import load_access
from los.core.vocabulary import Category, Role
from los.measures import services
from los.measures.models import Instrument, Response, SafetyTask, Schedule
from los.measures.shipped import install_shipped_instruments
from los.participants.models import CareTeamMembership
from tests.factories import count_queries, give_consent, staff_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PHQ_URL = "urn:los:questionnaire:phq-9"


@pytest.fixture
def phq9(world):
    install_shipped_instruments(Instrument)  # transactional tests empty the table
    return Instrument.objects.get(url=PHQ_URL)


@pytest.fixture
def planned(world, phq9):
    """PHQ-9 planned for the participant by their therapist, from today."""
    return Schedule.objects.create(
        participant=world.participant, instrument=phq9, first_due=TODAY,
        created_by=world.therapist,
    )  # fmt: skip


def _therapist(world):
    return load_access(world.therapist, world.participant)


def _self(world):
    return load_access(world.participant_user, world.participant)


def _answers(code="0", **overrides):
    answers = {str(n): code for n in range(1, 10)}
    answers.update({k.lstrip("q"): v for k, v in overrides.items()})
    return answers


def test_the_shipped_instruments_are_installed(phq9):
    codes = set(Instrument.objects.filter(shipped=True).values_list("code", flat=True))
    assert {"phq-9", "gad-7", "who-5"} <= codes
    assert phq9.scale.items[8].safety


def test_a_therapist_plans_a_repeating_questionnaire(world, phq9):
    schedule = services.schedule_create(
        access=_therapist(world), instrument=phq9, first_due=TODAY, every_days=28
    )

    assert schedule.next_due([]) == TODAY
    assert schedule.next_due([TODAY]) == TODAY + datetime.timedelta(days=28)
    assert ChangeLogEntry.objects.filter(action="measure_schedule.created").exists()


@pytest.mark.parametrize(
    ("first_due", "every_days", "field"), [(-1, None, "first_due"), (0, 3, "every_days")]
)
def test_bad_plans_are_refused(world, phq9, first_due, every_days, field):
    with pytest.raises(ValidationError) as error:
        services.schedule_create(
            access=_therapist(world),
            instrument=phq9,
            first_due=TODAY + datetime.timedelta(days=first_due),
            every_days=every_days,
        )
    assert field in error.value.message_dict
    assert not Schedule.objects.exists()


def test_nav_staff_need_consent_to_plan_or_see_answers(world, phq9):
    counsellor = load_access(world.counsellor, world.participant)
    assert not counsellor.can_view(Category.MEASUREMENTS)
    with pytest.raises(PermissionDenied):
        services.schedule_create(
            access=counsellor, instrument=phq9, first_due=TODAY, every_days=None
        )

    give_consent(world.participant, world.nav_office, Category.MEASUREMENTS, world.counsellor)

    counsellor = load_access(world.counsellor, world.participant)
    assert services.may_plan(counsellor)


def test_a_draft_is_saved_without_a_score_and_submitted_with_one(world, phq9, planned):
    draft = services.response_save(
        access=_self(world), instrument=phq9, answers={"1": "2", "2": "1"}, submit=False
    )
    assert (draft.status, draft.total, draft.band) == ("in-progress", None, "")

    with pytest.raises(ValidationError, match="Svar på alle spørsmålene"):
        services.response_save(
            access=_self(world),
            instrument=phq9,
            answers={"1": "2"},
            submit=True,
            response_id=draft.pk,
            expected_version=1,
        )

    done = services.response_save(
        access=_self(world),
        instrument=phq9,
        answers=_answers("1"),
        submit=True,
        response_id=draft.pk,
        expected_version=1,
    )

    assert (done.pk, done.status, done.total, done.band) == (
        draft.pk,
        "completed",
        9,
        "milde depresjonsplager",
    )
    assert (done.completed_on, done.on_paper) == (TODAY, False)
    with pytest.raises(ValidationError, match="sendt inn og kan ikke endres"):
        services.response_save(
            access=_self(world),
            instrument=phq9,
            answers=_answers("0"),
            submit=True,
            response_id=done.pk,
            expected_version=2,
        )


def test_an_answer_outside_the_options_changes_nothing(world, phq9, planned):
    with pytest.raises(ValidationError, match="«7» er ikke et svaralternativ"):
        services.response_save(
            access=_self(world), instrument=phq9, answers=_answers(q1="7"), submit=True
        )
    assert not Response.objects.exists()


def test_a_positive_item_9_creates_a_task_for_the_therapist_at_once(world, phq9, planned):
    response = services.response_save(
        access=_self(world), instrument=phq9, answers={"9": "1"}, submit=False
    )

    task = SafetyTask.objects.get()
    assert (task.response, task.assigned_to, task.items) == (response, world.therapist, ["9"])
    # Saving the same response again does not make a second task.
    services.response_save(
        access=_self(world),
        instrument=phq9,
        answers=_answers("0", q9="2"),
        submit=True,
        response_id=response.pk,
        expected_version=1,
    )
    assert SafetyTask.objects.count() == 1


def test_without_a_therapist_the_gp_gets_the_task_then_the_planner(world, phq9, planned):
    CareTeamMembership.objects.filter(participant=world.participant, role=Role.THERAPIST).update(
        end_date=TODAY - datetime.timedelta(days=1)
    )
    services.response_save(access=_self(world), instrument=phq9, answers={"9": "3"}, submit=False)
    assert SafetyTask.objects.get().assigned_to == world.gp

    CareTeamMembership.objects.filter(participant=world.participant, role=Role.GP).update(
        end_date=TODAY - datetime.timedelta(days=1)
    )
    give_consent(world.participant, world.nav_office, Category.MEASUREMENTS, world.counsellor)
    counsellor = load_access(world.counsellor, world.participant)
    services.schedule_create(access=counsellor, instrument=phq9, first_due=TODAY, every_days=None)
    services.response_save(access=_self(world), instrument=phq9, answers={"9": "1"}, submit=False)
    assert SafetyTask.objects.order_by("-pk").first().assigned_to == world.counsellor


def test_a_zero_on_item_9_creates_no_task(world, phq9, planned):
    services.response_save(
        access=_self(world), instrument=phq9, answers=_answers("3", q9="0"), submit=True
    )
    assert not SafetyTask.objects.exists()


def test_handling_a_task_needs_a_note(world, phq9, planned):
    services.response_save(access=_self(world), instrument=phq9, answers={"9": "1"}, submit=False)
    task = SafetyTask.objects.get()

    with pytest.raises(ValidationError):
        services.safety_task_handle(access=_therapist(world), task_id=task.pk, note=" ")
    services.safety_task_handle(access=_therapist(world), task_id=task.pk, note="Ringte samme dag.")

    task.refresh_from_db()
    assert (task.handled_by, task.handled_note) == (world.therapist, "Ringte samme dag.")
    with pytest.raises(PermissionDenied):
        services.safety_task_handle(access=_self(world), task_id=task.pk, note="x")


def test_only_managers_import_and_a_version_is_imported_once(world, phq9):
    definition = dict(phq9.definition, version="2.0")
    with pytest.raises(PermissionDenied):
        services.instrument_import(user=world.therapist, resource=definition)

    manager = staff_user(world.regional, Role.PROGRAMME_MANAGER)
    imported = services.instrument_import(user=manager, resource=definition)

    assert imported.version == "2.0" and not imported.shipped
    with pytest.raises(ValidationError, match="finnes allerede"):
        services.instrument_import(user=manager, resource=definition)
    with pytest.raises(ValidationError):
        services.instrument_import(user=manager, resource={"resourceType": "Questionnaire"})
    assert Instrument.objects.filter(url=PHQ_URL).count() == 2


# --- Pages ---------------------------------------------------------------------------------


def _url(world, name, **kwargs):
    return reverse(name, kwargs={"public_id": world.participant.public_id, **kwargs})


def _text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_participant_answers_on_their_own_page_and_sees_where_to_get_help(client, world, phq9):
    services.schedule_create(
        access=_therapist(world), instrument=phq9, first_due=TODAY, every_days=None
    )
    client.force_login(world.participant_user)
    url = _url(world, "measure_answer", instrument_id=phq9.pk)
    assert "Tanker om at det ville vært bedre om du var død" in _text(client.get(url))

    data = {f"q_{n}": "0" for n in range(1, 9)} | {"q_9": "1", "action": "submit"}
    page = _text(client.post(url, data, follow=True))

    assert "ring 113" in page and "116 123" in page
    assert "Svarene er sendt inn." in page
    assert SafetyTask.objects.get().assigned_to == world.therapist
    assert AccessLogEntry.objects.filter(
        user=world.participant_user, category=Category.MEASUREMENTS
    ).exists()


def test_missing_answers_keep_what_was_given(client, world, phq9):
    services.schedule_create(
        access=_therapist(world), instrument=phq9, first_due=TODAY, every_days=None
    )
    client.force_login(world.participant_user)
    url = _url(world, "measure_answer", instrument_id=phq9.pk)

    response = client.post(url, {"q_1": "2", "action": "submit"})

    assert response.status_code == 200
    assert "Svar på alle spørsmålene før du sender inn" in _text(response)
    assert response.context["form"].data["q_1"] == "2"
    assert not Response.objects.exists()


def test_staff_see_the_trend_with_a_table_and_the_open_task(client, world, phq9, planned):
    for day, code in [(-60, "2"), (-30, "1"), (0, "0")]:
        services.response_save(
            access=_therapist(world),
            instrument=phq9,
            answers=_answers(code),
            submit=True,
            completed_on=TODAY + datetime.timedelta(days=day),
        )
    services.response_save(access=_self(world), instrument=phq9, answers={"9": "1"}, submit=False)
    client.force_login(world.therapist)

    response = client.get(_url(world, "measures"))
    page = _text(response)

    [trend] = response.context["trends"]
    assert (trend.baseline.total, trend.latest.total, trend.change) == (18, 0, -18)
    assert "Må følges opp i dag" in page
    assert "<polyline" in page and "<table" in page
    assert "Første svar</dt><dd>18 (moderat alvorlige depresjonsplager)" in page
    assert "Siste svar</dt><dd>0 (" in page  # the latest, not the first
    assert "<dd>\u221218</dd>" in page  # a real minus sign


def test_the_trend_chart_has_the_scale_the_dates_the_bands_and_says_what_is_better(
    client, world, phq9
):
    # PHQ-9 on 28 Dec 2025 (9 × 2 = 18) and 3 Feb 2026 (9 × 1 = 9): the year under each
    # date only where it changes.
    for day, code in [(datetime.date(2025, 12, 28), "2"), (datetime.date(2026, 2, 3), "1")]:
        services.response_save(
            access=_therapist(world), instrument=phq9, answers=_answers(code), submit=True,
            completed_on=day,
        )  # fmt: skip
    client.force_login(world.therapist)

    response = client.get(_url(world, "measures"))
    [trend] = response.context["trends"]
    chart = trend.chart

    assert [t.label for t in chart.y_ticks] == ["0", "9", "18", "27"]  # 0 to the maximum
    assert [(t.label, t.sublabel) for t in chart.x_ticks] == [("28.12.", "2025"), ("3.2.", "2026")]
    assert [line.label for line in chart.references] == [
        "milde depresjonsplager",
        "moderate depresjonsplager",
        "moderat alvorlige depresjonsplager",
        "alvorlige depresjonsplager",
    ]
    # 18 of 27 sits two thirds up the plot (bottom 204, top 14: 204 − 190 × 18 / 27).
    assert [(p.y, p.label) for p in chart.points] == [("77.3", "28.12.: 18"), ("140.7", "3.2.: 9")]
    page = _text(response)
    assert "Lavere skåre er bedre." in page
    assert '<title id="trend-phq-9-title">Skårene i PHQ-9' in page


def _answered(world, instrument, days_ago_and_codes):
    for days_ago, codes in days_ago_and_codes:
        services.response_save(
            access=_therapist(world),
            instrument=instrument,
            answers={str(n): code for n, code in enumerate(codes, 1)},
            submit=True,
            completed_on=TODAY - datetime.timedelta(days=days_ago),
        )


def test_who5_shows_the_raw_score_beside_the_percentage(client, world, phq9):
    who5 = Instrument.objects.get(code="who-5")
    # 2+2+1+1+1 = 7 (28 %), then 3+3+3+2+2 = 13 (52 %): +24 points, +6 raw.
    _answered(world, who5, [(60, "22111"), (0, "33322")])
    client.force_login(world.therapist)

    response = client.get(_url(world, "measures"))
    page = _text(response)

    assert list(Response.objects.order_by("pk").values_list("total", "raw_total")) == [
        (28, 7),
        (52, 13),
    ]
    [trend] = response.context["trends"]
    assert (trend.change, trend.raw_change_text, trend.has_response_rule) == (24, "+6", False)
    assert "Første svar</dt><dd>28, råskåre 7 av 25 (svært lav trivsel" in page
    assert "Siste svar</dt><dd>52, råskåre 13 av 25 (god trivsel)" in page
    assert "<dd>+24 (råskåre +6)</dd>" in page
    assert '<th scope="col">Råskåre (0–25)</th>' in page
    assert '<td data-label="Råskåre">7</td>' in page and '<td data-label="Råskåre">13</td>' in page
    assert "remisjon" not in page


def test_the_participant_reads_the_who5_bands_without_the_advice_to_staff(client, world, phq9):
    who5 = Instrument.objects.get(code="who-5")
    _answered(world, who5, [(60, "22111"), (0, "33322")])  # 28 %: the lowest band
    client.force_login(world.participant_user)

    page = _text(client.get(_url(world, "measures")))

    assert "Første svar</dt><dd>28, råskåre 7 av 25 (svært lav trivsel)" in page
    assert "vurder utredning" not in page  # neither in the table nor on the chart's lines
    client.force_login(world.therapist)
    assert "svært lav trivsel: vurder utredning for depresjon" in _text(
        client.get(_url(world, "measures"))
    )


def test_the_plan_pdf_prints_the_who5_raw_score_beside_the_percentage(client, world, phq9):
    from pypdf import PdfReader

    _answered(world, Instrument.objects.get(code="who-5"), [(60, "22111"), (0, "33322")])
    client.force_login(world.therapist)

    response = client.get(_url(world, "plan_pdf"))

    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "Råskåre (0–25)" in text
    assert "Endring siden første svar: +24. Råskåre: +6." in text


def test_phq9_response_and_remission_on_the_measures_page(client, world, phq9):
    client.force_login(world.therapist)
    # Nine items: all 2 = 18 first. Then 10: not halved (10 > 9), not below 5.
    _answered(world, phq9, [(60, "222222222"), (30, "222211000")])

    page = _text(client.get(_url(world, "measures")))
    assert "Minst halvert siden første svar (respons)</dt><dd>nei</dd>" in page
    assert "Under 5 på siste svar (remisjon)</dt><dd>nei</dd>" in page
    assert "Råskåre" not in page  # PHQ-9's score is its raw score

    _answered(world, phq9, [(0, "111110000")])  # 5: halved (5 ≤ 9), not below 5
    page = _text(client.get(_url(world, "measures")))
    assert "Minst halvert siden første svar (respons)</dt><dd>ja</dd>" in page
    assert "Under 5 på siste svar (remisjon)</dt><dd>nei</dd>" in page

    _answered(world, phq9, [(-0, "111100000")])  # the same day, later: 4, below 5
    page = _text(client.get(_url(world, "measures")))
    assert "Under 5 på siste svar (remisjon)</dt><dd>ja</dd>" in page


def test_one_phq9_answer_has_no_response_or_remission_yet(client, world, phq9):
    _answered(world, phq9, [(0, "000000000")])
    client.force_login(world.therapist)

    page = _text(client.get(_url(world, "measures")))

    assert "Første svar" not in page  # the first is the latest: no change yet

    assert (
        "Minst halvert siden første svar (respons)</dt><dd>– "
        '<span class="los-muted">(trenger to svar og en første skåre over 0)</span>'
    ) in page
    assert "Under 5 på siste svar (remisjon)</dt><dd>– " in page


def test_a_response_exports_as_fhir_and_the_read_is_logged(client, world, phq9):
    response = services.response_save(
        access=_therapist(world), instrument=phq9, answers=_answers("1"), submit=True
    )
    client.force_login(world.therapist)

    reply = client.get(_url(world, "response_fhir", response_id=response.pk))

    resource = json.loads(reply.content)
    assert resource["resourceType"] == "QuestionnaireResponse"
    assert "subject" not in resource and len(resource["item"]) == 9
    assert AccessLogEntry.objects.filter(what="svar på kartlegging (FHIR)").count() == 1


def test_a_manager_imports_the_example_and_bad_files_are_explained(client, world):
    manager = staff_user(world.regional, Role.PROGRAMME_MANAGER)
    client.force_login(manager)
    example = (
        __import__("pathlib").Path(__file__).resolve().parents[2]
        / "los" / "demo" / "eksempel-jobbhap.json"
    ).read_bytes()  # fmt: skip

    ok = client.post(
        reverse("instrument_list"),
        {"file": SimpleUploadedFile("eksempel.json", example)},
        follow=True,
    )
    bad = client.post(
        reverse("instrument_list"), {"file": SimpleUploadedFile("x.json", b"{not json")}
    )
    not_fhir = client.post(
        reverse("instrument_list"),
        {"file": SimpleUploadedFile("x.json", b'{"resourceType": "Patient"}')},
    )

    assert "er importert" in _text(ok) and "oppdiktet eksempel" in _text(ok)
    assert "Filen er ikke gyldig JSON." in _text(bad)
    assert "Filen er ikke en FHIR Questionnaire." in _text(not_fhir)
    assert Instrument.objects.filter(example=True).count() == 1


def test_the_caseload_flags_an_open_task_only_for_those_who_may_see_answers(world, phq9, planned):
    from los.followup.caseload import caseload

    services.response_save(access=_self(world), instrument=phq9, answers={"9": "1"}, submit=False)

    def flags(user):
        return next(r.flags for r in caseload(user) if r.participant.pk == world.participant.pk)

    assert "svar i kartlegging må følges opp i dag" in flags(world.therapist)
    assert "svar i kartlegging må følges opp i dag" not in flags(world.counsellor)  # no consent


def test_a_task_is_handled_in_the_page(client, world, phq9, planned):
    services.response_save(access=_self(world), instrument=phq9, answers={"9": "1"}, submit=False)
    task = SafetyTask.objects.get()
    client.force_login(world.therapist)

    client.post(_url(world, "safety_task_handle", task_id=task.pk), {"note": "Ringte henne."})

    task.refresh_from_db()
    assert task.handled_note == "Ringte henne." and task.handled_by == world.therapist
    assert "Må følges opp i dag" not in _text(client.get(_url(world, "measures")))


def test_the_plan_pdf_prints_the_trend_for_those_who_may_see_it(client, world, phq9):
    services.response_save(
        access=_therapist(world), instrument=phq9, answers=_answers("1"), submit=True
    )
    client.force_login(world.therapist)

    client.get(_url(world, "plan_pdf"))

    assert AccessLogEntry.objects.filter(
        user=world.therapist, category=Category.MEASUREMENTS, what__contains="PDF"
    ).exists()
    client.force_login(world.counsellor)
    client.get(_url(world, "plan_pdf"))
    assert not AccessLogEntry.objects.filter(
        user=world.counsellor, category=Category.MEASUREMENTS
    ).exists()


MEASURES_PAGE_QUERIES = 15


def test_the_measures_page_uses_a_fixed_number_of_queries(client, world, phq9):
    services.schedule_create(
        access=_therapist(world), instrument=phq9, first_due=TODAY, every_days=28
    )
    services.response_save(
        access=_therapist(world), instrument=phq9, answers=_answers("1"), submit=True
    )
    client.force_login(world.therapist)
    one = count_queries(client, _url(world, "measures"))
    gad7 = Instrument.objects.get(code="gad-7")
    for day in range(1, 8):
        for instrument in (phq9, gad7):
            answers = {item.link_id: "1" for item in instrument.scale.items}
            services.response_save(
                access=_therapist(world), instrument=instrument, answers=answers, submit=True,
                completed_on=TODAY - datetime.timedelta(days=day * 14),
            )  # fmt: skip
    services.response_save(access=_self(world), instrument=phq9, answers={"9": "1"}, submit=False)

    assert count_queries(client, _url(world, "measures")) == one == MEASURES_PAGE_QUERIES


def test_an_exported_instrument_imports_as_a_new_version_and_scores_the_same(client, world, phq9):
    from los.measures.scoring import score

    client.force_login(world.therapist)
    exported = json.loads(client.get(reverse("instrument_fhir", args=[phq9.pk])).content)
    exported["version"] = "1.0-kopi"
    manager = staff_user(world.regional, Role.PROGRAMME_MANAGER)

    copy = services.instrument_import(user=manager, resource=exported)

    for code in ("0", "1", "2", "3"):
        assert score(copy.scale, _answers(code)) == score(phq9.scale, _answers(code))


def test_the_participants_front_page_says_what_is_due(client, world, phq9):
    schedule = services.schedule_create(
        access=_therapist(world), instrument=phq9, first_due=TODAY, every_days=28
    )
    client.force_login(world.participant_user)
    due = f"Svar på «{phq9.title}»"

    assert due in _text(client.get(reverse("my_page")))

    services.response_save(access=_self(world), instrument=phq9, answers=_answers("0"), submit=True)
    assert due not in _text(client.get(reverse("my_page")))
    assert schedule.next_due([TODAY]) == TODAY + datetime.timedelta(days=28)


def test_staff_entering_a_worrying_answer_are_told_who_follows_it_up(client, world, phq9):
    give_consent(world.participant, world.nav_office, Category.MEASUREMENTS, world.counsellor)
    client.force_login(world.counsellor)
    url = _url(world, "measure_answer", instrument_id=phq9.pk)
    data = {f"q_{n}": "0" for n in range(1, 9)} | {"q_9": "2", "action": "submit"}

    page = _text(client.post(url, data | {"completed_on": "1.11.2026"}, follow=True))

    assert "Svaret på spørsmål 9 må følges opp i dag." in page
    assert "Lise Behandler har fått oppgaven." in page
    response = Response.objects.get()
    assert (response.on_paper, response.answered_by) == (True, world.counsellor)


def test_a_plan_is_stopped_in_the_page(client, world, phq9):
    schedule = services.schedule_create(
        access=_therapist(world), instrument=phq9, first_due=TODAY, every_days=28
    )
    client.force_login(world.therapist)

    client.post(_url(world, "schedule_stop", schedule_id=schedule.pk))

    schedule.refresh_from_db()
    assert schedule.stopped_by == world.therapist and schedule.next_due([]) is None
    assert ChangeLogEntry.objects.filter(action="measure_schedule.stopped").exists()
    client.force_login(world.participant_user)
    assert f"Svar på «{phq9.title}»" not in _text(client.get(reverse("my_page")))


def test_the_participant_answers_only_what_is_planned_with_them(client, world, phq9):
    client.force_login(world.participant_user)
    url = _url(world, "measure_answer", instrument_id=phq9.pk)

    assert client.get(url).status_code == 404
    with pytest.raises(ValidationError, match="ikke planlagt for deg"):
        services.response_save(
            access=_self(world), instrument=phq9, answers={"1": "0"}, submit=False
        )
    assert not Response.objects.exists()
