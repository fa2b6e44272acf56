"""iCalendar exports: all events with known days in one calendar, and one file per event
(same UIDs, so a calendar app recognises an event it already has). Pure: data in, bytes out."""

from __future__ import annotations

import datetime as dt

import icalendar

from .model import Catalogue, Event


def calendar(catalogue: Catalogue) -> bytes:
    config = catalogue.config
    cal = _calendar(catalogue, f"{config.title}: Veranstaltungen")
    for event in catalogue.events:
        if event.exact:  # an event known only by its month is no calendar entry
            cal.add_component(_vevent(event, catalogue))
    data: bytes = cal.to_ical()
    return data


def event_calendar_path(event: Event) -> str:
    return f"veranstaltungen/{event.slug}.ics"


def event_calendar(event: Event, catalogue: Catalogue) -> bytes:
    """One event as its own calendar file (same UID as in the whole calendar)."""
    cal = _calendar(catalogue, event.title)
    cal.add_component(_vevent(event, catalogue))
    data: bytes = cal.to_ical()
    return data


def _calendar(catalogue: Catalogue, name: str) -> icalendar.Calendar:
    config = catalogue.config
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{config.operator}//{config.title}//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _vevent(event: Event, catalogue: Catalogue) -> icalendar.Event:
    config = catalogue.config
    item = icalendar.Event()
    item.add("uid", f"{event.slug}@{config.base_url.split('://', 1)[-1].split('/', 1)[0]}")
    if event.revision:
        stamp = event.revision.changed
    else:
        stamp = dt.datetime.combine(event.changed_on, dt.time(), tzinfo=dt.UTC)
    item.add("dtstamp", stamp)
    item.add("dtstart", event.start.first_day)
    item.add("dtend", event.end.last_day + dt.timedelta(days=1))  # exclusive end (all-day)
    item.add("summary", event.title)
    item.add("location", ", ".join(x for x in (event.venue, event.city) if x))
    item.add(
        "description",
        (event.summary or event.kind.label) + (" (erfundenes Beispiel)" if event.example else ""),
    )
    item.add("url", config.absolute(event.url))
    item.add("categories", [event.kind.label])
    return item
