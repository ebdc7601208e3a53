"""Drives `onestop serve` in Debian's Chromium (Playwright on the system browser) as a planner would:
home -> the baseline -> the lunch staff of all_purpose changed in the week grid -> saved as a variant
-> run with 5 replications, watching its progress -> compared with the baseline -> optimized, the
proposal read and saved as a variant. Fails on any console error, failed request, error status or
empty chart; keeps a screenshot of each page in SHOTS.

usage: studio_browser.py URL CHROMIUM SHOTS
"""
import json
import os
import re
import sys

from playwright.sync_api import sync_playwright

url, chromium, shots = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
os.makedirs(shots, exist_ok=True)
problems = []
steps = []

# Every server-sent event a job page receives, recorded before the page's own script runs.
RECORD_EVENTS = """
window.__jobEvents = [];
const Original = window.EventSource;
window.EventSource = function (address) {
  const source = new Original(address);
  source.addEventListener("message", (m) => window.__jobEvents.push(JSON.parse(m.data)));
  return source;
};
"""


def fail(message):
    problems.append(message)
    raise SystemExit(report())


def report():
    print(json.dumps({"problems": problems, "steps": steps}, indent=1))
    return 1 if problems else 0


def check(condition, message):
    if not condition:
        fail(message)


def shot(page, name):
    page.screenshot(path=os.path.join(shots, name + ".png"), full_page=True)
    steps.append(name)


def charts_in_report(page):
    """The report's charts inside the results page's frame: (count, empty ones)."""
    frame = page.frame_locator("#report-frame")
    frame.locator("svg").first.wait_for(timeout=15000)
    return page.frame(url=re.compile(r".*/report\.html$")).evaluate("""() => {
        const svgs = [...document.querySelectorAll("svg")];
        const empty = svgs.filter(s => !s.querySelector("path, rect, circle, polyline, line")).map(s => s.closest("[id]")?.id || "svg");
        return [svgs.length, empty];
    }""")


def report_self_checked(page):
    """Waits until the report in the page's frame has counted its charts' marks (its own check sets
    data-charts on its body); returns the ids of the charts it found empty. Leaving the page before
    then would unload the frame mid-check."""
    frame_element = page.locator("#report-frame")
    frame_element.wait_for(timeout=15000)
    frame = None
    for _ in range(150):
        frame = page.frame(url=re.compile(r".*/report\.html$"))
        if frame is not None:
            break
        page.wait_for_timeout(100)
    check(frame is not None, "the report's frame never loaded")
    frame.wait_for_function("() => document.body && document.body.hasAttribute('data-charts')", timeout=30000)
    return (frame.evaluate("() => document.body.getAttribute('data-empty-charts') || ''") or "").split()


def wait_for_job(page, timeout):
    """Waits on a job page until the job ends; returns the events the page saw."""
    page.wait_for_function("""() => ["finished", "failed", "cancelled", "interrupted"].includes(document.getElementById("job").dataset.state)""",
                           timeout=timeout)
    state = page.locator("#job").get_attribute("data-state")
    check(state == "finished", f"the job on {page.url} ended {state}: {page.locator('#job-message').inner_text()}")
    return page.evaluate("window.__jobEvents || []")


def drive(page):
    # Home.
    page.goto(url + "/")
    check(page.locator("#scenarios a", has_text="campus-baseline.yaml").count() == 1, "home does not list campus-baseline.yaml")
    shot(page, "1-home")

    # The baseline's page, and the lunch staff of all_purpose raised from 4 to 5 in the grid's every-day row.
    page.click("#scenarios a:text-is('campus-baseline.yaml')")
    grid = page.locator("table.week-grid[data-counter='all_purpose']")
    grid.wait_for()
    lunch = [24, 25, 26]  # 12:00-13:30 in half hours
    before = [grid.locator(f"input.cell[data-day='0'][data-slot='{k}']").input_value() for k in lunch]
    check(before == ["4", "4", "4"], f"the baseline's Monday lunch staff reads {before}, not 4, 4, 4")
    for k in lunch:
        grid.locator(f"input.all[data-slot='{k}']").fill("5")
    check(grid.locator("input.cell.changed").count() == 7 * len(lunch), "the grid does not mark the changed cells")
    summary = page.locator("#changes-summary").inner_text()
    check("campus.service_center.counters[all_purpose].servers" in summary, f"the change summary says: {summary}")
    shot(page, "2-scenario-grid-changed")

    page.fill("#variant-name", "campus-lunch-plus-one")
    page.fill("#variant-description", "one more all-purpose counter at lunch")
    page.click("#save-variant")
    page.wait_for_url(re.compile(r".*/scenario\?path=campus-lunch-plus-one\.yaml$"))
    check(page.locator(".tag", has_text="variant").count() >= 1, "the saved variant's page does not say it is a variant")
    after = page.locator("table.week-grid[data-counter='all_purpose'] input.cell[data-day='2'][data-slot='25']").input_value()
    check(after == "5", f"the variant's Wednesday 12:30 staff reads {after}, not 5")
    shot(page, "3-variant")

    # Run the variant with 5 replications, watching the progress.
    page.fill("input[name='replications']", "5")
    page.click("#run-button")
    page.wait_for_url(re.compile(r".*/jobs/[A-Za-z0-9]+$"))
    events = wait_for_job(page, 120000)
    if events:
        check(events[-1]["done"] == 5 and events[-1]["total"] == 5, f"the last progress event says {events[-1]}")
        check(all(a["done"] <= b["done"] for a, b in zip(events, events[1:])), "the progress went backwards")
    check(page.locator("#job-progress").evaluate("b => [b.value, b.max]") == [5, 5], "the progress bar does not end full at 5 of 5")
    shot(page, "4-run-progress")
    page.click("#job-result")
    page.wait_for_url(re.compile(r".*/results/campus-lunch-plus-one$"))
    verdicts = page.locator("#rules .verdict").all_inner_texts()
    check(len(verdicts) >= 5 and all(v in ("pass", "fail", "undecided") for v in verdicts), f"the run's rules read {verdicts}")
    count, empty = charts_in_report(page)
    check(count >= 3 and not empty, f"the run report has {count} charts, empty: {empty}")
    shot(page, "5-results")

    # Compare the variant with the baseline.
    page.goto(url + "/compare")
    page.select_option("#compare-0", "campus-baseline.yaml")
    page.select_option("#compare-1", "campus-lunch-plus-one.yaml")
    page.fill("input[name='replications']", "5")
    page.click("#compare-button")
    page.wait_for_url(re.compile(r".*/jobs/[A-Za-z0-9]+$"))
    wait_for_job(page, 180000)
    page.click("#job-result")
    page.wait_for_selector(".decision-rules")
    row = page.locator(".decision-rules tr", has_text="counter_service_level")
    check(row.count() == 1, "the decision view has no counter_service_level row")
    cells = row.locator(".verdict").all_inner_texts()
    check(len(cells) == 2 and all(v in ("pass", "fail", "undecided") for v in cells), f"the service level's verdicts read {cells}")
    difference = row.locator(".rule-difference").inner_text()
    check(re.match(r"^-?[0-9.e-]+ ± [0-9.e-]+ \((better|worse|not significant)\)$", difference) is not None, f"the service level's difference reads {difference!r}")
    significant = page.locator("#significant tr", has_text="service_level")
    heading = page.locator(".decision h3").first.inner_text()
    check("measures tested" in heading, f"the decision view's heading says: {heading}")
    steps.append(f"service level verdicts {cells}, difference {difference}; {heading}; significant service-level rows: {significant.count()}")
    count, empty = charts_in_report(page)
    check(count >= 1 and not empty, f"the comparison report has {count} charts, empty: {empty}")
    shot(page, "6-compare")

    # Optimize the baseline and read the proposal.
    page.goto(url + "/scenario?path=campus-baseline.yaml")
    page.click("#optimize-button")
    page.wait_for_url(re.compile(r".*/jobs/[A-Za-z0-9]+$"))
    stages = set()
    for _ in range(600):
        state = page.locator("#job").get_attribute("data-state")
        stages.add(page.locator("#job-stage").inner_text())
        if state not in ("queued", "running"):
            break
        page.wait_for_timeout(250)
    wait_for_job(page, 10000)
    check(len(stages) >= 2, f"the optimization showed one stage only: {stages}")
    page.click("#job-result")
    page.wait_for_selector("#proposal-changes")
    changes = page.locator("#proposal-changes tr").count() - 1
    check(changes >= 1, "the proposal lists no change")
    check(page.locator("#rules-kept tr").count() >= 2, "the proposal page lists no rule")
    check("diff-add" in page.locator("#proposal-diff").inner_html(), "the proposal's diff shows no added line")
    empty = report_self_checked(page)
    check(not empty, f"the plan's report has empty charts: {empty}")
    steps.append(f"optimize stages seen: {len(stages)}; changes: {changes}")
    shot(page, "7-proposal")
    page.click("#save-proposal")
    page.wait_for_url(re.compile(r".*/scenario\?path=campus-baseline-proposal\.yaml$"))
    shot(page, "8-proposal-variant")


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(RECORD_EVENTS)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error on {page.url}: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"script error on {page.url}: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.method} {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status} for {r.request.method} {r.url}"))

    try:
        drive(page)
    except SystemExit:
        raise
    except Exception as error:  # a step that timed out or found no element: say which, keep the page
        problems.append(f"{type(error).__name__} on {page.url}: {str(error).splitlines()[0]}")
        shot(page, "failure")
    browser.close()

sys.exit(report())
