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
        Field("status", .choice(RoomStatus.allCases.map(\.rawValue)),
              "For onestop optimize: existing (count holds, or grows up to maximum) or candidate (built from 0 up to maximum); without it the planner sizes the type freely from 0. A run simulates count rooms whatever the status."),
        Field("maximum", .count(minimum: 0, limit: maximumServers),
              "The most rooms the planner may propose: an existing type may grow to it (at least count); a candidate's limit (default: only the area budgets)."),
    ])
    static let complexSection = Section([
        .id("complex"),
        Field("area_budget", .number(.positive), "The most floor area of bookable rooms the planner may propose in the complex, m²."),
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
        Field("complexes", .custom(.object([
            ("description", "Complexes it books in: a list in order of preference (a booking tries the first, then the next), or a map of complex to share of its bookings (each booking books only in the complex it draws; shares sum to 1). Default: any complex, the smallest room that seats it."),
            ("oneOf", .array([
                ScenarioFormat.list(ScenarioFormat.string("A complex id.", minLength: 1), "Complexes in order of preference."),
                .object([("type", "object"), ("minProperties", 1),
                         ("additionalProperties", ScenarioFormat.number(exclusiveMinimum: 0, maximum: 1, "Share of the bookings."))]),
            ])),
        ]))),
    ])
    static let roomsSection = Section("Activity rooms: the room types of the activity complexes, and the activities that book them.", [
        Field("room_types", .custom(ScenarioFormat.list(roomTypeSection.schema(), "Room types.")), required: true),
        Field("activities", .custom(ScenarioFormat.list(activitySection.schema(), "Activities booking rooms.")), required: true),
        Field("complexes", .custom(ScenarioFormat.list(complexSection.schema(), minItems: 0, "Complexes with an area budget for the planner."))),
    ])

    /// `campus.rooms`: the room types of the activity complexes, and the activities that book them.
    mutating func rooms(_ node: Node, at path: FieldPath, references: inout CampusReferences) -> ActivityRooms? {
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

        // Complexes named by the room types read, with the room types of each (for the activities' complexes).
        var complexTypes: [(complex: String, types: [String])] = []
        for type in roomTypes {
            if let k = complexTypes.firstIndex(where: { $0.complex == type.complex }) {
                complexTypes[k].types.append(type.id)
            } else {
                complexTypes.append((type.complex, [type.id]))
            }
        }
        let complexesIntact = roomTypesIntact && roomTypes.count == roomTypeIds.ids.count

        var activities: [ActivityRooms.Activity] = []
        let activitiesPath = path.key("activities")
        if let listNode = valueNode(fields, Self.roomsSection["activities"]), let nodes = list(listNode, at: activitiesPath, of: "activities") {
            var registry = IdRegistry()
            for (index, element) in nodes.enumerated() {
                let before = registry.ids.count
                if let activity = activity(element, at: activitiesPath.index(index), roomTypes: roomTypeIds.ids,
                                           roomTypesIntact: roomTypesIntact, complexes: complexTypes, complexesIntact: complexesIntact,
                                           registry: &registry) {
                    activities.append(activity)
                }
                if registry.ids.count == before { references.activitiesIntact = false }
            }
            references.activityIds = registry.ids
        } else {
            references.activitiesIntact = false
        }

        var complexes: [ActivityRooms.Complex] = []
        if let listNode = valueNode(fields, Self.roomsSection["complexes"]),
           let nodes = possiblyEmptyList(listNode, at: path.key("complexes"), of: "complexes") {
            var registry = IdRegistry()
            for (index, element) in nodes.enumerated() {
                if let complex = complex(element, at: path.key("complexes").index(index), known: complexTypes.map(\.complex),
                                         knownIntact: complexesIntact, registry: &registry) {
                    complexes.append(complex)
                }
            }
        }
        guard errorCount == errorsBefore else { return nil }
        return ActivityRooms(roomTypes: roomTypes, activities: activities, complexes: complexes)
    }

    /// A complex's area budget; its id must be a complex some room type is in.
    private mutating func complex(_ node: Node, at path: FieldPath, known: [String], knownIntact: Bool, registry: inout IdRegistry)
        -> ActivityRooms.Complex?
    {
        let errorsBefore = errorCount
        let section = Self.complexSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        let id = uniqueId(fields, at: path, "complex", in: &registry)
        if let id, knownIntact, !known.contains(id), let idNode = fields["id"] {
            error(at: idNode, path.key("id"), Suggestion.unknown("complex", id, among: known) + " (a complex is named by its room types' complex)")
        }
        let budget = valueNode(fields, section["area_budget"]) != nil ? value(fields, section["area_budget"]) : nil
        guard errorCount == errorsBefore, let id else { return nil }
        return ActivityRooms.Complex(id: id, areaBudget: budget, location: location(of: node))
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
        let status = valueNode(fields, section["status"]) != nil ? choice(fields, section["status"], "room status", of: RoomStatus.self) : nil
        var maximum: Int?
        if let maximumNode = fields["maximum"] {
            maximum = integer(fields, section["maximum"])
            let maximumPath = path.key("maximum")
            if let read = maximum {
                if fields["status"] == nil {
                    error(at: maximumNode, maximumPath,
                          "a maximum needs status existing (to let the count grow) or candidate (to limit what is built); without a status the planner sizes the type freely")
                } else if status == .existing, let count, read < count {
                    error(at: maximumNode, maximumPath, "an existing room type never shrinks: maximum must be at least count (\(count)), found \(read)")
                }
            }
        }
        guard errorCount == errorsBefore, let id, let complex, let count, let seats, let area, let openHours else {
            return (nil, id)
        }
        let roomType = ActivityRooms.RoomType(
            id: id, complex: complex, count: count, seats: seats, area: area, opens: openHours.start, closes: openHours.end,
            status: status, maximum: maximum, location: location(of: node))
        return (roomType, id)
    }

    private mutating func activity(
        _ node: Node, at path: FieldPath, roomTypes: [String], roomTypesIntact: Bool,
        complexes: [(complex: String, types: [String])], complexesIntact: Bool, registry: inout IdRegistry
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
        var order: [String] = []
        var shares: [ActivityRooms.ComplexShare] = []
        if let complexesNode = valueNode(fields, section["complexes"]) {
            let complexesPath = path.key("complexes")
            let known = complexes.map(\.complex)
            // A complex the activity books in must have a room type it may use.
            func usable(_ complex: String, _ at: Node, _ path: FieldPath) {
                guard let allowed, !allowed.isEmpty, let types = complexes.first(where: { $0.complex == complex })?.types,
                      !types.contains(where: allowed.contains) else { return }
                error(at: at, path, "complex '\(complex)' has none of the activity's room_types (\(allowed.joined(separator: ", ")))")
            }
            switch complexesNode {
            case .mapping(let mapping):
                var total = 0.0
                var complete = true
                for (keyNode, valueNode) in mapping {
                    guard case .scalar(let key) = keyNode else { continue }
                    let name = key.string
                    let entryPath = complexesPath.key(name)
                    if !known.contains(name) {
                        if complexesIntact { error(at: keyNode, entryPath, Suggestion.unknown("complex", name, among: known)) }
                        complete = false
                        continue
                    }
                    guard let share = number(valueNode, at: entryPath, .positive) else { complete = false; continue }
                    guard share <= 1 else {
                        error(at: valueNode, entryPath, "a share must be above 0 and at most 1, found \(formatted(share))")
                        complete = false
                        continue
                    }
                    usable(name, keyNode, entryPath)
                    total += share
                    shares.append(.init(complex: name, share: share))
                }
                if mapping.count == 0 {
                    error(at: complexesNode, complexesPath, "expected at least one complex with its share, found an empty map")
                } else if complete, abs(total - 1) > 1e-9 {
                    error(at: complexesNode, complexesPath, "the shares must sum to 1, found \(formatted(total))")
                }
            default:
                if let listed = idReferences(complexesNode, at: complexesPath, to: "complex", among: known, knownIntact: complexesIntact) {
                    if case .sequence(let sequence) = complexesNode {
                        for (name, element) in zip(listed, sequence) { usable(name, element, complexesPath) }
                    }
                    order = listed
                }
            }
        }
        guard errorCount == errorsBefore, let id, let perYear, let group, let duration, let window, let leadTime, let allowed
        else { return nil }
        return ActivityRooms.Activity(
            id: id, perYear: perYear, group: group, duration: duration, windowFrom: window.start, windowTo: window.end,
            leadTime: leadTime, roomTypes: allowed, complexes: order, complexShares: shares, location: location(of: node))
    }
}
