import Interchange
import Testing

@Suite struct JSONValueCodableTests {
    struct Cell: Codable, Equatable {
        var time = 0.0
        var count = 0
    }

    struct Record: Codable, Equatable {
        var name: String
        var seed: UInt64
        var events: Int
        var values: [[Double?]]
        var cells: [Cell]
        var note: String?
        var flag: Bool
    }

    @Test func encodesInDeclarationOrderAndReadsBackExactly() throws {
        let tricky: [Double?] = [0.1, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, nil, 1e21, .infinity, -.infinity, 3]
        let record = Record(name: "a \"b\"\n", seed: .max, events: 12_345_678_901, values: [tricky, []],
                            cells: [Cell(time: 1.5, count: 2)], note: nil, flag: true)
        let value = try JSONValue.encoding(record)
        #expect(value.entries.map(\.key) == ["name", "seed", "events", "values", "cells", "flag"])
        let text = value.rendered()
        let back = try JSONValue.parse(text).decoded(as: Record.self)
        #expect(back == record)
        #expect(back.values[0][1]?.sign == .minus)
        #expect(try JSONValue.encoding(back).rendered() == text)

        let nan = try JSONValue.parse(JSONValue.encoding([Double.nan]).rendered()).decoded(as: [Double].self)
        #expect(nan.count == 1 && nan[0].isNaN)
    }

    @Test func failuresNameThePath() throws {
        let text = """
        {"name": "x", "seed": 1, "events": 2, "values": [[1, "one"]], "cells": [], "flag": false}
        """
        #expect {
            try JSONValue.parse(text).decoded(as: Record.self)
        } throws: { error in
            "\(error)" == "values[0][1]: expected a number"
        }
        let missing = "{\"name\": \"x\", \"seed\": 1, \"events\": 2, \"values\": [], \"cells\": [{\"time\": 1}], \"flag\": false}"
        #expect {
            try JSONValue.parse(missing).decoded(as: Record.self)
        } throws: { error in
            "\(error)" == "cells[0].count: missing"
        }
    }
}
