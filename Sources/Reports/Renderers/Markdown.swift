import MigrationRules

/// Audit and diff as GitHub-flavoured Markdown for a pull-request comment: a summary table,
/// then a collapsible `<details>` block per image.
public enum Markdown {
    public static func render(_ report: AuditReport) -> String {
        var out = "## image2env audit: \(escape(report.workspace.source))\n\n"
        out += summary(report.rows)
        out += imageTable(report.rows)
        for row in report.rows {
            out += "\n<details><summary><code>\(html(row.image.id))</code>: \(row.readiness.rawValue)</summary>\n\n"
            out += findings(row)
            out += "</details>\n"
        }
        out += problems(report)
        out += "\n" + report.summaryLine + "\n"
        return out
    }

    public static func render(_ report: DiffReport) -> String {
        let rows = report.images.map(\.row)
        var out = "## image2env diff: \(escape(report.audit.workspace.source))\n\n"
        out += summary(rows)
        out += imageTable(rows)
        for diff in report.images {
            let row = diff.row
            out += "\n<details><summary><code>\(html(row.image.id))</code> → <code>\(html(row.migration.environment.name))</code>: \(row.readiness.rawValue)</summary>\n\n"
            if diff.changes.isEmpty {
                out += "No changes.\n\n"
            } else {
                out += "| section | change | item | old | new | rule |\n|---|---|---|---|---|---|\n"
                for c in diff.changes {
                    out += "| \(c.section) | \(c.kind.rawValue) | \(cell(c.item)) | \(cell(c.old)) | \(cell(c.new)) | \(cell(c.rule)) |\n"
                }
                out += "\n"
            }
            out += findings(row)
            for file in diff.files where !file.lines.isEmpty {
                out += "```diff\n" + file.lines.joined(separator: "\n") + "\n```\n\n"
            }
            out += "</details>\n"
        }
        out += problems(report.audit)
        out += "\n" + report.summaryLine + "\n"
        return out
    }

    static func summary(_ rows: [AuditRow]) -> String {
        func c(_ r: Readiness) -> Int { rows.filter { $0.readiness == r }.count }
        return "| images | ready | review | manual |\n|---:|---:|---:|---:|\n| \(rows.count) | \(c(.ready)) | \(c(.review)) | \(c(.manual)) |\n\n"
    }

    static func imageTable(_ rows: [AuditRow]) -> String {
        var out = "| image | environment | readiness | findings |\n|---|---|---|---|\n"
        for row in rows {
            let rules = row.migration.findings.filter { $0.severity != .info }.map(\.rule)
            out += "| `\(row.image.id)` | `\(row.migration.environment.name)` | \(row.readiness.rawValue) | \(rules.isEmpty ? "-" : rules.map { "`\($0)`" }.joined(separator: ", ")) |\n"
        }
        return out
    }

    static func findings(_ row: AuditRow) -> String {
        guard !row.migration.findings.isEmpty else { return "No findings.\n\n" }
        var out = ""
        for f in row.migration.findings {
            out += "- **\(f.severity.rawValue)** `\(f.rule)`: \(escape(f.message))\n"
        }
        return out + "\n"
    }

    static func problems(_ report: AuditReport) -> String {
        guard !report.problems.isEmpty else { return "" }
        return "\n**Problems**\n\n" + report.problems.map { "- \($0.severity.rawValue): \(escape($0.description))\n" }.joined()
    }

    static func cell(_ s: String?) -> String {
        guard let s, !s.isEmpty else { return "-" }
        return "`" + s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "`", with: "'") + "`"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: "|", with: "\\|")
    }

    static func html(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
