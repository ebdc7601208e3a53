/// The campus layer of a scenario (`campus:`): the one-stop student community in the planner's
/// words, compiled by `CampusModel` into the network layer plus the processes it cannot express.
///
/// Times are in the scenario's time unit, like everything else; counts are per the period named.
public struct Campus: Sendable, Hashable {
    public var term: Term
    public var population: Population
    public var serviceCenter: ServiceCenter?
    public var feedback: FeedbackLoop?
    public var counselors: Counselors?
    public var rooms: ActivityRooms?
    public var rules: [CampusRule]
    public var policies: [Policy]
    public var location: SourceLocation?

    public init(
        term: Term = Term(), population: Population, serviceCenter: ServiceCenter? = nil, feedback: FeedbackLoop? = nil,
        counselors: Counselors? = nil, rooms: ActivityRooms? = nil, rules: [CampusRule] = [], policies: [Policy] = [],
        location: SourceLocation? = nil
    ) {
        self.term = term
        self.population = population
        self.serviceCenter = serviceCenter
        self.feedback = feedback
        self.counselors = counselors
        self.rooms = rooms
        self.rules = rules
        self.policies = policies
        self.location = location
    }
}

/// The term's calendar: how many weeks, the weekly pattern, and the peaks.
public struct Term: Sendable, Hashable {
    /// Weeks in the term (the simulated horizon of campus processes).
    public var weeks: Int
    /// Relative demand per day of the week, Monday first (7 values; default weekdays 1, weekend 0).
    public var weekdays: [Double]
    /// Demand multipliers for particular weeks (1-based), for example term start and graduation.
    public var peaks: [Peak]
    /// The term's first day (a Monday), when the scenario states it: holidays may then be given as dates.
    public var starts: CalendarDate?

    public struct Peak: Sendable, Hashable {
        public var name: String
        /// First week of the peak, 1-based.
        public var week: Int
        /// Number of weeks the peak lasts.
        public var weeks: Int
        public var factor: Double

        public init(name: String, week: Int, weeks: Int, factor: Double) {
            self.name = name
            self.week = week
            self.weeks = weeks
            self.factor = factor
        }
    }

    public init(weeks: Int = 18, weekdays: [Double] = [1, 1, 1, 1, 1, 0, 0], peaks: [Peak] = [], starts: CalendarDate? = nil) {
        self.weeks = weeks
        self.weekdays = weekdays
        self.peaks = peaks
        self.starts = starts
    }

    /// The demand multiplier of week `week` (0-based).
    public func factor(week: Int) -> Double {
        peaks.reduce(1) { f, p in (week + 1 >= p.week && week + 1 < p.week + p.weeks) ? f * p.factor : f }
    }
}

/// Students and the four-level grid: school – college – class – dormitory.
public struct Population: Sendable, Hashable {
    public struct College: Sendable, Hashable {
        public var id: String
        public var students: Int
        public var classes: Int
        /// Counselors assigned to the college.
        public var counselors: Int
        public var classTeachers: Int
        public var location: SourceLocation?

        public init(id: String, students: Int, classes: Int, counselors: Int, classTeachers: Int, location: SourceLocation? = nil) {
            self.id = id
            self.students = students
            self.classes = classes
            self.counselors = counselors
            self.classTeachers = classTeachers
            self.location = location
        }
    }

    public struct Dormitory: Sendable, Hashable {
        public var id: String
        public var floors: Int
        public var rooms: Int
        public var beds: Int
        /// Counselors who live in the building.
        public var residentialCounselors: Int
        public var safetyOfficers: Int
        /// Spaces of "one floor one scene" (reading rooms, activity corners) in the building.
        public var floorSpaces: Int
        public var location: SourceLocation?

        public init(
            id: String, floors: Int, rooms: Int, beds: Int, residentialCounselors: Int = 0, safetyOfficers: Int = 0,
            floorSpaces: Int = 0, location: SourceLocation? = nil
        ) {
            self.id = id
            self.floors = floors
            self.rooms = rooms
            self.beds = beds
            self.residentialCounselors = residentialCounselors
            self.safetyOfficers = safetyOfficers
            self.floorSpaces = floorSpaces
            self.location = location
        }
    }

    public var colleges: [College]
    public var dormitories: [Dormitory]

    public init(colleges: [College], dormitories: [Dormitory]) {
        self.colleges = colleges
        self.dormitories = dormitories
    }

    public var students: Int { colleges.reduce(0) { $0 + $1.students } }
}

/// The one-stop service center: categories of business, counters, and how tickets are routed.
public struct ServiceCenter: Sendable, Hashable {
    /// Hours the counters are open each day, as [from, to) within the day, in the scenario's time unit.
    /// With `openingHours` these are its earliest opening and latest closing over the week (the span
    /// the categories' `hourly` weights cover).
    public var opens: Double
    public var closes: Double
    /// Opening hours per weekday, when the scenario states them (`opening_hours`); `nil` for the plain
    /// `opens`/`closes` form.
    public var openingHours: OpeningHours?
    /// Days the whole center is closed, as term weeks and weekdays.
    public var holidays: [Holiday] = []
    /// A student's wait within this is "served within the target" (the service level).
    public var targetWait: Double
    public var routing: TicketRouting
    public var categories: [ServiceCategory]
    public var counters: [Counter]
    /// Where a visit that cannot finish sends the student: back after this delay.
    public var returnDelay: DistributionSpec
    public var location: SourceLocation?

    public init(
        opens: Double, closes: Double, targetWait: Double, routing: TicketRouting = .pooled, categories: [ServiceCategory],
        counters: [Counter], returnDelay: DistributionSpec, location: SourceLocation? = nil
    ) {
        self.opens = opens
        self.closes = closes
        self.targetWait = targetWait
        self.routing = routing
        self.categories = categories
        self.counters = counters
        self.returnDelay = returnDelay
        self.location = location
    }

    /// True when the scenario states opening hours (`opening_hours` for the center or a counter
    /// group, or `holidays`): counters are then staffed only while open and returns wait for the
    /// opening. The plain `opens`/`closes` form only bounds the arrivals.
    public var statesOpeningHours: Bool {
        openingHours != nil || !holidays.isEmpty || counters.contains { $0.openingHours != nil }
    }

    /// The center's weekly opening hours: `openingHours`, else `opens` to `closes` on every day whose
    /// weekday weight is above 0.
    public func weeklyHours(weekdays: [Double]) -> OpeningHours {
        openingHours ?? OpeningHours(days: weekdays.map { $0 > 0 ? [OpeningHours.Interval(from: opens, to: closes)] : [] })
    }

    /// A counter group's weekly opening hours: its own, else the center's.
    public func weeklyHours(of counter: Counter, weekdays: [Double]) -> OpeningHours {
        counter.openingHours ?? weeklyHours(weekdays: weekdays)
    }

    /// True when week `week` (0-based) day `weekday` (0 = Monday) is a holiday.
    public func isHoliday(week: Int, weekday: Int) -> Bool {
        holidays.contains { $0.week == week + 1 && $0.weekday == weekday }
    }
}

/// Opening hours over a week: per weekday, Monday first, the intervals within the day when open.
public struct OpeningHours: Sendable, Hashable {
    /// `[from, to)` within the day, in the scenario's time unit.
    public struct Interval: Sendable, Hashable {
        public var from: Double
        public var to: Double

        public init(from: Double, to: Double) {
            self.from = from
            self.to = to
        }
    }

    /// Seven lists, Monday first, each in time order without overlaps; empty on a closed day.
    public var days: [[Interval]]

    public init(days: [[Interval]]) {
        precondition(days.count == 7, "opening hours have one entry per weekday")
        self.days = days
    }

    /// The earliest opening and latest closing over the week; `nil` when closed every day.
    public var span: (opens: Double, closes: Double)? {
        let all = days.flatMap { $0 }
        guard let opens = all.map(\.from).min(), let closes = all.map(\.to).max() else { return nil }
        return (opens, closes)
    }

    /// True when open at `time` within day `weekday`.
    public func isOpen(weekday: Int, at time: Double) -> Bool {
        days[weekday].contains { time >= $0.from && time < $0.to }
    }
}

/// A day the whole service center is closed: a term week (1-based) and weekday (0 = Monday).
public struct Holiday: Sendable, Hashable {
    public var week: Int
    public var weekday: Int
    public var location: SourceLocation?

    public init(week: Int, weekday: Int, location: SourceLocation? = nil) {
        self.week = week
        self.weekday = weekday
        self.location = location
    }
}

/// A calendar date (proleptic Gregorian), as `2027-02-22`.
public struct CalendarDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    /// The date `"YYYY-MM-DD"` means; `nil` for any other text or a day the month does not have.
    public init?(_ text: String) {
        let parts = text.trimmingWhitespace().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), (1...12).contains(m), d >= 1
        else { return nil }
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard d <= lengths[m - 1] else { return nil }
        year = y
        month = m
        day = d
    }

    /// Days since 1970-01-01 (negative before).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { ((dayNumber % 7) + 7 + 3) % 7 }

    public var description: String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(year)-\(two(month))-\(two(day))"
    }

    /// The date `days` days later.
    public func adding(days: Int) -> CalendarDate {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return CalendarDate("\(y)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)")!
    }
}

/// How a ticket finds a counter.
public enum TicketRouting: String, Sendable, Hashable, CaseIterable {
    /// One queue per counter group: a category joins the first group that has its skill.
    case pooled
    /// The eligible counter group with the shortest queue per server.
    case shortestQueue = "shortest_queue"
}

/// A category of service items (for example "finance and scholarships").
public struct ServiceCategory: Sendable, Hashable {
    public var id: String
    /// Number of distinct service items in the category (the report counts 800+ over all).
    public var items: Int
    /// Requests per student per term, counter and online together.
    public var requestsPerStudent: Double
    /// Relative demand per hour of the opening day, from `opens` (one value per hour).
    public var hourly: [Double]
    public var service: DistributionSpec
    /// Share of requests filed online and handled by the back office.
    public var onlineShare: Double
    public var onlineProcessing: DistributionSpec?
    /// An online request is on time when handled within this.
    public var onlineLimit: Double?
    /// Chance that a counter visit cannot finish the business (missing documents, a transfer).
    public var returnProbability: Double
    public var location: SourceLocation?

    public init(
        id: String, items: Int, requestsPerStudent: Double, hourly: [Double], service: DistributionSpec, onlineShare: Double = 0,
        onlineProcessing: DistributionSpec? = nil, onlineLimit: Double? = nil, returnProbability: Double = 0, location: SourceLocation? = nil
    ) {
        self.id = id
        self.items = items
        self.requestsPerStudent = requestsPerStudent
        self.hourly = hourly
        self.service = service
        self.onlineShare = onlineShare
        self.onlineProcessing = onlineProcessing
        self.onlineLimit = onlineLimit
        self.returnProbability = returnProbability
        self.location = location
    }
}

/// A group of counters (windows) with the same skills and staffing.
public struct Counter: Sendable, Hashable {
    public var id: String
    /// Category ids this group serves; empty means every category (an all-purpose window).
    public var skills: [String]
    public var servers: ServerCount
    public var patience: DistributionSpec?
    /// The group's own opening hours (`nil`: the center's); its servers count only while it is open.
    public var openingHours: OpeningHours?
    public var location: SourceLocation?

    public init(
        id: String, skills: [String], servers: ServerCount, patience: DistributionSpec? = nil, openingHours: OpeningHours? = nil,
        location: SourceLocation? = nil
    ) {
        self.id = id
        self.skills = skills
        self.servers = servers
        self.patience = patience
        self.openingHours = openingHours
        self.location = location
    }
}

/// Complaints and requests: received, transferred centrally, handled by a department, replied to.
public struct FeedbackLoop: Sendable, Hashable {
    public struct Channel: Sendable, Hashable {
        public var id: String
        /// Items per week.
        public var perWeek: Double

        public init(id: String, perWeek: Double) {
            self.id = id
            self.perWeek = perWeek
        }
    }

    public var channels: [Channel]
    /// Staff at the central transfer desk, and the time to register and route one item.
    public var transferStaff: Int
    public var transfer: DistributionSpec
    /// Department handling (many departments in parallel), then the reply.
    public var handling: DistributionSpec
    /// A reply is on time within this, from receipt.
    public var limit: Double
    /// Share of replies followed up (a second contact to check the result).
    public var followUpShare: Double
    public var followUp: DistributionSpec?
    public var location: SourceLocation?

    public init(
        channels: [Channel], transferStaff: Int, transfer: DistributionSpec, handling: DistributionSpec, limit: Double,
        followUpShare: Double = 0, followUp: DistributionSpec? = nil, location: SourceLocation? = nil
    ) {
        self.channels = channels
        self.transferStaff = transferStaff
        self.transfer = transfer
        self.handling = handling
        self.limit = limit
        self.followUpShare = followUpShare
        self.followUp = followUp
        self.location = location
    }
}

/// Counselors: their weekly time, the "three advances", talks, and on-call psychological assistance.
public struct Counselors: Sendable, Hashable {
    /// Hours per counselor per week, by activity (classroom, dormitory, activities, talks, on_call, other).
    public var weeklyHours: [String: Double]
    /// Hours one dormitory visit takes.
    public var dormVisitHours: Double
    /// Hours one heart-to-heart talk takes.
    public var talkHours: Double
    /// Talks students ask for, per 1,000 students per week (they come before scheduled ones).
    public var requestedTalksPerThousand: Double
    /// Chance that a counselor is away for a whole week (training, leave, illness).
    public var absence: Double
    /// Share of counselors recruited in the last three years, who must live in a dormitory.
    public var newShare: Double
    public var onCall: OnCall?
    public var location: SourceLocation?

    public init(
        weeklyHours: [String: Double], dormVisitHours: Double, talkHours: Double, requestedTalksPerThousand: Double = 0,
        absence: Double = 0, newShare: Double = 0, onCall: OnCall? = nil, location: SourceLocation? = nil
    ) {
        self.weeklyHours = weeklyHours
        self.dormVisitHours = dormVisitHours
        self.talkHours = talkHours
        self.requestedTalksPerThousand = requestedTalksPerThousand
        self.absence = absence
        self.newShare = newShare
        self.onCall = onCall
        self.location = location
    }
}

/// Hourly psychological assistance: counselors on call, urgency classes, escalation to the mental
/// health center's full-time teachers.
public struct OnCall: Sendable, Hashable {
    public struct Urgency: Sendable, Hashable {
        public var id: String
        /// Lower is more urgent (served first, and preempts).
        public var priority: Int
        /// Requests per week over the whole campus.
        public var perWeek: Double
        public var service: DistributionSpec
        /// Share escalated to the mental health center after the first contact.
        public var escalate: Double

        public init(id: String, priority: Int, perWeek: Double, service: DistributionSpec, escalate: Double = 0) {
            self.id = id
            self.priority = priority
            self.perWeek = perWeek
            self.service = service
            self.escalate = escalate
        }
    }

    /// Counselors on call at once.
    public var counselors: Int
    public var urgencies: [Urgency]
    /// Full-time mental health teachers taking escalated cases, and the time a case takes them.
    public var mentalHealthTeachers: Int
    public var mentalHealthService: DistributionSpec

    public init(counselors: Int, urgencies: [Urgency], mentalHealthTeachers: Int, mentalHealthService: DistributionSpec) {
        self.counselors = counselors
        self.urgencies = urgencies
        self.mentalHealthTeachers = mentalHealthTeachers
        self.mentalHealthService = mentalHealthService
    }
}

/// Activity complexes, their rooms, and the activities that book them.
public struct ActivityRooms: Sendable, Hashable {
    public struct RoomType: Sendable, Hashable {
        public var id: String
        public var complex: String
        public var count: Int
        public var seats: Int
        /// Floor area of one room, m².
        public var area: Double
        /// Opening hours within the day, [opens, closes).
        public var opens: Double
        public var closes: Double
        /// What the planner may change: `nil` sizes the type freely from 0 (as a scenario without
        /// statuses always was), `existing` holds `count` (or lets it grow up to `maximum`),
        /// `candidate` is built from 0 up to `maximum`. A run simulates `count` rooms whatever the status.
        public var status: RoomStatus?
        /// The most rooms the planner may propose: an existing type with a maximum above its count
        /// may grow to it; a candidate without one has no limit other than the area budgets.
        public var maximum: Int?
        public var location: SourceLocation?

        public init(id: String, complex: String, count: Int, seats: Int, area: Double, opens: Double, closes: Double,
                    status: RoomStatus? = nil, maximum: Int? = nil, location: SourceLocation? = nil) {
            self.id = id
            self.complex = complex
            self.count = count
            self.seats = seats
            self.area = area
            self.opens = opens
            self.closes = closes
            self.status = status
            self.maximum = maximum
            self.location = location
        }

        /// The fewest rooms the planner may propose: the count of an existing type, else 0.
        public var plannedMinimum: Int { status == .existing ? count : 0 }

        /// The most rooms the planner may propose (`nil`: no limit besides the area budgets).
        public var plannedMaximum: Int? {
            switch status {
            case .existing?: max(count, maximum ?? count)
            case .candidate?: maximum
            case nil: nil
            }
        }
    }

    /// A complex named by room types, with the floor area its rooms may take.
    public struct Complex: Sendable, Hashable {
        public var id: String
        /// The most floor area of bookable rooms the planner may propose in it, m².
        public var areaBudget: Double?
        public var location: SourceLocation?

        public init(id: String, areaBudget: Double? = nil, location: SourceLocation? = nil) {
            self.id = id
            self.areaBudget = areaBudget
            self.location = location
        }
    }

    /// A share of an activity's bookings that goes to one complex.
    public struct ComplexShare: Sendable, Hashable {
        public var complex: String
        public var share: Double

        public init(complex: String, share: Double) {
            self.complex = complex
            self.share = share
        }
    }

    public struct Activity: Sendable, Hashable {
        public var id: String
        /// Activities per year.
        public var perYear: Double
        /// Participants per activity.
        public var group: DistributionSpec
        public var duration: DistributionSpec
        /// Earliest and latest start within the day that the organisers accept.
        public var windowFrom: Double
        public var windowTo: Double
        /// How far ahead a booking is made.
        public var leadTime: DistributionSpec
        /// Room types it may use; empty means any.
        public var roomTypes: [String]
        /// Complexes it books in, in order of preference (a booking tries the first, then the next);
        /// empty means any complex, the smallest fitting room wherever it is.
        public var complexes: [String]
        /// Shares of its bookings per complex (each booking draws one and books only there); when
        /// given, `complexes` is empty.
        public var complexShares: [ComplexShare]
        public var location: SourceLocation?

        public init(
            id: String, perYear: Double, group: DistributionSpec, duration: DistributionSpec, windowFrom: Double, windowTo: Double,
            leadTime: DistributionSpec, roomTypes: [String] = [], complexes: [String] = [], complexShares: [ComplexShare] = [],
            location: SourceLocation? = nil
        ) {
            self.complexes = complexes
            self.complexShares = complexShares
            self.id = id
            self.perYear = perYear
            self.group = group
            self.duration = duration
            self.windowFrom = windowFrom
            self.windowTo = windowTo
            self.leadTime = leadTime
            self.roomTypes = roomTypes
            self.location = location
        }
    }

    public var roomTypes: [RoomType]
    public var activities: [Activity]
    /// Complexes given area budgets (`rooms.complexes`); complexes named only by room types have none.
    public var complexes: [Complex]

    public init(roomTypes: [RoomType], activities: [Activity], complexes: [Complex] = []) {
        self.roomTypes = roomTypes
        self.activities = activities
        self.complexes = complexes
    }

    /// Every complex, in the order room types first name them.
    public var complexIds: [String] {
        var seen: [String] = []
        for type in roomTypes where !seen.contains(type.complex) { seen.append(type.complex) }
        return seen
    }

    /// The area budget of a complex, m², when `rooms.complexes` gives one.
    public func areaBudget(ofComplex id: String) -> Double? { complexes.first { $0.id == id }?.areaBudget }
}

/// What the planner may do with a room type's count.
public enum RoomStatus: String, Sendable, Hashable, CaseIterable {
    /// Built: the count holds (or only grows, up to `maximum`).
    case existing
    /// To be built: 0 up to `maximum`.
    case candidate
}

/// A requirement checked on every run and honoured by the planner: a measure compared with a target.
public struct CampusRule: Sendable, Hashable {
    public var id: String
    public var kind: CampusRuleKind
    public var target: Double
    public var description: String?
    /// For a `room_rejection` rule, the activity whose bookings it judges; `nil` for all bookings.
    public var activity: String?
    /// What the rule is judged over: the whole campus (empty), or each item of a breakdown, within
    /// the restrictions the rule names.
    public var scope: RuleScope
    public var location: SourceLocation?

    public init(id: String, kind: CampusRuleKind, target: Double, description: String? = nil, activity: String? = nil,
                scope: RuleScope = RuleScope(), location: SourceLocation? = nil) {
        self.id = id
        self.kind = kind
        self.target = target
        self.description = description
        self.activity = activity
        self.scope = scope
        self.location = location
    }
}

/// The items a rule is judged on: one per combination of the `per` dimensions' values (the whole
/// campus when `per` is empty), each restricted to the named counter group, category and week types.
public struct RuleScope: Sendable, Hashable {
    /// A breakdown a rule may be judged per.
    public enum Dimension: String, Sendable, Hashable, CaseIterable {
        /// The hour of the day in which the wait began (0 = midnight to 1:00).
        case hour
        /// The day of the week, Monday first.
        case weekday
        /// `regular` weeks, or a peak's name.
        case weekType = "week_type"
        case counterGroup = "counter_group"
        case category
        case activity
    }

    /// The breakdowns, in the order the rule names them.
    public var per: [Dimension]
    /// Only the visits to this counter group.
    public var counterGroup: String?
    /// Only the visits of this category.
    public var category: String?
    /// Only the weeks of these types; empty for every week.
    public var weekTypes: [String]

    public init(per: [Dimension] = [], counterGroup: String? = nil, category: String? = nil, weekTypes: [String] = []) {
        self.per = per
        self.counterGroup = counterGroup
        self.category = category
        self.weekTypes = weekTypes
    }

    /// True for a rule judged once, over the whole campus.
    public var isWhole: Bool { per.isEmpty && counterGroup == nil && category == nil && weekTypes.isEmpty }
}

/// The closed set of rule kinds, each naming its measure and the direction that passes.
public enum CampusRuleKind: String, Sendable, Hashable, CaseIterable {
    /// Students per counselor at most `target` (the Ministry of Education asks for 200).
    case counselorRatio = "counselor_ratio"
    /// Share of new counselors living in dormitories at least `target` (the residence rule: 1).
    case residence
    /// Share of dormitory buildings visited each week at least `target`.
    case dormVisitCoverage = "dorm_visit_coverage"
    /// Share of students given a heart-to-heart talk in the term at least `target`.
    case talkCoverage = "talk_coverage"
    /// 95th percentile of the wait for the most urgent on-call class at most `target` (time unit).
    case crisisResponse = "crisis_response"
    /// Share of complaint replies within the time limit at least `target`.
    case complaintOnTime = "complaint_on_time"
    /// Share of counter visits served within the target wait at least `target`.
    case serviceLevel = "service_level"
    /// Share of activity bookings rejected at most `target`.
    case roomRejection = "room_rejection"

    /// True when a value at most the target passes; false when at least the target passes.
    public var atMost: Bool {
        switch self {
        case .counselorRatio, .crisisResponse, .roomRejection: true
        default: false
        }
    }
}

/// A condition → action rule that the engine evaluates as the simulation runs.
public struct Policy: Sendable, Hashable {
    public var id: String
    public var action: PolicyAction
    public var location: SourceLocation?

    public init(id: String, action: PolicyAction, location: SourceLocation? = nil) {
        self.id = id
        self.action = action
        self.location = location
    }
}

/// The closed set of policies.
public enum PolicyAction: Sendable, Hashable {
    /// Open `servers` extra servers at a station (a counter group, `on_call`, …) when its queue
    /// reaches `above`; close them when the queue falls to `below`.
    case flexServers(station: String, above: Int, below: Int, servers: Int)
    /// Move a customer who has waited `after` at a station to the front of the most urgent queue.
    case escalate(station: String, after: Double)
    /// A booking that finds no room at its wanted start tries later starts, `step` apart, within its window.
    case nextFreeSlot(step: Double)
}
