/// The studio's stylesheet, script and icon, served by the binary itself (no network, no CDN).
enum Assets {
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#1f5f8b"/><path d="M4 11V5h2l2 3 2-3h2v6" stroke="#fff" fill="none" stroke-width="1.5"/></svg>
        """

    static let css = """
        :root { --ink: #1d2329; --muted: #5b6670; --line: #d5dbe0; --accent: #1f5f8b; --pass: #1e7b34; --fail: #b3261e; --undecided: #8a6100; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: var(--ink); background: #f6f8fa; }
        header { display: flex; gap: 2em; align-items: center; padding: .6em 1.5em; background: var(--accent); }
        header a { color: #fff; text-decoration: none; margin-right: 1.2em; }
        header .brand { font-weight: 700; }
        main { padding: 1em 1.5em 3em; max-width: 1400px; }
        h1 { font-size: 1.5em; margin: .3em 0; } h2 { font-size: 1.2em; margin-top: 1.4em; } h3 { font-size: 1.05em; }
        .columns { display: grid; grid-template-columns: 1fr 2fr; gap: 2em; }
        .list { list-style: none; padding: 0; } .list li { padding: .25em 0; border-bottom: 1px solid var(--line); }
        table { border-collapse: collapse; background: #fff; }
        th, td { border: 1px solid var(--line); padding: .25em .5em; text-align: left; vertical-align: top; }
        .tag { font-size: .75em; background: #e3edf5; color: var(--accent); padding: .1em .4em; border-radius: .3em; }
        .verdict { font-weight: 600; padding: 0 .35em; border-radius: .3em; color: #fff; }
        .verdict-pass { background: var(--pass); } .verdict-fail { background: var(--fail); } .verdict-undecided { background: var(--undecided); } .verdict-other { background: var(--muted); }
        .error { color: var(--fail); } .note { color: var(--muted); }
        .inline { display: inline-flex; gap: .6em; align-items: center; margin: .4em 1em .4em 0; }
        button { background: var(--accent); color: #fff; border: 0; padding: .4em .9em; border-radius: .3em; cursor: pointer; font: inherit; }
        input, select, textarea { font: inherit; }
        .fields { display: flex; flex-wrap: wrap; gap: .6em 1.4em; }
        .field { display: inline-flex; gap: .4em; align-items: center; }
        .field input { width: 9em; } .field small { color: var(--muted); }
        .grid-table .field span:empty, .grid-table .field small:empty { display: none; }
        input.changed, .week-grid input.changed { background: #fff3c4; outline: 1px solid #d9a400; }
        .grid-scroll { overflow-x: auto; max-width: 100%; }
        .week-grid th, .week-grid td { padding: 0; font-size: .8em; text-align: center; }
        .week-grid th:first-child { padding: 0 .4em; text-align: left; white-space: nowrap; }
        .week-grid input { width: 2.2em; border: 0; text-align: center; padding: .2em 0; }
        .week-grid .every-day input { background: #eef3f7; }
        .week-grid td.closed input { background: #d9dde2; color: #6b7480; }
        input.wide { width: 22em; }
        .opening-hours input { width: 11em; }
        .tab-bar button { background: #dfe6ec; color: var(--ink); margin-right: .3em; }
        .tab-bar button.active { background: var(--accent); color: #fff; }
        .tab { margin-top: .8em; }
        .editor { display: flex; border: 1px solid var(--line); background: #fff; height: 60vh; overflow: auto; font: 13px/1.45 ui-monospace, monospace; }
        .gutter { margin: 0; padding: .5em .4em; text-align: right; color: var(--muted); background: #f0f3f6; user-select: none; min-width: 3.5em; font: inherit; }
        .gutter .bad { color: #fff; background: var(--fail); display: inline-block; width: 100%; }
        .gutter .warn { color: #000; background: #f2d37a; display: inline-block; width: 100%; }
        #yaml-text { flex: 1; border: 0; padding: .5em; resize: none; font: inherit; white-space: pre; overflow: hidden; min-height: 100%; }
        .diagnostics { font: 13px ui-monospace, monospace; } .diagnostics .error { color: var(--fail); } .diagnostics .warning { color: var(--undecided); }
        .variant-form { margin-top: 2em; padding: 1em; background: #fff; border: 1px solid var(--line); }
        .variant-form label { display: block; margin: .4em 0; } .variant-form input { width: 24em; }
        progress { width: 40em; max-width: 100%; height: 1.4em; }
        .state-finished { color: var(--pass); } .state-failed, .state-interrupted, .state-cancelled { color: var(--fail); }
        iframe.report { width: 100%; height: 80vh; border: 1px solid var(--line); background: #fff; }
        .diff { background: #fff; border: 1px solid var(--line); padding: .5em; font: 12px/1.4 ui-monospace, monospace; overflow: auto; max-height: 60vh; }
        .diff-add { background: #dcf5e0; display: block; } .diff-del { background: #fbe0de; display: block; } .diff-same { color: var(--muted); display: block; } .diff-gap { color: var(--muted); }
        .summary { background: #fff; border: 1px solid var(--line); padding: .6em; white-space: pre-wrap; }
        .reference code { font-size: .85em; } .reference td { font-size: .9em; }
        .change-better { color: var(--pass); font-weight: 600; } .change-worse { color: var(--fail); font-weight: 600; }
        .cost { font-weight: 600; }
        """

    static let js = #"""
        "use strict";
        const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

        function setUpTabs() {
          for (const button of document.querySelectorAll(".tab-bar button")) {
            button.addEventListener("click", () => {
              for (const b of document.querySelectorAll(".tab-bar button")) b.classList.toggle("active", b === button);
              for (const t of document.querySelectorAll(".tab")) t.hidden = t.id !== "tab-" + button.dataset.tab;
            });
          }
          const filter = document.getElementById("field-filter");
          if (filter) filter.addEventListener("input", () => {
            const q = filter.value.toLowerCase();
            for (const row of document.querySelectorAll(".reference tr")) {
              if (row.querySelector("td")) row.hidden = q && !row.textContent.toLowerCase().includes(q);
            }
          });
        }

        // The YAML editor: line numbers, and the diagnostics of the text as it is typed.
        function setUpEditor() {
          const text = document.getElementById("yaml-text");
          if (!text) return;
          const gutter = document.getElementById("yaml-gutter");
          const list = document.getElementById("diagnostics");
          let marks = new Map();
          const resize = () => { text.style.height = "auto"; text.style.height = text.scrollHeight + "px"; };
          const numbers = () => {
            const n = text.value.split("\n").length;
            let html = "";
            for (let i = 1; i <= n; i++) {
              const m = marks.get(i);
              html += m ? `<span class="${m}" title="see below">${i}</span>\n` : i + "\n";
            }
            gutter.innerHTML = html;
          };
          let timer = null, sequence = 0;
          const check = async () => {
            const mine = ++sequence;
            const response = await fetch("/api/validate?path=" + encodeURIComponent(text.dataset.file), {
              method: "POST", headers: {"X-CSRF-Token": csrf(), "Content-Type": "text/plain; charset=utf-8"}, body: text.value});
            const result = await response.json();
            if (mine !== sequence) return;
            showDiagnostics(result);
          };
          const showDiagnostics = (result) => {
            marks = new Map();
            list.replaceChildren();
            const own = text.dataset.file;
            for (const d of result.diagnostics || []) {
              const li = document.createElement("li");
              li.className = d.severity;
              li.textContent = `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.path ? d.path + ": " : ""}${d.message}`;
              list.appendChild(li);
              if (d.file.endsWith(own)) marks.set(d.line, d.severity === "error" ? "bad" : (marks.get(d.line) || "warn"));
            }
            if (result.valid && !(result.diagnostics || []).length) {
              const li = document.createElement("li"); li.textContent = "valid"; li.id = "valid-note"; list.appendChild(li);
            }
            numbers();
          };
          text.addEventListener("input", () => { resize(); numbers(); clearTimeout(timer); timer = setTimeout(check, 350); });
          document.getElementById("yaml-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const body = new URLSearchParams(new FormData(event.target));
            const response = await fetch(event.target.action, {method: "POST", body, headers: {"X-CSRF-Token": csrf()}});
            if (response.redirected || response.ok && !response.headers.get("content-type").includes("json")) { location.reload(); return; }
            showDiagnostics(await response.json());
          });
          resize(); numbers(); check();
        }

        // The forms and the week grids: what changed, as PATH=VALUE lines for the variant.
        function gridRows(table) {
          const rows = [];
          for (let d = 0; d < 7; d++) rows.push([...table.querySelectorAll(`input.cell[data-day="${d}"]`)].map(i => parseInt(i.value, 10)));
          return rows;
        }
        // Half hour k of a day as a clock time ("8:30"); of a week as a weekday and a time ("Tue 8:30").
        const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
        function clock(k) { return `${Math.floor(k / 2)}:${k % 2 ? "30" : "00"}`; }
        function weekClock(k) { const d = Math.min(6, Math.floor(k / 48)); return `${weekdays[d]} ${clock(k - 48 * d)}`; }
        function scheduleText(rows) {
          const same = rows.every(r => r.join() === rows[0].join());
          const slots = same ? rows[0] : rows.flat();
          const time = same ? clock : weekClock;
          const entries = [];
          let start = 0;
          for (let k = 1; k <= slots.length; k++) {
            if (k === slots.length || slots[k] !== slots[start]) { entries.push(`{from: "${time(start)}", to: "${time(k)}", servers: ${slots[start]}}`); start = k; }
          }
          return `{period: ${same ? "1d" : "1w"}, schedule: [${entries.join(", ")}]}`;
        }
        function collectChanges() {
          const changes = [];
          for (const input of document.querySelectorAll("input[data-path]")) {
            const changed = input.value.trim() !== input.dataset.original;
            input.classList.toggle("changed", changed);
            if (changed) changes.push(`${input.dataset.path}=${input.value.trim()}`);
          }
          for (const table of document.querySelectorAll("table.week-grid")) {
            let changed = false, invalid = false;
            for (const cell of table.querySelectorAll("input.cell")) {
              const c = cell.value.trim() !== cell.dataset.original;
              cell.classList.toggle("changed", c);
              changed ||= c;
              invalid ||= !/^\d+$/.test(cell.value.trim());
            }
            if (changed && !invalid) changes.push(`${table.dataset.path}=${scheduleText(gridRows(table))}`);
          }
          for (const box of document.querySelectorAll(".opening-hours")) {
            const days = [...box.querySelectorAll("input.day-hours")];
            let changed = false;
            for (const day of days) { const c = day.value.trim() !== day.dataset.original; day.classList.toggle("changed", c); changed ||= c; }
            if (changed) changes.push(`${box.dataset.path}={` + days.map(d => `${d.dataset.day}: ${d.value.trim() === "closed" ? "closed" : JSON.stringify(d.value.trim())}`).join(", ") + "}");
          }
          const field = document.getElementById("variant-set");
          const summary = document.getElementById("changes-summary");
          if (field) field.value = changes.join("\n");
          if (summary) summary.textContent = changes.length ? `${changes.length} change${changes.length === 1 ? "" : "s"}: ` + changes.map(c => c.split("=")[0]).join(", ") : "No changes yet.";
        }
        function setUpForms() {
          for (const input of document.querySelectorAll("input[data-path], table.week-grid input.cell, .opening-hours input.day-hours")) input.addEventListener("input", collectChanges);
          for (const all of document.querySelectorAll("table.week-grid input.all")) {
            all.addEventListener("input", () => {
              if (!/^\d+$/.test(all.value.trim())) return;
              for (const cell of all.closest("table").querySelectorAll(`input.cell[data-slot="${all.dataset.slot}"]`)) cell.value = all.value.trim();
              collectChanges();
            });
          }
          collectChanges();
        }

        // A job's page: progress from the server's events until the job ends.
        function setUpJob() {
          const box = document.getElementById("job");
          if (!box) return;
          const bar = document.getElementById("job-progress"), state = document.getElementById("job-state"), stage = document.getElementById("job-stage");
          const show = (job) => {
            bar.max = Math.max(1, job.total); bar.value = job.done;
            state.textContent = job.state; state.className = "state-" + job.state; box.dataset.state = job.state;
            stage.textContent = job.position ? `waiting: ${job.position === 1 ? "next" : "number " + job.position} in the queue` : job.stage;
            document.getElementById("job-message").textContent = job.message;
            const live = job.state === "queued" || job.state === "running";
            document.getElementById("cancel-form").hidden = !live;
            if (job.state === "finished" && job.output) {
              const done = document.getElementById("job-done");
              done.innerHTML = "";
              const a = document.createElement("a");
              a.id = "job-result"; a.href = "/results/" + encodeURIComponent(job.output); a.textContent = "Open the results: " + job.output;
              done.appendChild(a); done.hidden = false;
            }
            return live;
          };
          if (box.dataset.state !== "queued" && box.dataset.state !== "running") return;
          const events = new EventSource(`/jobs/${encodeURIComponent(box.dataset.job)}/events`);
          // The server ends the stream after the job's last state; closing it here first would abort
          // the request, and leaving it open after the end would make the browser reconnect.
          events.onmessage = (message) => { show(JSON.parse(message.data)); };
          events.onerror = () => { events.close(); };
        }

        document.addEventListener("DOMContentLoaded", () => { setUpTabs(); setUpEditor(); setUpForms(); setUpJob(); });
        """#
}
