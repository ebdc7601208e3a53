import Interchange
import Testing

@Suite struct JSONValueTests {
    @Test func numbersAreShortestRoundTrip() {
        for x in [0.1, 1.0 / 3.0, 6.02214076e23, -2.5e-300, 123456789012345.0, 1e15, 0.9826519215872038] {
            let text = NumberText.shortest(x)!
            #expect(Double(text) == x, "\(text) reads back as \(x)")
        }
        #expect(NumberText.shortest(42) == "42")
        #expect(NumberText.shortest(-0.0) == "0")
        #expect(NumberText.shortest(.nan) == nil)
        #expect(NumberText.shortest(.infinity) == nil)
    }

    @Test func parseKeepsKeyOrderAndRendersBack() throws {
        let text = """
        {
          "scenario": "b\\"a\\\\d\\n",
          "seed": 18446744073709551615,
          "stations": {
            "z": {"mean": 0.5, "ci95": null},
            "a": {"mean": 2, "ci95": 0.25}
          },
          "ids": ["z", "a"],
          "empty": [],
          "flag": true
        }

        """
        let value = try JSONValue.parse(text)
        #expect(value["stations"]?.entries.map(\.key) == ["z", "a"])
        #expect(value["seed"]?.uint64 == UInt64.max)
        #expect(value["scenario"]?.text == "b\"a\\d\n")
        #expect(value.rendered() == text)
    }

    @Test func layoutsBreakWhereTheySay() {
        let grid = JSONValue.object([(key: "grid", value: .object([(key: "students", value: .number(3))]))])
        #expect(grid.rendered() == "{\n  \"grid\": {\n    \"students\": 3\n  }\n}\n")
        let policies = JSONValue.object([(key: "policies", value: .array([
            .object([(key: "id", value: .string("p")), (key: "firings", value: .object([(key: "mean", value: .number(1))]))]),
        ]))])
        #expect(policies.rendered() == "{\n  \"policies\": [\n    {\"id\": \"p\", \"firings\": {\"mean\": 1}}\n  ]\n}\n")
        let schema = JSONValue.object([(key: "type", value: .string("string")), (key: "enum", value: .array([.string("a"), .string("b")]))])
        #expect(schema.rendered(.schema) == "{\n  \"type\": \"string\",\n  \"enum\": [\"a\", \"b\"]\n}\n")
    }

    @Test(arguments: ["{", "[1,", "{\"a\" 1}", "nul", "\"open", "{} x", String(repeating: "[", count: 600)])
    func malformedTextIsAnError(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
    }
}
