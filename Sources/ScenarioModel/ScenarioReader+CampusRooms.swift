internal import Yams

extension ScenarioReader {
    static let roomsKeys = ["room_types", "activities"]
    static let roomTypeKeys = ["id", "complex", "count", "seats", "area", "opens", "closes"]
    static let activityKeys = ["id", "per_year", "group", "duration", "window", "lead_time", "room_types"]

    /// `campus.rooms`: the room types of the activity complexes, and the activities that book them.
    mutating func rooms(_ node: Node, at path: FieldPath) -> ActivityRooms? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.roomsKeys) else { return nil }
        var roomTypes: [ActivityRooms.RoomType] = []
        var roomTypeIds = IdRegistry()
        var roomTypesIntact = true
        let roomTypesPath = path.key("room_types")
        if let listNode = required(fields, "room_types"), let nodes = list(listNode, at: roomTypesPath, of: "room types") {
            for (index, element) in nodes.enumerated() {
                let read = roomType(element, at: roomTypesPath.index(index), registry: &roomTypeIds)
                if read.id == nil { roomTypesIntact = false }
                if let value = read.value { roomTypes.append(value) }
            }
        } else {
            roomTypesIntact = false
        }

        var activities: [ActivityRooms.Activity] = []
        let activitiesPath = path.key("activities")
        if let listNode = required(fields, "activities"), let nodes = list(listNode, at: activitiesPath, of: "activities") {
            var registry = IdRegistry()
            for (index, element) in nodes.enumerated() {
                if let activity = activity(element, at: activitiesPath.index(index), roomTypes: roomTypeIds.ids,
                                           roomTypesIntact: roomTypesIntact, registry: &registry) {
                    activities.append(activity)
                }
            }
        }
        guard errorCount == errorsBefore else { return nil }
        return ActivityRooms(roomTypes: roomTypes, activities: activities)
    }

    /// A room type, and its id when that could be read (for the activities' room types).
    private mutating func roomType(_ node: Node, at path: FieldPath, registry: inout IdRegistry)
        -> (value: ActivityRooms.RoomType?, id: String?)
    {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.roomTypeKeys) else { return (nil, nil) }
        let id = uniqueId(fields, at: path, "room type", in: &registry)
        let complex = required(fields, "complex").flatMap { text($0, at: path.key("complex")) }
        let count = required(fields, "count").flatMap { integer($0, at: path.key("count"), minimum: 0) }
        let seats = required(fields, "seats").flatMap { integer($0, at: path.key("seats"), minimum: 1) }
        let area = required(fields, "area").flatMap { number($0, at: path.key("area"), .positive) }
        let openHours = dailyInterval(fields, "opens", "closes")
        guard errorCount == errorsBefore, let id, let complex, let count, let seats, let area, let openHours else {
            return (nil, id)
        }
        let roomType = ActivityRooms.RoomType(
            id: id, complex: complex, count: count, seats: seats, area: area, opens: openHours.start, closes: openHours.end,
            location: location(of: node))
        return (roomType, id)
    }

    private mutating func activity(
        _ node: Node, at path: FieldPath, roomTypes: [String], roomTypesIntact: Bool, registry: inout IdRegistry
    ) -> ActivityRooms.Activity? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.activityKeys) else { return nil }
        let id = uniqueId(fields, at: path, "activity", in: &registry)
        let perYear = required(fields, "per_year").flatMap { number($0, at: path.key("per_year"), .positive) }
        let group = required(fields, "group").flatMap { distribution($0, at: path.key("group"), role: .count) }
        let duration = required(fields, "duration").flatMap { distribution($0, at: path.key("duration"), role: .time) }
        let window = required(fields, "window").flatMap { windowNode in
            self.fields(of: windowNode, at: path.key("window"), keys: ["from", "to"]).flatMap { dailyInterval($0, "from", "to") }
        }
        let leadTime = required(fields, "lead_time").flatMap { distribution($0, at: path.key("lead_time"), role: .time) }
        let allowed: [String]? = if let typesNode = fields["room_types"] {
            idReferences(typesNode, at: path.key("room_types"), to: "room type", among: roomTypes, knownIntact: roomTypesIntact)
        } else {
            []
        }
        guard errorCount == errorsBefore, let id, let perYear, let group, let duration, let window, let leadTime, let allowed
        else { return nil }
        return ActivityRooms.Activity(
            id: id, perYear: perYear, group: group, duration: duration, windowFrom: window.start, windowTo: window.end,
            leadTime: leadTime, roomTypes: allowed, location: location(of: node))
    }
}
