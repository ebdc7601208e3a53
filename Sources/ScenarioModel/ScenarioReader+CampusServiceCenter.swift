internal import Yams

extension ScenarioReader {
    static let categorySection = Section([
        .id("category"),
        Field("items", .integer(minimum: 1), required: true, "Service items in the category."),
        Field("requests_per_student", .number(.positive), required: true, "Requests per student per term, counter and online together."),
        Field("hourly", .custom(ScenarioFormat.list(ScenarioFormat.number(minimum: 0),
                                                    "Relative demand per opening hour, one value per hour from opens to closes.")), required: true),
        Field("service", .distribution(.time), required: true, "Service time at a counter."),
        Field("online_share", .share(belowOne: false), "Share of requests filed online (default 0); above 0 needs online_processing and online_limit."),
        Field("online_processing", .distribution(.time), "Processing time of an online request."),
        Field("online_limit", .duration(.positive), "An online request is on time within this of filing."),
        Field("return_probability", .share(belowOne: true), "Chance a visit cannot finish and the student comes back (default 0)."),
    ])
    static let counterSection = Section([
        .id("counter group"),
        Field("skills", .custom(ScenarioFormat.list(ScenarioFormat.string("A category id.", minLength: 1), minItems: 0,
                                                    "Categories served; none or absent: every category."))),
        Field("servers", .custom(ScenarioFormat.ref("counterServers")), required: true),
        Field("patience", .distribution(.time), "A waiting student gives up after this long."),
        Field("opening_hours", .custom(ScenarioFormat.ref("openingHours", "The group's own opening hours (default: the center's); its servers count only while it is open."))),
    ])
    static let serviceCenterSection = Section("The service center: opening hours, categories of business, and the counter groups serving them.", [
        Field("opens", .timeOfDay, "Opening time within the day, every day the weekday weight is above 0 (or give opening_hours)."),
        Field("closes", .timeOfDay, "Closing time within the day, later than opens."),
        Field("opening_hours", .custom(ScenarioFormat.ref("openingHours", "Opening hours per weekday, instead of opens and closes; counters are staffed only while open."))),
        Field("holidays", .custom(ScenarioFormat.list(ScenarioFormat.ref("holiday"), minItems: 0, "Days the whole center is closed: {week, day} or dates (with term.starts)."))),
        Field("target_wait", .duration(.positive), required: true, "The service level's target wait."),
        Field("routing", .choice(TicketRouting.allCases.map(\.rawValue)), "Ticket routing: pooled (default) or shortest_queue."),
        Field("return_delay", .distribution(.time), required: true, "Time before a student whose visit could not finish comes back."),
        Field("categories", .custom(ScenarioFormat.list(categorySection.schema(), "Categories of service items.")), required: true),
        Field("counters", .custom(ScenarioFormat.list(counterSection.schema(), "Counter groups, each a station.")), required: true),
    ])
    static let channelSection = Section([
        .id("channel"),
        Field("per_week", .number(.positive), required: true, "Items received per week."),
    ])
    static let feedbackSection = Section("The feedback loop: complaints and requests received, transferred, handled and followed up.", [
        Field("channels", .custom(ScenarioFormat.list(channelSection.schema(), "Channels feedback arrives by.")), required: true),
        Field("transfer_staff", .integer(minimum: 1), required: true, "Staff transferring items to departments."),
        Field("transfer", .distribution(.time), required: true, "Transfer time."),
        Field("handling", .distribution(.time), required: true, "Handling time in the departments."),
        Field("limit", .duration(.positive), required: true, "A reply is on time within this of receipt."),
        Field("follow_up_share", .share(belowOne: false), "Share followed up (default 0); above 0 needs follow_up."),
        Field("follow_up", .distribution(.time), "Follow-up time."),
    ])

    /// `campus.service_center`: opening hours, categories of business, and the counter groups serving them.
    ///
    /// Every counter id is recorded in `references` even when the counter's other fields fail.
    mutating func serviceCenter(_ node: Node, at path: FieldPath, term: Term?, references: inout CampusReferences) -> ServiceCenter? {
        let errorsBefore = errorCount
        let section = Self.serviceCenterSection
        guard let fields = fields(of: node, at: path, section) else {
            references.countersRead = false
            return nil
        }
        // Either opens and closes (every day the weekday weight allows) or opening_hours per weekday.
        var openingHours: OpeningHours?
        var openHours: (start: Double, end: Double)?
        if let hoursNode = fields["opening_hours"] {
            for key in ["opens", "closes"] where fields.has(key) {
                error(at: fields.keyNode(key), path.key(key), "give either opens and closes, or opening_hours, not both")
            }
            openingHours = self.openingHours(hoursNode, at: path.key("opening_hours"))
            openHours = openingHours?.span.map { ($0.opens, $0.closes) }
        } else {
            openHours = dailyInterval(fields, section["opens"].with(required: true), section["closes"].with(required: true))
        }
        let holidays = fields["holidays"].flatMap { self.holidays($0, at: path.key("holidays"), term: term) }
        let targetWait = value(fields, section["target_wait"])
        let routing = choice(fields, section["routing"], "ticket routing", of: TicketRouting.self)
        let returnDelay = distribution(fields, section["return_delay"])

        // Categories first, whatever the key order: counters name them.
        let categoriesPath = path.key("categories")
        var categoryIds = IdRegistry()
        var categoriesIntact = true
        var categories: [ServiceCategory] = []
        var categoryPlaces: [(id: String, node: Node, path: FieldPath)] = []
        if let listNode = valueNode(fields, section["categories"]), let nodes = list(listNode, at: categoriesPath, of: "service categories") {
            for (index, element) in nodes.enumerated() {
                let elementPath = categoriesPath.index(index)
                let read = category(element, at: elementPath, openHours: openHours, weekly: openingHours != nil, registry: &categoryIds)
                if let id = read.id { categoryPlaces.append((id, element, elementPath)) } else { categoriesIntact = false }
                if let value = read.value { categories.append(value) }
            }
        } else {
            categoriesIntact = false
        }

        let countersPath = path.key("counters")
        var counterIds = IdRegistry()
        var skillsIntact = categoriesIntact
        var counters: [Counter] = []
        var served: Set<String> = []
        var servesAll = false
        if let listNode = valueNode(fields, section["counters"]), let nodes = list(listNode, at: countersPath, of: "counters") {
            for (index, element) in nodes.enumerated() {
                let read = counter(element, at: countersPath.index(index), categories: categoryIds.ids,
                                   categoriesIntact: categoriesIntact, span: openHours, registry: &counterIds)
                if read.id == nil { references.countersRead = false }
                if let skills = read.skills {
                    if skills.isEmpty { servesAll = true }
                    served.formUnion(skills)
                } else if let skillsNode = silentValue(element, "skills"),
                          let meant = plausibleSkills(skillsNode, among: categoryIds.ids)
                {
                    served.formUnion(meant)
                } else {
                    skillsIntact = false
                }
                if let value = read.value { counters.append(value) }
            }
        } else {
            references.countersRead = false
            skillsIntact = false
        }
        references.counterIds = counterIds.ids
        references.categoryIds = categoryIds.ids
        references.categoriesIntact = categoriesIntact

        if skillsIntact, !servesAll {
            for place in categoryPlaces where !served.contains(place.id) {
                error(at: place.node, place.path,
                      "no counter serves category '\(place.id)'; list it in a counter's skills, or add a counter without skills")
            }
        }
        guard errorCount == errorsBefore, let openHours, let targetWait, let returnDelay else { return nil }
        var center = ServiceCenter(
            opens: openHours.start, closes: openHours.end, targetWait: targetWait, routing: routing ?? .pooled,
            categories: categories, counters: counters, returnDelay: returnDelay, location: location(of: node))
        center.openingHours = openingHours
        center.holidays = holidays ?? []
        return center
    }

    /// A category, and its id when that could be read (for the counters' skills), even if other fields failed.
    private mutating func category(
        _ node: Node, at path: FieldPath, openHours: (start: Double, end: Double)?, weekly: Bool, registry: inout IdRegistry
    ) -> (value: ServiceCategory?, id: String?) {
        let errorsBefore = errorCount
        let section = Self.categorySection
        guard let fields = fields(of: node, at: path, section) else { return (nil, nil) }
        let id = uniqueId(fields, at: path, "service category", in: &registry)
        let items = integer(fields, section["items"])
        let requests = value(fields, section["requests_per_student"])
        let hourly = valueNode(fields, section["hourly"]).flatMap { self.hourly($0, at: path.key("hourly"), openHours: openHours, weekly: weekly) }
        let service = distribution(fields, section["service"])
        let onlineShare = value(fields, section["online_share"])
        let onlineProcessing = distribution(fields, section["online_processing"])
        let onlineLimit = value(fields, section["online_limit"])
        if let onlineShare, onlineShare > 0 {
            for key in ["online_processing", "online_limit"] where !fields.has(key) {
                error(at: fields.node, path.key(key), "required key is missing: online_share is greater than 0")
            }
        }
        let returnProbability = value(fields, section["return_probability"])
        guard errorCount == errorsBefore, let id, let items, let requests, let hourly, let service else { return (nil, id) }
        let category = ServiceCategory(
            id: id, items: items, requestsPerStudent: requests, hourly: hourly, service: service,
            onlineShare: onlineShare ?? 0, onlineProcessing: onlineProcessing, onlineLimit: onlineLimit,
            returnProbability: returnProbability ?? 0, location: location(of: node))
        return (category, id)
    }

    /// The categories a skills list that names unknown ones may have meant: the known names and the one
    /// each unknown name resembles; `nil` when some name resembles none (it could mean any category).
    private func plausibleSkills(_ node: Node, among categories: [String]) -> [String]? {
        guard case .sequence(let elements) = node else { return nil }
        var meant: [String] = []
        for element in elements {
            guard case .scalar(let scalar) = element else { return nil }
            if categories.contains(scalar.string) {
                meant.append(scalar.string)
            } else if let closest = Suggestion.closest(to: scalar.string, among: categories) {
                meant.append(closest)
            } else {
                return nil
            }
        }
        return meant
    }

    /// Relative demand per opening hour: one value per hour from `opens` to `closes` (a last part-hour
    /// counts); with `opening_hours`, from the earliest opening to the latest closing of the week.
    private mutating func hourly(_ node: Node, at path: FieldPath, openHours: (start: Double, end: Double)?, weekly: Bool) -> [Double]? {
        guard let nodes = list(node, at: path, of: "hourly demands") else { return nil }
        let values = nodes.enumerated().map { index, element in number(element, at: path.index(index), .nonNegative) }
        if let openHours {
            let expected = Int(((openHours.end - openHours.start) / hourLength - 1e-9).rounded(.up))
            guard nodes.count == expected else {
                error(at: node, path,
                      "expected \(expected) values, one per hour the center is open (\(weekly ? "from the earliest opening to the latest closing of opening_hours" : "from opens to closes")), found \(nodes.count)")
                return nil
            }
        }
        let read = values.compactMap { $0 }
        guard read.count == values.count else { return nil }
        guard read.contains(where: { $0 > 0 }) else {
            error(at: node, path, "at least one hour must have demand greater than 0")
            return nil
        }
        return read
    }

    /// A counter group, with its id and skills when those could be read, even if other fields failed.
    private mutating func counter(
        _ node: Node, at path: FieldPath, categories: [String], categoriesIntact: Bool, span: (start: Double, end: Double)?,
        registry: inout IdRegistry
    ) -> (value: Counter?, id: String?, skills: [String]?) {
        let errorsBefore = errorCount
        let section = Self.counterSection
        guard let fields = fields(of: node, at: path, section) else { return (nil, nil, nil) }
        let id = uniqueId(fields, at: path, "counter", in: &registry)
        if let id, id == "exit" || Self.generatedStationIds.contains(id), let idNode = fields["id"] {
            let reason = id == "exit" ? "'exit' is reserved: it names leaving the network in routing"
                : "'\(id)' is the id of a station the campus layer generates; choose another id"
            error(at: idNode, path.key("id"), reason)
        }
        let skills: [String]? = if let skillsNode = valueNode(fields, section["skills"]) {
            idReferences(skillsNode, at: path.key("skills"), to: "category", among: categories, knownIntact: categoriesIntact)
        } else {
            []
        }
        var servers = valueNode(fields, section["servers"]).flatMap { self.servers($0, at: path.key("servers")) }
        if servers == .infinite, let serversNode = fields["servers"] {
            error(at: serversNode, path.key("servers"), "a counter group has a number of servers or a schedule, not \"infinite\"")
            servers = nil
        }
        let patience = distribution(fields, section["patience"])
        var hours: OpeningHours?
        if let hoursNode = fields["opening_hours"] {
            hours = openingHours(hoursNode, at: path.key("opening_hours"))
            // The categories' hourly weights cover the center's span: a group open outside it has no weights there.
            if let hours, let span, let own = hours.span, own.opens < span.start - 1e-9 || own.closes > span.end + 1e-9 {
                error(at: hoursNode, path.key("opening_hours"),
                      "is open outside the service center's hours (\(ClockText.timeOfDay(span.start, in: timeUnit))-\(ClockText.timeOfDay(span.end, in: timeUnit))), which the categories' hourly weights cover")
            }
        }
        guard errorCount == errorsBefore, let id, let skills, let servers else { return (nil, id, skills) }
        let counter = Counter(id: id, skills: skills, servers: servers, patience: patience, openingHours: hours, location: location(of: node))
        return (counter, id, skills)
    }

    /// `campus.feedback`: complaints and requests received, transferred, handled and followed up.
    mutating func feedback(_ node: Node, at path: FieldPath) -> FeedbackLoop? {
        let errorsBefore = errorCount
        let section = Self.feedbackSection
        guard let fields = fields(of: node, at: path, section) else { return nil }
        var channels: [FeedbackLoop.Channel] = []
        let channelsPath = path.key("channels")
        if let listNode = valueNode(fields, section["channels"]), let nodes = list(listNode, at: channelsPath, of: "feedback channels") {
            var registry = IdRegistry()
            for (index, element) in nodes.enumerated() {
                let elementPath = channelsPath.index(index)
                guard let channel = self.fields(of: element, at: elementPath, Self.channelSection) else { continue }
                let id = uniqueId(channel, at: elementPath, "channel", in: &registry)
                let perWeek = value(channel, Self.channelSection["per_week"])
                if let id, let perWeek { channels.append(FeedbackLoop.Channel(id: id, perWeek: perWeek)) }
            }
        }
        let transferStaff = integer(fields, section["transfer_staff"])
        let transfer = distribution(fields, section["transfer"])
        let handling = distribution(fields, section["handling"])
        let limit = value(fields, section["limit"])
        let followUpShare = value(fields, section["follow_up_share"])
        let followUp = distribution(fields, section["follow_up"])
        if let followUpShare, followUpShare > 0, !fields.has("follow_up") {
            error(at: fields.node, path.key("follow_up"), "required key is missing: follow_up_share is greater than 0")
        }
        guard errorCount == errorsBefore, let transferStaff, let transfer, let handling, let limit else { return nil }
        return FeedbackLoop(
            channels: channels, transferStaff: transferStaff, transfer: transfer, handling: handling, limit: limit,
            followUpShare: followUpShare ?? 0, followUp: followUp, location: location(of: node))
    }
}
