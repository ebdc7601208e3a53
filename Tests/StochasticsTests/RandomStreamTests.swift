import Testing
@testable import Stochastics

@Suite("Random streams")
struct RandomStreamTests {
    @Test("A stream's numbers depend only on (seed, replication, name)")
    func streamsAreStableWhenOthersAreAdded() {
        let alone = RandomStream(master: 42, replication: 3, name: "service/desk")
        let first = (0..<5).map { _ in alone.uniform() }

        let other = RandomStream(master: 42, replication: 3, name: "service/review")
        _ = (0..<100).map { _ in other.uniform() }
        let again = RandomStream(master: 42, replication: 3, name: "service/desk")
        #expect((0..<5).map { _ in again.uniform() } == first)
    }

    @Test("Seeds differ by name, replication and master seed, and are fixed numbers")
    func seedsDiffer() {
        let a = StreamSeed(master: 1, replication: 0, name: "a").value
        let b = StreamSeed(master: 1, replication: 0, name: "b").value
        let c = StreamSeed(master: 1, replication: 1, name: "a").value
        let d = StreamSeed(master: 2, replication: 0, name: "a").value
        #expect(Set([a, b, c, d]).count == 4)
        // The seed is a pure function of its inputs: no per-process hashing.
        #expect(StreamSeed(master: 1, replication: 0, name: "a").value == a)
    }

    @Test("Two streams are uncorrelated")
    func streamsAreUncorrelated() {
        let x = RandomStream(master: 7, replication: 0, name: "x")
        let y = RandomStream(master: 7, replication: 0, name: "y")
        let n = 100_000
        var sx = 0.0, sy = 0.0, sxy = 0.0, sxx = 0.0, syy = 0.0
        for _ in 0..<n {
            let a = x.uniform(), b = y.uniform()
            sx += a; sy += b; sxy += a * b; sxx += a * a; syy += b * b
        }
        let nn = Double(n)
        let r = (sxy - sx * sy / nn) / ((sxx - sx * sx / nn) * (syy - sy * sy / nn)).squareRoot()
        // Under independence r is about N(0, 1/n): 4.5 standard errors is a 1-in-100,000 false alarm.
        #expect(abs(r) < 4.5 / nn.squareRoot())
    }

    @Test("Uniform draws lie in [0, 1) and (0, 1)")
    func uniformRange() {
        let s = RandomStream(master: 1, replication: 0, name: "u")
        for _ in 0..<10_000 {
            let u = s.uniform()
            #expect(u >= 0 && u < 1)
            let v = s.uniformPositive()
            #expect(v > 0 && v < 1)
        }
    }
}
