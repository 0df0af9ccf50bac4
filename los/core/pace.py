"""How fast one person may write free text into the record (dialogue messages and threads,
contact notes and their addenda, the participant's proposed activities).

A person typing writes a few of these a minute; a script writes hundreds. The limits are
counted per user in the shared cache (Redis in production, so they hold across worker
processes): one counter per user and window, raised with the cache's atomic increment.
A refused attempt is taken back off the counters, so someone who waits and tries again is
not punished for the refusal. The domain functions call `check_writing_pace`, so every way
into them (pages now, an API later) is limited alike; the refusal is a ValidationError, so
the form is shown again with the text the user wrote."""

from __future__ import annotations

import contextlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TOO_FAST = "too_fast"
_UNITS = {"s": 1, "m": 60, "h": 3600}


def parse_limits(text: str) -> list[tuple[int, int]]:
    """«10/m,100/h» → [(10, 60), (100, 3600)]: at most so many per so many seconds."""
    limits = []
    for part in text.split(","):
        amount, _slash, unit = part.strip().partition("/")
        limits.append((int(amount), _UNITS[unit.strip()]))
    return limits


class WritingTooFast(ValidationError):
    def __init__(self):
        super().__init__(
            _(
                "Du har sendt inn mye tekst på kort tid. Vent litt og prøv igjen. "
                "Det du skrev, står fortsatt i skjemaet."
            ),
            code=TOO_FAST,
        )


def _raise(key: str, seconds: int) -> int:
    # add() is a no-op when the counter exists; incr() is atomic in Redis and locked in the
    # local-memory cache. A counter that expired between the two is started again.
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=seconds)
        return 1


def check_writing_pace(*, user) -> None:
    """Count one piece of free text written by `user`; refuse it (WritingTooFast) when it
    would pass any of the limits in settings.LOS_WRITING_LIMITS."""
    now = int(time.time())
    counted = []
    refused = False
    for amount, seconds in parse_limits(settings.LOS_WRITING_LIMITS):
        key = f"los:writing:{user.pk}:{seconds}:{now // seconds}"
        counted.append(key)
        if _raise(key, seconds) > amount:
            refused = True
    if refused:
        for key in counted:
            with contextlib.suppress(ValueError):  # expired meanwhile: nothing to take back
                cache.decr(key)
        raise WritingTooFast
