#!/usr/bin/python3
"""Cross-checks kontor-cli's iCalendar export with a second parser (Python's
icalendar module): the same activities, kinds and times as `list --json`."""
import datetime
import json
import os
import subprocess
import sys
import tempfile

try:
    import icalendar
except ImportError:
    print("1..0 # SKIP python3-icalendar is not installed")
    sys.exit(0)

cli = os.environ["KONTOR_CLI"]
print("1..3")
with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "k.db")
    ics = os.path.join(tmp, "out.ics")

    def run(*args):
        return subprocess.run([cli, "--database", db, *args], check=True,
                              capture_output=True, text=True).stdout

    run("demo", "--records", "120")
    activities = json.loads(run("list", "activities", "--json"))
    run("export", "ical", ics)
    with open(ics, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())

    components = [c for c in calendar.walk() if c.name in ("VEVENT", "VTODO")]
    ok = len(components) == len(activities) and len(components) > 0
    print(("ok" if ok else "not ok") + " 1 - one component per activity (%d, %d)"
          % (len(components), len(activities)))

    by_uid = {str(c.get("uid")): c for c in components}
    ok = all(a["uuid"] + "@kontor" in by_uid and
             str(by_uid[a["uuid"] + "@kontor"].get("summary")) == a["subject"]
             for a in activities)
    print(("ok" if ok else "not ok") + " 2 - every activity's UID and subject")

    ok = True
    for a in activities:
        c = by_uid[a["uuid"] + "@kontor"]
        key = "dtstart" if c.name == "VEVENT" else "due"
        if a["due_at"] is None:
            ok &= c.get(key) is None
            continue
        expected = datetime.datetime.fromisoformat(a["due_at"].replace("Z", "+00:00"))
        ok &= c.get(key).dt == expected
        ok &= (c.name == "VEVENT") == (a["kind"] in ("meeting", "call"))
    print(("ok" if ok else "not ok") + " 3 - times and component kinds match")
