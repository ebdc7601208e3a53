import ScenarioModel

/// Shift patterns laid on the planning slots: which slots of the period each one works.
public enum ShiftPatterns {
    /// The scenario's patterns as covering columns over `grid` (a period of whole days).
    ///
    /// A pattern works a slot when its working time (outside its break) covers the slot's middle.
    public static func columns(_ shifts: [PlannerSettings.Shift], grid: SlotGrid, day: Double, hour: Double) -> [ShiftProgram.Pattern] {
        let days = max(1, Int((grid.period / day).rounded()))
        return shifts.map { shift in
            var slots: [Int] = []
            for d in shift.days where d < days || days == 1 {
                let dayStart = days == 1 ? 0 : Double(d) * day
                for t in 0..<grid.count {
                    let middle = grid.start(t) + grid.slot / 2 - dayStart
                    guard middle >= shift.start, middle < shift.start + shift.length else { continue }
                    if let after = shift.breakAfter, middle >= shift.start + after, middle < shift.start + after + shift.breakLength { continue }
                    slots.append(t)
                }
                if days == 1 { break }
            }
            let paid = (shift.length - shift.breakLength) / hour * Double(days == 1 ? 1 : shift.days.count)
            return ShiftProgram.Pattern(name: shift.name, slots: slots, cost: shift.cost ?? paid)
        }
    }

    /// Default patterns where the scenario names none: on each day that needs staff, a full shift
    /// (8 hours with a 1-hour break after 4) and a half shift (4 hours), starting at every slot
    /// from the first slot that needs staff to the last start that still ends by the last such slot.
    public static func defaults(requirement: [Int], grid: SlotGrid, day: Double, hour: Double) -> [PlannerSettings.Shift] {
        let perDay = max(1, Int((day / grid.slot).rounded()))
        let days = max(1, grid.count / perDay)
        var shifts: [PlannerSettings.Shift] = []
        for d in 0..<days {
            let range = (d * perDay)..<min(grid.count, (d + 1) * perDay)
            guard let first = range.first(where: { requirement[$0] > 0 }),
                  let last = range.last(where: { requirement[$0] > 0 }) else { continue }
            let open = grid.start(first) - Double(d) * day
            let close = grid.start(last) + grid.slot - Double(d) * day
            let dayName = days == 1 ? "day" : PlannerSettings.dayNames[d % 7]
            for (name, length, breakAfter) in [("full", 8 * hour, Optional(4 * hour)), ("half", 4 * hour, nil)] {
                let span = min(length, close - open)
                var start = open
                repeat {
                    let hasBreak = breakAfter != nil && span >= length
                    shifts.append(PlannerSettings.Shift(
                        name: "\(dayName)-\(name)-\(clock(start, hour: hour))", start: start, length: span,
                        breakAfter: hasBreak ? breakAfter : nil, breakLength: hasBreak ? hour : 0, days: [d % 7]))
                    start += grid.slot
                } while start + span <= close + 1e-9
            }
        }
        return shifts
    }

    /// "08:30" for a time of day.
    public static func clock(_ t: Double, hour: Double) -> String {
        let minutes = Int((t / hour * 60).rounded())
        let h = minutes / 60, m = minutes % 60
        return (h < 10 ? "0" : "") + "\(h):" + (m < 10 ? "0" : "") + "\(m)"
    }

    /// A shift that would work the first of `slots`, in the words of `planner.shifts`.
    public static func suggestion(for slots: [Int], grid: SlotGrid, day: Double, hour: Double) -> String {
        guard let first = slots.min() else { return "" }
        let d = Int((grid.start(first) / day + 1e-9).rounded(.down))
        let end = grid.start(first) + grid.slot - Double(d) * day
        let start = max(0, end - 4 * hour)
        let name = grid.period > day + 1e-9 ? PlannerSettings.dayNames[d % 7] : "mon"
        return "a shift such as {start: \(clock(start, hour: hour)), length: 4h, days: [\(name)]} would cover it"
    }
}

