import MigrationRules

/// The diff as plain text (`image2env diff --format text`): per image, the field changes
/// (old → new, with the rule that made each) and the unified diffs of the files.
public enum DiffText {
    public static func render(_ report: DiffReport, style: TextStyle = .plain) -> String {
        var out = "Source: \(report.audit.workspace.source) (\(report.audit.workspace.kind.rawValue))\n"
        for diff in report.images {
            let row = diff.row
            out += "\n" + style.bold("== \(row.image.id) -> \(row.migration.environment.name)") + " [\(style.readiness(row.readiness))]\n"
            if diff.changes.isEmpty {
                out += "  no changes\n"
            } else {
                var table: [[String]] = [["SECTION", "CHANGE", "ITEM", "OLD", "NEW", "RULE"]]
                for c in diff.changes {
                    table.append([c.section, c.kind.rawValue, c.item ?? "-", c.old ?? "-", c.new ?? "-", c.rule ?? "-"])
                }
                out += TextTable.align(table).split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
                var seen = Set<String>()
                let rules = diff.changes.compactMap { c -> (String, String)? in
                    guard let rule = c.rule, let message = c.message, seen.insert(rule).inserted else { return nil }
                    return (rule, message)
                }
                if !rules.isEmpty {
                    out += "  Rules:\n"
                    for (rule, message) in rules { out += "    \(rule): \(message)\n" }
                }
            }
            let findings = row.migration.findings.filter { $0.severity != .info }
            if !findings.isEmpty {
                out += "  Findings:\n"
                for f in findings { out += "    [\(style.severity(f.severity))] \(f.rule): \(f.message)\n" }
            }
            for file in diff.files where !file.lines.isEmpty {
                out += "\n" + file.lines.map(style.diffLine).joined(separator: "\n") + "\n"
            }
        }
        let errors = report.audit.problems.filter { $0.severity == .error }
        if !errors.isEmpty {
            out += "\nProblems:\n"
            for p in report.audit.problems { out += "  \(p.severity.rawValue): \(p)\n" }
        }
        out += "\n" + report.summaryLine + "\n"
        return out
    }
}
