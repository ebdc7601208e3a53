import Interchange

/// A measure of one room type, under `campus.rooms.<type>` in summary.json.
public enum RoomTypeMeasure: String, CaseIterable, Sendable {
    /// Bookings over the term.
    case bookings
    /// Booked room time per hour of the day, as a share of the room time open: 24 estimates.
    case occupancyByHour = "occupancy_by_hour"
}

/// The breakdowns of summary.json's `campus.rooms` besides its room types.
public enum RoomsBreakdown: String, CaseIterable, Sendable {
    /// Per activity id: `rejection_rate`, its requests turned away over its requests.
    case activities
    /// Seat time booked over seat time open, per hour of the day: 24 estimates.
    case seatUtilizationByHour = "seat_utilization_by_hour"
}

/// The breakdowns of summary.json's `campus.service_center` besides its measures.
public enum ServiceCenterBreakdown: String, CaseIterable, Sendable {
    /// The counters' waits by counter group (or `all`), week type (or `all`) and hour of the day:
    /// waits ended, mean wait, P(wait > target) and the 90th percentile, each with its 95% interval.
    case bySlot = "by_slot"
}

/// The names the tail measures by slot use in summary.json, campus_slots.csv and hourly.csv.
public enum SlotTailColumns {
    /// Every counter group, or every week, together.
    public static let every = "all"
    public static let pOverTarget = "p_wait_over_target"
    public static let p90Minutes = "wait_p90_min"
    public static let meanWaitMinutes = "mean_wait_min"
}

/// A section of summary.json's `campus` record, as `CampusMeasure.section` names it.
public enum CampusSection: String, CaseIterable, Sendable {
    case serviceCenter = "service_center"
    case feedback
    case counselors
    case rooms
}

extension JSONValue {
    /// The member named by a measure (or any other name given by an enum's raw value).
    subscript<Name: RawRepresentable>(_ name: Name) -> JSONValue? where Name.RawValue == String {
        self[name.rawValue]
    }
}
