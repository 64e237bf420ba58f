#!/usr/bin/env python3
"""Time from saving a source file to the moment an open page is told to reload, for
`csstd serve` on a copy of the shipped project: benches/serve_latency.py [CSSTD] [RUNS].

Starts the server on a free loopback port, waits on the page's reload endpoint, edits
cultures/de-DE.toml, and measures until the wait returns (the page would reload then);
prints p50 and p95 in milliseconds."""
import os, shutil, statistics, subprocess, sys, tempfile, threading, time, urllib.request

binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/csstd"
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 30
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
work = tempfile.mkdtemp()
for folder in ("standards", "cultures", "templates"):
    shutil.copytree(os.path.join(root, folder), os.path.join(work, folder))
server = subprocess.Popen([os.path.abspath(binary), "serve", "--port", "0"], cwd=work,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    line = server.stdout.readline()
    base = line.split("serving ")[1].split(" ")[0]
    def generation(seen):
        with urllib.request.urlopen(f"{base}__csstd/wait?g={seen}", timeout=30) as r:
            return int(r.read())
    culture = os.path.join(work, "cultures", "de-DE.toml")
    text = open(culture, encoding="utf-8").read()
    g = generation(-1)
    times = []
    for i in range(runs):
        result = {}
        waiter = threading.Thread(target=lambda: result.update(g=generation(g)))
        waiter.start()
        time.sleep(0.2)  # the page is waiting before the save
        start = time.perf_counter()
        with open(culture, "w", encoding="utf-8") as f:
            f.write(text + f"\n# edit {i}\n")
        waiter.join()
        times.append((time.perf_counter() - start) * 1000)
        g = result["g"]
        time.sleep(0.2)
    times.sort()
    p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
    print(f"save to reload, {runs} saves: p50 {statistics.median(times):.0f} ms, "
          f"p95 {p95:.0f} ms, max {times[-1]:.0f} ms")
finally:
    server.kill()
    shutil.rmtree(work, ignore_errors=True)
