#!/usr/bin/env python3
"""The planner benchmark: `onestop optimize` of the campus baseline and the new-complex campus with
`--jobs 2`, median wall time of 3 runs each, the machine's load beside it. Writes its block into
benchmarks/RESULTS.md (between the optimize-bench markers). Standard library only. Target: the
baseline in at most 20 s on 2 cores.

    python3 benchmarks/optimize_bench.py [--runs N] [--jobs J] [--no-write]
"""
import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time

from results_block import write_block

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("ONESTOP", os.path.join(ROOT, ".build/release/onestop"))
SCENARIOS = ["scenarios/campus-baseline.yaml", "scenarios/campus-new-complex.yaml"]
TARGET_SECONDS = 20.0
BEGIN, END = "<!-- optimize-bench:begin -->", "<!-- optimize-bench:end -->"


def one_run(scenario, jobs):
    with tempfile.TemporaryDirectory() as work:
        cmd = [BIN, "optimize", scenario, "--jobs", str(jobs), "--out", os.path.join(work, "out"), "--quiet"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        start = time.monotonic()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.monotonic() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            sys.exit(f"onestop optimize {scenario} failed ({done.returncode}):\n{done.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, load


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = ap.parse_args()
    rows = []
    for scenario in SCENARIOS:
        runs = [one_run(scenario, args.jobs) for _ in range(args.runs)]
        walls = [r[0] for r in runs]
        rows.append((scenario, statistics.median(walls), statistics.median(r[1] for r in runs), walls, [r[2] for r in runs]))
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [BEGIN, "",
             f"Measured {stamp} by `python3 benchmarks/optimize_bench.py --runs {args.runs}` (part of `make bench`), "
             f"`onestop optimize SCENARIO --jobs {args.jobs}`, on {os.cpu_count()} cores ({platform.machine()}); "
             "median wall time of the runs, the load average (1 min) before each run beside it (a load above the core count "
             "slows the run).", "",
             "| scenario | median s | CPU s (median) | runs s | load before each run |", "|---|---:|---:|---|---|"]
    for scenario, wall, cpu, walls, loads in rows:
        lines.append(f"| {scenario} | {wall:.1f} | {cpu:.1f} | {', '.join(f'{w:.1f}' for w in walls)} | "
                     f"{', '.join(f'{l:.1f}' for l in loads)} |")
    baseline = rows[0][1]
    lines += ["", f"- Campus baseline: {baseline:.1f} s (target ≤ {TARGET_SECONDS:.0f} s on 2 cores: "
                  f"{'met' if baseline <= TARGET_SECONDS else 'not met'}).", "", END]
    block = "\n".join(lines)
    print(block)
    if args.no_write:
        return
    write_block(os.path.join(ROOT, "benchmarks/RESULTS.md"), BEGIN, END, block,
                lambda text, block: text.replace("<!-- bench:end -->", "<!-- bench:end -->\n\n## Planning (`onestop optimize`)\n\n" + block, 1))


if __name__ == "__main__":
    main()
