import CampusModel
import Foundation
import ScenarioModel
@testable import Calibration

/// The ticket log of `scenario`'s simulation at `seed`, as text, with `badRows` of its rows broken.
func generatedLog(_ scenario: Scenario, seed: UInt64, badRows: Double) throws -> String {
    let (model, _, _) = try CampusCompiler.compile(scenario)
    var options = LogGenerator.Options()
    options.seed = seed
    options.badRowShare = badRows
    var chunks: [String] = []
    LogGenerator(model: model, scenario: scenario, options: options).generate { chunks.append($0) }
    return chunks.joined()
}

/// Reads a log in the generic layout with `template`'s categories and fits it against the template.
func fitLog(_ text: String, template: ScenarioTemplate, bootstrap: Int = 0) throws -> (fit: LogFit, reader: TicketLogReader) {
    var mapping = LogMapping.generic
    mapping.categories = template.categoryIds
    let reader = TicketLogReader(file: "log.csv", mapping: mapping)
    var data = LogData()
    try reader.read(data: Data(text.utf8)) { data.add($0) }
    data.takeNames(from: reader)
    var base = LogFit.Options()
    base.bootstrap = bootstrap
    return (LogFit(data, resolution: reader.resolution, options: template.options(categories: reader.categories, base: base)), reader)
}
