import Testing
@testable import ScenarioModel

@Suite("Values changed where the scenario writes them")
struct ScenarioTextEditTests {
    static let text = """
        # a comment that stays
        name: base   # the name
        description: one, two, three
        rooms:
          room_types:
            - {id: a,    count: 16, seats: 40}   # kept
            - id: "b c"
              count: 3
              seats: 'x, y'
        """

    @Test("Flow and block values, by id; every other character as written")
    func edits() throws {
        let types = FieldPath.root.key("rooms").key("room_types")
        let edited = try ScenarioTextEdit.replacing([
            (types.id("a").key("count"), "9"), (types.id("b c").key("count"), "12"), (FieldPath.root.key("name"), "\"base-proposal\""),
            (types.id("b c").key("seats"), "\"z\""), (FieldPath.root.key("description"), "four"),
        ], in: Self.text)
        #expect(edited == """
            # a comment that stays
            name: "base-proposal"   # the name
            description: four
            rooms:
              room_types:
                - {id: a,    count: 9, seats: 40}   # kept
                - id: "b c"
                  count: 12
                  seats: "z"
            """)
    }

    @Test("Two values on one line change independently")
    func sameLine() throws {
        let a = FieldPath.root.key("rooms").key("room_types").id("a")
        let edited = try ScenarioTextEdit.replacing([(a.key("count"), "100"), (a.key("seats"), "5")], in: Self.text)
        #expect(edited.contains("- {id: a,    count: 100, seats: 5}   # kept"))
    }

    @Test("A path the text does not write, or that is not a single value, is refused by its path")
    func refused() {
        #expect(throws: ScenarioTextEdit.Failure.self) {
            try ScenarioTextEdit.replacing([(FieldPath.root.key("rooms").key("room_types").id("zz").key("count"), "1")], in: Self.text)
        }
        do {
            _ = try ScenarioTextEdit.replacing([(FieldPath.root.key("rooms"), "1")], in: Self.text)
            Issue.record("a map replaced by a value")
        } catch {
            #expect(error.description == "cannot change rooms in the scenario's text: it is not a single value")
        }
    }
}
