import SeededRandom
/// Decides which requests misbehave: scripted faults first (in order), then a seeded random draw.
struct FaultPlan: Sendable {
    private var scripted: [ScriptedFault]
    private var rng: SplitMix64
    private let rate: Double
    private let kinds: [Fault]

    init(scripted: [ScriptedFault], rate: Double, seed: UInt64, kinds: [Fault]) {
        self.scripted = scripted
        self.rng = SplitMix64(seed: seed)
        self.rate = min(max(rate, 0), 1)
        self.kinds = kinds
    }

    mutating func add(_ fault: ScriptedFault) {
        scripted.append(fault)
    }

    /// The fault for this request, if any; uses up one count of a matching scripted fault.
    mutating func next(method: String, path: String) -> Fault? {
        for i in scripted.indices where scripted[i].count > 0 && path.contains(scripted[i].pathContains) {
            if let m = scripted[i].method, m.uppercased() != method.uppercased() { continue }
            scripted[i].count -= 1
            return scripted[i].fault
        }
        guard rate > 0, !kinds.isEmpty else { return nil }
        let draw = Double(rng.next() >> 11) / Double(1 << 53)
        guard draw < rate else { return nil }
        return kinds[Int(rng.next() % UInt64(kinds.count))]
    }
}
