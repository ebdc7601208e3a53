#!/usr/bin/env python3
"""The studio's load check: `onestop serve` on 127.0.0.1 over a copy of scenarios/, a campus run
started through the studio, and while it runs ROUNDS rounds of CONCURRENT page requests at once
(home, the baseline's page, the compare page, the run's job page). Every request must be answered
200; the median and the 95th percentile latency are reported, with whether the run was still going
when the last request was answered. Writes its block into benchmarks/RESULTS.md (between the
studio-bench markers). Standard library only.

    python3 benchmarks/studio_bench.py [--concurrent 50] [--rounds 3] [--replications 200] [--no-write]
"""
import argparse
import concurrent.futures
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

from results_block import write_block

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("ONESTOP", os.path.join(ROOT, ".build/release/onestop"))
BEGIN, END = "<!-- studio-bench:begin -->", "<!-- studio-bench:end -->"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url):
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
        return response.status, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--concurrent", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--replications", type=int, default=200, help="of the campus run going on meanwhile")
    ap.add_argument("--no-write", action="store_true", help="print only; leave RESULTS.md alone")
    args = ap.parse_args()
    load_before = os.getloadavg()[0]
    work = tempfile.mkdtemp(prefix="onestop-studio-bench-")
    shutil.copytree(os.path.join(ROOT, "scenarios"), os.path.join(work, "scenarios"))
    server = subprocess.Popen([BIN, "serve", "--root", work, "--port", "0", "--jobs", "1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:[0-9]+/", line)
        if not match:
            sys.exit(f"onestop serve printed no address: {line!r}")
        base = match.group(0).rstrip("/")
        page = urllib.request.urlopen(base + "/scenario?path=campus-baseline.yaml").read().decode()
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": csrf, "scenario": "campus-baseline.yaml", "replications": args.replications}).encode()
        opener = urllib.request.build_opener(NoRedirect)
        request = urllib.request.Request(base + "/run", data=form, headers={"Origin": base, "Content-Type": "application/x-www-form-urlencoded"})
        try:
            opener.open(request)
            sys.exit("POST /run did not redirect to its job")
        except urllib.error.HTTPError as redirect:
            job = redirect.headers["Location"]
        time.sleep(0.5)
        pages = ["/", "/scenario?path=campus-baseline.yaml", "/compare", job]
        latencies, failures = [], []
        running_at_end = False
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.concurrent) as pool:
            for _ in range(args.rounds):
                urls = [base + pages[i % len(pages)] for i in range(args.concurrent)]
                for outcome in pool.map(lambda u: (u, *safe_get(u)), urls):
                    url, status, seconds = outcome
                    if status != 200:
                        failures.append(f"{url}: {status}")
                    else:
                        latencies.append(seconds)
                state = json.loads(urllib.request.urlopen(base + job + "/status").read())["state"]
                running_at_end = state in ("running", "queued")
        deadline = time.monotonic() + 600
        while json.loads(urllib.request.urlopen(base + job + "/status").read())["state"] in ("running", "queued"):
            if time.monotonic() > deadline:
                sys.exit("the campus run did not finish within 10 minutes")
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    answered = len(latencies)
    total = args.concurrent * args.rounds
    median = statistics.median(latencies) * 1000 if latencies else float("nan")
    p95 = sorted(latencies)[int(0.95 * (answered - 1))] * 1000 if latencies else float("nan")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [BEGIN, "",
             f"Measured {stamp} by `python3 benchmarks/studio_bench.py` (part of `make bench`) on {os.cpu_count()} cores: "
             f"`onestop serve --jobs 1` on 127.0.0.1, a campus-baseline run of {args.replications} replications started through the studio, "
             f"and meanwhile {args.rounds} rounds of {args.concurrent} concurrent page requests (home, the baseline's page, the compare page, the run's job page).",
             "",
             "| requests | answered 200 | median ms | 95th percentile ms | run still going after the last round | load average before |", "|---:|---:|---:|---:|---|---:|",
             f"| {total} | {answered} | {median:.0f} | {p95:.0f} | {'yes' if running_at_end else 'no (make the run longer: --replications)'} | {load_before:.1f} |", "",
             "Other work on the cores (a load average above 2 on 2 cores) lengthens every latency.", ""]
    if failures:
        lines += ["Failed requests:", ""] + [f"- {f}" for f in failures[:20]] + [""]
    lines.append(END)
    block = "\n".join(lines)
    print(block)
    if not args.no_write:
        write_block(os.path.join(ROOT, "benchmarks/RESULTS.md"), BEGIN, END, block,
                    lambda text, block: text.rstrip("\n") + "\n\n## The studio under load (`onestop serve`)\n\n" + block + "\n")
    if failures or answered != total:
        sys.exit(f"{total - answered} of {total} requests were not answered 200")


def safe_get(url):
    try:
        return get(url)
    except Exception as error:  # a refused or timed-out request is a failure of the check, reported
        return f"{type(error).__name__}: {error}", 0.0


if __name__ == "__main__":
    main()
