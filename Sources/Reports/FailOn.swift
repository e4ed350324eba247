import MigrationRules

/// `--fail-on`: the lowest finding severity that fails a CI run (exit 3), or `never`.
public enum FailOn: String, Sendable, CaseIterable {
    case manual, review, info, never

    public var threshold: Severity? {
        switch self {
        case .manual: return .manual
        case .review: return .review
        case .info: return .info
        case .never: return nil
        }
    }

    /// Whether a finding at or above the threshold exists among the rows (of the findings the
    /// gate leaves counting: not suppressed, new when a baseline is given).
    public func fails(_ rows: [AuditRow]) -> Bool {
        fails(worst: rows.flatMap { $0.countedFindings.map(\.severity) }.max())
    }

    /// Whether `worst`, the most severe finding of a run, is at or above the threshold.
    public func fails(worst: Severity?) -> Bool {
        guard let threshold, let worst else { return false }
        return worst >= threshold
    }
}

/// Which report formats the renderers produce.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, markdown, sarif, junit, html
}

/// ANSI colours for the text renderers; `plain` writes none.
public struct TextStyle: Sendable {
    public var color: Bool
    public init(color: Bool) { self.color = color }
    public static let plain = TextStyle(color: false)

    func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    func readiness(_ r: Readiness) -> String {
        switch r {
        case .ready: return paint(r.rawValue, "32")
        case .review: return paint(r.rawValue, "33")
        case .manual: return paint(r.rawValue, "31")
        }
    }
    func severity(_ s: Severity) -> String {
        switch s {
        case .info: return paint(s.rawValue, "36")
        case .review: return paint(s.rawValue, "33")
        case .manual: return paint(s.rawValue, "31")
        }
    }
    func diffLine(_ line: String) -> String {
        if line.hasPrefix("+++") || line.hasPrefix("---") { return paint(line, "1") }
        if line.hasPrefix("@@") { return paint(line, "36") }
        if line.hasPrefix("+") { return paint(line, "32") }
        if line.hasPrefix("-") { return paint(line, "31") }
        return line
    }
    func bold(_ s: String) -> String { paint(s, "1") }
}
