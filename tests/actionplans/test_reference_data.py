"""The two plans as reference data, loaded from the JSON files by a data migration."""

import json

import pytest

from los.actionplans.models import ActionPlan, PlanMeasure
from los.actionplans.shipped import DATA, MEASURE_KEYS, install_action_plans, shipped_plans
from los.pathways.programmes import PROGRAMMES

pytestmark = pytest.mark.django_db

ACTION_PLAN_2007_NUMBERS = [
    "1.a", "1.b", "1.c", "1.1.a", "2.1.a", "2.1.b", "2.1.c", "2.1.d", "2.2.a",
    "3.1.a", "3.1.b", "3.1.c", "3.2.1", "3.2.2", "4.1",
]  # fmt: skip


def test_the_migration_loads_the_33_measures_of_2013_2016_numbered_1_to_33():
    plan = ActionPlan.objects.get(code="2013-2016")
    numbers = list(PlanMeasure.objects.filter(plan=plan).values_list("number", flat=True))

    assert numbers == [str(n) for n in range(1, 34)]
    assert (plan.start_year, plan.end_year) == (2013, 2016)
    assert plan.title == "Oppfølgingsplan for arbeid og psykisk helse (2013–2016)"


def test_the_migration_loads_the_numbered_measures_of_the_2007_2012_action_plan_in_order():
    plan = ActionPlan.objects.get(code="2007-2012")

    numbers = list(plan.measures.order_by("position").values_list("number", flat=True))

    assert numbers == ACTION_PLAN_2007_NUMBERS
    assert (plan.start_year, plan.end_year) == (2007, 2012)


def test_measures_say_what_the_plan_says():
    ips = PlanMeasure.objects.get(plan__code="2013-2016", number="10")
    sfj = PlanMeasure.objects.get(plan__code="2013-2016", number="12")
    loser = PlanMeasure.objects.get(plan__code="2007-2012", number="1.a")

    assert ips.title == "Individuell jobbstøtte (IPS)"
    assert ips.goal.startswith("Utvikle kunnskap og integrere kunnskapsbasert metodikk")
    assert ips.responsible == "Arbeids- og velferdsdirektoratet og Helsedirektoratet"
    assert ips.area == "4.4 Forskning og utvikling"
    assert ips.programme_codes == ["ips", "ips-ung"]
    assert (sfj.time_frame, sfj.programme_codes) == ("2014–2016", ["sfj"])
    assert (loser.time_frame, loser.programme_codes) == ("2008–2012", ["los"])


def test_every_measure_has_a_title_goal_responsible_body_and_time_frame():
    for measure in PlanMeasure.objects.all():
        assert all(
            (measure.title, measure.goal, measure.responsible, measure.time_frame, measure.area)
        ), measure.number
        # The extracted seed text lost its hyphens («Arbeids og velferdsdirektoratet»).
        assert "Arbeids og" not in measure.responsible + measure.goal, measure.number
        assert "Helse og omsorg" not in measure.responsible + measure.goal, measure.number


def test_the_files_name_only_known_fields_and_shipped_programmes():
    programme_codes = {code for code, *_rest in PROGRAMMES}
    for path in DATA.glob("*.json"):
        plan = json.loads(path.read_text(encoding="utf-8"))
        for measure in plan["measures"]:
            assert set(measure) == MEASURE_KEYS, (path.name, measure["number"])
            assert set(measure["programmes"]) <= programme_codes, measure["number"]
        numbers = [m["number"] for m in plan["measures"]]
        assert len(numbers) == len(set(numbers)), path.name
    assert [p["code"] for p in shipped_plans()] == ["2007-2012", "2013-2016"]


def test_installing_again_adds_nothing_and_keeps_an_administrators_correction():
    measure = PlanMeasure.objects.get(plan__code="2013-2016", number="3")
    measure.title = "Selvorganisert selvhjelp (rettet)"
    measure.save()

    install_action_plans(ActionPlan, PlanMeasure)

    assert PlanMeasure.objects.count() == 33 + 15
    measure.refresh_from_db()
    assert measure.title == "Selvorganisert selvhjelp (rettet)"


def test_installing_into_an_empty_database_loads_both_plans():
    PlanMeasure.objects.all().delete()
    ActionPlan.objects.all().delete()

    install_action_plans(ActionPlan, PlanMeasure)

    assert ActionPlan.objects.count() == 2
    assert PlanMeasure.objects.count() == 48
