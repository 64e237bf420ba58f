#!/usr/bin/env python3
"""csstd measure beside the script a support analyst would write with the Python
`businesstimedelta` package (docs/performance.md): same tickets, same schedules.

    python3 benches/measure_vs_businesstimedelta.py TICKETS.csv [--sample 10000] [--csstd target/release/csstd]

For every business-clock SLA of the regions whose schedule has no dated exceptions
(businesstimedelta has none), the script computes each reached ticket's business
time with businesstimedelta (work-day rules per interval, holidays, the zone), then
compares the met count, p50 and p90 with csstd's, and times both.
"""

import argparse
import csv
import datetime
import json
import math
import re
import subprocess
import sys
import time

import businesstimedelta as btd
import pytz

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
UNITS = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}


def seconds(span):
    return sum(int(n) * UNITS[u] for n, u in re.findall(r"(\d+)([wdhms])", span))


def canonical(secs):
    out = ""
    for u, size in UNITS.items():
        if secs >= size:
            out += f"{secs // size}{u}"
            secs %= size
    return out or "0s"


def clock(hm):
    h, m = map(int, hm.split(":"))
    return datetime.time(23, 59, 59, 999999) if h == 24 else datetime.time(h, m)


def rules_of(schedule):
    tz = pytz.timezone(schedule.get("timezone", "UTC"))
    rules = []
    for i, day in enumerate(DAYS):
        hours = schedule.get("hours", {}).get(day)
        if hours is None:
            continue
        for interval in [hours] if isinstance(hours, str) else hours:
            a, b = ("00:00", "24:00") if interval == "24h" else interval.split("-")
            rules.append(btd.WorkDayRule(start_time=clock(a), end_time=clock(b), working_days=[i], tz=tz))
    holidays = []
    for h in schedule.get("holidays", []):
        first = datetime.date.fromisoformat(h.get("date") or h["from"])
        last = datetime.date.fromisoformat(h.get("date") or h["to"])
        holidays += [first + datetime.timedelta(d) for d in range((last - first).days + 1)]
    rules.append(btd.HolidayRule(holidays, tz=tz))
    return btd.Rules(rules)


def nearest_rank(values, p):
    values = sorted(values)
    return canonical(values[max(1, math.ceil(len(values) * p / 100)) - 1]) if values else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tickets")
    ap.add_argument("--sample", type=int, default=10_000)
    ap.add_argument("--csstd", default="target/release/csstd")
    args = ap.parse_args()
    sample = "/tmp/csstd-btd-sample.csv"
    with open(args.tickets, newline="") as src, open(sample, "w", newline="") as dst:
        for i, line in enumerate(src):
            if i > args.sample:
                break
            dst.write(line)

    start = time.perf_counter()
    report = json.loads(subprocess.run(
        [args.csstd, "measure", "--tickets", sample, "--now", "2027-04-01T00:00:00Z",
         "--format", "json", "--fail-on", "never", "--jobs", "1"],
        check=True, capture_output=True, text=True).stdout)
    ours_time = time.perf_counter() - start

    start = time.perf_counter()
    tickets = list(csv.DictReader(open(sample, newline="")))
    compared, differ = 0, 0
    for region in report["regions"]:
        resolved = json.loads(subprocess.run(
            [args.csstd, "resolve", region["region"], "--format", "json"],
            check=True, capture_output=True, text=True).stdout)
        schedules = {s["id"]: s for s in resolved.get("schedules", [])}
        slas = {s["id"]: s for s in resolved.get("slas", [])}
        for s in region["slas"]:
            if s["clock"] != "business" or s["tier"] is not None:
                continue
            schedule = schedules[slas[s["id"]]["schedule"]]
            if schedule.get("exceptions"):
                continue
            rules = rules_of(schedule)
            within = seconds(s["within"])
            elapsed = []
            for t in tickets:
                if (t["region"], t["channel"], t["priority"]) != (region["region"], s["channel"], s["priority"]):
                    continue
                reached = t[f"{s['measure']}_at"]
                if not reached:
                    continue
                a = datetime.datetime.fromisoformat(t["created_at"])
                b = datetime.datetime.fromisoformat(reached)
                d = rules.difference(a, b)
                elapsed.append(int(d.hours * 3600 + d.seconds))
            theirs = (sum(e <= within for e in elapsed), nearest_rank(elapsed, 50), nearest_rank(elapsed, 90))
            ours = (s["met"], s["p50"], s["p90"])
            compared += 1
            if ours != theirs:
                differ += 1
                print(f"  differs: {region['region']} {s['id']}: csstd {ours}, businesstimedelta {theirs}")
    theirs_time = time.perf_counter() - start
    print(f"{compared} business SLAs compared on {len(tickets)} tickets, {differ} differ")
    print(f"| csstd (every SLA, one thread) | {ours_time:.2f} s |")
    print(f"| businesstimedelta (business SLAs only) | {theirs_time:.2f} s |")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
