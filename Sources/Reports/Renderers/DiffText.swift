import MigrationRules

/// The diff as plain text (`image2env diff --format text`): per image, the field changes
/// (old → new, with the rule that made each) and the unified diffs of the files.
public enum DiffText {
    public static func render(_ report: DiffReport, style: TextStyle = .plain) -> String {
        let fleet = !report.audit.fleet.isEmpty
        var out = "Source: \(report.audit.workspace.source) (\(report.audit.workspace.kind.rawValue))\n"
        if fleet { out += "\n" + WorkspaceRollup.text(report.rollup) }
        for diff in report.images {
            let row = diff.row
            let place = report.audit.workspace(of: row).map { $0.label + " " } ?? ""
            out += "\n" + style.bold("== \(place)\(row.image.id) -> \(row.migration.environment.name)") + " [\(style.readiness(row.readiness))]\n"
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
            let findings = row.gatedFindings.filter { $0.finding.severity != .info }
            if !findings.isEmpty {
                out += "  Findings:\n"
                for (f, status) in findings {
                    out += "    [\(style.severity(f.severity))]\(GateText.marks(status)) \(f.ruleAndPlace): \(f.message)\n"
                    if let line = GateText.suppressionLine(status) { out += "      \(line)\n" }
                }
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
        if let gate = report.audit.gate { out += GateText.section(gate, fleet: fleet) }
        out += "\n" + report.summaryLine + "\n"
        return out
    }
}
