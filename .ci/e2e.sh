#!/usr/bin/env bash
# End-to-end checks of csstd's rendered handbooks in real clients.
#
# usage: .ci/e2e.sh DIST
#   DIST is the output of `csstd build --out DIST`: <region>/handbook.html and
#   handbook.md for every region, plus index.html and index.md.
#
# Checks (all run; the script fails if any fails):
#   1. Nu Html Checker (vnu.jar, --errors-only) on every *.html in DIST.
#   2. markdownlint-cli2 on every *.md in DIST, config .ci/e2e/.markdownlint-cli2.jsonc.
#   3. headless Chromium + axe-core on every handbook.html and index.html
#      (.ci/e2e/axe.mjs): no serious/critical violation, no request other than
#      file://, and the ar-SA handbook right-to-left.
#
# Needs Node >= 20 with npm and Java >= 11 (installs Java from Debian when it
# is missing); installs the npm packages pinned in .ci/e2e/package-lock.json
# with `npm ci`, and Debian's chromium when /usr/bin/chromium is missing.
set -euo pipefail

if [ $# -ne 1 ] || [ ! -d "$1" ]; then
  echo "usage: $0 DIST   (DIST: a directory written by \`csstd build --out DIST\`)" >&2
  exit 2
fi
DIST=$(cd "$1" && pwd)
E2E=$(cd "$(dirname "${BASH_SOURCE[0]}")/e2e" && pwd)
ROOT=$(cd "$E2E/../.." && pwd)
CHROMIUM=/usr/bin/chromium
VNU_JAR=$E2E/node_modules/vnu-jar/build/dist/vnu.jar
MDLINT=$E2E/node_modules/.bin/markdownlint-cli2
MDLINT_CONFIG=$E2E/.markdownlint-cli2.jsonc
started=$SECONDS

say() { printf '\n--- %s\n' "$*"; }
die() { echo "e2e: $*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    apt_updated=yes
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}

# ---------------------------------------------------------------- tools
say "setup"
command -v node >/dev/null 2>&1 || die "node not found (Node >= 20 with npm is required)"
command -v npm >/dev/null 2>&1 || die "npm not found (Node >= 20 with npm is required)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || die "Node >= 20 is required, found $(node --version)"
if ! command -v java >/dev/null 2>&1; then
  echo "java not found: installing Debian's openjdk-17-jre-headless"
  apt_install openjdk-17-jre-headless
fi
if [ ! -x "$CHROMIUM" ]; then
  echo "$CHROMIUM not found: installing Debian's chromium"
  apt_install chromium
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM still missing after installing chromium"

# Exact versions from the committed lockfile. --ignore-scripts (also in
# .ci/e2e/.npmrc): vnu-jar's postinstall would download a Java runtime, and
# the system Java is used instead.
(cd "$E2E" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
[ -f "$VNU_JAR" ] || die "$VNU_JAR not found: has the vnu-jar package moved its jar?"
[ -x "$MDLINT" ] || die "$MDLINT not found"
echo "node $(node --version), npm $(npm --version 2>/dev/null)"
{ java -version 2>&1 | head -n 1; } || true
{ "$CHROMIUM" --version 2>/dev/null | head -n 1; } || true
echo "setup took $((SECONDS - started))s"

mapfile -d '' html_files < <(find "$DIST" -type f -name '*.html' -print0 | sort -z)
mapfile -d '' md_files < <(cd "$DIST" && find . -type f -name '*.md' -printf '%P\0' | sort -z)
[ "${#html_files[@]}" -gt 0 ] || die "no *.html under $DIST"
[ "${#md_files[@]}" -gt 0 ] || die "no *.md under $DIST"

declare -a summary=()
failed=0
record() { # name status seconds detail
  summary+=("$(printf '%-4s  %-26s %4ss  %s' "$2" "$1" "$3" "$4")")
  [ "$2" = ok ] || failed=1
}

# ---------------------------------------------------------------- 1. vnu
say "1. Nu Html Checker on ${#html_files[@]} HTML file(s)"
t=$SECONDS
vnu_log=$(mktemp)
if java -jar "$VNU_JAR" --version >/dev/null 2>&1; then
  echo "vnu $(java -jar "$VNU_JAR" --version)"
fi
if java -jar "$VNU_JAR" --errors-only "${html_files[@]}" >"$vnu_log" 2>&1; then
  record "Nu Html Checker" ok $((SECONDS - t)) "${#html_files[@]} file(s), 0 errors"
  echo "no errors"
else
  sed "s|file:$DIST/||g" "$vnu_log"
  n=$(grep -c ': error:' "$vnu_log" || true)
  record "Nu Html Checker" FAIL $((SECONDS - t)) "${#html_files[@]} file(s), $n error(s)"
fi
rm -f "$vnu_log"

# ---------------------------------------------------------------- 2. markdownlint
say "2. markdownlint-cli2 on ${#md_files[@]} Markdown file(s)"
t=$SECONDS
# markdownlint-cli2 also reads config files found where it lints; the build
# output must not bring one that would quietly override ours.
stray=$(find "$DIST" -name '.markdownlint*' -print)
# Run from DIST so that findings name files relative to it; ':' makes each
# argument a literal path rather than a glob.
if [ -n "$stray" ]; then
  echo "config file(s) in the build output would override $MDLINT_CONFIG:"
  echo "$stray"
  record "markdownlint-cli2" FAIL $((SECONDS - t)) "stray config in DIST"
elif (cd "$DIST" && "$MDLINT" --config "$MDLINT_CONFIG" "${md_files[@]/#/:}"); then
  record "markdownlint-cli2" ok $((SECONDS - t)) "${#md_files[@]} file(s), 0 errors"
else
  record "markdownlint-cli2" FAIL $((SECONDS - t)) "${#md_files[@]} file(s), errors above"
fi

# ---------------------------------------------------------------- 3. axe
say "3. headless Chromium + axe-core"
t=$SECONDS
axe_log=$(mktemp)
if node "$E2E/axe.mjs" "$DIST" 2>&1 | tee "$axe_log"; then
  status=ok
else
  status=FAIL
fi
detail=$(tail -n 1 "$axe_log" | sed -n 's/^axe-core [^:]*: //p')
record "Chromium + axe-core" "$status" $((SECONDS - t)) "${detail:-see output above}"
rm -f "$axe_log"

# ---------------------------------------------------------------- 4. serve
# With CSSTD_BIN set: a served handbook reloads by itself after its source changes.
if [ -n "${CSSTD_BIN:-}" ]; then
  say "4. csstd serve: live reload in headless Chromium"
  t=$SECONDS
  scratch=$(mktemp -d)
  for folder in standards cultures templates; do cp -r "$ROOT/$folder" "$scratch/"; done
  serve_log=$(mktemp)
  if node "$E2E/serve.mjs" "$CSSTD_BIN" "$scratch" 2>&1 | tee "$serve_log"; then
    status=ok
  else
    status=FAIL
  fi
  record "csstd serve reload" "$status" $((SECONDS - t)) "$(tail -n 1 "$serve_log")"
  rm -rf "$scratch" "$serve_log"
fi

# ---------------------------------------------------------------- summary
say "e2e summary ($DIST)"
printf '%s\n' "${summary[@]}"
echo "total $((SECONDS - started))s"
if [ "$failed" -ne 0 ]; then
  echo "e2e: FAILED"
  exit 1
fi
echo "e2e: all checks passed"
