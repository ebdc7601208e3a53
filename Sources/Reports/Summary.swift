import Experiments
import QueueingNetwork

/// `summary.json`: every measure's mean over replications with its 95% half-width.
public enum Summary {
    /// Facts about the run recorded beside the estimates.
    public struct RunInfo: Sendable {
        public var version: String
        public var warnings: [String]
        /// SHA-256 of the scenario file's bytes, as `sha256sum` prints it.
        public var scenarioSHA256: String?

        public init(version: String, warnings: [String] = [], scenarioSHA256: String? = nil) {
            self.version = version
            self.warnings = warnings
            self.scenarioSHA256 = scenarioSHA256
        }
    }

    /// The summary document, as UTF-8 JSON text.
    public static func json(_ result: ExperimentResult, info: RunInfo) -> String {
        let model = result.model
        var j = JSONText()
        j.open()
        j.value("scenario", model.name)
        j.value("seed", result.seed)
        j.value("replications", result.replications.count)
        j.value("time_unit", model.timeUnit.rawValue)
        j.value("onestop_version", info.version)
        if let hash = info.scenarioSHA256 { j.value("scenario_sha256", hash) }
        j.open("stations")
        for (s, station) in model.stations.enumerated() {
            j.open(station.id)
            for measure in StationMeasure.allCases {
                write(&j, measure.rawValue, result.estimate(measure, station: s))
            }
            j.close()
        }
        j.close()
        j.open("classes")
        for (k, c) in model.classes.enumerated() {
            j.open(c.id)
            for measure in ClassMeasure.allCases {
                write(&j, measure.rawValue, result.estimate(measure, classIndex: k))
            }
            j.close()
        }
        j.close()
        j.open("system")
        for measure in SystemMeasure.allCases {
            write(&j, measure.rawValue, result.estimate(measure))
        }
        j.value("events", result.events)
        j.close()
        j.open("warnings", array: true)
        for w in info.warnings + result.earlyStops { j.value(nil, w) }
        j.close(array: true)
        j.close()
        return j.text
    }

    private static func write(_ j: inout JSONText, _ key: String, _ e: Estimate) {
        j.raw(key, "{\"mean\": \(JSONText.number(e.mean)), \"ci95\": \(JSONText.number(e.halfWidth))}")
    }
}
