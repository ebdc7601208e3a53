internal import Yams

extension ScenarioReader {
    static let maximumTermWeeks = 104
    static let maximumGeneratedDormitories = 10_000
    static let peakSection = Section([
        Field("name", .name, required: true, "The peak's name."),
        Field("week", .integer(minimum: 1, maximum: maximumTermWeeks), required: true, "The week it starts, 1-based, within the term."),
        Field("weeks", .integer(minimum: 1), required: true, "How many weeks it lasts."),
        Field("factor", .number(.positive), required: true, "Demand multiplier in those weeks."),
    ])
    static let termSection = Section("The term: weeks, the weekly pattern, the peaks (default: 18 weeks, weekdays only, no peaks).", [
        Field("weeks", .integer(minimum: 1, maximum: maximumTermWeeks), "Weeks in the term (default 18)."),
        Field("weekdays", .custom(ScenarioFormat.list(ScenarioFormat.number(minimum: 0), minItems: 7, maxItems: 7,
                                                      "Relative demand per day, Monday first: 7 values, not all 0."))),
        Field("peaks", .custom(ScenarioFormat.list(peakSection.schema(), minItems: 0, "Weeks of heavier (or lighter) demand."))),
        Field("starts", .custom(ScenarioFormat.string("The term's first day, a Monday, as 2027-02-22: holidays may then be given as dates.",
                                                      pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))),
    ])
    static let collegeSection = Section([
        .id("college"),
        Field("students", .count(minimum: 1, limit: maximumStudents), required: true),
        Field("classes", .count(minimum: 0, limit: maximumServers), "Default 0."),
        Field("counselors", .count(minimum: 0, limit: maximumServers), "Default 0."),
        Field("class_teachers", .count(minimum: 0, limit: maximumServers), "Default 0."),
    ])
    /// The fields every dormitory building has, listed or generated.
    static let buildingFields = [
        Field("floors", .integer(minimum: 1), required: true),
        Field("rooms", .integer(minimum: 1), required: true, "Rooms in the building."),
        Field("beds", .integer(minimum: 1), required: true, "Beds in the building."),
        Field("residential_counselors", .count(minimum: 0, limit: maximumServers), "Counselors living in the building (default 0)."),
        Field("safety_officers", .count(minimum: 0, limit: maximumServers), "Default 0."),
        Field("floor_spaces", .integer(minimum: 0), "\"One floor one scene\" spaces (default 0)."),
    ]
    static let dormitorySection = Section([.id("dormitory")] + buildingFields)
    static let dormitoryGeneratorSection = Section([
        Field("prefix", .name, required: true, "Building ids are the prefix and a number."),
        Field("count", .integer(minimum: 1, maximum: maximumGeneratedDormitories), required: true, "How many buildings."),
    ] + buildingFields)
    static let populationSection = Section("The grid: colleges (at least one) and dormitory buildings.", [
        Field("colleges", .custom(ScenarioFormat.list(collegeSection.schema(), "The colleges.")), required: true),
        Field("dormitories", .custom(.object([
            ("description", "A list of buildings, or a generator {prefix, count, floors, rooms, beds, ...} of count alike buildings named prefix and a zero-padded number."),
            ("anyOf", .array([ScenarioFormat.list(dormitorySection.schema(), minItems: 0), dormitoryGeneratorSection.schema()])),
        ]))),
    ])

    /// `campus.term`: weeks, the weekly pattern and the peaks, each defaulting as `Term()` does.
    mutating func term(_ node: Node, at path: FieldPath) -> Term? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, Self.termSection) else { return nil }
        let defaults = Term()
        let weeks = integer(fields, Self.termSection["weeks"])
        let weekdays = fields["weekdays"].flatMap { self.weekdays($0, at: path.key("weekdays")) }
        // Peaks must start within the term: the default term when `weeks` is absent, any when it is wrong.
        let termWeeks = fields.has("weeks") ? weeks : defaults.weeks
        var peaks: [Term.Peak] = []
        if let peaksNode = fields["peaks"], let nodes = possiblyEmptyList(peaksNode, at: path.key("peaks"), of: "peaks") {
            for (index, element) in nodes.enumerated() {
                if let peak = self.peak(element, at: path.key("peaks").index(index), termWeeks: termWeeks) { peaks.append(peak) }
            }
        }
        let starts = fields["starts"].flatMap { self.termStart($0, at: path.key("starts")) }
        guard errorCount == errorsBefore else { return nil }
        return Term(weeks: weeks ?? defaults.weeks, weekdays: weekdays ?? defaults.weekdays, peaks: peaks, starts: starts)
    }

    /// Seven relative demands, Monday first, at least 0 and not all 0.
    private mutating func weekdays(_ node: Node, at path: FieldPath) -> [Double]? {
        guard let nodes = list(node, at: path, of: "weekday demands") else { return nil }
        let values = nodes.enumerated().map { index, element in number(element, at: path.index(index), .nonNegative) }
        guard nodes.count == 7 else {
            error(at: node, path, "expected 7 values, one per day from Monday to Sunday, found \(nodes.count)")
            return nil
        }
        let read = values.compactMap { $0 }
        guard read.count == values.count else { return nil }
        guard read.contains(where: { $0 > 0 }) else {
            error(at: node, path, "at least one day must have demand greater than 0")
            return nil
        }
        return read
    }

    /// A peak: the week it starts (1-based, within the term), how many weeks it lasts, and its factor.
    private mutating func peak(_ node: Node, at path: FieldPath, termWeeks: Int?) -> Term.Peak? {
        let errorsBefore = errorCount
        let section = Self.peakSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let name = text(fields, section["name"])
        // Within the term: the table's bound narrowed to the term's weeks.
        let week = integer(fields, section["week"].narrowed(maximum: termWeeks))
        let weeks = integer(fields, section["weeks"])
        let factor = value(fields, section["factor"])
        guard errorCount == errorsBefore, let name, let week, let weeks, let factor else { return nil }
        return Term.Peak(name: name, week: week, weeks: weeks, factor: factor)
    }

    /// `campus.population`: the colleges (at least one) and the dormitory buildings.
    mutating func population(_ node: Node, at path: FieldPath) -> Population? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, Self.populationSection) else { return nil }
        var colleges: [Population.College] = []
        let collegesPath = path.key("colleges")
        if let collegesNode = valueNode(fields, Self.populationSection["colleges"]), let nodes = list(collegesNode, at: collegesPath, of: "colleges") {
            var registry = IdRegistry()
            for (index, element) in nodes.enumerated() {
                if let college = college(element, at: collegesPath.index(index), registry: &registry) { colleges.append(college) }
            }
        }
        let dormitories = fields["dormitories"].flatMap { self.dormitories($0, at: path.key("dormitories")) } ?? []
        guard errorCount == errorsBefore else { return nil }
        return Population(colleges: colleges, dormitories: dormitories)
    }

    private mutating func college(_ node: Node, at path: FieldPath, registry: inout IdRegistry) -> Population.College? {
        let errorsBefore = errorCount
        let section = Self.collegeSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let id = uniqueId(fields, at: path, "college", in: &registry)
        let students = integer(fields, section["students"])
        let classes = integer(fields, section["classes"])
        let counselors = integer(fields, section["counselors"])
        let classTeachers = integer(fields, section["class_teachers"])
        guard errorCount == errorsBefore, let id, let students else { return nil }
        return Population.College(
            id: id, students: students, classes: classes ?? 0, counselors: counselors ?? 0, classTeachers: classTeachers ?? 0,
            location: location(of: node))
    }

    /// A list of buildings, or a generator `{prefix, count, floors, ...}` of `count` alike buildings.
    private mutating func dormitories(_ node: Node, at path: FieldPath) -> [Population.Dormitory]? {
        if case .mapping = node { return generatedDormitories(node, at: path) }
        guard case .sequence(let elements) = node else {
            error(at: node, path, "expected a list of dormitory buildings, or a generator map {prefix, count, floors, rooms, beds}, found \(describe(node))")
            return nil
        }
        let errorsBefore = errorCount
        var registry = IdRegistry()
        var dormitories: [Population.Dormitory] = []
        for (index, element) in elements.enumerated() {
            let elementPath = path.index(index)
            guard let fields = fields(of: element, at: elementPath, Self.dormitorySection) else { continue }
            let id = uniqueId(fields, at: elementPath, "dormitory", in: &registry)
            if let building = building(fields), let id {
                dormitories.append(Population.Dormitory(
                    id: id, floors: building.floors, rooms: building.rooms, beds: building.beds,
                    residentialCounselors: building.residentialCounselors, safetyOfficers: building.safetyOfficers,
                    floorSpaces: building.floorSpaces, location: location(of: element)))
            }
        }
        return errorCount == errorsBefore ? dormitories : nil
    }

    /// `count` buildings named `prefix` and a number zero-padded to the width of `count` (`yunyuan-01`…`yunyuan-60`).
    private mutating func generatedDormitories(_ node: Node, at path: FieldPath) -> [Population.Dormitory]? {
        let section = Self.dormitoryGeneratorSection
        guard let fields = fields(of: node, at: path, section, expecting: "a list of dormitory buildings, or a generator map")
        else { return nil }
        let prefix = text(fields, section["prefix"])
        let count = integer(fields, section["count"])
        let building = building(fields)
        guard let prefix, let count, let building else { return nil }
        let width = String(count).count
        let place = location(of: node)
        return (1...count).map { number in
            let digits = String(number)
            return Population.Dormitory(
                id: prefix + String(repeating: "0", count: width - digits.count) + digits, floors: building.floors,
                rooms: building.rooms, beds: building.beds, residentialCounselors: building.residentialCounselors,
                safetyOfficers: building.safetyOfficers, floorSpaces: building.floorSpaces, location: place)
        }
    }

    /// The fields every dormitory building has: floors, rooms and beds required, staff and spaces default 0.
    private mutating func building(_ fields: Fields)
        -> (floors: Int, rooms: Int, beds: Int, residentialCounselors: Int, safetyOfficers: Int, floorSpaces: Int)?
    {
        let errorsBefore = errorCount
        let section = Self.dormitorySection
        let floors = integer(fields, section["floors"])
        let rooms = integer(fields, section["rooms"])
        let beds = integer(fields, section["beds"])
        let residentialCounselors = integer(fields, section["residential_counselors"])
        let safetyOfficers = integer(fields, section["safety_officers"])
        let floorSpaces = integer(fields, section["floor_spaces"])
        guard errorCount == errorsBefore, let floors, let rooms, let beds else { return nil }
        return (floors, rooms, beds, residentialCounselors ?? 0, safetyOfficers ?? 0, floorSpaces ?? 0)
    }
}
