import CampusModel
import Experiments
import Foundation

/// The campus breakdowns as CSV: by category, counter group, dormitory building, college, room type
/// and hour, and activity; one row per replication and item.
public enum CampusTables {
    /// Every campus CSV file of a run, by file name; none without a campus layer.
    public static func files(_ result: ExperimentResult) -> [(String, String)] {
        guard let plan = result.campus else { return [] }
        let campus = plan.campus
        var files: [(String, String)] = []
        let rows = result.campusReplications
        if let center = campus.serviceCenter {
            files.append(("campus_categories.csv", table(
                header: ["replication", "category", "items"] + CampusReplication.categoryColumns,
                rows: rows.flatMap { r in center.categories.indices.map { c in
                    ["\(r.replication)", Tables.csvField(center.categories[c].id), "\(center.categories[c].items)"] + r.categories[c].map(Tables.csvNumber)
                } })))
            files.append(("campus_counters.csv", table(
                header: ["replication", "counter"] + CampusReplication.counterColumns,
                rows: rows.flatMap { r in center.counters.indices.map { c in
                    ["\(r.replication)", Tables.csvField(center.counters[c].id)] + r.counters[c].map(Tables.csvNumber)
                } })))
        }
        if campus.counselors != nil {
            files.append(("campus_buildings.csv", table(
                header: ["replication", "building", "weekly_visit_share"],
                rows: rows.flatMap { r in campus.population.dormitories.indices.map { b in
                    ["\(r.replication)", Tables.csvField(campus.population.dormitories[b].id), Tables.csvNumber(r.buildings[b])]
                } })))
            files.append(("campus_colleges.csv", table(
                header: ["replication", "college", "students", "counselors", "talk_coverage"],
                rows: rows.flatMap { r in campus.population.colleges.indices.map { c in
                    let college = campus.population.colleges[c]
                    return ["\(r.replication)", Tables.csvField(college.id), "\(college.students)", "\(college.counselors)", Tables.csvNumber(r.colleges[c])]
                } })))
        }
        if let rooms = campus.rooms {
            files.append(("campus_rooms.csv", table(
                header: ["replication", "room_type", "complex", "hour", "occupancy"],
                rows: rows.flatMap { r in rooms.roomTypes.indices.flatMap { t in (0..<24).map { h in
                    ["\(r.replication)", Tables.csvField(rooms.roomTypes[t].id), Tables.csvField(rooms.roomTypes[t].complex), "\(h)",
                     Tables.csvNumber(t < r.roomHourly.count ? r.roomHourly[t][h] : nil)]
                } } })))
            files.append(("campus_activities.csv", table(
                header: ["replication", "activity", "requests", "rejected"],
                rows: rows.flatMap { r in rooms.activities.indices.map { a in
                    ["\(r.replication)", Tables.csvField(rooms.activities[a].id),
                     a < r.activityRequests.count ? "\(r.activityRequests[a])" : "", a < r.activityRejected.count ? "\(r.activityRejected[a])" : ""]
                } })))
        }
        return files
    }

    private static func table(header: [String], rows: [[String]]) -> String {
        var out = header.joined(separator: ",") + "\n"
        for row in rows { out += row.joined(separator: ",") + "\n" }
        return out
    }
}
