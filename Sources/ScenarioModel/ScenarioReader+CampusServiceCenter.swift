internal import Yams

extension ScenarioReader {
    static let serviceCenterKeys = ["opens", "closes", "target_wait", "routing", "return_delay", "categories", "counters"]
    static let categoryKeys = [
        "id", "items", "requests_per_student", "hourly", "service", "online_share", "online_processing", "online_limit",
        "return_probability",
    ]
    static let counterKeys = ["id", "skills", "servers", "patience"]
    static let feedbackKeys = ["channels", "transfer_staff", "transfer", "handling", "limit", "follow_up_share", "follow_up"]

    /// `campus.service_center`: opening hours, categories of business, and the counter groups serving them.
    ///
    /// Every counter id is recorded in `references` even when the counter's other fields fail.
    mutating func serviceCenter(_ node: Node, at path: FieldPath, references: inout CampusReferences) -> ServiceCenter? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.serviceCenterKeys) else {
            references.countersRead = false
            return nil
        }
        let openHours = dailyInterval(fields, "opens", "closes")
        let targetWait = required(fields, "target_wait").flatMap { duration($0, at: path.key("target_wait"), .positive) }
        let routing = fields["routing"].flatMap { choice($0, at: path.key("routing"), "ticket routing", of: TicketRouting.self) }
        let returnDelay = required(fields, "return_delay").flatMap { distribution($0, at: path.key("return_delay"), role: .time) }

        // Categories first, whatever the key order: counters name them.
        let categoriesPath = path.key("categories")
        var categoryIds = IdRegistry()
        var categoriesIntact = true
        var categories: [ServiceCategory] = []
        var categoryPlaces: [(id: String, node: Node, path: FieldPath)] = []
        if let listNode = required(fields, "categories"), let nodes = list(listNode, at: categoriesPath, of: "service categories") {
            for (index, element) in nodes.enumerated() {
                let elementPath = categoriesPath.index(index)
                let read = category(element, at: elementPath, openHours: openHours, registry: &categoryIds)
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
        if let listNode = required(fields, "counters"), let nodes = list(listNode, at: countersPath, of: "counters") {
            for (index, element) in nodes.enumerated() {
                let read = counter(element, at: countersPath.index(index), categories: categoryIds.ids,
                                   categoriesIntact: categoriesIntact, registry: &counterIds)
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

        if skillsIntact, !servesAll {
            for place in categoryPlaces where !served.contains(place.id) {
                error(at: place.node, place.path,
                      "no counter serves category '\(place.id)'; list it in a counter's skills, or add a counter without skills")
            }
        }
        guard errorCount == errorsBefore, let openHours, let targetWait, let returnDelay else { return nil }
        return ServiceCenter(
            opens: openHours.start, closes: openHours.end, targetWait: targetWait, routing: routing ?? .pooled,
            categories: categories, counters: counters, returnDelay: returnDelay, location: location(of: node))
    }

    /// A category, and its id when that could be read (for the counters' skills), even if other fields failed.
    private mutating func category(
        _ node: Node, at path: FieldPath, openHours: (start: Double, end: Double)?, registry: inout IdRegistry
    ) -> (value: ServiceCategory?, id: String?) {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.categoryKeys) else { return (nil, nil) }
        let id = uniqueId(fields, at: path, "service category", in: &registry)
        let items = required(fields, "items").flatMap { integer($0, at: path.key("items"), minimum: 1) }
        let requests = required(fields, "requests_per_student").flatMap {
            number($0, at: path.key("requests_per_student"), .positive)
        }
        let hourly = required(fields, "hourly").flatMap { self.hourly($0, at: path.key("hourly"), openHours: openHours) }
        let service = required(fields, "service").flatMap { distribution($0, at: path.key("service"), role: .time) }
        let onlineShare = fields["online_share"].flatMap { share($0, at: path.key("online_share")) }
        let onlineProcessing = fields["online_processing"].flatMap {
            distribution($0, at: path.key("online_processing"), role: .time)
        }
        let onlineLimit = fields["online_limit"].flatMap { duration($0, at: path.key("online_limit"), .positive) }
        if let onlineShare, onlineShare > 0 {
            for key in ["online_processing", "online_limit"] where !fields.has(key) {
                error(at: fields.node, path.key(key), "required key is missing: online_share is greater than 0")
            }
        }
        let returnProbability = fields["return_probability"].flatMap {
            share($0, at: path.key("return_probability"), belowOne: true)
        }
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

    /// Relative demand per opening hour: one value per hour from `opens` to `closes` (a last part-hour counts).
    private mutating func hourly(_ node: Node, at path: FieldPath, openHours: (start: Double, end: Double)?) -> [Double]? {
        guard let nodes = list(node, at: path, of: "hourly demands") else { return nil }
        let values = nodes.enumerated().map { index, element in number(element, at: path.index(index), .nonNegative) }
        if let openHours {
            let expected = Int(((openHours.end - openHours.start) / hourLength - 1e-9).rounded(.up))
            guard nodes.count == expected else {
                error(at: node, path,
                      "expected \(expected) values, one per hour the center is open (from opens to closes), found \(nodes.count)")
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
        _ node: Node, at path: FieldPath, categories: [String], categoriesIntact: Bool, registry: inout IdRegistry
    ) -> (value: Counter?, id: String?, skills: [String]?) {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.counterKeys) else { return (nil, nil, nil) }
        let id = uniqueId(fields, at: path, "counter", in: &registry)
        if let id, id == "exit" || Self.generatedStationIds.contains(id), let idNode = fields["id"] {
            let reason = id == "exit" ? "'exit' is reserved: it names leaving the network in routing"
                : "'\(id)' is the id of a station the campus layer generates; choose another id"
            error(at: idNode, path.key("id"), reason)
        }
        let skills: [String]? = if let skillsNode = fields["skills"] {
            idReferences(skillsNode, at: path.key("skills"), to: "category", among: categories, knownIntact: categoriesIntact)
        } else {
            []
        }
        var servers = required(fields, "servers").flatMap { self.servers($0, at: path.key("servers")) }
        if servers == .infinite, let serversNode = fields["servers"] {
            error(at: serversNode, path.key("servers"), "a counter group has a number of servers or a schedule, not \"infinite\"")
            servers = nil
        }
        let patience = fields["patience"].flatMap { distribution($0, at: path.key("patience"), role: .time) }
        guard errorCount == errorsBefore, let id, let skills, let servers else { return (nil, id, skills) }
        return (Counter(id: id, skills: skills, servers: servers, patience: patience, location: location(of: node)), id, skills)
    }

    /// `campus.feedback`: complaints and requests received, transferred, handled and followed up.
    mutating func feedback(_ node: Node, at path: FieldPath) -> FeedbackLoop? {
        let errorsBefore = errorCount
        guard let fields = fields(of: node, at: path, keys: Self.feedbackKeys) else { return nil }
        var channels: [FeedbackLoop.Channel] = []
        let channelsPath = path.key("channels")
        if let listNode = required(fields, "channels"), let nodes = list(listNode, at: channelsPath, of: "feedback channels") {
            var registry = IdRegistry()
            for (index, element) in nodes.enumerated() {
                let elementPath = channelsPath.index(index)
                guard let channel = self.fields(of: element, at: elementPath, keys: ["id", "per_week"]) else { continue }
                let id = uniqueId(channel, at: elementPath, "channel", in: &registry)
                let perWeek = required(channel, "per_week").flatMap { number($0, at: elementPath.key("per_week"), .positive) }
                if let id, let perWeek { channels.append(FeedbackLoop.Channel(id: id, perWeek: perWeek)) }
            }
        }
        let transferStaff = required(fields, "transfer_staff").flatMap { integer($0, at: path.key("transfer_staff"), minimum: 1) }
        let transfer = required(fields, "transfer").flatMap { distribution($0, at: path.key("transfer"), role: .time) }
        let handling = required(fields, "handling").flatMap { distribution($0, at: path.key("handling"), role: .time) }
        let limit = required(fields, "limit").flatMap { duration($0, at: path.key("limit"), .positive) }
        let followUpShare = fields["follow_up_share"].flatMap { share($0, at: path.key("follow_up_share")) }
        let followUp = fields["follow_up"].flatMap { distribution($0, at: path.key("follow_up"), role: .time) }
        if let followUpShare, followUpShare > 0, !fields.has("follow_up") {
            error(at: fields.node, path.key("follow_up"), "required key is missing: follow_up_share is greater than 0")
        }
        guard errorCount == errorsBefore, let transferStaff, let transfer, let handling, let limit else { return nil }
        return FeedbackLoop(
            channels: channels, transferStaff: transferStaff, transfer: transfer, handling: handling, limit: limit,
            followUpShare: followUpShare ?? 0, followUp: followUp, location: location(of: node))
    }
}
