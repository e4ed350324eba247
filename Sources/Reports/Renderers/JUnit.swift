import MigrationRules

/// JUnit XML (`--format junit`) for CI test views: one test case per image (in a fleet, one
/// test suite per workspace). A manual image is a failure; a review (or info) image fails only
/// when `--fail-on` is at or below its severity. Findings the gate does not count (suppressed,
/// or unchanged since the baseline) fail nothing; an image that would fail but for its
/// suppressions is `skipped`, with their reasons.
public enum JUnit {
    public static func render(_ report: AuditReport, failOn: FailOn) -> String {
        document(suite: "image2env audit", report: report, rows: report.rows, failOn: failOn) { _ in nil }
    }

    public static func render(_ report: DiffReport, failOn: FailOn) -> String {
        let byId = Dictionary(report.images.map { (key($0.row), $0) }, uniquingKeysWith: { a, _ in a })
        return document(suite: "image2env diff", report: report.audit, rows: report.images.map(\.row), failOn: failOn) { row in
            guard let diff = byId[key(row)] else { return nil }
            var out = diff.changes.map { c in
                "\(c.section) \(c.kind.rawValue)\(c.item.map { " " + $0 } ?? ""): \(c.old ?? "-") -> \(c.new ?? "-")\(c.rule.map { " [" + $0 + "]" } ?? "")"
            }
            for file in diff.files where !file.lines.isEmpty { out += [""] + file.lines }
            return out.joined(separator: "\n")
        }
    }

    /// Whether the image's test case fails: a manual image (unless the gate excuses all its
    /// manual findings), or a counted finding at or above `--fail-on`.
    public static func fails(_ row: AuditRow, failOn: FailOn) -> Bool {
        let counted = row.countedFindings
        if row.readiness == .manual && (row.statuses.isEmpty || counted.contains { $0.severity == .manual }) { return true }
        guard let threshold = failOn.threshold else { return false }
        return counted.contains { $0.severity >= threshold }
    }

    /// Whether the image would fail but for its suppressions (its test case is skipped).
    public static func skipped(_ row: AuditRow, failOn: FailOn) -> Bool {
        guard !fails(row, failOn: failOn), row.gatedFindings.contains(where: \.status.isSuppressed) else { return false }
        var open = row
        open.statuses = row.statuses.map { FindingStatus(suppression: nil, baseline: $0.baseline) }
        return fails(open, failOn: failOn)
    }

    static func key(_ row: AuditRow) -> String { "\(row.member ?? -1)|\(row.image.id)" }

    static func document(suite: String, report: AuditReport, rows: [AuditRow], failOn: FailOn, details: (AuditRow) -> String?) -> String {
        let failures = rows.filter { fails($0, failOn: failOn) }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"image2env\" tests=\"\(rows.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        if report.fleet.isEmpty {
            out += testsuite(suite + ": " + report.workspace.source, rows: rows, failOn: failOn, details: details)
        } else {
            for (index, member) in report.fleet.enumerated() {
                out += testsuite(suite + ": " + member.workspace.label + " (" + member.source.source + ")",
                                 rows: rows.filter { $0.member == index }, failOn: failOn, details: details)
            }
        }
        out += "</testsuites>\n"
        return out
    }

    static func testsuite(_ name: String, rows: [AuditRow], failOn: FailOn, details: (AuditRow) -> String?) -> String {
        let failures = rows.filter { fails($0, failOn: failOn) }.count
        let skips = rows.filter { skipped($0, failOn: failOn) }.count
        var out = "  <testsuite name=\"\(attr(name))\" tests=\"\(rows.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"\(skips)\">\n"
        for row in rows {
            let name = "\(row.image.id) -> \(row.migration.environment.name)"
            out += "    <testcase classname=\"image2env.\(attr(row.image.name))\" name=\"\(attr(name))\" file=\"\(attr(row.resolved.record.origin.file))\">\n"
            let findings = row.gatedFindings.map { f, status in
                "[\(f.severity.rawValue)]\(GateText.marks(status)) \(f.ruleAndPlace): \(f.message)"
                    + (GateText.suppressionLine(status).map { " (" + $0 + ")" } ?? "")
            }
            if fails(row, failOn: failOn) {
                let rules = row.gatedFindings.filter { $0.finding.severity != .info && $0.status.counts }.map(\.finding.rule)
                out += "      <failure type=\"\(row.readiness.rawValue)\" message=\"\(attr(row.readiness.rawValue + ": " + rules.joined(separator: ", ")))\">"
                out += text(findings.joined(separator: "\n")) + "</failure>\n"
            } else if skipped(row, failOn: failOn) {
                let reasons = row.gatedFindings.compactMap { $0.status.isSuppressed ? "\($0.finding.rule): \($0.status.suppression?.reason ?? "")" : nil }
                out += "      <skipped message=\"\(attr("suppressed: " + reasons.joined(separator: "; ")))\"/>\n"
            }
            var system = "readiness: \(row.readiness.rawValue)\n" + findings.joined(separator: "\n")
            if let more = details(row), !more.isEmpty { system += "\n\n" + more }
            out += "      <system-out>" + text(system) + "</system-out>\n"
            out += "    </testcase>\n"
        }
        return out + "  </testsuite>\n"
    }

    /// XML character data: markup escaped, characters XML 1.0 forbids replaced.
    static func text(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func attr(_ s: String) -> String {
        text(s).replacingOccurrences(of: "\"", with: "&quot;").replacingOccurrences(of: "\n", with: "&#10;")
            .replacingOccurrences(of: "\t", with: "&#9;").replacingOccurrences(of: "\r", with: "&#13;")
    }
}
