"""The instruments Los ships (PHQ-9, GAD-7, WHO-5): files in instruments/, installed by a
migration, and again by tests that start from an emptied database."""

from __future__ import annotations

import json
from pathlib import Path

from los.measures.scoring import parse

INSTRUMENTS = Path(__file__).resolve().parent / "instruments"


def shipped_definitions() -> list[dict]:
    return [
        json.loads(path.read_text(encoding="utf-8")) for path in sorted(INSTRUMENTS.glob("*.json"))
    ]


def install_shipped_instruments(instrument_model) -> None:
    """Add each shipped instrument that is not there yet (by url and version)."""
    for definition in shipped_definitions():
        scale = parse(definition)
        instrument_model.objects.get_or_create(
            url=scale.url,
            version=scale.version,
            defaults={
                "code": scale.code,
                "title": scale.title,
                "language": scale.language,
                "copyright": scale.copyright,
                "definition": definition,
                "shipped": True,
            },
        )
