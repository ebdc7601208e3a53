"""Runs the benchmark models in OneStop, SimPy and Ciw, and writes benchmarks/RESULTS.md.

For each model (models/*.yaml) and each run r = 1..RUNS (seed r), every tool runs the same model
as a whole process, one worker; the tools take turns so that a busy machine slows all alike.
Reported: median wall time over the runs, customers per second from it, the ratio to SimPy, and
each tool's mean wait (over all station visits that started service) with a 95% interval over
the runs; the waits must agree, or the models are not the same. And `onestop fit` of a ticket log of
about a million rows against its 10 s and 200 MB targets. Then OneStop alone: peak memory
of a 10^8-event run against a short one, and --jobs 2 against --jobs 1 on 30 replications (both
part of the M/M/10 model); and the campus baseline (scenarios/campus-baseline.yaml, one term, 30
replications) with --jobs 2 and --jobs 1 against its 10 s target. SimPy and Ciw do not run the
campus model: it is the campus layer compiled into a network plus the counselor weeks and room
bookings, which only OneStop implements.

Usage: python run.py [--runs 3] [--scale 1.0] [--models mm10,network,day,campus,fit] [--tools onestop,simpy,ciw]
                     [--skip-memory] [--skip-jobs] [--no-write]
"""
import argparse
import datetime
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ONESTOP = os.environ.get("ONESTOP_BIN", os.path.join(ROOT, ".build", "release", "onestop"))
PYTHON = sys.executable
RESULTS = os.path.join(HERE, "RESULTS.md")
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"

# Models every tool runs, in order (see README: "Adding a model").
MODELS = [
    ("mm10", "M/M/10, load 0.9"),
    ("network", "3 stations, feedback"),
    ("day", "24-h day: shifts, hourly arrivals, abandonment"),
]

# The campus check: OneStop alone, the default scenario as it is, one term, 30 replications.
CAMPUS_SCENARIO = os.path.join(ROOT, "scenarios", "campus-baseline.yaml")
CAMPUS_REPLICATIONS = 30
CAMPUS_TARGET_S = 10.0

# Two-sided 95% Student t quantiles by degrees of freedom.
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
       10: 2.228, 15: 2.131, 20: 2.086, 30: 2.042}


def t95(df):
    keys = sorted(k for k in T95 if k <= df)
    return T95[keys[-1]] if keys else float("inf")


def estimate(xs):
    m = statistics.fmean(xs)
    if len(xs) < 2:
        return m, float("nan"), 0.0
    se = statistics.stdev(xs) / math.sqrt(len(xs))
    return m, t95(len(xs) - 1) * se, se


def cpu_of_children():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd):
    """Runs cmd as a whole process; returns (stdout, wall seconds, CPU seconds: user + system)."""
    cpu0 = cpu_of_children()
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    cpu = cpu_of_children() - cpu0
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr}")
    return p.stdout, wall, cpu


def machine_busy():
    """CPU seconds the whole machine has spent busy (all cores, from /proc/stat), or None."""
    try:
        fields = open("/proc/stat").readline().split()[1:]
    except OSError:
        return None
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def timed_among_others(cmd):
    """As timed(), plus the CPU seconds other processes used meanwhile (None where unknown): a
    parallel run only shows its speed-up when nothing else wants the cores."""
    busy0 = machine_busy()
    out, wall, cpu = timed(cmd)
    busy1 = machine_busy()
    others = None if busy0 is None or busy1 is None else max(0.0, busy1 - busy0 - cpu)
    return out, wall, cpu, others


def fmt_others(xs):
    return ", ".join("?" if x is None else f"{x:.2f}" for x in xs)


def peak_rss_mb(cmd):
    """Peak resident set of one process (GNU time), in MB."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True).stderr.strip().splitlines()
    return int(out[-1]) / 1024


def scaled_model(name, scale, workdir, customers=None):
    src = os.path.join(HERE, "models", f"{name}.yaml")
    text = open(src).read()
    m = re.search(r"^  customers: (\d+)$", text, re.M)
    if not m:
        sys.exit(f"{src}: expected run.customers")
    n = customers if customers is not None else max(1000, int(int(m.group(1)) * scale))
    if n == int(m.group(1)):
        return src, n
    os.makedirs(workdir, exist_ok=True)
    dst = os.path.join(workdir, f"{name}.yaml")
    open(dst, "w").write(text[:m.start(1)] + str(n) + text[m.end(1):])
    return dst, n


def run_tool(tool, model_path, seed, workdir):
    if tool == "onestop":
        out_dir = os.path.join(workdir, f"out-{seed}")
        _, wall, cpu = timed([ONESTOP, "run", model_path, "--jobs", "1", "--replications", "1",
                              "--seed", str(seed), "--out", out_dir, "--quiet"])
        summary = json.load(open(os.path.join(out_dir, "summary.json")))
        shutil.rmtree(out_dir)
        return summary["classes"]["default"]["mean_wait"]["mean"], wall, cpu
    script = os.path.join(HERE, f"{tool}_model.py")
    out, wall, cpu = timed([PYTHON, script, model_path, str(seed)])
    return json.loads(out.strip().splitlines()[-1])["mean_wait"], wall, cpu


def erlang_c_wait(c, lam, mean_service):
    a = lam * mean_service
    rho = a / c
    term, total = 1.0, 1.0
    for k in range(1, c):
        term *= a / k
        total += term
    last = term * a / c / (1 - rho)
    p_wait = last / (total + last)
    return p_wait * mean_service / (c - a)


def output_files(directory):
    """Every file a run wrote, by name relative to its directory, with its bytes."""
    files = {}
    for base, _, names in os.walk(directory):
        for n in names:
            path = os.path.join(base, n)
            files[os.path.relpath(path, directory)] = open(path, "rb").read()
    return files


def campus_check(runs, workdir):
    """The campus baseline with --jobs 2 and --jobs 1, taking turns; wall and CPU medians, and
    whether every output file is byte-identical between the two."""
    walls = {2: [], 1: []}
    cpu_used = {2: [], 1: []}
    others = {2: [], 1: []}
    outputs = {}
    for r in range(runs):
        for j in (2, 1):
            out_dir = os.path.join(workdir, f"campus-{j}")
            _, wall, cpu, other = timed_among_others([ONESTOP, "run", CAMPUS_SCENARIO, "--replications", str(CAMPUS_REPLICATIONS),
                                                      "--jobs", str(j), "--out", out_dir, "--quiet", "--force"])
            walls[j].append(wall)
            cpu_used[j].append(cpu)
            others[j].append(other)
            files = output_files(out_dir)
            same_as_before = outputs.setdefault(j, files) == files
            if not same_as_before:
                outputs[j] = None
            print(f"campus run {r + 1} jobs {j}: {wall:.2f} s ({cpu:.2f} s CPU; other processes {fmt_others([other])} s CPU)", flush=True)
    same = outputs[1] is not None and outputs[1] == outputs[2]
    return walls, cpu_used, same, len(outputs[2] or {}), others


# The fit check: a ticket log of about 10^6 rows (the campus baseline with nine times the students
# and the servers, one term, from `onestop generate-log`) fitted by `onestop fit` against it.
FIT_TARGET_S = 10.0
FIT_TARGET_MB = 200.0


def fit_check(runs, workdir):
    """Generates the million-row log once, then times `onestop fit` on it; wall times, peak memory, rows."""
    text = open(CAMPUS_SCENARIO).read()
    text = re.sub(r"students: (\d+)", lambda m: f"students: {int(m.group(1)) * 9}", text)
    text = re.sub(r"servers: (\d+)\}", lambda m: f"servers: {int(m.group(1)) * 9}}}", text)
    scenario = os.path.join(workdir, "fit-million.yaml")
    open(scenario, "w").write(text)
    log = os.path.join(workdir, "fit-million.csv")
    out, _, _ = timed([ONESTOP, "generate-log", scenario, "--out", log, "--force"])
    rows = int(re.search(r": (\d+) rows", out).group(1))
    cmd = [ONESTOP, "fit", log, "--into", scenario, "--out", os.path.join(workdir, "fit-out"), "--quiet", "--force"]
    walls = []
    for r in range(runs):
        _, wall, cpu, other = timed_among_others(cmd)
        walls.append(wall)
        print(f"fit run {r + 1}: {rows:,} rows in {wall:.2f} s ({cpu:.2f} s CPU; other processes {fmt_others([other])} s CPU)", flush=True)
    rss = peak_rss_mb(cmd)
    return rows, walls, rss, os.path.getsize(log)


def fmt(x, digits=4):
    return f"{x:.{digits}g}" if x == x else "—"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every model's customers (quick checks)")
    ap.add_argument("--models", default="mm10,network,day,campus,fit",
                    help="comma-separated; the memory and --jobs checks belong to mm10, campus is OneStop alone")
    ap.add_argument("--tools", default="onestop,simpy,ciw")
    ap.add_argument("--skip-memory", action="store_true")
    ap.add_argument("--skip-jobs", action="store_true")
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = ap.parse_args()
    if not os.access(ONESTOP, os.X_OK):
        sys.exit(f"{ONESTOP}: not built (make build)")
    tools = args.tools.split(",")
    wanted = args.models.split(",")
    workdir = tempfile.mkdtemp(prefix="onestop-bench-")
    load_before = os.getloadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    rows, notes, checks = [], [], []

    known = [n for n, _ in MODELS] + ["campus", "fit"]
    for name in wanted:
        if name not in known:
            sys.exit(f"unknown model {name!r}; known: {', '.join(known)}")
    for name, label in MODELS:
        if name not in wanted:
            continue
        path, customers = scaled_model(name, args.scale, workdir)
        times = {t: [] for t in tools}
        cpus = {t: [] for t in tools}
        waits = {t: [] for t in tools}
        for r in range(1, args.runs + 1):
            for t in tools:
                w, wall, cpu = run_tool(t, path, r, workdir)
                times[t].append(wall)
                cpus[t].append(cpu)
                waits[t].append(w)
                print(f"{name} run {r} {t}: {wall:.3f} s ({cpu:.3f} s CPU), mean wait {w:.5g}", flush=True)
        exact = None
        if name == "mm10":
            exact = erlang_c_wait(10, 9.0, 1.0)
        simpy_rate = customers / statistics.median(times["simpy"]) if "simpy" in tools else None
        simpy_cpu = statistics.median(cpus["simpy"]) if "simpy" in tools else None
        base = "onestop" if "onestop" in tools else tools[0]
        bm, bh, bse = estimate(waits[base])
        for t in tools:
            med = statistics.median(times[t])
            rate = customers / med
            m, h, se = estimate(waits[t])
            if t == base:
                agree = "—"
            elif args.runs < 2:
                agree = "n/a (one run: no interval)"
            else:
                # Difference of two means against its own 95% interval.
                d_h = t95(args.runs - 1) * math.sqrt(se * se + bse * bse)
                ok = abs(m - bm) <= d_h
                agree = ("yes" if ok else "**no**") + f" (Δ {m - bm:+.3g} ± {d_h:.2g})"
                checks.append(ok)
            if exact is not None and args.runs >= 2:
                ok = abs(m - exact) <= h + 0.01 * exact
                checks.append(ok)
                agree += f"; exact {exact:.4f} {'inside' if ok else '**outside**'}"
            cpu = statistics.median(cpus[t])
            cpu_ratio = simpy_cpu / cpu if simpy_cpu and cpu > 0 else float("nan")
            rows.append((label, t, customers, med, rate, (rate / simpy_rate) if simpy_rate else float("nan"), m, h, agree, cpu, cpu_ratio))

    mem = None
    if not args.skip_memory and "onestop" in tools and "mm10" in wanted:
        small, _ = scaled_model("mm10", 1.0, workdir + "/m1", customers=1_000_000)
        big, _ = scaled_model("mm10", 1.0, workdir + "/m2", customers=50_000_000)
        rss_small = peak_rss_mb([ONESTOP, "run", small, "--jobs", "1", "--out", workdir + "/ms", "--quiet"])
        t0 = time.perf_counter()
        rss_big = peak_rss_mb([ONESTOP, "run", big, "--jobs", "1", "--out", workdir + "/mb", "--quiet"])
        big_wall = time.perf_counter() - t0
        events = json.load(open(workdir + "/mb/summary.json"))["system"]["events"]
        mem = (rss_small, rss_big, events, big_wall)
        checks.append(rss_big < 100)
        print(f"memory: 10^6 customers {rss_small:.1f} MB; {events:,} events {rss_big:.1f} MB in {big_wall:.1f} s", flush=True)

    campus = None
    if "campus" in wanted and "onestop" in tools:
        campus = campus_check(args.runs, workdir)

    fit = None
    if "fit" in wanted and "onestop" in tools:
        fit = fit_check(args.runs, workdir)

    jobs = None
    if not args.skip_jobs and "onestop" in tools and "mm10" in wanted:
        path, _ = scaled_model("mm10", 1.0, workdir + "/j", customers=1_000_000)
        walls = {1: [], 2: []}
        cpu_used = {1: [], 2: []}
        others = {1: [], 2: []}
        for _ in range(3):
            for j in (1, 2):
                _, wall, cpu, other = timed_among_others([ONESTOP, "run", path, "--replications", "30", "--jobs", str(j),
                                                          "--out", workdir + f"/jo{j}", "--quiet"])
                walls[j].append(wall)
                cpu_used[j].append(cpu)
                others[j].append(other)
                print(f"jobs {j}: {wall:.2f} s ({cpu:.2f} s CPU; other processes {fmt_others([other])} s CPU)", flush=True)
        same = open(workdir + "/jo1/summary.json").read() == open(workdir + "/jo2/summary.json").read()
        jobs = (statistics.median(walls[1]), statistics.median(walls[2]), same, walls, cpu_used, others)
        checks.append(same)

    load_after = os.getloadavg()
    shutil.rmtree(workdir, ignore_errors=True)

    lines = [BEGIN, "",
             f"Measured {started:%Y-%m-%d %H:%M} UTC by `make bench` (`python benchmarks/run.py --runs {args.runs}"
             + (f" --scale {args.scale}" if args.scale != 1 else "")
             + (f" --models {args.models}" if args.models != ap.get_default("models") else "")
             + (f" --tools {args.tools}" if args.tools != ap.get_default("tools") else "") + "`), on "
             f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}), load average "
             f"{load_before[0]:.1f} before and {load_after[0]:.1f} after (the machine is shared: a load above "
             f"the core count slows every tool). Python {platform.python_version()}, "
             f"SimPy {pkg_version('simpy')}, Ciw {pkg_version('ciw')}.", ""]
    if rows:
        lines += [
             "Whole process, one worker, median wall time of the runs (seeds 1..runs); customers per second "
             "= arrivals / median time. Mean wait: over every station visit that started service, mean of "
             "the runs ± 95% half-width; \"agrees\" tests the difference from OneStop against its own 95% interval.", "",
             "| model | tool | customers | median s | customers/s | × SimPy | CPU s | × SimPy (CPU) | mean wait | agrees with OneStop |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|---|"]
        for label, t, n, med, rate, ratio, m, h, agree, cpu, cpu_ratio in rows:
            lines.append(f"| {label} | {t} | {n:,} | {med:.3f} | {rate:,.0f} | {ratio:.1f} | {cpu:.3f} | {cpu_ratio:.1f} | {fmt(m)} ± {fmt(h, 2)} | {agree} |")
        lines.append("")
    lines += notes
    if mem:
        rss_small, rss_big, events, big_wall = mem
        lines.append(f"- Memory: peak RSS {rss_small:.1f} MB for 10⁶ customers (2·10⁶ events) and {rss_big:.1f} MB for "
                     f"{events:,} events ({big_wall:.1f} s): flat in run length; target under 100 MB: "
                     f"{'met' if rss_big < 100 else '**not met**'}.")
    if jobs:
        j1, j2, same, walls, cpu_used, others = jobs
        lines.append(f"- Parallel replications: 30 replications of M/M/10 (10⁶ customers each), median of 3: "
                     f"`--jobs 1` {j1:.2f} s, `--jobs 2` {j2:.2f} s, speed-up {j1 / j2:.2f}× (target ≥ 1.8×: "
                     f"{'met' if j1 / j2 >= 1.8 else '**not met**'}); summary.json identical: {'yes' if same else '**no**'}. "
                     f"All runs: jobs 1 {', '.join(f'{w:.2f}' for w in walls[1])} s; jobs 2 {', '.join(f'{w:.2f}' for w in walls[2])} s. "
                     f"CPU time used, median: jobs 1 {statistics.median(cpu_used[1]):.2f} s, jobs 2 {statistics.median(cpu_used[2]):.2f} s "
                     f"(equal CPU work means the replications scale; a speed-up short of 2× then means the process did not get two free cores). "
                     f"CPU used by other processes during each run: jobs 1 {fmt_others(others[1])} s; jobs 2 {fmt_others(others[2])} s "
                     f"(more than a few tenths of a second: the runs shared the cores).")
    if campus:
        walls, cpu_used, same, file_count, others = campus
        j2, j1 = statistics.median(walls[2]), statistics.median(walls[1])
        checks.append(j2 <= CAMPUS_TARGET_S and same)
        lines.append(f"- Campus baseline (`scenarios/campus-baseline.yaml` as it is: one term, {CAMPUS_REPLICATIONS} "
                     f"replications), OneStop only (SimPy and Ciw cannot run the campus model: the campus layer, "
                     f"counselor weeks and room bookings exist only in OneStop), median of {len(walls[2])}: "
                     f"`--jobs 2` {j2:.2f} s (target ≤ {CAMPUS_TARGET_S:.0f} s on 2 cores: "
                     f"{'met' if j2 <= CAMPUS_TARGET_S else '**not met**'}), `--jobs 1` {j1:.2f} s, speed-up {j1 / j2:.2f}×; "
                     f"all {file_count} output files identical between `--jobs 1` and `--jobs 2`: {'yes' if same else '**no**'}. "
                     f"All runs: jobs 2 {', '.join(f'{w:.2f}' for w in walls[2])} s; jobs 1 {', '.join(f'{w:.2f}' for w in walls[1])} s. "
                     f"CPU time used, median: jobs 2 {statistics.median(cpu_used[2]):.2f} s, jobs 1 {statistics.median(cpu_used[1]):.2f} s; "
                     f"CPU used by other processes during each run: jobs 2 {fmt_others(others[2])} s; jobs 1 {fmt_others(others[1])} s.")
    elif "campus" in wanted:
        lines.append("- Campus baseline: not measured (OneStop only, and `--tools` left it out).")
    if fit:
        fit_rows, walls, rss, size = fit
        med = statistics.median(walls)
        checks.append(med <= FIT_TARGET_S and rss <= FIT_TARGET_MB)
        lines.append(f"- Fit: `onestop fit` of a {fit_rows:,}-row ticket log ({size / 1e6:.0f} MB; the campus baseline with nine times "
                     f"the students and servers, from `onestop generate-log`) into its scenario, default options (99 bootstrap "
                     f"samples per p-value, both cores), median of {len(walls)}: {med:.2f} s (target ≤ {FIT_TARGET_S:.0f} s: "
                     f"{'met' if med <= FIT_TARGET_S else '**not met**'}), peak memory {rss:.0f} MB (target ≤ {FIT_TARGET_MB:.0f} MB: "
                     f"{'met' if rss <= FIT_TARGET_MB else '**not met**'}). All runs: {', '.join(f'{w:.2f}' for w in walls)} s.")
    for label in [l for n, l in MODELS if n in ("mm10", "network")]:
        for row_label, t, n, med, rate, ratio, m, h, agree, cpu, cpu_ratio in rows:
            if row_label == label and t == "onestop" and ratio == ratio:
                lines.append(f"- {label}: OneStop {ratio:.1f}× SimPy's customers per second (target ≥ 50×: "
                             f"{'met' if ratio >= 50 else '**not met**'}); by CPU time {cpu_ratio:.1f}×.")
    lines += ["", END]
    block = "\n".join(lines)
    print("\n" + block)
    if not args.no_write:
        old = open(RESULTS).read() if os.path.exists(RESULTS) else "# Benchmark results\n\n" + BEGIN + "\n" + END + "\n"
        if BEGIN in old and END in old:
            new = old[:old.index(BEGIN)] + block + old[old.index(END) + len(END):]
        else:
            new = old.rstrip() + "\n\n" + block + "\n"
        tmp = RESULTS + ".tmp"
        open(tmp, "w").write(new)
        os.replace(tmp, RESULTS)
        print(f"\nwritten to {os.path.relpath(RESULTS, ROOT)}")
    if not all(checks):
        print("some checks failed (see the table)", file=sys.stderr)
        sys.exit(1)


def pkg_version(name):
    try:
        from importlib.metadata import version
        return version(name)
    except Exception:
        return "?"


if __name__ == "__main__":
    main()
