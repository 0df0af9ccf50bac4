"""The plans Los ships, read from the JSON files in los/actionplans/data/ (one file per plan;
the format is in docs/action-plans.md). Installed by a data migration, and again by tests
that start from an emptied database. A plan already there (by code) is left alone, so an
administrator's corrections are never overwritten."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
MEASURE_KEYS = {
    "number", "area", "title", "goal", "responsible", "time_frame", "programmes", "indicators",
}  # fmt: skip


def shipped_plans() -> list[dict]:
    """Every plan file, oldest plan first."""
    plans = [json.loads(path.read_text(encoding="utf-8")) for path in DATA.glob("*.json")]
    return sorted(plans, key=lambda plan: plan["start_year"])


def install_action_plans(plan_model, measure_model) -> None:
    existing = set(plan_model.objects.values_list("code", flat=True))
    for data in shipped_plans():
        if data["code"] in existing:
            continue
        plan = plan_model.objects.create(
            code=data["code"],
            title=data["title"],
            start_year=data["start_year"],
            end_year=data["end_year"],
            source=data["source"],
        )
        measure_model.objects.bulk_create(
            measure_model(
                plan=plan,
                position=position,
                number=measure["number"],
                area=measure["area"],
                title=measure["title"],
                goal=measure["goal"],
                responsible=measure["responsible"],
                time_frame=measure["time_frame"],
                programme_codes=measure["programmes"],
                indicator_codes=measure["indicators"],
            )
            for position, measure in enumerate(data["measures"], 1)
        )
