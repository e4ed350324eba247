import MigrationRules

/// Compared with a baseline report (`--baseline`), whether a finding is new or was there
/// before; `absent` findings were in the baseline and are gone (listed apart).
public enum BaselineState: String, Sendable, CaseIterable {
    case new, unchanged, absent
}

/// A suppression that matched a finding: why the finding is accepted, until when, and where
/// the suppression is written.
public struct AppliedSuppression: Sendable, Equatable {
    public var reason: String
    /// The last day it applies (`YYYY-MM-DD`), if any.
    public var until: String?
    /// Where it is written: `.image2env.yml:12:5`, or `--suppress`.
    public var source: String
    /// Its `until` date has passed: it no longer applies, and the reports say so.
    public var expired: Bool

    public init(reason: String, until: String?, source: String, expired: Bool) {
        self.reason = reason
        self.until = until
        self.source = source
        self.expired = expired
    }
}

/// What the CI gate makes of one finding: suppressed (and why), and its baseline state.
public struct FindingStatus: Sendable, Equatable {
    /// The suppression that matched the finding (possibly expired), if any.
    public var suppression: AppliedSuppression?
    /// With `--baseline`: `new` or `unchanged`.
    public var baseline: BaselineState?

    public init(suppression: AppliedSuppression? = nil, baseline: BaselineState? = nil) {
        self.suppression = suppression
        self.baseline = baseline
    }

    /// A suppression applies (it matched and has not expired).
    public var isSuppressed: Bool { suppression.map { !$0.expired } ?? false }

    /// Whether the finding counts for `--fail-on`: not suppressed, and new when a baseline is given.
    public var counts: Bool { !isSuppressed && baseline != .unchanged }
}

extension AuditRow {
    /// The gate's status of finding `index` (open when no gate is in force).
    public func status(_ index: Int) -> FindingStatus {
        index < statuses.count ? statuses[index] : FindingStatus()
    }

    /// Each finding with its gate status, in order.
    public var gatedFindings: [(finding: Finding, status: FindingStatus)] {
        migration.findings.enumerated().map { ($0.element, status($0.offset)) }
    }

    /// The findings that count for `--fail-on`.
    public var countedFindings: [Finding] {
        gatedFindings.filter(\.status.counts).map(\.finding)
    }
}
