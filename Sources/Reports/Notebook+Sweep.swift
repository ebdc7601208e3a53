import Interchange

extension Notebook {
    /// What a sweep notebook states, read from sweep.json.
    public struct SweepRun: Sendable {
        public var scenario: String
        public var seed: String
        public var replications: Int
        public var design: String
        public var factors: [String]
        public var version: String

        public init(sweepJSON: String) throws {
            let sweep: JSONValue
            do { sweep = try JSONValue.parse(sweepJSON) } catch {
                throw HTMLReport.InputError(description: "sweep.json is not valid JSON: \(error)")
            }
            guard sweep["kind"]?.text == "sweep", let name = sweep["scenario"]?.text else {
                throw HTMLReport.InputError(description: "sweep.json is not a sweep written by onestop sweep")
            }
            scenario = name
            seed = sweep["seed"]?.text ?? "?"
            replications = sweep["replications"]?.double.flatMap { Int(exactly: min(max($0, 0), 1e6)) } ?? 0
            design = sweep["design"]?.text ?? "?"
            factors = sweep["factors"]?.items.compactMap { $0["name"]?.text } ?? []
            version = sweep["onestop_version"]?.text ?? "?"
        }
    }

    /// A notebook that reads a sweep's `sweep.csv` (tidy: a row per point × measure) and `sweep.json`
    /// with pandas: the table of means by point, response curves, the metamodels and Pareto fronts.
    public static func sweepIpynb(_ run: SweepRun, resultsPath: String, exporterVersion: String) -> String {
        let paletteList = "[" + SVGChart.palette.map { literal(.string($0)) }.joined(separator: ", ") + "]"
        let factorList = "[" + run.factors.map { literal(.string($0)) }.joined(separator: ", ") + "]"
        let cells: [(kind: String, source: String)] = [
            ("markdown", """
                # \(markdownText(run.scenario)) — OneStop sweep

                | | |
                |---|---|
                | scenario | \(markdownCode(run.scenario)) |
                | design | \(markdownText(run.design)) |
                | master seed | \(markdownText(run.seed)) (every point's replication r draws the same streams) |
                | replications per point | \(run.replications) |
                | simulated by | onestop \(markdownText(run.version)) |
                | notebook written by | onestop \(markdownText(exporterVersion)) |

                The results were written by `onestop sweep`; this notebook reads `sweep.csv` and `sweep.json` from \(markdownCode(resultsPath))
                (relative to this notebook's folder). Each value is a point's mean over its replications with the half-width of its 95% interval.
                """),
            ("code", """
                %matplotlib inline
                import json
                from pathlib import Path

                import matplotlib.pyplot as plt
                import pandas as pd

                plt.rcParams["axes.prop_cycle"] = plt.cycler(color=\(paletteList))

                RESULTS = Path(\(literal(.string(resultsPath))))
                sweep = json.loads((RESULTS / "sweep.json").read_text())
                FACTORS = \(factorList)
                # Factor values as written ("pooled", "12.5 min"); numbers where the column holds only numbers.
                df = pd.read_csv(RESULTS / "sweep.csv", dtype={"measure": str, "status": str}, keep_default_na=False, na_values=[""])
                for f in FACTORS:
                    numbers = pd.to_numeric(df[f], errors="coerce")
                    if numbers.notna().sum() == df[f].notna().sum():
                        df[f] = numbers
                ok = df[df["status"] == "ok"]

                def shown(text):
                    \"\"\"Text for a chart label: "$" as itself, not the start of mathematics.\"\"\"
                    return str(text).replace("$", r"\\$")

                print(f"{sweep['scenario']}: {len(sweep['points'])} points ({sweep['invalid_points']} invalid), {sweep['replications']} replications each")
                """),
            ("markdown", "## Means by point\n\nOne row per point, one column per measure (`sweep.csv` is tidy: one row per point × measure)."),
            ("code", """
                table = ok.pivot_table(index=["point"] + FACTORS, columns="measure", values="mean", sort=False)
                table
                """),
            ("markdown", "## Response curves\n\nEach measure against the first factor, one line per combination of the others, with 95% intervals."),
            ("code", """
                x = FACTORS[0] if FACTORS else None
                others = [f for f in FACTORS if f != x]
                if x is not None and pd.api.types.is_numeric_dtype(ok[x]):
                    for measure, rows in ok.groupby("measure", sort=False):
                        fig, ax = plt.subplots(figsize=(8, 3.5))
                        groups = rows.groupby(others, sort=False) if others else [("", rows)]
                        for key, g in groups:
                            g = g.sort_values(x)
                            label = ", ".join(f"{f}={v}" for f, v in zip(others, key if isinstance(key, tuple) else (key,))) if others else None
                            ax.errorbar(g[x], g["mean"], yerr=g["ci95"].fillna(0), marker="o", capsize=3, label=shown(label) if label else None)
                        ax.set_xlabel(shown(x))
                        ax.set_ylabel(shown(measure))
                        if others:
                            ax.legend(fontsize="small")
                        plt.show()
                else:
                    print("the first factor is not numeric: see the table above")
                """),
            ("markdown", "## Which inputs matter\n\nFor a Latin hypercube, `sweep.json` holds each measure's linear metamodel: standardised regression coefficients with 95% intervals and R² (GSL least squares)."),
            ("code", """
                rows = [
                    {"measure": m["measure"], "r_squared": m["r_squared"], "factor": c["factor"],
                     "coefficient": c["standardised"], "ci95": c["ci95"], "covers_zero": c["covers_zero"]}
                    for m in sweep.get("metamodels", []) for c in m["coefficients"]
                ]
                pd.DataFrame(rows) if rows else print("not a Latin hypercube: no metamodel")
                """),
            ("markdown", "## Trade-offs\n\nThe Pareto fronts `sweep.json` names: points on the front filled, dominated ones hollow."),
            ("code", """
                means = ok.pivot_table(index="point", columns="measure", values="mean")
                for pair in sweep.get("pareto", []):
                    def column(name):
                        if name in means.columns:
                            return means[name]
                        return ok.drop_duplicates("point").set_index("point")[name]
                    xs, ys = column(pair["x"]), column(pair["y"])
                    front = set(pair["front"])
                    fig, ax = plt.subplots(figsize=(6, 4))
                    on = [p for p in xs.index if p in front]
                    off = [p for p in xs.index if p not in front]
                    ax.scatter(xs[off], ys[off], facecolors="none", edgecolors="#999", label="dominated")
                    ax.scatter(xs[on], ys[on], color="#D55E00", label="Pareto front")
                    ax.set_xlabel(shown(f"{pair['x']} ({pair['x_better']} is better)"))
                    ax.set_ylabel(shown(f"{pair['y']} ({pair['y_better']} is better)"))
                    ax.legend(fontsize="small")
                    plt.show()
                """),
        ]
        return render(cells, metadata: [
            ("scenario", .string(run.scenario)), ("seed", .string(run.seed)), ("replications", JSONValue(run.replications)),
            ("design", .string(run.design)), ("version", .string(run.version)), ("results", .string(resultsPath)),
        ])
    }

    /// The notebook document from its cells.
    static func render(_ cells: [(kind: String, source: String)], metadata: [(key: String, value: JSONValue)]) -> String {
        let cellValues: [JSONValue] = cells.enumerated().map { i, cell in
            var entries: [(key: String, value: JSONValue)] = [("cell_type", .string(cell.kind))]
            if cell.kind == "code" { entries.append(("execution_count", .null)) }
            entries += [("id", .string("cell-\(i + 1)")), ("metadata", .object([]))]
            if cell.kind == "code" { entries.append(("outputs", .array([]))) }
            let lines = cell.source.split(separator: "\n", omittingEmptySubsequences: false)
            entries.append(("source", .array(lines.enumerated().map { k, line in
                .string(String(line) + (k + 1 < lines.count ? "\n" : ""))
            })))
            return .object(entries)
        }
        let notebook: JSONValue = .object([
            ("cells", .array(cellValues)),
            ("metadata", .object([
                ("kernelspec", .object([("display_name", .string("Python 3")), ("language", .string("python")), ("name", .string("python3"))])),
                ("language_info", .object([("name", .string("python"))])),
                ("onestop", .object(metadata)),
            ])),
            ("nbformat", JSONValue(4)),
            ("nbformat_minor", JSONValue(5)),
        ])
        return notebook.rendered(.notebook)
    }
}
