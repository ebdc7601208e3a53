import Testing
@testable import SimCore
@testable import Stochastics

@Suite("Event calendar")
struct EventCalendarTests {
    @Test("Events come out by time")
    func ordering() {
        var calendar = EventCalendar<Int>()
        let stream = RandomStream(master: 1, replication: 0, name: "times")
        var times: [Double] = []
        for i in 0..<5000 {
            let t = stream.uniform() * 100
            times.append(t)
            calendar.schedule(i, at: t)
        }
        var out: [Double] = []
        while let (t, _) = calendar.next() {
            #expect(calendar.now == t)
            out.append(t)
        }
        #expect(out == times.sorted())
    }

    @Test("Ties come out in insertion order")
    func ties() {
        var calendar = EventCalendar<Int>()
        for i in 0..<1000 { calendar.schedule(i, at: Double(i % 3)) }
        var out: [(Double, Int)] = []
        while let (t, e) = calendar.next() { out.append((t, e)) }
        let expected = (0..<1000).map { (Double($0 % 3), $0) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        #expect(out.map(\.1) == expected.map(\.1))
    }

    @Test("Interleaved scheduling keeps order and the clock never goes back")
    func interleaved() {
        var calendar = EventCalendar<Int>()
        let stream = RandomStream(master: 2, replication: 0, name: "interleave")
        calendar.schedule(0, at: 0)
        var last = 0.0
        var taken = 0
        while let (t, e) = calendar.next(), taken < 10_000 {
            #expect(t >= last)
            last = t
            taken += 1
            if e < 5000 {
                calendar.schedule(e + 1, at: t + stream.uniform())
                calendar.schedule(e + 2, at: t + stream.uniform() * 3)
            }
        }
        #expect(taken == 10_000)
    }
}

@Suite("Accumulators")
struct AccumulatorTests {
    @Test("A tally gives the mean and sample variance, and merging equals recording in one")
    func tally() {
        let xs = (1...1000).map { Double($0 % 37) * 0.5 }
        var whole = Tally()
        xs.forEach { whole.record($0) }
        let mean = xs.reduce(0, +) / 1000
        let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 999
        #expect(abs(whole.mean - mean) < 1e-12)
        #expect(abs(whole.variance - variance) < 1e-9)
        var a = Tally(), b = Tally()
        xs[..<300].forEach { a.record($0) }
        xs[300...].forEach { b.record($0) }
        a.merge(b)
        #expect(a.count == 1000)
        #expect(abs(a.mean - mean) < 1e-12)
        #expect(abs(a.variance - variance) < 1e-9)
    }

    @Test("A time-weighted average weights each value by how long it held")
    func timeWeighted() {
        var q = TimeWeighted(value: 0, start: 0)
        q.update(2, at: 1)   // 0 on [0,1)
        q.update(5, at: 3)   // 2 on [1,3)
        q.update(1, at: 4)   // 5 on [3,4)
        #expect(abs(q.mean(at: 6) - (0 + 4 + 5 + 2) / 6.0) < 1e-12)  // 1 on [4,6)
        q.reset(at: 6)
        q.update(3, at: 8)
        #expect(abs(q.mean(at: 10) - (2 + 6) / 4.0) < 1e-12)
    }

    @Test("Histogram percentiles lie within one bin (0.8%) of the exact ones, and merge exactly")
    func histogram() {
        let stream = RandomStream(master: 3, replication: 0, name: "hist")
        let d = try! Distribution.lognormal(mean: 3, sd: 4)
        var h = Histogram()
        var xs: [Double] = []
        for i in 0..<50_000 {
            let x = i % 10 == 0 ? 0 : d.sample(stream)
            xs.append(x)
            h.record(x)
        }
        xs.sort()
        for p in [0.05, 0.5, 0.9, 0.95, 0.99] {
            let exact = xs[Int((p * Double(xs.count)).rounded(.up)) - 1]
            let estimate = h.quantile(p)!
            #expect(abs(estimate - exact) <= exact / 128 + 1e-12, "p\(p): \(estimate) vs \(exact)")
        }
        var a = Histogram(), b = Histogram()
        for (i, x) in xs.enumerated() { if i % 2 == 0 { a.record(x) } else { b.record(x) } }
        a.merge(b)
        #expect(a == h)
        #expect(Histogram().quantile(0.5) == nil)
    }
}
