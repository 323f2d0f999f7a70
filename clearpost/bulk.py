"""Bulk work on hundreds of thousands of records.

CPython's cycle collector scans every live container each time enough new ones have been
allocated; while a batch of items is being built it rescans the whole growing batch again and
again, which costs 3× the parse itself. ClearPost's records are trees (they cannot form cycles),
so bulk work runs with the collector paused and resumes it afterwards.

Resuming must not cost a scan either: the collector counts the containers allocated while it
was off, and at the next allocation would scan every one of them (for a batch of 200,000 items,
half a second). `gc.freeze()` then `gc.unfreeze()` moves them to the oldest generation unscanned,
as surviving a young collection would, and resets that count; cyclic garbage among them (none of
ClearPost's records) waits for the next full collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
