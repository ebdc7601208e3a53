/// The hourly profile and the trace: both read the engine's state, neither draws a random number,
/// so adding them changes no result.
///
/// The profile costs one event per simulated hour, not per customer: at each hour mark the stations'
/// running totals are compared with those at the previous mark and the difference is added to the bin
/// of the hour that ended. The marks change no measure: they read the stations' state and leave it as
/// it was, and are not counted among the events run.
extension NetworkSimulation {
    /// The mark of the hour starting at `boundary` runs just before it (at `boundary.nextDown`), so that
    /// what happens at the boundary itself (a shift opening at 8:00 and the service it starts) falls in
    /// the new hour; no event lies between the mark and the boundary.
    static func markTime(_ boundary: Double) -> Double { boundary.nextDown }

    mutating func hourMark(at now: Double) {
        events &-= 1   // bookkeeping, not a model event: `events` counts what it counted without the profile
        let mark = Int((now / hourLength).rounded())
        let boundary = Double(mark) * hourLength
        if measuring { flushProfile(at: boundary) }
        profileHour = mark
        profileStart = boundary
        let next = Double(mark + 1) * hourLength
        if next < horizon && !calendar.isEmpty { calendar.schedule(.hourMark, at: Self.markTime(next)) }
    }

    /// Adds what the stations accumulated since the last mark to the bin of the hour in progress; the
    /// stations' state holds from their last change up to `now`.
    mutating func flushProfile(at now: Double) {
        let bin = ((profileHour % HourlyProfile.hours) + HourlyProfile.hours) % HourlyProfile.hours
        let dt = now - profileStart
        for s in stations.indices {
            // The areas up to `now`, computed aside: the station's own integration is left as it is,
            // so that its results stay bit for bit those of a run without the profile.
            let st = stations[s]
            let since = now - st.lastTime
            var totals = HourlyProfile.Cell()
            totals.areaWaiting = st.areaWaiting + Double(st.waiting) * since
            totals.areaBusy = st.areaBusy + Double(st.busy) * since
            totals.areaPresent = st.areaPresent + Double(Swift.max(st.servers, st.busy)) * since
            totals.areaOnShift = st.areaOnShift + Double(st.servers) * since
            totals.started = st.waits.count
            totals.waitSum = st.waits.mean * Double(st.waits.count)
            totals.arrivals = st.arrivals
            totals.abandoned = st.abandoned
            totals.completions = st.completions
            totals.withinTarget = st.counts.withinTarget
            let last = profileMark[s]
            var cell = profile.cells[s][bin]
            cell.time += dt
            cell.areaWaiting += totals.areaWaiting - last.areaWaiting
            cell.areaBusy += totals.areaBusy - last.areaBusy
            cell.areaPresent += totals.areaPresent - last.areaPresent
            cell.areaOnShift += totals.areaOnShift - last.areaOnShift
            cell.started += totals.started - last.started
            cell.waitSum += totals.waitSum - last.waitSum
            cell.arrivals += totals.arrivals - last.arrivals
            cell.abandoned += totals.abandoned - last.abandoned
            cell.completions += totals.completions - last.completions
            cell.withinTarget += totals.withinTarget - last.withinTarget
            profile.cells[s][bin] = cell
            profileMark[s] = totals
        }
        profileStart = now
    }

    /// Starts the profile afresh at the end of the warm-up (the stations' totals are zero again).
    mutating func resetProfile(at now: Double) {
        profile = HourlyProfile(stations: stations.count)
        profileMark = [HourlyProfile.Cell](repeating: HourlyProfile.Cell(), count: stations.count)
        profileHour = Int((now / hourLength + 1e-9).rounded(.down))
        profileStart = now
    }

    // MARK: Trace

    @inline(__always) func traced(_ kind: TraceEvent.Kind, _ c: Int, _ s: Int, _ now: Double) {
        guard let trace else { return }
        trace.record(TraceEvent(
            replication: replication, time: now, entity: customerSerial[c], classIndex: Int(customers[c].classIndex),
            station: s, kind: kind))
    }

    /// Numbers customer `c` as the next one to enter the network (only while tracing).
    mutating func assignSerial(_ c: Int) {
        nextSerial += 1
        while customerSerial.count <= c { customerSerial.append(0) }
        customerSerial[c] = nextSerial
    }
}
