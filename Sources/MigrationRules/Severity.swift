/// How much a finding needs a person. Orders `info < review < manual`.
public enum Severity: String, Sendable, Comparable, CaseIterable {
    /// Recorded for the trail; converts with no human decision.
    case info
    /// Converts, but a person should look at the result.
    case review
    /// Cannot be converted automatically.
    case manual

    private var rank: Int {
        switch self {
        case .info: return 0
        case .review: return 1
        case .manual: return 2
        }
    }

    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// How far an image is from a working Environment: the highest severity of its findings.
public enum Readiness: String, Sendable, Comparable, CaseIterable {
    case ready
    case review
    case manual

    public init(findings: [Finding]) {
        switch findings.map(\.severity).max() {
        case .manual?: self = .manual
        case .review?: self = .review
        default: self = .ready
        }
    }

    private var rank: Int {
        switch self {
        case .ready: return 0
        case .review: return 1
        case .manual: return 2
        }
    }

    public static func < (a: Readiness, b: Readiness) -> Bool { a.rank < b.rank }
}
