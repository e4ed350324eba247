import MigrationRules

/// JUnit XML (`--format junit`) for CI test views: one test case per image. A manual image is
/// a failure; a review (or info) image fails only when `--fail-on` is at or below its severity.
public enum JUnit {
    public static func render(_ report: AuditReport, failOn: FailOn) -> String {
        document(suite: "image2env audit", source: report.workspace.source, rows: report.rows, failOn: failOn) { _ in nil }
    }

    public static func render(_ report: DiffReport, failOn: FailOn) -> String {
        let byId = Dictionary(report.images.map { ($0.row.image.id, $0) }, uniquingKeysWith: { a, _ in a })
        return document(suite: "image2env diff", source: report.audit.workspace.source, rows: report.images.map(\.row), failOn: failOn) { row in
            guard let diff = byId[row.image.id] else { return nil }
            var out = diff.changes.map { c in
                "\(c.section) \(c.kind.rawValue)\(c.item.map { " " + $0 } ?? ""): \(c.old ?? "-") -> \(c.new ?? "-")\(c.rule.map { " [" + $0 + "]" } ?? "")"
            }
            for file in diff.files where !file.lines.isEmpty { out += [""] + file.lines }
            return out.joined(separator: "\n")
        }
    }

    /// Whether the image's test case fails.
    public static func fails(_ row: AuditRow, failOn: FailOn) -> Bool {
        if row.readiness == .manual { return true }
        guard let threshold = failOn.threshold else { return false }
        return row.migration.findings.contains { $0.severity >= threshold }
    }

    static func document(suite: String, source: String, rows: [AuditRow], failOn: FailOn, details: (AuditRow) -> String?) -> String {
        let failures = rows.filter { fails($0, failOn: failOn) }.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"image2env\" tests=\"\(rows.count)\" failures=\"\(failures)\" errors=\"0\">\n"
        out += "  <testsuite name=\"\(attr(suite + ": " + source))\" tests=\"\(rows.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\">\n"
        for row in rows {
            let name = "\(row.image.id) -> \(row.migration.environment.name)"
            out += "    <testcase classname=\"image2env.\(attr(row.image.name))\" name=\"\(attr(name))\" file=\"\(attr(row.resolved.record.origin.file))\">\n"
            let findings = row.migration.findings.map { "[\($0.severity.rawValue)] \($0.rule): \($0.message)" }
            if fails(row, failOn: failOn) {
                let rules = row.migration.findings.filter { $0.severity != .info }.map(\.rule)
                out += "      <failure type=\"\(row.readiness.rawValue)\" message=\"\(attr(row.readiness.rawValue + ": " + rules.joined(separator: ", ")))\">"
                out += text(findings.joined(separator: "\n")) + "</failure>\n"
            }
            var system = "readiness: \(row.readiness.rawValue)\n" + findings.joined(separator: "\n")
            if let more = details(row), !more.isEmpty { system += "\n\n" + more }
            out += "      <system-out>" + text(system) + "</system-out>\n"
            out += "    </testcase>\n"
        }
        out += "  </testsuite>\n</testsuites>\n"
        return out
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
