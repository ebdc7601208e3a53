internal import Yams

extension ScenarioReader {
    static let termKeys = ["weeks", "weekdays", "peaks"]
    static let peakKeys = ["name", "week", "weeks", "factor"]
    static let maximumTermWeeks = 104
    static let populationKeys = ["colleges", "dormitories"]
    static let collegeKeys = ["id", "students", "classes", "counselors", "class_teachers"]
    static let dormitoryKeys = ["floors", "rooms", "beds", "residential_counselors", "safety_officers", "floor_spaces"]
    static let maximumGeneratedDormitories = 10_000

    /// `campus.term`: weeks, the weekly pattern and the peaks, each defaulting as `Term()` does.
    mutating func term(_ node: Node, at path: FieldPath) -> Term? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.termKeys) else { return nil }
        let defaults = Term()
        let weeks = fields["weeks"].flatMap { integer($0, at: path.key("weeks"), minimum: 1, maximum: Self.maximumTermWeeks) }
        let weekdays = fields["weekdays"].flatMap { self.weekdays($0, at: path.key("weekdays")) }
        // Peaks must start within the term: the default term when `weeks` is absent, any when it is wrong.
        let termWeeks = fields.has("weeks") ? weeks : defaults.weeks
        var peaks: [Term.Peak] = []
        if let peaksNode = fields["peaks"], let nodes = possiblyEmptyList(peaksNode, at: path.key("peaks"), of: "peaks") {
            for (index, element) in nodes.enumerated() {
                if let peak = self.peak(element, at: path.key("peaks").index(index), termWeeks: termWeeks) { peaks.append(peak) }
            }
        }
        guard errorCount == errorsBefore else { return nil }
        return Term(weeks: weeks ?? defaults.weeks, weekdays: weekdays ?? defaults.weekdays, peaks: peaks)
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
        guard let fields = fields(of: node, at: path, keys: Self.peakKeys) else { return nil }
        let name = required(fields, "name").flatMap { text($0, at: path.key("name")) }
        let week = required(fields, "week").flatMap {
            integer($0, at: path.key("week"), minimum: 1, maximum: termWeeks ?? Self.maximumTermWeeks)
        }
        let weeks = required(fields, "weeks").flatMap { integer($0, at: path.key("weeks"), minimum: 1) }
        let factor = required(fields, "factor").flatMap { number($0, at: path.key("factor"), .positive) }
        guard errorCount == errorsBefore, let name, let week, let weeks, let factor else { return nil }
        return Term.Peak(name: name, week: week, weeks: weeks, factor: factor)
    }

    /// `campus.population`: the colleges (at least one) and the dormitory buildings.
    mutating func population(_ node: Node, at path: FieldPath) -> Population? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.populationKeys) else { return nil }
        var colleges: [Population.College] = []
        let collegesPath = path.key("colleges")
        if let collegesNode = required(fields, "colleges"), let nodes = list(collegesNode, at: collegesPath, of: "colleges") {
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
        guard let fields = fields(of: node, at: path, keys: Self.collegeKeys) else { return nil }
        let id = uniqueId(fields, at: path, "college", in: &registry)
        let students = required(fields, "students").flatMap { integer($0, at: path.key("students"), minimum: 1) }
        let classes = fields["classes"].flatMap { integer($0, at: path.key("classes"), minimum: 0) }
        let counselors = fields["counselors"].flatMap { integer($0, at: path.key("counselors"), minimum: 0) }
        let classTeachers = fields["class_teachers"].flatMap { integer($0, at: path.key("class_teachers"), minimum: 0) }
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
            guard let fields = fields(of: element, at: elementPath, keys: ["id"] + Self.dormitoryKeys) else { continue }
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
        guard let fields = fields(of: node, at: path, keys: ["prefix", "count"] + Self.dormitoryKeys,
                                  expecting: "a list of dormitory buildings, or a generator map")
        else { return nil }
        let prefix = required(fields, "prefix").flatMap { text($0, at: path.key("prefix")) }
        let count = required(fields, "count").flatMap {
            integer($0, at: path.key("count"), minimum: 1, maximum: Self.maximumGeneratedDormitories)
        }
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
        let path = fields.path
        let floors = required(fields, "floors").flatMap { integer($0, at: path.key("floors"), minimum: 1) }
        let rooms = required(fields, "rooms").flatMap { integer($0, at: path.key("rooms"), minimum: 1) }
        let beds = required(fields, "beds").flatMap { integer($0, at: path.key("beds"), minimum: 1) }
        let residentialCounselors = fields["residential_counselors"].flatMap {
            integer($0, at: path.key("residential_counselors"), minimum: 0)
        }
        let safetyOfficers = fields["safety_officers"].flatMap { integer($0, at: path.key("safety_officers"), minimum: 0) }
        let floorSpaces = fields["floor_spaces"].flatMap { integer($0, at: path.key("floor_spaces"), minimum: 0) }
        guard errorCount == errorsBefore, let floors, let rooms, let beds else { return nil }
        return (floors, rooms, beds, residentialCounselors ?? 0, safetyOfficers ?? 0, floorSpaces ?? 0)
    }
}
