#!/usr/bin/env python3
"""The sweep benchmark: 1,000 campus-baseline points x 10 replications (benchmarks/models/sweep-1000.yaml)
through `onestop sweep --jobs 2`, reporting wall time, runs and events per second, and writing
benchmarks/SWEEP-RESULTS.md. Standard library only. Target: at most 10 minutes on 2 cores.

    python3 benchmarks/sweep_bench.py [--points N] [--replications R] [--jobs J] [--no-write]
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("ONESTOP", os.path.join(ROOT, ".build/release/onestop"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--replications", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--no-write", action="store_true", help="print only; leave SWEEP-RESULTS.md alone")
    args = ap.parse_args()

    with open(os.path.join(ROOT, "benchmarks/models/sweep-1000.yaml")) as f:
        design = f.read().replace("points: 1000", f"points: {args.points}")
    with tempfile.TemporaryDirectory() as work:
        design_path = os.path.join(work, "design.yaml")
        with open(design_path, "w") as f:
            f.write(design)
        out = os.path.join(work, "out")
        cmd = [BIN, "sweep", "scenarios/campus-baseline.yaml", design_path, "--replications", str(args.replications),
               "--jobs", str(args.jobs), "--out", out, "--quiet"]
        load_before = os.getloadavg()[0]
        start = time.monotonic()
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.monotonic() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime
        peak_mb = usage.ru_maxrss / 1024
        load_after = os.getloadavg()[0]
        if done.returncode != 0:
            sys.exit(f"onestop sweep failed ({done.returncode}):\n{done.stderr}")
        with open(os.path.join(out, "sweep.json")) as f:
            result = json.load(f)
        rows = sum(1 for _ in open(os.path.join(out, "sweep.csv"))) - 1
    valid = sum(1 for p in result["points"] if p["valid"])
    runs = valid * args.replications
    events = result["events"]
    lines = [
        "# Sweep benchmark",
        "",
        "`make bench-sweep` (part of `make bench`): `onestop sweep scenarios/campus-baseline.yaml "
        "benchmarks/models/sweep-1000.yaml`, a Latin hypercube over four factors.",
        "",
        "| points | replications | runs | events | wall time | CPU time | events/s (wall) | events/s per CPU second | jobs | peak memory | sweep.csv rows |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        f"| {valid} | {args.replications} | {runs} | {events:,} | {wall:.1f} s | {cpu:.1f} s | {events / wall / 1e6:.2f} M | "
        f"{events / cpu / 1e6:.2f} M | {args.jobs} | {peak_mb:.0f} MB | {rows:,} |",
        "",
        f"Target: at most 600 s of wall time on 2 idle cores; CPU time / {args.jobs} = {cpu / args.jobs:.0f} s "
        f"({'met' if cpu / args.jobs <= 600 else 'NOT met'} on an idle machine), measured wall time {wall:.0f} s "
        f"({'met' if wall <= 600 else 'not met'}). Load average {load_before:.1f} before and {load_after:.1f} after "
        f"(above {os.cpu_count()} means other work shared the cores and the wall time is longer than on an idle machine). "
        f"Machine: {platform.machine()}, {os.cpu_count()} CPUs; onestop {result['onestop_version']}.",
        "",
    ]
    print("\n".join(lines))
    if not args.no_write:
        with open(os.path.join(ROOT, "benchmarks/SWEEP-RESULTS.md"), "w") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    main()
