import MigrationRules

/// The CI gate over a run's findings: suppressions (from `.image2env.yml` or `--suppress`)
/// and a baseline report (`--baseline`). It marks findings, never removes them; only the
/// findings it leaves counting (`FindingStatus.counts`) decide `--fail-on`.
public struct FindingGate: Sendable {
    public var suppressions: [Suppression]
    public var baseline: Baseline?
    /// Today, `YYYY-MM-DD` (UTC): suppressions whose `until` is before it have expired.
    public var today: String

    public init(suppressions: [Suppression] = [], baseline: Baseline? = nil, today: String = Suppression.today()) {
        self.suppressions = suppressions
        self.baseline = baseline
        self.today = today
    }

    /// Whether there is anything to apply (else the reports are those of a run without a gate).
    public var isActive: Bool { !suppressions.isEmpty || baseline != nil }

    /// What the gate makes of one row.
    public struct RowResult: Sendable {
        public var statuses: [FindingStatus]
        /// Indices of the suppressions that matched a finding of the row (expired ones too).
        public var used: [Int]
        /// The keys of the row's findings (for the baseline's absent findings).
        public var keys: [FindingKey]
    }

    /// The statuses of `row`'s findings; `workspace` is the row's workspace when it is known
    /// (a fleet's member, or a snapshot's `workspace.json`).
    public func evaluate(_ row: AuditRow, workspace: FleetWorkspace?) -> RowResult {
        var result = RowResult(statuses: [], used: [], keys: [])
        for finding in row.migration.findings {
            var status = FindingStatus()
            let matching = suppressions.indices.filter {
                suppressions[$0].matches(rule: finding.rule, imageName: row.image.name, imageId: row.image.id)
            }
            // The first suppression that still applies; else the first expired one, to say so.
            if let index = matching.first(where: { !suppressions[$0].isExpired(today: today) }) ?? matching.first {
                let s = suppressions[index]
                status.suppression = AppliedSuppression(reason: s.reason, until: s.until, source: s.source, expired: s.isExpired(today: today))
            }
            result.used += matching
            let key = FindingKey(workspace: workspace?.matchKey ?? "", image: row.image.name, rule: finding.rule, field: finding.field)
            result.keys.append(key)
            if let baseline {
                status.baseline = baseline.contains(key) ? .unchanged : .new
            }
            result.statuses.append(status)
        }
        return result
    }

    /// Marks every row of `report` and records the summary in `report.gate`.
    public func apply(to report: inout AuditReport) {
        guard isActive else { return }
        var tally = GateTally()
        let own = FleetWorkspace(known: report.workspace.info)
        for i in report.rows.indices {
            let workspace = report.rows[i].member.map { report.fleet[$0].workspace } ?? own
            let result = evaluate(report.rows[i], workspace: workspace)
            report.rows[i].statuses = result.statuses
            tally.add(result)
        }
        report.gate = tally.summary(of: self)
    }
}

/// What a gate found over a whole run.
public struct GateSummary: Sendable {
    /// Findings a suppression applies to.
    public var suppressed: Int
    /// The baseline report, with `--baseline`.
    public var baselineFile: String?
    /// With a baseline: findings not in it, and findings in it.
    public var new: Int
    public var unchanged: Int
    /// With a baseline: its findings that this run no longer has.
    public var absent: [Baseline.Entry]
    /// Suppressions that matched no finding (stale), in the order written.
    public var unused: [Suppression]
    /// Suppressions past their `until` date that still match findings (which count again).
    public var expired: [Suppression]
}

/// Adds up the rows' gate results, in any order, into a `GateSummary`.
public struct GateTally: Sendable {
    private var suppressed = 0
    private var new = 0
    private var unchanged = 0
    private var used: Set<Int> = []
    private var keys: Set<FindingKey> = []

    public init() {}

    public mutating func add(_ result: FindingGate.RowResult) {
        for status in result.statuses {
            if status.isSuppressed { suppressed += 1 }
            if status.baseline == .new { new += 1 }
            if status.baseline == .unchanged { unchanged += 1 }
        }
        used.formUnion(result.used)
        keys.formUnion(result.keys)
    }

    public func summary(of gate: FindingGate) -> GateSummary {
        let s = gate.suppressions
        return GateSummary(suppressed: suppressed, baselineFile: gate.baseline?.file, new: new, unchanged: unchanged,
                           absent: gate.baseline?.absent(seen: keys) ?? [],
                           unused: s.indices.filter { !used.contains($0) }.map { s[$0] },
                           expired: s.indices.filter { used.contains($0) && s[$0].isExpired(today: gate.today) }.map { s[$0] })
    }
}
