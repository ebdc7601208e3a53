import Foundation
import Interchange
import Experiments
import QueueingNetwork

/// A Jupyter notebook (nbformat 4.5) that loads a run's CSV files with pandas and redraws the report's
/// charts with matplotlib, so that a researcher can take the analysis further.
public enum Notebook {
    /// What the notebook states about the run, read from its summary.json.
    public struct Run: Sendable {
        public var scenario: String
        public var seed: String
        public var replications: Int
        public var timeUnit: String
        public var version: String

        /// Reads the facts from summary.json's text.
        public init(summaryJSON: String) throws {
            let summary: JSONValue
            do { summary = try JSONValue.parse(summaryJSON) } catch {
                throw HTMLReport.InputError(description: "summary.json is not valid JSON: \(error)")
            }
            guard let name = summary["scenario"]?.text else {
                throw HTMLReport.InputError(description: "summary.json has no scenario name: is this a run directory?")
            }
            scenario = name
            seed = summary["seed"]?.text ?? "?"
            replications = summary["replications"]?.double.flatMap { Int(exactly: min(max($0, 0), 1e6)) } ?? 0
            timeUnit = summary["time_unit"]?.text ?? "minute"
            version = summary["onestop_version"]?.text ?? "?"
        }
    }

    /// A value as a literal in the notebook's Python code (JSON's strings and numbers are Python's).
    static func literal(_ value: JSONValue) -> String {
        var text = value.rendered(.results)
        text.removeLast()
        return text
    }

    /// Text for a markdown cell, shown as written and never read as markup: HTML's special characters
    /// as entities, the punctuation of Markdown and of the notebook's mathematics (`$`) behind a
    /// backslash, line breaks as spaces (a line break would start a block of its own).
    static func markdownText(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\r": out += " "
            case "\\", "`", "*", "_", "[", "]", "|", "$", "~", "#", "!": out += "\\" + String(c)
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text as inline code in a markdown cell: between backticks when it holds only letters, digits,
    /// spaces and `.-_:/=`, otherwise as an HTML `<code>` element whose text is escaped (a backtick or a
    /// `|` would end the code span or the table cell it stands in).
    static func markdownCode(_ s: String) -> String {
        if !s.isEmpty, s.unicodeScalars.allSatisfy({ c in
            CharacterSet.alphanumerics.contains(c) || " .-_:/=".unicodeScalars.contains(c)
        }) {
            return "`\(s)`"
        }
        var out = "<code>"
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "|": out += "&#124;"
            case "$": out += "&#36;"
            case "`": out += "&#96;"
            case "\\": out += "&#92;"
            case "*", "_", "[", "]", "~", "#", "!": out += "&#\(c.value);"
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "</code>"
    }

    /// A column or measure name as a Python string literal.
    private static func q<Name: RawRepresentable>(_ name: Name) -> String where Name.RawValue == String {
        literal(.string(name.rawValue))
    }

    /// The notebook's JSON text; `resultsPath` is the run directory as the notebook should find it
    /// (relative to the notebook's own folder, or absolute).
    public static func ipynb(_ run: Run, resultsPath: String, exporterVersion: String) -> String {
        let factors = (1...max(run.replications, 2)).map { df in
            "\(df): \(literal(JSONValue((Estimate.halfWidthFactor(degreesOfFreedom: df) * 1e6).rounded() / 1e6)))"
        }.joined(separator: ", ")
        let unit = run.timeUnit
        let paletteList = "[" + SVGChart.palette.map { literal(.string($0)) }.joined(separator: ", ") + "]"
        let cells: [(kind: String, source: String)] = [
            ("markdown", """
                # \(markdownText(run.scenario)) — OneStop results

                | | |
                |---|---|
                | scenario | \(markdownCode(run.scenario)) |
                | master seed | \(markdownText(run.seed)) |
                | replications | \(run.replications) |
                | times in | \(markdownText(unit))s |
                | simulated by | onestop \(markdownText(run.version)) |
                | notebook written by | onestop \(markdownText(exporterVersion)) |

                The results were written by `onestop run`; this notebook reads its files from \(markdownCode(resultsPath))
                and redraws the report's charts. Every interval is a 95% confidence interval over replications
                (Student t). To reproduce the numbers: \(markdownCode("onestop run SCENARIO.yaml --seed \(run.seed) --replications \(run.replications)")).
                """),
            ("code", """
                %matplotlib inline
                import json
                from pathlib import Path

                import matplotlib.pyplot as plt
                import numpy as np
                import pandas as pd

                # The report's colours (Okabe–Ito), stations in the scenario's order.
                plt.rcParams["axes.prop_cycle"] = plt.cycler(color=\(paletteList))

                RESULTS = Path(\(literal(.string(resultsPath))))
                summary = json.loads((RESULTS / "summary.json").read_text())
                UNIT = summary.get("time_unit", \(literal(.string(unit))))

                # Student-t factors for 95% half-widths by degrees of freedom (from onestop, as its files use).
                T95 = {\(factors)}

                def read_results(name):
                    \"\"\"A result file with its ids as the text they hold ("NA", "nan", "01" and "1.0" as written).\"\"\"
                    return pd.read_csv(RESULTS / name, dtype={"station": str, "class": str}, keep_default_na=False, na_values=[""])

                def shown(text):
                    \"\"\"Text for a chart label: "$" as itself, not the start of mathematics.\"\"\"
                    return str(text).replace("$", r"\\$")

                def mean_ci(values):
                    \"\"\"The mean and the 95% half-width of the values (NaN left out).\"\"\"
                    x = pd.Series(values, dtype=float).dropna()
                    n = len(x)
                    if n == 0:
                        return float("nan"), float("nan")
                    if n == 1:
                        return float(x.iloc[0]), float("nan")
                    return float(x.mean()), T95.get(n - 1, 1.96) * float(x.std(ddof=1)) / n ** 0.5

                print(f"{summary['scenario']}: seed {summary['seed']}, {summary['replications']} replications, times in {UNIT}s")
                """),
            ("markdown", "## Stations\n\nEvery measure per station as `summary.json` gives it (mean and 95% half-width)."),
            ("code", """
                stations = pd.DataFrame({
                    (station, part): {m: e[part] for m, e in measures.items()}
                    for station, measures in summary["stations"].items()
                    for part in ("mean", "ci95")
                }).T
                stations
                """),
            ("markdown", "## Replications\n\n`replications.csv` holds one row per replication and station; the intervals below are recomputed from it."),
            ("code", """
                reps = read_results("replications.csv")
                rows = []
                for station, group in reps.groupby("station", sort=False):
                    mean, ci = mean_ci(group[\(q(StationMeasure.meanWait))])
                    rows.append((station, mean, ci))
                waits = pd.DataFrame(rows, columns=["station", \(q(StationMeasure.meanWait)), "ci95"])
                fig, ax = plt.subplots(figsize=(8, 0.5 + 0.5 * len(waits)))
                ax.barh(range(len(waits)), waits[\(q(StationMeasure.meanWait))], xerr=waits["ci95"].fillna(0), color="#0072B2", alpha=0.85, capsize=4)
                ax.set_yticks(range(len(waits)), [shown(s) for s in waits["station"]])
                ax.invert_yaxis()
                ax.set_xlabel(f"mean wait ({UNIT}s)")
                ax.set_title("Mean wait by station, 95% intervals")
                plt.show()
                waits
                """),
            ("markdown", "## By hour of the day\n\n`hourly.csv` holds, per replication, station and hour of the day (all days pooled), time averages and the mean wait of customers who started service in that hour."),
            ("code", """
                hourly_file = RESULTS / "hourly.csv"
                if hourly_file.exists():
                    hourly = read_results("hourly.csv")
                    # The hour of the day (0 is midnight); results written before 0.x called it "hour".
                    HOUR = \(literal(.string(Tables.hourColumn))) if \(literal(.string(Tables.hourColumn))) in hourly.columns else "hour"
                    rows = []
                    for (station, hour), group in hourly.groupby(["station", HOUR], sort=False):
                        row = {"station": station, HOUR: hour}
                        for m in (\(Comparison.hourlyMeasures.map { q($0) }.joined(separator: ", "))):
                            row[f"{m}_mean"], row[f"{m}_ci95"] = mean_ci(group[m])
                        rows.append(row)
                    profile = pd.DataFrame(rows).sort_values([HOUR], kind="stable")
                    fig, axes = plt.subplots(1, 2, figsize=(13, 4))
                    for ax, measure, label in ((axes[0], \(q(HourlyMeasure.meanWait)), f"mean wait ({UNIT}s)"), (axes[1], \(q(HourlyMeasure.meanQueueLength)), "customers waiting")):
                        for station, group in profile.groupby("station", sort=False):
                            if not (group[f"{measure}_mean"].fillna(0) != 0).any():
                                continue
                            x = group[HOUR] + 0.5
                            mean, ci = group[f"{measure}_mean"], group[f"{measure}_ci95"].fillna(0)
                            ax.plot(x, mean, marker="o", markersize=3, label=shown(station))
                            ax.fill_between(x, (mean - ci).clip(lower=0), mean + ci, alpha=0.2)
                        ax.set_xlim(0, 24)
                        ax.set_xticks(range(0, 25, 3))
                        ax.set_xlabel("hour of the day")
                        ax.set_ylabel(label)
                        ax.legend()
                    axes[0].set_title("Mean wait by hour, 95% bands")
                    axes[1].set_title("Mean queue length by hour, 95% bands")
                    plt.show()

                    heat = profile.pivot(index="station", columns=HOUR, values="\(HourlyMeasure.utilization.rawValue)_mean").reindex(columns=range(24))
                    heat = heat.reindex([s for s in summary["stations"] if s in heat.index]).dropna(how="all")
                    if len(heat):
                        fig, ax = plt.subplots(figsize=(13, 0.6 + 0.45 * len(heat)))
                        image = ax.imshow(heat.to_numpy(dtype=float), aspect="auto", cmap="Blues", vmin=0, vmax=1)
                        ax.set_yticks(range(len(heat)), [shown(s) for s in heat.index])
                        ax.set_xticks(range(24))
                        ax.set_xlabel("hour of the day")
                        ax.set_title("Utilisation by station and hour")
                        fig.colorbar(image, ax=ax, label="utilisation")
                        plt.show()
                else:
                    print("no hourly.csv in", RESULTS)
                """),
            ("markdown", "## Time series\n\nWhen the scenario sets `run.sample_every`, `timeseries.csv` samples every station's queue; here the first replication's first days."),
            ("code", """
                series_file = RESULTS / "timeseries.csv"
                if series_file.exists():
                    series = read_results("timeseries.csv")
                    first = series[series["replication"] == series["replication"].min()]
                    start = first["time"].min()
                    first = first[first["time"] < start + (first["time"].max() - start) / 10 + 1e-9]
                    fig, ax = plt.subplots(figsize=(13, 4))
                    for station, group in first.groupby("station", sort=False):
                        ax.step(group["time"], group["in_queue"], where="post", label=shown(station))
                    ax.set_xlabel(f"time ({UNIT}s on the simulation clock)")
                    ax.set_ylabel("customers waiting")
                    ax.set_title("Queues in the first replication")
                    ax.legend()
                    plt.show()
                else:
                    print("no timeseries.csv (the scenario does not set run.sample_every)")
                """),
            ("markdown", "## Campus layer\n\nRules and campus measures, when the scenario has a campus layer."),
            ("code", """
                def flatten(value, path=()):
                    if isinstance(value, dict) and "mean" in value:
                        yield ".".join(path), value.get("mean"), value.get("ci95")
                    elif isinstance(value, dict):
                        for key, item in value.items():
                            yield from flatten(item, path + (key,))

                if summary.get("rules"):
                    display(pd.DataFrame(summary["rules"]))
                if summary.get("campus"):
                    display(pd.DataFrame(list(flatten(summary["campus"])), columns=["measure", "mean", "ci95"]))
                    if summary["campus"].get("grid"):
                        # Counts stay whole numbers: one object column, not a float one.
                        display(pd.DataFrame([(k, v) for k, v in summary["campus"]["grid"].items()], columns=["grid", "value"]).astype({"value": object}))
                if not summary.get("rules") and not summary.get("campus"):
                    print("this run has no campus layer")
                """),
        ]
        return render(cells, metadata: [
            ("scenario", .string(run.scenario)),
            ("seed", .string(run.seed)),
            ("replications", JSONValue(run.replications)),
            ("version", .string(run.version)),
            ("results", .string(resultsPath)),
        ])
    }
}
