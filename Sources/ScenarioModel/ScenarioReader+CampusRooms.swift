internal import Yams

extension ScenarioReader {
    static let roomTypeSection = Section([
        .id("room type"),
        Field("complex", .text, required: true, "The activity complex the rooms are in."),
        Field("count", .count(minimum: 0, limit: maximumServers), required: true, "Rooms of this type."),
        Field("seats", .integer(minimum: 1), required: true, "Seats per room."),
        Field("area", .number(.positive), required: true, "Area per room, in square metres."),
        Field("opens", .timeOfDay, required: true, "Opening time within the day."),
        Field("closes", .timeOfDay, required: true, "Closing time within the day, later than opens."),
    ])
    static let windowSection = Section("Times of day a booking may take place in.", [
        Field("from", .timeOfDay, required: true, "Earliest start within the day."),
        Field("to", .timeOfDay, required: true, "Latest end within the day, later than from."),
    ])
    static let activitySection = Section([
        .id("activity"),
        Field("per_year", .positiveNumber(maximum: maximumBookingsPerYear), required: true, "Bookings per year."),
        Field("group", .distribution(.count), required: true, "Participants per booking."),
        Field("duration", .distribution(.time), required: true, "Length of a booking."),
        Field("window", .custom(windowSection.schema()), required: true),
        Field("lead_time", .distribution(.time), required: true, "How long ahead a booking is made."),
        Field("room_types", .custom(ScenarioFormat.list(ScenarioFormat.string("A room type id.", minLength: 1), minItems: 0,
                                                        "Room types it may book (default: any)."))),
    ])
    static let roomsSection = Section("Activity rooms: the room types of the activity complexes, and the activities that book them.", [
        Field("room_types", .custom(ScenarioFormat.list(roomTypeSection.schema(), "Room types.")), required: true),
        Field("activities", .custom(ScenarioFormat.list(activitySection.schema(), "Activities booking rooms.")), required: true),
    ])

    /// `campus.rooms`: the room types of the activity complexes, and the activities that book them.
    mutating func rooms(_ node: Node, at path: FieldPath) -> ActivityRooms? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, Self.roomsSection) else { return nil }
        var roomTypes: [ActivityRooms.RoomType] = []
        var roomTypeIds = IdRegistry()
        var roomTypesIntact = true
        let roomTypesPath = path.key("room_types")
        if let listNode = valueNode(fields, Self.roomsSection["room_types"]), let nodes = list(listNode, at: roomTypesPath, of: "room types") {
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
        if let listNode = valueNode(fields, Self.roomsSection["activities"]), let nodes = list(listNode, at: activitiesPath, of: "activities") {
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
        let section = Self.roomTypeSection
        guard let fields = fields(of: node, at: path, section) else { return (nil, nil) }
        let id = uniqueId(fields, at: path, "room type", in: &registry)
        let complex = text(fields, section["complex"])
        let count = integer(fields, section["count"])
        let seats = integer(fields, section["seats"])
        let area = value(fields, section["area"])
        let openHours = dailyInterval(fields, section["opens"], section["closes"])
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
        let section = Self.activitySection, windowSection = Self.windowSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let id = uniqueId(fields, at: path, "activity", in: &registry)
        let perYear = value(fields, section["per_year"])
        let group = distribution(fields, section["group"])
        let duration = distribution(fields, section["duration"])
        let window = valueNode(fields, section["window"]).flatMap { windowNode in
            self.fields(of: windowNode, at: path.key("window"), windowSection)
                .flatMap { dailyInterval($0, windowSection["from"], windowSection["to"]) }
        }
        let leadTime = distribution(fields, section["lead_time"])
        let allowed: [String]? = if let typesNode = valueNode(fields, section["room_types"]) {
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
