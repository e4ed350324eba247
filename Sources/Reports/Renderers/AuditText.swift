import LegacyImage
import MigrationRules
import Snapshot

/// The audit as aligned plain text (`--format text`).
public enum AuditText {
    public static func render(_ report: AuditReport, style: TextStyle = .plain) -> String {
        if !report.fleet.isEmpty { return renderFleet(report, style: style) }
        var out = body(report, style: style)
        if let gate = report.gate { out += GateText.section(gate, fleet: false) }
        return out + "\n" + style.bold(report.summaryLine) + "\n"
    }

    /// A fleet: the roll-up, then each workspace's report, then the gate and the totals.
    static func renderFleet(_ report: AuditReport, style: TextStyle) -> String {
        var out = "Source: \(report.workspace.source) (fleet of \(report.fleet.count) workspace\(report.fleet.count == 1 ? "" : "s"))\n\n"
        out += WorkspaceRollup.text(report.rollup)
        for index in report.fleet.indices {
            let member = report.member(index)
            out += "\n" + style.bold("== \(report.fleet[index].workspace.label)") + "\n"
            out += body(member, style: style) + "\n" + member.summaryLine + "\n"
        }
        if let gate = report.gate { out += GateText.section(gate, fleet: true) }
        return out + "\n" + style.bold(report.summaryLine) + "\n"
    }

    /// The source line, the image table, the reasons, other services and problems.
    static func body(_ report: AuditReport, style: TextStyle) -> String {
        var table: [[String]] = [["IMAGE", "FLAVOR", "RUNTIME", "GPU/CUDA", "BASE IMAGE", "STATE", "ENTRY SCRIPT", "MODELS", "SERVICES", "READINESS"]]
        for row in report.rows {
            let image = row.image
            let gpu: String
            if let cuda = image.targetRuntime?.cudaVersion {
                gpu = "cuda " + cuda
            } else {
                gpu = image.usesGPU ? "gpu" : "-"
            }
            let base = image.baseImage ?? (image.targetRuntime?.runtimeType == .pythonCustom ? "(not recorded)" : "-")
            table.append([
                image.id, image.flavor.description, image.targetRuntime?.runtimeType.description ?? "-", gpu, base,
                image.creationState ?? "-", row.resolved.entryScript ?? "-",
                image.modelIds.isEmpty ? "-" : image.modelIds.joined(separator: ","),
                row.services.isEmpty ? "-" : row.services.map(\.name).joined(separator: ","),
                row.readiness.rawValue,
            ])
        }
        var out = "Source: \(report.workspace.source) (\(report.workspace.kind.rawValue))\n\n"
        out += TextTable.align(table)
        let explained = report.rows.filter { !$0.reviewFindings.isEmpty || !$0.resolved.notes.isEmpty }
        if !explained.isEmpty {
            out += "\nWhy:\n"
            for row in explained {
                out += "  \(row.image.id)\n"
                for (finding, status) in row.gatedFindings where finding.severity != .info {
                    out += "    [\(style.severity(finding.severity))]\(GateText.marks(status)) \(finding.ruleAndPlace): \(finding.message)\n"
                    if let line = GateText.suppressionLine(status) { out += "      \(line)\n" }
                }
                for note in row.resolved.notes { out += "    [note] \(note.message)\n" }
            }
        }
        if !report.otherServices.isEmpty {
            out += "\nServices not on an image of this source:\n"
            for s in report.otherServices {
                out += "  \(s.name) (\(s.computeType ?? "?")): " + (s.usesEnvironment ? "runs an Environment" : s.imageId.map { "image \($0) not found" } ?? "no image") + "\n"
            }
        }
        if !report.problems.isEmpty {
            out += "\nProblems:\n"
            for p in report.problems { out += "  \(p.severity.rawValue): \(p)\n" }
        }
        return out
    }
}

extension AuditRow {
    /// The findings that need a person (review and manual); info findings are in the JSON report.
    var reviewFindings: [Finding] { migration.findings.filter { $0.severity != .info } }
}
