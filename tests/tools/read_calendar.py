"""Reads an iCalendar feed with the `icalendar` library (an independent
parser, not Cursus's writer) and prints its events as JSON, soonest first:
[{"uid", "summary", "start", "end", "location", "description"}]."""
import json
import sys

from icalendar import Calendar

with open(sys.argv[1], "rb") as feed:
    calendar = Calendar.from_ical(feed.read())
events = []
for event in calendar.walk("VEVENT"):
    events.append({
        "uid": str(event["UID"]),
        "summary": str(event["SUMMARY"]),
        "start": event.decoded("DTSTART").isoformat(),
        "end": event.decoded("DTEND").isoformat(),
        "location": str(event.get("LOCATION", "")),
        "description": str(event.get("DESCRIPTION", "")),
    })
events.sort(key=lambda e: e["start"])
print(json.dumps({"version": str(calendar["VERSION"]), "events": events}, ensure_ascii=False))
