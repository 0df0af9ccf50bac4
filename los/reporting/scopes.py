"""Which figures a report covers: a level and the one unit at that level.

A service's own staff see their service's figures exactly; everyone above it (the county
coordinator, the regional unit, the programme manager) sees them through disclosure control
(docs/reporting.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    SERVICE = "service", _("tjeneste")
    OFFICE = "office", _("NAV-kontor")
    MUNICIPALITY = "municipality", _("kommune")
    COUNTY = "county", _("fylke")
    REGION = "region", _("region")
    NATION = "national", _("hele landet")


@dataclass(frozen=True)
class Scope:
    level: Level
    # The unit: an organisation's id (service, office), a municipality or county number, a
    # region code; "" for the nation.
    code: str = ""
