"""Disclosure control at national size: how long `suppress()` takes on a national cube, and
whether the audit finds every hidden cell's range wider than the threshold.

    .venv/bin/python -m benchmarks.disclosure [--runs 20] [--audit] [--seed 1]

The cube: 15 counties in 4 regions, 24 municipalities each, 1 to 3 services per
municipality (about 600), each running one or two of 8 programmes with about 22 enrolments
each (normal, sd 12), 40 % under 30, and three genders of which one is rare (1 %): the
geography at every level × (programme | age group | gender), about 13 700 cells. No
database: the cube is made in memory, as the reports make it from SQL counts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "los.settings")
os.environ.setdefault("LOS_ENVIRONMENT", "test")


def national_cube(seed: int):
    from los.reporting.cube import Dimension, rolled_up

    rng = random.Random(seed)
    labels: dict[str, str] = {}
    parents: dict[str, str] = {}
    services = []
    for region in range(4):
        labels[f"r{region}"] = f"Region {region}"
    for county in range(15):
        labels[f"c{county}"] = f"Fylke {county}"
        parents[f"c{county}"] = f"r{county % 4}"
        for municipality in range(24):
            code = f"m{county}-{municipality}"
            labels[code] = f"Kommune {county}-{municipality}"
            parents[code] = f"c{county}"
            for service in range(rng.choice([1, 1, 1, 2, 2, 3])):
                key = f"s{county}-{municipality}-{service}"
                labels[key] = f"Tjeneste {key}"
                parents[key] = code
                services.append(key)
    dimensions = (
        Dimension("geography", labels, parents),
        Dimension("programme", {f"p{i}": f"Program {i}" for i in range(8)}),
        Dimension("age_group", {"under_30": "Under 30", "30_and_over": "30 og over"}),
        Dimension("gender", {"f": "Kvinne", "m": "Mann", "x": "Annet"}),
    )
    finest: dict[tuple[str, ...], int] = {}
    for service in services:
        for programme in rng.sample(range(8), rng.choice([1, 1, 2])):
            for _ in range(max(0, int(rng.gauss(22, 12)))):
                key = (
                    service,
                    f"p{programme}",
                    "under_30" if rng.random() < 0.4 else "30_and_over",
                    rng.choices(["f", "m", "x"], [0.52, 0.47, 0.01])[0],
                )
                finest[key] = finest.get(key, 0) + 1
    return rolled_up(dimensions, finest), len(services)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--audit", action="store_true", help="also run the LP audit (slow)")
    arguments = parser.parse_args()
    django.setup()
    from los.reporting.disclosure import suppress

    cube, services = national_cube(arguments.seed)
    suppress(cube, 5)  # imports and first-call costs are not the figure
    wall, cpu = [], []
    for _ in range(arguments.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        hidden = suppress(cube, 5)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    result = {
        "cells": len(cube.counts),
        "services": services,
        "small_cells": sum(1 for count in cube.counts.values() if 0 < count < 5),
        "hidden": len(hidden),
        "runs": arguments.runs,
        "median_ms": round(statistics.median(wall), 1),
        "max_ms": round(max(wall), 1),
        "median_cpu_ms": round(statistics.median(cpu), 1),
        "load_average": os.getloadavg()[0],
    }
    if arguments.audit:
        from los.reporting.disclosure_audit import unsafe

        started = time.perf_counter()
        result["audit_unsafe"] = len(unsafe(cube, hidden, 5))
        result["audit_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
