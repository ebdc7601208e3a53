extension NetworkSimulation {
    /// Drops queue entries and calendar events that no longer stand for anything, once they
    /// outnumber the live ones, so that memory follows the customers present rather than the
    /// customers who came.
    ///
    /// Abandonment leaves a stale entry in the station's queue, and a customer served before their
    /// patience ran out leaves a stale abandonment event in the calendar (preemption leaves a stale
    /// departure). Without this, a station whose servers never come on shift, or patience much longer
    /// than service, grows both without bound. Removal keeps the order of what remains, so results
    /// do not change. Each compaction costs the size of what it scans and at least halves it, so its
    /// cost per event stays constant.
    mutating func dropStaleEntriesIfMany(station s: Int) {
        let base = stations[s].queueBase
        let queued = (0..<stations[s].levels).reduce(0) { $0 + queues[base + $1].count }
        if queued > 2 * stations[s].waiting + 64 {
            let levels = stations[s].levels
            customers.withUnsafeBufferPointer { customers in
                for level in 0..<levels {
                    queues[base + level].removeAll { entry in
                        let c = Int(CustomerQueue.customer(of: entry))
                        return customers[c].token != CustomerQueue.token(of: entry) || customers[c].state != .waiting
                    }
                }
            }
        }
        // At most one live event per customer present, source and station, and three more.
        let live = population + sourceStation.count + stations.count + 3
        if calendar.count > 2 * live + staleEventSlack {
            customers.withUnsafeBufferPointer { customers in
                calendar.removeAll { event in
                    switch event {
                    case .departure(let c, let token), .abandonment(let c, let token): customers[Int(c)].token != token
                    default: false
                    }
                }
            }
        }
    }
}
