#!/usr/bin/env bash
# Runs every shipped scenario, `optimize` on the campus and desk scenarios, `compare`, `report` and
# `export notebook` with one binary into DIR, so that two binaries' trees can be compared file by file:
#   scripts/same-outputs.sh OLD_BINARY /tmp/old && scripts/same-outputs.sh NEW_BINARY /tmp/new
#   scripts/same-outputs.sh --diff /tmp/old /tmp/new
# optimize.json is compared as JSON to 6 significant digits (its number format changed on purpose);
# every other file byte for byte. The time a search took (optimize.json's "seconds", the plan report's
# "planned in … s") is left out: it differs between any two runs.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--diff" ]; then
    exec python3 - "$2" "$3" <<'PY'
import json, math, os, re, sys
old, new = sys.argv[1], sys.argv[2]
def files(root):
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _, fs in os.walk(root) for f in fs
                  if f != ".onestop")
def close(a, b, path):
    if isinstance(a, float) or isinstance(b, float):
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            if a == b or (math.isnan(a) and math.isnan(b)):
                return True
            return float(f"{a:.6g}") == float(f"{b:.6g}")
        return False
    if type(a) != type(b):
        return False
    if isinstance(a, dict):
        return sorted(a) == sorted(b) and all(close(a[k], b[k], path + "." + k) for k in a if k != "seconds")
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y, path) for x, y in zip(a, b))
    return a == b
bad = 0
fo, fn = files(old), files(new)
for f in sorted(set(fo) ^ set(fn)):
    print("only in", old if f in fo else new, f); bad += 1
for f in sorted(set(fo) & set(fn)):
    a = open(os.path.join(old, f), "rb").read(); b = open(os.path.join(new, f), "rb").read()
    if f.endswith("report.html"):
        a, b = (re.sub(rb"planned in [0-9.]+ s", b"planned in _ s", x) for x in (a, b))
    if a == b:
        continue
    if f.endswith("optimize.json") and close(json.loads(a), json.loads(b), f):
        print("same values (6 significant digits):", f); continue
    print("DIFFERS:", f); bad += 1
print(f"{len(set(fo) & set(fn))} files compared, {bad} differences")
sys.exit(1 if bad else 0)
PY
fi
BIN=$(realpath "$1"); OUT=$2
rm -rf "$OUT"; mkdir -p "$OUT"
for s in scenarios/*.yaml; do
    n=$(basename "$s" .yaml)
    "$BIN" run "$s" --out "$OUT/run-$n" --report --quiet --jobs 2 > "$OUT/run-$n.stdout"
done
"$BIN" run scenarios/single-desk.yaml --replications 2 --trace "$OUT/trace-single-desk.csv" \
    --out "$OUT/trace-single-desk" --quiet > "$OUT/trace-single-desk.stdout"
for s in campus-baseline campus-new-complex campus-term-start campus-fewer-counselors; do
    "$BIN" optimize "scenarios/$s.yaml" --out "$OUT/optimize-$s" --report --quiet --jobs 2 > "$OUT/optimize-$s.stdout"
done
"$BIN" optimize scenarios/desk-schedule.yaml --station desk --target-wait "5 min" --out "$OUT/optimize-desk-schedule" \
    --report --quiet --jobs 2 > "$OUT/optimize-desk-schedule.stdout"
"$BIN" compare scenarios/campus-baseline.yaml scenarios/campus-fewer-counselors.yaml \
    --out "$OUT/compare-campus" --quiet --jobs 2 > "$OUT/compare-campus.stdout"
"$BIN" compare scenarios/desk-schedule.yaml scenarios/single-desk.yaml \
    --out "$OUT/compare-desk" --quiet --jobs 2 > "$OUT/compare-desk.stdout" || true
"$BIN" report "$OUT/compare-campus" > /dev/null
"$BIN" export notebook "$OUT/run-service-center" --out-dir "$OUT/notebooks" > /dev/null
"$BIN" schema > "$OUT/schema.json"
