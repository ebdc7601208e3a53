import ScenarioModel
import Testing

/// Room statuses, complexes' budgets, activities' complexes and activity-scoped rules: read, and refused where wrong.
@Suite struct RoomStatusParsingTests {
    static func campus(roomTypes: String, activity: String = "", complexes: String = "", rules: String = "") -> String {
        """
        campus:
          population:
            colleges: [{id: all, students: 20000}]
          rooms:
            room_types:
        \(roomTypes)
            activities:
              - {id: meeting, per_year: 500, group: {dist: deterministic, value: 20}, duration: {dist: deterministic, value: 60}, window: {from: 14h, to: 21h}, lead_time: {dist: uniform, min: 0, max: 2d}\(activity)}
        \(complexes)
        \(rules)
        """
    }

    static let twoComplexes = """
              - {id: a_seminar, complex: a, status: existing, maximum: 6, count: 4, seats: 40, area: 70, opens: 8h, closes: 22h}
              - {id: b_seminar, complex: b, status: candidate, maximum: 10, count: 0, seats: 40, area: 70, opens: 8h, closes: 22h}
              - {id: b_hall, complex: b, count: 1, seats: 200, area: 300, opens: 8h, closes: 22h}
        """

    @Test func statusesBudgetsComplexesAndActivityRulesAreRead() throws {
        let text = Self.campus(roomTypes: Self.twoComplexes, activity: ", complexes: {a: 0.25, b: 0.75}",
                               complexes: "    complexes: [{id: b, area_budget: 1000}]",
                               rules: "  rules: [{id: meetings, kind: room_rejection, activity: meeting, target: 0.02}]")
        let scenario = try parseValid(text).scenario
        let rooms = try #require(scenario.campus?.rooms)
        #expect(rooms.roomTypes.map(\.status) == [.existing, .candidate, nil])
        #expect(rooms.roomTypes.map(\.plannedMinimum) == [4, 0, 0])
        #expect(rooms.roomTypes.map(\.plannedMaximum) == [6, 10, nil])
        #expect(rooms.areaBudget(ofComplex: "b") == 1000 && rooms.areaBudget(ofComplex: "a") == nil)
        #expect(rooms.activities[0].complexShares == [.init(complex: "a", share: 0.25), .init(complex: "b", share: 0.75)])
        #expect(scenario.campus?.rules.first?.activity == "meeting")
        let ordered = try parseValid(Self.campus(roomTypes: Self.twoComplexes, activity: ", complexes: [b, a]")).scenario
        #expect(ordered.campus?.rooms?.activities[0].complexes == ["b", "a"])
    }

    @Test func everyNewKeyIsRefusedWhereItIsWrong() {
        func errors(_ text: String) -> [String] { diagnostics(text) }
        // A maximum without a status, and an existing type whose maximum is below its count.
        let noStatus = errors(Self.campus(roomTypes: "      - {id: s, complex: a, maximum: 3, count: 2, seats: 40, area: 70, opens: 8h, closes: 22h}"))
        #expect(noStatus.count == 1 && noStatus[0].hasPrefix("test.yaml:6:") && noStatus[0].contains("room_types[0].maximum: a maximum needs status"))
        let shrinks = errors(Self.campus(roomTypes: "      - {id: s, complex: a, status: existing, maximum: 1, count: 2, seats: 40, area: 70, opens: 8h, closes: 22h}"))
        #expect(shrinks.count == 1 && shrinks[0].hasPrefix("test.yaml:6:") && shrinks[0].contains("never shrinks: maximum must be at least count (2), found 1"))
        let badStatus = errors(Self.campus(roomTypes: "      - {id: s, complex: a, status: planned, count: 2, seats: 40, area: 70, opens: 8h, closes: 22h}"))
        #expect(badStatus.count == 1 && badStatus[0].hasPrefix("test.yaml:6:") && badStatus[0].contains("room_types[0].status"))
        // An activity's complexes: unknown, shares that do not sum to 1, a complex without its room types.
        let unknown = errors(Self.campus(roomTypes: Self.twoComplexes, activity: ", complexes: [a, c]"))
        #expect(unknown.count == 1 && unknown[0].hasPrefix("test.yaml:10:") && unknown[0].contains("activities[0].complexes[1]") && unknown[0].contains("'c'"))
        let sum = errors(Self.campus(roomTypes: Self.twoComplexes, activity: ", complexes: {a: 0.5, b: 0.25}"))
        #expect(sum.count == 1 && sum[0].hasPrefix("test.yaml:10:") && sum[0].contains("the shares must sum to 1, found 0.75"))
        let share = errors(Self.campus(roomTypes: Self.twoComplexes, activity: ", complexes: {a: 0, b: 1}"))
        #expect(share.count == 1 && share[0].contains("activities[0].complexes.a"))
        let noTypes = errors(Self.campus(roomTypes: Self.twoComplexes, activity: ", room_types: [b_hall], complexes: [a, b]"))
        #expect(noTypes.count == 1 && noTypes[0].contains("complex 'a' has none of the activity's room_types (b_hall)"))
        // A complex's budget for a complex no room type is in.
        let budget = errors(Self.campus(roomTypes: Self.twoComplexes, complexes: "    complexes: [{id: z, area_budget: 100}]"))
        #expect(budget.count == 1 && budget[0].contains("rooms.complexes[0].id") && budget[0].contains("'z'"))
        let negative = errors(Self.campus(roomTypes: Self.twoComplexes, complexes: "    complexes: [{id: a, area_budget: -1}]"))
        #expect(negative.count == 1 && negative[0].contains("rooms.complexes[0].area_budget"))
        // A rule's activity: unknown, or on a rule that is not room_rejection.
        let activity = errors(Self.campus(roomTypes: Self.twoComplexes, rules: "  rules: [{id: r, kind: room_rejection, activity: meting, target: 0.1}]"))
        #expect(activity.count == 1 && activity[0].contains("rules[0].activity") && activity[0].contains("meeting"))
        let kind = errors(Self.campus(roomTypes: Self.twoComplexes, rules: "  rules: [{id: r, kind: counselor_ratio, activity: meeting, target: 200}]"))
        #expect(kind.count == 1 && kind[0].contains("rules[0].activity: only a room_rejection rule is scoped to an activity"))
    }
}
