"""Process settings for serving requests."""

from __future__ import annotations

import gc


def settle_memory() -> None:
    """Collect once, then freeze what the process has loaded so far (Django, the URL
    resolver, templates, translations) so the garbage collector never scans it again.

    A caseload request allocates thousands of short-lived objects, and each full collection
    used to walk every long-lived object too: measured at 100 000 participants, that was the
    long tail of the caseload's response times (docs/benchmarks.md shows both in one run).
    Python documents gc.freeze() for exactly this, and for servers that fork workers it also
    keeps the shared pages shared."""
    gc.collect()
    gc.freeze()
