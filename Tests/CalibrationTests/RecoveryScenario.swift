import CampusModel
import Foundation
import ScenarioModel
@testable import Calibration

/// A campus whose every parameter the tests know: three categories with lognormal, gamma and Weibull
/// service, a peak, a Saturday half-day, online requests, returns, and two counter groups whose
/// patience (exponential, Weibull) is heavily censored outside the peak.
enum RecoveryScenario {
    static let text = """
        name: recovery
        time_unit: minute
        run: {replications: 1, seed: 20240226}
        campus:
          term:
            weeks: 8
            weekdays: [1, 1, 1, 1, 1, 0.3, 0]
            peaks:
              - {name: term_start, week: 1, weeks: 2, factor: 2}
          population:
            colleges:
              - {id: all, students: 30000, classes: 1000, counselors: 150, class_teachers: 1000}
            dormitories: {prefix: "d", count: 10, floors: 4, rooms: 50, beds: 100}
          service_center:
            opens: 8.5h
            closes: 17.5h
            target_wait: 15 min
            return_delay: {dist: empirical, values: [1d, 2d, 3d], weights: [0.5, 0.3, 0.2]}
            categories:
              - id: records
                items: 10
                requests_per_student: 0.8
                hourly: [0.8, 1.2, 1.4, 1.0, 0.6, 0.9, 1.2, 1.1, 0.8]
                service: {dist: lognormal, mean: 5 min, sd: 3 min}
                online_share: 0.5
                online_processing: {dist: lognormal, mean: 1d, sd: 0.5d}
                online_limit: 3d
                return_probability: 0.08
              - id: cards
                items: 5
                requests_per_student: 0.4
                hourly: [1.0, 1.3, 1.3, 1.0, 0.7, 0.9, 1.1, 1.0, 0.7]
                service: {dist: gamma, shape: 3, scale: 1.3}
                online_share: 0.2
                online_processing: {dist: lognormal, mean: 6h, sd: 4h}
                online_limit: 1d
                return_probability: 0.05
              - id: finance
                items: 5
                requests_per_student: 0.3
                hourly: [1, 1, 1, 1, 1, 1, 1, 1, 1]
                service: {dist: weibull, shape: 1.5, scale: 8}
            counters:
              - id: all_purpose
                servers:
                  period: 1d
                  schedule:
                    - {from: 0, to: 8.5h, servers: 0}
                    - {from: 8.5h, to: 17.5h, servers: 5}
                    - {from: 17.5h, to: 1d, servers: 0}
                patience: {dist: exponential, mean: 30 min}
              - id: finance_desk
                skills: [finance]
                servers:
                  period: 1d
                  schedule:
                    - {from: 0, to: 8.5h, servers: 0}
                    - {from: 8.5h, to: 17.5h, servers: 3}
                    - {from: 17.5h, to: 1d, servers: 0}
                patience: {dist: weibull, shape: 1.5, scale: 40}
        """

    static func scenario() throws -> Scenario {
        try ScenarioParser.parse(text, file: "recovery.yaml", defaultName: "recovery").scenario
    }

    /// The log of the scenario's simulation at `seed`, as text.
    static func log(seed: UInt64 = 1, badRows: Double = 0.001) throws -> String {
        try generatedLog(try scenario(), seed: seed, badRows: badRows)
    }
}
