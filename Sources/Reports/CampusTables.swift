import CampusModel
import Experiments
import Foundation
import Interchange

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
            var categories = CSVWriter(header: ["replication", "category", "items"] + CampusReplication.categoryColumns)
            for r in rows {
                for (c, category) in center.categories.enumerated() {
                    categories.integer(r.replication)
                    categories.text(category.id)
                    categories.integer(category.items)
                    for value in r.categories[c] { categories.number(value) }
                    categories.endRow()
                }
            }
            files.append(("campus_categories.csv", categories.text))
            var counters = CSVWriter(header: ["replication", "counter"] + CampusReplication.counterColumns)
            for r in rows {
                for (c, counter) in center.counters.enumerated() {
                    counters.integer(r.replication)
                    counters.text(counter.id)
                    for value in r.counters[c] { counters.number(value) }
                    counters.endRow()
                }
            }
            files.append(("campus_counters.csv", counters.text))
        }
        if campus.counselors != nil {
            var buildings = CSVWriter(header: ["replication", "building", "weekly_visit_share"])
            for r in rows {
                for (b, dormitory) in campus.population.dormitories.enumerated() {
                    buildings.integer(r.replication)
                    buildings.text(dormitory.id)
                    buildings.number(r.buildings[b])
                    buildings.endRow()
                }
            }
            files.append(("campus_buildings.csv", buildings.text))
            var colleges = CSVWriter(header: ["replication", "college", "students", "counselors", CampusMeasure.talkCoverage.key])
            for r in rows {
                for (c, college) in campus.population.colleges.enumerated() {
                    colleges.integer(r.replication)
                    colleges.text(college.id)
                    colleges.integer(college.students)
                    colleges.integer(college.counselors)
                    colleges.number(r.colleges[c])
                    colleges.endRow()
                }
            }
            files.append(("campus_colleges.csv", colleges.text))
        }
        if let rooms = campus.rooms {
            var occupancy = CSVWriter(header: ["replication", "room_type", "complex", Tables.hourColumn, "occupancy"])
            for r in rows {
                for (t, type) in rooms.roomTypes.enumerated() {
                    for h in 0..<24 {
                        occupancy.integer(r.replication)
                        occupancy.text(type.id)
                        occupancy.text(type.complex)
                        occupancy.integer(h)
                        occupancy.number(t < r.roomHourly.count ? r.roomHourly[t][h] : nil)
                        occupancy.endRow()
                    }
                }
            }
            files.append(("campus_rooms.csv", occupancy.text))
            var activities = CSVWriter(header: ["replication", "activity", "requests", "rejected", "rejection_rate"])
            for r in rows {
                for (a, activity) in rooms.activities.enumerated() {
                    activities.integer(r.replication)
                    activities.text(activity.id)
                    if a < r.activityRequests.count { activities.integer(r.activityRequests[a]) } else { activities.empty() }
                    if a < r.activityRejected.count { activities.integer(r.activityRejected[a]) } else { activities.empty() }
                    activities.number(r.activityRejection(a))
                    activities.endRow()
                }
            }
            files.append(("campus_activities.csv", activities.text))
        }
        return files
    }
}
