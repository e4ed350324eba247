import MigrationRules

/// Audit and diff as GitHub-flavoured Markdown for a pull-request comment: a summary table,
/// then a collapsible `<details>` block per image.
public enum Markdown {
    /// A fleet's report opens with the roll-up, then has a section per workspace.
    public static func render(_ report: AuditReport) -> String {
        var out = "## image2env audit: \(escape(report.workspace.source))\n\n"
        if report.fleet.isEmpty {
            out += images(report)
        } else {
            out += WorkspaceRollup.markdown(report.rollup)
            for index in report.fleet.indices {
                out += "\n### \(escape(report.fleet[index].workspace.label))\n\n" + images(report.member(index))
            }
        }
        out += problems(report)
        out += report.gate.map { gate($0, fleet: !report.fleet.isEmpty) } ?? ""
        out += "\n" + report.summaryLine + "\n"
        return out
    }

    /// The summary table, the image table and a `<details>` block per image.
    static func images(_ report: AuditReport) -> String {
        var out = summary(report.rows)
        out += imageTable(report.rows)
        for row in report.rows {
            out += "\n<details><summary><code>\(html(row.image.id))</code>: \(row.readiness.rawValue)</summary>\n\n"
            out += findings(row)
            out += "</details>\n"
        }
        return out
    }

    public static func render(_ report: DiffReport) -> String {
        let rows = report.images.map(\.row)
        var out = "## image2env diff: \(escape(report.audit.workspace.source))\n\n"
        if !report.audit.fleet.isEmpty { out += WorkspaceRollup.markdown(report.rollup) + "\n" }
        out += summary(rows)
        out += imageTable(rows)
        for diff in report.images {
            let row = diff.row
            let place = report.audit.workspace(of: row).map { "<code>\(html($0.label))</code> " } ?? ""
            out += "\n<details><summary>\(place)<code>\(html(row.image.id))</code> → <code>\(html(row.migration.environment.name))</code>: \(row.readiness.rawValue)</summary>\n\n"
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
        out += report.audit.gate.map { gate($0, fleet: !report.audit.fleet.isEmpty) } ?? ""
        out += "\n" + report.summaryLine + "\n"
        return out
    }

    /// The gate's paragraph: the headline, absent findings, expired and unused suppressions.
    static func gate(_ gate: GateSummary, fleet: Bool) -> String {
        var out = "\n**\(escape(GateText.headline(gate)))**\n\n"
        for e in gate.absent {
            let place = fleet ? "`\(e.workspace?.label ?? "-")` " : ""
            out += "- absent: \(place)`\(e.imageId)` **\(e.severity)** `\(e.rule)`\n"
        }
        for s in gate.expired { out += "- expired suppression: \(escape(GateText.describe(s)))\n" }
        for s in gate.unused { out += "- unused suppression: \(escape(GateText.describe(s)))\n" }
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
        for (f, status) in row.gatedFindings {
            out += "- **\(f.severity.rawValue)**\(escape(GateText.marks(status))) `\(f.rule)`\(f.sourcePlace.map { " at `\($0)`" } ?? ""): \(escape(f.message))"
            out += GateText.suppressionLine(status).map { " _(\(escape($0)))_" } ?? ""
            out += "\n"
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
