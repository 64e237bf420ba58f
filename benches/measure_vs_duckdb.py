#!/usr/bin/env python3
"""csstd measure beside DuckDB on the same ticket CSV (docs/performance.md).

    python3 benches/measure_vs_duckdb.py TICKETS.csv [--csstd target/release/csstd] [--threads 1 2]
        [--runs 3] [--json RESULTS.json]

DuckDB computes per-region, per-SLA calendar-clock attainment (met / missed, open
tickets judged at one `--now`) from the SLA table csstd itself reports; csstd measures
every SLA, business clocks included. The script checks that the calendar SLAs
agree, then times each side (one warm-up, then `--runs` runs) and prints a table
with the best run of each. `--json` also writes every figure (mean, standard
deviation, least disturbed run, CPU seconds) for benches/run.sh.
"""

import argparse
import json
import re
import resource
import statistics
import subprocess
import time

import duckdb

TO = "2027-03-31"
# One moment for every region, so both judge open tickets alike.
NOW = "2027-04-01T00:00:00Z"


def seconds(span):
    units = {"w": 604800, "d": 86400, "h": 3600, "m": 60, "s": 1}
    return sum(int(n) * units[u] for n, u in re.findall(r"(\d+)([wdhms])", span))


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(f, runs, cpu):
    """One warm-up, then `runs` runs: wall-clock mean, sd and min, and mean CPU seconds
    (`cpu` reads the CPU time the run uses: this process's, or its children's)."""
    f()
    walls, cpus = [], []
    for _ in range(runs):
        c0, start = cpu(), time.perf_counter()
        f()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu() - c0)
    return {
        "mean": statistics.mean(walls),
        "sd": statistics.stdev(walls) if len(walls) > 1 else 0.0,
        "min": min(walls),
        "cpu": statistics.mean(cpus),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("tickets")
    ap.add_argument("--csstd", default="target/release/csstd")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()

    def csstd(jobs, fmt="json"):
        return subprocess.run(
            [args.csstd, "measure", "--tickets", args.tickets, "--to", TO, "--now", NOW,
             "--format", fmt, "--fail-on", "never", "--jobs", str(jobs)],
            check=True, capture_output=True, text=True).stdout

    report = json.loads(csstd(1))
    now = report["now"]
    slas = [(r["region"], s["id"], s["channel"], s["priority"], s["measure"], seconds(s["within"]))
            for r in report["regions"] for s in r["slas"]
            if s["clock"] == "calendar" and s["tier"] is None]

    def duck(threads):
        con = duckdb.connect()
        con.execute(f"SET threads = {threads}")
        con.execute("CREATE TABLE slas (region VARCHAR, sla VARCHAR, channel VARCHAR, priority VARCHAR, measure VARCHAR, within BIGINT)")
        con.executemany("INSERT INTO slas VALUES (?, ?, ?, ?, ?, ?)", slas)
        rows = con.execute(f"""
            WITH t AS (
              SELECT * FROM read_csv(?, header = true, columns = {{
                'id': 'VARCHAR', 'region': 'VARCHAR', 'channel': 'VARCHAR', 'priority': 'VARCHAR',
                'tier': 'VARCHAR', 'created_at': 'TIMESTAMPTZ', 'first_response_at': 'TIMESTAMPTZ',
                'resolution_at': 'TIMESTAMPTZ', 'satisfaction': 'VARCHAR'}})
            ), m AS (
              SELECT s.region, s.sla, s.within, epoch(t.created_at) AS c,
                     epoch(CASE s.measure WHEN 'first_response' THEN t.first_response_at
                                          ELSE t.resolution_at END) AS r
              FROM t JOIN slas s USING (region, channel, priority)
            )
            SELECT region, sla,
                   count(*) FILTER (WHERE r IS NOT NULL AND r - c <= within) AS met,
                   count(*) FILTER (WHERE (r IS NOT NULL AND r - c > within)
                                       OR (r IS NULL AND epoch(TIMESTAMPTZ '{now}') - c > within)) AS missed
            FROM m GROUP BY ALL ORDER BY ALL
        """, [args.tickets]).fetchall()
        return {(r, s): (met, missed) for r, s, met, missed in rows}

    ours = {(r["region"], s["id"]): (s["met"], s["missed"])
            for r in report["regions"] for s in r["slas"]
            if s["clock"] == "calendar" and s["tier"] is None}
    theirs = duck(1)
    wrong = {k: (ours.get(k), v) for k, v in theirs.items() if ours.get(k) != v}
    print(f"{len(theirs)} calendar SLAs compared, {len(wrong)} differ")
    for k, v in sorted(wrong.items())[:10]:
        print("  differs:", k, "csstd", v[0], "duckdb", v[1])

    runs = []
    for n in args.threads:
        d = timed(lambda: duck(n), args.runs, time.process_time)
        c = timed(lambda: csstd(n), args.runs, children_cpu)
        runs.append({"threads": n, "duckdb": d, "csstd": c})

    print(f"least disturbed of {args.runs} runs (after a warm-up):")
    print("| threads | DuckDB, calendar clocks | csstd, every SLA | ratio |")
    print("| --- | --- | --- | --- |")
    for r in runs:
        d, c = r["duckdb"]["min"], r["csstd"]["min"]
        print(f"| {r['threads']} | {d:.2f} s | {c:.2f} s | {c / d:.2f} |")

    if args.json:
        with open(args.json, "w") as out:
            json.dump({
                "duckdb_version": duckdb.__version__,
                "tickets": report["summary"]["tickets"],
                "regions": len(report["regions"]),
                "slas": report["summary"]["slas"],
                "compared": len(theirs),
                "differ": len(wrong),
                "runs": runs,
            }, out, indent=2)


if __name__ == "__main__":
    main()
