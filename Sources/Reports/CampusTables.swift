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
            files.append(("campus_slots.csv", slotsCSV(result, plan)))
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

    /// `campus_slots.csv`: per replication, counter group (or `all`), week type (or `all`) and hour of
    /// the day in which some wait began and ended: the waits, their mean (of those served), the share
    /// longer than the service level's target and their 90th percentile, waits in minutes.
    static func slotsCSV(_ result: ExperimentResult, _ plan: CampusPlan) -> String {
        var csv = CSVWriter(header: ["replication", "counter_group", "week_type", Tables.hourColumn, "waits",
                                     SlotTailColumns.meanWaitMinutes, SlotTailColumns.pOverTarget, SlotTailColumns.p90Minutes])
        let minutes = result.model.timeUnit.seconds / 60
        let counters = plan.campus.serviceCenter?.counters ?? []
        for r in result.campusReplications {
            for t in r.slotTails {
                csv.integer(r.replication)
                csv.text(t.counter.map { counters[$0].id } ?? SlotTailColumns.every)
                csv.text(t.weekType.map { plan.weekTypeNames[$0] } ?? SlotTailColumns.every)
                csv.integer(t.hour)
                csv.integer(t.waits)
                csv.number(t.meanWait.map { $0 * minutes })
                csv.number(t.overTarget)
                csv.number(t.p90 * minutes)
                csv.endRow()
            }
        }
        return csv.text
    }
}
