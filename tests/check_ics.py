#!/usr/bin/env python3
"""Reads .ics files with Python's `icalendar` package (as a calendar
program would) and prints what it understood as JSON: every event's UID,
start and end in UTC, texts and alarm triggers. Exits non-zero when a file
does not parse or an event lacks what RFC 5545 requires.

Usage: check_ics.py FILE.ics...
"""
import datetime
import json
import sys

import icalendar


def utc(value):
    if not isinstance(value, datetime.datetime) or value.tzinfo is None:
        raise ValueError(f"not a zoned date-time: {value!r}")
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main(paths):
    out = []
    for path in paths:
        with open(path, "rb") as f:
            data = f.read()
        if b"\n" in data.replace(b"\r\n", b""):
            raise SystemExit(f"{path}: a line ends without CR")
        cal = icalendar.Calendar.from_ical(data)
        tzids = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
        events = []
        for ev in cal.walk("VEVENT"):
            for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
                if key not in ev:
                    raise SystemExit(f"{path}: an event lacks {key}")
            start = ev["DTSTART"]
            alarms = []
            for alarm in ev.walk("VALARM"):
                trigger = alarm.decoded("TRIGGER")
                alarms.append({
                    "action": str(alarm["ACTION"]),
                    "seconds": int(trigger.total_seconds()),
                    "description": str(alarm.get("DESCRIPTION", "")),
                })
            events.append({
                "uid": str(ev["UID"]),
                "tzid": start.params.get("TZID"),
                "start_utc": utc(ev.decoded("DTSTART")),
                "end_utc": utc(ev.decoded("DTEND")),
                "dtstamp": utc(ev.decoded("DTSTAMP")),
                "sequence": int(ev.get("SEQUENCE", -1)),
                "summary": str(ev["SUMMARY"]),
                "description": str(ev.get("DESCRIPTION", "")),
                "location": str(ev.get("LOCATION", "")),
                "alarms": alarms,
            })
        out.append({"file": path, "tzids": tzids, "events": events})
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)


if __name__ == "__main__":
    main(sys.argv[1:])
