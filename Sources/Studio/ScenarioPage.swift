import Foundation
import Interchange
import ScenarioModel

/// A scenario in a planner's words: the fields planners change as forms (each input names its
/// field path, and saving sends only the changed ones as a variant), the counters' staff as a week
/// grid, the whole format's field reference, and the YAML text with live validation.
enum ScenarioPage {
    static func render(relative: String, text: String, parsed: Result<(scenario: Scenario, warnings: [Diagnostic]), ScenarioErrors>, csrf: String) -> String {
        var body = "<h1>\(HTML.escape(relative))</h1>"
        let isVariant = ScenarioVariant.isVariant(text)
        switch parsed {
        case .success(let (scenario, warnings)):
            body += "<p class=\"lede\">\(HTML.escape(scenario.description ?? "")) \(isVariant ? "<span class=\"tag\">variant</span>" : "")</p>"
            body += runForm(relative: relative, scenario: scenario, csrf: csrf)
            if !warnings.isEmpty {
                body += "<details class=\"warnings\"><summary>\(warnings.count) warning\(warnings.count == 1 ? "" : "s")</summary><ul>"
                    + warnings.map { "<li>\(HTML.escape($0.description))</li>" }.joined() + "</ul></details>"
            }
            body += "<section class=\"tabs\"><nav class=\"tab-bar\"><button type=\"button\" data-tab=\"plan\" class=\"active\">Plan</button><button type=\"button\" data-tab=\"advanced\">Advanced (every field)</button><button type=\"button\" data-tab=\"yaml\">YAML</button></nav>"
            body += "<div class=\"tab\" id=\"tab-plan\">" + planForms(scenario: scenario, text: text, file: relative) + "</div>"
        case .failure(let errors):
            body += "<p class=\"error\">The scenario does not validate yet: \(errors.diagnostics.filter { $0.severity == .error }.count) error(s); fix them in the YAML below.</p>"
            body += "<section class=\"tabs\"><nav class=\"tab-bar\"><button type=\"button\" data-tab=\"yaml\" class=\"active\">YAML</button><button type=\"button\" data-tab=\"advanced\">Advanced (every field)</button></nav>"
        }
        body += "<div class=\"tab\" id=\"tab-advanced\" hidden>" + FieldReference.html + "</div>"
        body += yamlEditor(relative: relative, text: text, csrf: csrf, hidden: { if case .success = parsed { return true } else { return false } }())
        body += "</section>"
        body += variantForm(relative: relative, csrf: csrf)
        return HTML.page(title: relative, csrf: csrf, body: body)
    }

    private static func runForm(relative: String, scenario: Scenario, csrf: String) -> String {
        """
        <form method="post" action="/run" class="inline run-form">\(HTML.csrfField(csrf))
        <input type="hidden" name="scenario" value="\(HTML.escape(relative))">
        <label>Replications <input type="number" name="replications" min="1" max="1000" value="\(scenario.run.replications)"></label>
        <label>Seed <input type="number" name="seed" min="0" value="\(scenario.run.seed)"></label>
        <button type="submit" id="run-button">Run</button></form>
        <form method="post" action="/optimize" class="inline">\(HTML.csrfField(csrf))
        <input type="hidden" name="scenario" value="\(HTML.escape(relative))">
        <label>Stations <input name="stations" size="14" placeholder="those with a wait target" title="station or counter-group ids, comma-separated; blank: every one with a wait target"></label>
        <label>Target wait <input name="target_wait" size="8" placeholder="the scenario's" title="such as 15 min; blank: the scenario's planner settings"></label>
        <label>Service level <input name="service_level" size="5" placeholder="0.8" title="the share served within the target wait; blank: the scenario's"></label>
        <button type="submit" id="optimize-button">Optimize</button></form>
        """
    }

    /// The forms: each input carries its field path and the value the scenario holds.
    private static func planForms(scenario: Scenario, text: String, file: String) -> String {
        let document = try? ScenarioDocument(text, file: file)   // read once for every field below
        func value(_ path: String) -> String {
            guard let parsed = try? FieldPath(parsing: path), let found = document?.value(at: parsed) else { return "" }
            return found.text ?? found.description
        }
        func input(_ path: String, _ label: String, unit: String = "", wide: Bool = false) -> String {
            let v = value(path)
            return "<label class=\"field\"><span>\(HTML.escape(label))</span><input data-path=\"\(HTML.escape(path))\" data-original=\"\(HTML.escape(v))\" value=\"\(HTML.escape(v))\"\(wide ? " class=\"wide\"" : "")><small>\(HTML.escape(unit))</small></label>"
        }
        guard let campus = scenario.campus else {
            return "<p>This scenario has no campus section; change it in the YAML or the advanced view.</p>"
        }
        var out = ""
        if let center = campus.serviceCenter {
            out += "<h2>Service center</h2><div class=\"fields\">"
            if center.openingHours == nil {
                out += input("campus.service_center.opens", "Opens at", unit: "time of day, such as 8:30")
                out += input("campus.service_center.closes", "Closes at", unit: "time of day, such as 17:30")
            }
            out += input("campus.service_center.target_wait", "Target wait", unit: "such as 15 min")
            out += "</div>"
            if let hours = center.openingHours {
                out += OpeningHoursForm.html(hours, path: "campus.service_center.opening_hours", timeUnit: scenario.timeUnit)
            }
            out += "<h3>Counter staff, by weekday and half hour</h3><p class=\"note\">Grey cells are outside the opening hours: nobody is staffed there whatever the grid says.</p>"
            for counter in center.counters {
                let open = center.statesOpeningHours ? center.weeklyHours(of: counter, weekdays: campus.term.weekdays) : nil
                out += WeekGrid.html(counter: counter, timeUnit: scenario.timeUnit, open: open)
            }
            out += "<h3>Categories</h3><table class=\"grid-table\"><tr><th>category</th><th>requests per student (per term)</th><th>online share (0–1)</th><th>service time (distribution)</th></tr>"
            for category in center.categories {
                let base = "campus.service_center.categories[\(category.id)]"
                out += "<tr><th>\(HTML.escape(category.id))</th><td>\(input(base + ".requests_per_student", ""))</td><td>\(input(base + ".online_share", ""))</td><td>\(input(base + ".service", "", unit: DistributionMean.text(category.service, unit: scenario.timeUnit), wide: true))</td></tr>"
            }
            out += "</table>"
        }
        if let counselors = campus.counselors {
            out += "<h2>Counselors</h2><table class=\"grid-table\"><tr><th>college</th><th>students</th><th>counselors</th></tr>"
            for college in campus.population.colleges {
                let base = "campus.population.colleges[\(college.id)]"
                out += "<tr><th>\(HTML.escape(college.id))</th><td>\(college.students)</td><td>\(input(base + ".counselors", ""))</td></tr>"
            }
            out += "</table><h3>Weekly hours of each counselor</h3><div class=\"fields\">"
            for key in counselors.weeklyHours.keys.sorted() {
                out += input("campus.counselors.weekly_hours.\(key)", key.replacingOccurrences(of: "_", with: " "), unit: "hours a week")
            }
            out += "</div>"
            if counselors.onCall != nil {
                out += "<h3>On call</h3><div class=\"fields\">" + input("campus.counselors.on_call.counselors", "Counselors on call")
                    + input("campus.counselors.on_call.mental_health_teachers", "Mental health teachers") + "</div>"
            }
        }
        if let rooms = campus.rooms {
            out += "<h2>Activity rooms</h2><table class=\"grid-table\"><tr><th>room type</th><th>complex</th><th>count</th><th>seats</th><th>area (m²)</th></tr>"
            for type in rooms.roomTypes {
                let base = "campus.rooms.room_types[\(type.id)]"
                out += "<tr><th>\(HTML.escape(type.id))</th><td>\(HTML.escape(type.complex))</td><td>\(input(base + ".count", ""))</td><td>\(input(base + ".seats", ""))</td><td>\(input(base + ".area", ""))</td></tr>"
            }
            out += "</table>"
        }
        if !campus.rules.isEmpty {
            out += "<h2>Rules</h2><table class=\"grid-table\"><tr><th>rule</th><th>what it measures</th><th>target</th></tr>"
            for rule in campus.rules {
                out += "<tr><th>\(HTML.escape(rule.id))</th><td>\(HTML.escape(rule.description ?? rule.kind.rawValue))</td><td>\(input("campus.rules[\(rule.id)].target", ""))</td></tr>"
            }
            out += "</table>"
        }
        return out
    }

    private static func yamlEditor(relative: String, text: String, csrf: String, hidden: Bool) -> String {
        """
        <div class="tab" id="tab-yaml"\(hidden ? " hidden" : "")>
        <form method="post" action="/scenario/save" id="yaml-form">\(HTML.csrfField(csrf))
        <input type="hidden" name="scenario" value="\(HTML.escape(relative))">
        <div class="editor"><pre class="gutter" id="yaml-gutter" aria-hidden="true"></pre><textarea name="text" id="yaml-text" spellcheck="false" data-file="\(HTML.escape(relative))">\(HTML.escape(text))</textarea></div>
        <ul id="diagnostics" class="diagnostics" aria-live="polite"></ul>
        <button type="submit">Save the file</button></form></div>
        """
    }

    private static func variantForm(relative: String, csrf: String) -> String {
        let stem = URL(fileURLWithPath: relative).deletingPathExtension().lastPathComponent
        let directory = (relative as NSString).deletingLastPathComponent
        return """
        <form method="post" action="/variants" id="variant-form" class="variant-form">\(HTML.csrfField(csrf))
        <input type="hidden" name="base" value="\(HTML.escape(relative))">
        <input type="hidden" name="directory" value="\(HTML.escape(directory))">
        <input type="hidden" name="set" id="variant-set" value="">
        <h2>Save the changes as a variant</h2>
        <p id="changes-summary">No changes yet.</p>
        <label>Variant name <input name="name" id="variant-name" value="\(HTML.escape(stem))-variant" pattern="[A-Za-z0-9_][A-Za-z0-9_.\\-]*" required></label>
        <label>What changed <input name="description" id="variant-description" placeholder="for example: one more counter at lunch"></label>
        <button type="submit" id="save-variant">Save as variant</button></form>
        """
    }
}
