#!/usr/bin/env bash
# csstd's benchmark harness: one command, one table.
#
#   benches/run.sh            # full run (about 10 minutes on 2 cores)
#   benches/run.sh --quick    # fewer runs, smaller projects (about 2 minutes)
#
# It generates synthetic projects (examples/gen.rs), builds them with csstd, and times
# with hyperfine: csstd --jobs 1 and 2, --check, the bare pulldown-cmark + minijinja
# baseline (examples/baseline.rs) and Hugo on the same handbook.md files; peak memory
# with GNU time; a per-stage table with examples/stages.rs; and `csstd measure` beside
# DuckDB on a generated ticket export (examples/tickets.rs, benches/measure_vs_duckdb.py).
# Outputs go to a RAM file system (/dev/shm) where there is one, plus one run on disk.
# Needs hyperfine, hugo, GNU time and python3: installed with apt-get when missing and
# running as root, else it says what to install; the duckdb Python package is installed
# with pip into target/bench-python when Python cannot import it. Set BENCH_DIR to
# choose the RAM folder, DISK_DIR the disk folder.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown option: $a" >&2; exit 2 ;;
  esac
done

need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
command -v hugo >/dev/null || need+=(hugo)
[ -x /usr/bin/time ] || need+=(time)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== installing ${need[*]}"
    apt-get update -qq >/dev/null && apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing: ${need[*]} (Debian/Ubuntu: sudo apt-get install -y ${need[*]})" >&2
    exit 2
  fi
fi

# DuckDB, for the measure comparison: from PyPI, into a folder of the build rather than
# the system's Python (`--target` works where the system's pip refuses to install).
target=${CARGO_TARGET_DIR:-$PWD/target}
pylib=$target/bench-python
export PYTHONPATH=$pylib${PYTHONPATH:+:$PYTHONPATH}
if ! python3 -c 'import duckdb' 2>/dev/null; then
  if ! python3 -m pip --version >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "== installing python3-pip"
      apt-get update -qq >/dev/null && apt-get install -y -qq python3-pip >/dev/null
    else
      echo "missing: pip for python3, to install duckdb (Debian/Ubuntu: sudo apt-get install -y python3-pip)" >&2
      exit 2
    fi
  fi
  echo "== installing duckdb (pip, into $pylib)"
  PIP_ROOT_USER_ACTION=ignore python3 -m pip install --quiet --disable-pip-version-check --target "$pylib" "duckdb==${DUCKDB_VERSION:-2.0.1}"
fi

echo "== building (release)"
cargo build --release --quiet --bin csstd --example gen --example baseline --example stages --example tickets
bin=$target/release/csstd
ex=$target/release/examples

if [ -n "${BENCH_DIR:-}" ]; then ram=$BENCH_DIR
elif [ -d /dev/shm ] && [ -w /dev/shm ]; then ram=/dev/shm/csstd-bench
else ram=$(mktemp -d); echo "note: no /dev/shm; RAM figures are on disk" >&2
fi
disk=${DISK_DIR:-$target/bench-disk}
rm -rf "$ram" "$disk"
mkdir -p "$ram/results" "$disk"
res=$ram/results
today=2027-01-15

if [ $quick = 1 ]; then runs=3; sizes="50:300 100:300 200:300 100:600"; base=100:300; mem="100 200"; tickets=200000
else runs=10; sizes="100:300 200:300 400:300 100:600"; base=100:300; mem="100 400"; tickets=1000000
fi

echo "== generating projects"
for s in $sizes; do
  r=${s%%:*}; c=${s##*:}
  "$ex/gen" "$ram/p-$r-$c" --regions "$r" --clauses "$c" 2>/dev/null
  "$bin" -C "$ram/p-$r-$c" build -q --out "$ram/p-$r-$c/dist" --today $today
done
for r in $mem; do
  [ -d "$ram/p-$r-300" ] || { "$ex/gen" "$ram/p-$r-300" --regions "$r" --clauses 300 2>/dev/null; }
done

br=${base%%:*}; bc=${base##*:}
p=$ram/p-$br-$bc
# The same project with copies of the built-in templates as its own: one renderer, so
# it must cost what the built-ins cost.
pt=$ram/p-$br-$bc-templates
rm -rf "$pt"; mkdir -p "$pt"
cp -r "$p/standards" "$p/cultures" "$pt/"
[ -f "$p/csstd.toml" ] && cp "$p/csstd.toml" "$pt/"
cp -r templates "$pt/templates"

echo "== Hugo site over the same handbook.md files"
site=$ram/hugo-site
mkdir -p "$site/content" "$site/layouts/_default"
cat > "$site/hugo.toml" <<'EOF'
baseURL = "http://localhost/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.renderer]
unsafe = false
EOF
cat > "$site/layouts/_default/single.html" <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main>{{ .Content }}</main></body></html>
EOF
cp "$site/layouts/_default/single.html" "$site/layouts/_default/list.html"
for d in "$p"/dist/*/; do
  id=$(basename "$d")
  { printf -- '---\ntitle: "%s"\n---\n\n' "$id"; cat "$d/handbook.md"; } > "$site/content/$id.md"
done

hf() { # name, then the command
  local name=$1; shift
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$res/$name.json" "$@" >/dev/null 2>&1 \
    || { echo "hyperfine failed for $name: $*" >&2; return 1; }
  echo "   $name done"
}

echo "== timing ($runs runs each; the machine is shared: compare ratios, not seconds)"
uptime
hf build-j1 "$bin -C $p build -q --jobs 1 --today $today --out $ram/out-j1"
hf build-j2 "$bin -C $p build -q --jobs 2 --today $today --out $ram/out-j2"
hf build-j1-templates "$bin -C $pt build -q --jobs 1 --today $today --out $ram/out-j1t"
hf check-j1 "$bin -C $p build -q --jobs 1 --today $today --check --out $p/dist"
hf baseline "$ex/baseline $p/dist $ram/out-baseline"
hf baseline-nowrite "$ex/baseline $p/dist"
hf hugo "hugo --quiet -s $site -d $ram/out-hugo"
hf hugo-1core "env GOMAXPROCS=1 hugo --quiet -s $site -d $ram/out-hugo1"
hf build-j1-disk "$bin -C $p build -q --jobs 1 --today $today --out $disk/out-j1"
hf baseline-disk "$ex/baseline $p/dist $disk/out-baseline"
for s in $sizes; do
  [ "$s" = "$base" ] && continue
  r=${s%%:*}; c=${s##*:}
  hf "build-j1-$r-$c" "$bin -C $ram/p-$r-$c build -q --jobs 1 --today $today --out $ram/out-$r-$c"
done

# Translations (issue 15): the shipped project with its nine catalogues against the same
# project without them.
tr=$ram/shipped-translated; nt=$ram/shipped-untranslated
rm -rf "$tr" "$nt"; mkdir -p "$tr" "$nt"
cp -r standards cultures translations csstd.toml "$tr/"
cp -r standards cultures csstd.toml "$nt/"
hf shipped-translated "$bin -C $tr build -q --jobs 1 --today $today --out $ram/out-tr"
hf shipped-untranslated "$bin -C $nt build -q --jobs 1 --today $today --out $ram/out-nt"

echo "== peak memory (--jobs 2, GNU time, best of 3)"
for r in $mem; do
  for i in 1 2 3; do
    /usr/bin/time -f "%M" -o "$res/mem-$r-$i.txt" \
      "$bin" -C "$ram/p-$r-300" build -q --jobs 2 --today $today --out "$ram/out-mem-$r"
  done
done

echo "== stages (one thread)"
"$ex/stages" "$p" "$ram" --today $today --tsv > "$res/stages.tsv"

echo "== csstd measure beside DuckDB ($tickets tickets, $runs runs each)"
"$ex/tickets" "$ram/tickets.csv" --tickets "$tickets" 2>/dev/null
python3 benches/measure_vs_duckdb.py "$ram/tickets.csv" --csstd "$bin" --threads 1 2 \
  --runs "$runs" --json "$res/duckdb.json" > "$res/duckdb.txt" \
  || { echo "measure_vs_duckdb.py failed:" >&2; cat "$res/duckdb.txt" >&2; }

echo
python3 - "$res" "$p" "$base" "$sizes" "$mem" "$ram/tickets.csv" <<'EOF'
import json, os, sys
res, proj, base, sizes, mem, tickets_csv = sys.argv[1:7]
br, bc = base.split(":")
def raw(name):
    path = os.path.join(res, name + ".json")
    if not os.path.exists(path):
        return None
    return json.load(open(path))["results"][0]
def t(name):
    r = raw(name)
    return (r["mean"], r["stddev"] or 0.0, r["min"], r["user"] + r["system"]) if r else None
md = sum(os.path.getsize(os.path.join(proj, "dist", d, "handbook.md"))
         for d in os.listdir(os.path.join(proj, "dist"))
         if os.path.isfile(os.path.join(proj, "dist", d, "handbook.md")))
regions = int(br)
def peak(r):
    vals = []
    for i in (1, 2, 3):
        p = os.path.join(res, f"mem-{r}-{i}.txt")
        if os.path.exists(p):
            vals.append(int(open(p).read().split()[-1]))
    return min(vals) if vals else None
rows = [
    ("csstd build --jobs 1", "build-j1"), ("csstd build --jobs 2", "build-j2"),
    ("csstd --jobs 1, own template copies", "build-j1-templates"),
    ("csstd build --check (up to date)", "check-j1"),
    ("baseline pulldown-cmark+minijinja", "baseline"),
    ("baseline, nothing written", "baseline-nowrite"),
    ("hugo (all cores)", "hugo"), ("hugo GOMAXPROCS=1", "hugo-1core"),
    ("csstd build --jobs 1, disk", "build-j1-disk"), ("baseline, disk", "baseline-disk"),
]
print(f"project {br} regions x {bc} clauses: {md/1e6:.1f} MB of handbook.md")
print("mean and sd of the runs; min: the least disturbed run; cpu: user + system seconds")
print(f"{'run':<36} {'mean s':>8} {'± sd':>7} {'min s':>7} {'cpu s':>7} {'MB/s':>8} {'regions/s':>10}")
for label, name in rows:
    v = t(name)
    if v is None:
        continue
    mean, sd, low, cpu = v
    print(f"{label:<36} {mean:>8.3f} {sd:>7.3f} {low:>7.3f} {cpu:>7.3f} {md/1e6/low:>8.1f} {regions/low:>10.0f}")
for s in sizes.split():
    if s == base:
        continue
    r, c = s.split(":")
    v = t(f"build-j1-{r}-{c}")
    if v:
        print(f"{'csstd --jobs 1, ' + r + ' x ' + c:<36} {v[0]:>8.3f} {v[1]:>7.3f} {v[2]:>7.3f} {v[3]:>7.3f} {'':>8} {int(r)/v[2]:>10.0f}")
mems = mem.split()
for r in mems:
    k = peak(r)
    if k:
        print(f"{'peak memory, ' + r + ' regions, --jobs 2':<36} {k/1024:>8.1f} MB")
duck = None
if os.path.exists(os.path.join(res, "duckdb.json")):
    duck = json.load(open(os.path.join(res, "duckdb.json")))
    csv_mb = os.path.getsize(tickets_csv) / 1e6
    print()
    print(f"measure: {duck['tickets']} tickets ({csv_mb:.1f} MB of CSV), {duck['regions']} regions, "
          f"{duck['slas']} SLAs; DuckDB {duck['duckdb_version']} computes the "
          f"{duck['compared']} calendar-clock SLAs only")
    print(f"{'run':<36} {'mean s':>8} {'± sd':>7} {'min s':>7} {'cpu s':>7} {'MB/s':>8} {'tickets/s':>10}")
    for r in duck["runs"]:
        n = r["threads"]
        for label, v in ((f"csstd measure --jobs {n}", r["csstd"]),
                         (f"duckdb, {n} thread{'s' if n > 1 else ''}", r["duckdb"])):
            print(f"{label:<36} {v['mean']:>8.3f} {v['sd']:>7.3f} {v['min']:>7.3f} {v['cpu']:>7.3f} "
                  f"{csv_mb / v['min']:>8.1f} {duck['tickets'] / v['min']:>10.0f}")
print()
print("stages, one thread (examples/stages.rs):")
print(f"{'stage':<16} {'ms':>9} {'share':>7} {'MB/s':>9} {'regions/s':>10}")
for line in open(os.path.join(res, "stages.tsv")).read().splitlines()[1:]:
    n, ms, share, mbs, rps = line.split("\t")
    print(f"{n:<16} {float(ms):>9.1f} {float(share):>6.1f}% {float(mbs):>9.1f} {float(rps):>10.0f}")
print()
print("targets (ratios of the least disturbed runs; of the means in brackets):")
def ratio(a, b):
    x, y = t(a), t(b)
    return (x[2] / y[2], x[0] / y[0]) if x and y else None
def line(text, value, ok):
    if value is None:
        print(f"  {text}: not measured"); return
    if isinstance(value, tuple):
        low, mean = value
        print(f"  {text}: {low:.2f} ({mean:.2f}) -> {'met' if ok(low) else 'NOT met'}")
    else:
        print(f"  {text}: {value:.2f} -> {'met' if ok(value) else 'NOT met'}")
line("build --jobs 1 / baseline (<= 3)", ratio("build-j1", "baseline"), lambda v: v <= 3)
line("own copies of the built-in templates / built-ins (<= 1.1)", ratio("build-j1-templates", "build-j1"), lambda v: v <= 1.1)
line("hugo / build --jobs 2 (>= 4)", ratio("hugo", "build-j2"), lambda v: v >= 4)
line("hugo 1 core / build --jobs 1 (>= 4)", ratio("hugo-1core", "build-j1"), lambda v: v >= 4)
big = [s for s in sizes.split() if s.endswith(":300") and s != base]
for s in big:
    r = s.split(":")[0]
    limit = 2.3 * int(r) / (2 * int(br))
    line(f"{r} regions / {br} regions (<= {limit:.2f})", ratio(f"build-j1-{r}-300", "build-j1"), lambda v, l=limit: v <= l)
cl = [s for s in sizes.split() if not s.endswith(":300")]
if cl:
    r, c = cl[0].split(":")
    limit = 2.3 * int(c) / (2 * int(bc))
    line(f"{c} clauses / {bc} clauses (<= {limit:.2f})", ratio(f"build-j1-{r}-{c}", "build-j1"), lambda v, l=limit: v <= l)
line("check / build (<= 1)", ratio("check-j1", "build-j1"), lambda v: v <= 1.0)
if len(mems) == 2 and peak(mems[0]) and peak(mems[1]):
    line(f"peak memory {mems[1]} / {mems[0]} regions (<= 1.5)", peak(mems[1]) / peak(mems[0]), lambda v: v <= 1.5)
line("shipped: with catalogues / without (<= 1.3)", ratio("shipped-translated", "shipped-untranslated"), lambda v: v <= 1.3)
line("build --jobs 1 / --jobs 2 (>= 1.6)", ratio("build-j1", "build-j2"), lambda v: v >= 1.6)
line("disk: build --jobs 1 / baseline", ratio("build-j1-disk", "baseline-disk"), lambda v: v <= 3)
def duck_ratio(threads):
    for r in (duck or {}).get("runs", []):
        if r["threads"] == threads:
            return (r["csstd"]["min"] / r["duckdb"]["min"], r["csstd"]["mean"] / r["duckdb"]["mean"])
    return None
if duck:
    agree = duck["compared"] - duck["differ"]
    print(f"  measure: calendar SLAs that agree with DuckDB: {agree} of {duck['compared']} -> "
          f"{'met' if duck['differ'] == 0 else 'NOT met'}")
line("measure --jobs 1 / DuckDB 1 thread (<= 1.5)", duck_ratio(1), lambda v: v <= 1.5)
line("measure --jobs 2 / DuckDB 2 threads (<= 1.0)", duck_ratio(2), lambda v: v <= 1.0)
EOF
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || uptime)"
echo "raw results: $res (hyperfine JSON)"
