#!/usr/bin/env bash
# Measures csstd at and past its resource limits: wall time and peak memory (RSS) of the
# release binary on generated inputs. Run on demand: `benches/limits.sh` (builds the
# release binary first); docs/security.md quotes the numbers. Needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/csstd
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

base() { # a project with the clean fixture's base standard and abstract eu
  rm -rf "$work/p"; cp -r tests/fixtures/clean "$work/p"
}
region_head='[culture]
id = "x"
name = "X"
extends = "base"
languages = ["en"]

[communication]
directness = "direct"
formality = "formal"
context = "low"
'
measure() { # name, expected exit codes, command...
  local name=$1 ok=$2; shift 2
  local code=0
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || code=$?
  read -r secs kb < <(tail -n 1 "$work/time")
  local verdict="exit $code"
  [[ " $ok " == *" $code "* ]] || verdict="UNEXPECTED exit $code: $(head -c 200 "$work/err")"
  printf '| %-52s | %7s s | %7d MiB | %s |\n' "$name" "$secs" $((kb / 1024)) "$verdict"
}

echo '| input | time | peak RSS | result |'
echo '|---|---|---|---|'

base
python3 - "$work/p/cultures/x.toml" "$region_head" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
pad = "# " + "p" * 78 + "\n"
text = head
while len(text) + len(pad) < 8 * 1024 * 1024 - 1024:
    text += pad
open(path, "w").write(text)
PY
measure "file just under 8 MiB (comments): resolve" "0" "$bin" -C "$work/p" resolve x --format json

base
head -c $((8 * 1024 * 1024 + 1)) /dev/zero | tr '\0' '#' >"$work/p/cultures/x.toml"
measure "file of 8 MiB + 1 byte: refused" "2" "$bin" -C "$work/p" list

base
python3 - "$work/p/cultures/x.toml" "$region_head" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
open(path, "w").write(head + 'address = "' + "word " * (7_900_000 // 5) + '"\n')
PY
measure "one 7.9 MB line: resolve" "0" "$bin" -C "$work/p" resolve x --format json
measure "one 7.9 MB line: build (lint + render)" "0 1" "$bin" -C "$work/p" build --out "$work/dist" --today 2026-11-24

base
python3 - "$work/p/cultures/x.toml" "$region_head" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
open(path, "w").write(head + "x-deep = " + "[" * 31 + "]" * 31 + "\n")
PY
measure "nesting 32 levels (the limit): resolve" "0" "$bin" -C "$work/p" resolve x --format json

base
python3 - "$work/p/cultures/x.toml" "$region_head" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
open(path, "w").write(head + "x-deep = " + "[" * 1_000_000 + "]" * 1_000_000 + "\n")
PY
measure "nesting 1,000,000 levels (TOML): refused" "2" "$bin" -C "$work/p" list

base
python3 - "$work/p/cultures/x.yaml" <<'PY'
import sys
text = "a0: &a0 [" + ", ".join(["x"] * 10) + "]\n"
for i in range(1, 12):
    text += f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]\n"
open(sys.argv[1], "w").write(text + "culture: *a11\n")
PY
measure "YAML alias bomb (10^12 values): refused" "2" "$bin" -C "$work/p" list

base
python3 - "$work/p/cultures/x.toml" <<'PY'
import sys
open(sys.argv[1], "w").write('[culture]\nid = "' + "a" * 1_000_000 + '"\n')
PY
measure "id of 1,000,000 characters: refused" "2" "$bin" -C "$work/p" list

base
python3 - "$work/p/cultures/x.toml" "$region_head" <<'PY'
import sys
path, head = sys.argv[1], sys.argv[2]
parts = [head]
for i in range(20_000):
    parts.append(f'[[clauses]]\nid = "gen.c{i}"\nsection = "attitude"\ntitle = "Clause {i}"\n'
                 f'text = "Greet the customer by name and confirm the next step ({i})."\n')
open(path, "w").write("".join(parts))
PY
measure "20,000 clauses in one overlay: resolve" "0" "$bin" -C "$work/p" resolve x --format json
measure "20,000 clauses in one overlay: build" "0 1" "$bin" -C "$work/p" build --out "$work/dist" --today 2026-11-24

base
for i in $(seq 1 1000); do
  printf '%s' "$region_head" | sed "s/id = \"x\"/id = \"r$i\"/" >"$work/p/cultures/r$i.toml"
done
measure "1,000 regions: list" "0" "$bin" -C "$work/p" list --format json
measure "1,000 regions: build (--jobs 2)" "0 1" "$bin" -C "$work/p" build --out "$work/dist" --today 2026-11-24 --jobs 2
