"""Timeliness: EAD must reach Customs before the item departs, or as long before as the
destination profile requires (`LATE_DATA`). "Received" is the ingest time or `--as-of`."""

from __future__ import annotations

import datetime as dt
from functools import cache

from clearpost.model import Code, Item
from clearpost.quality.context import Context
from clearpost.quality.problems import N_, Problem


def check_timeliness(item: Item, context: Context) -> list[Problem]:
    departure = item.transport.departure_time if item.transport else None
    if departure is None:
        return []
    hours = context.profile.deadline_hours_before_departure
    deadline = departure - _hours(hours)
    if context.now <= deadline:
        return []
    late_by = context.now - deadline
    detail = {
        "received_at": context.now.isoformat(),
        "departure_time": departure.isoformat(),
        "deadline": deadline.isoformat(),
        "late_by_minutes": round(late_by.total_seconds() / 60),
    }
    params = {"received": _moment(context.now), "departure": _moment(departure), "late": _duration(late_by)}
    if hours:
        template = N_(
            "The data arrived {late} too late: it was received at {received} and the item departs "
            "at {departure}; the destination needs it {hours} hours before departure."
        )
        params["hours"] = f"{hours:g}"
    else:
        template = N_(
            "The data arrived {late} after the item departed ({departure}); it was received at "
            "{received}. Send the data before the item is loaded."
        )
    return [Problem(Code.LATE_DATA, "transport.departure_time", template, params, detail)]


@cache
def _hours(hours: float) -> dt.timedelta:
    """A profile's deadline as a duration, made once (a timedelta from a float is slow to make)."""
    return dt.timedelta(hours=hours)


def _moment(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _duration(delta: dt.timedelta) -> str:
    """In SI units, which read the same in English and French."""
    minutes = round(delta.total_seconds() / 60)
    return f"{minutes} min" if minutes < 120 else f"{minutes / 60:.0f} h"
