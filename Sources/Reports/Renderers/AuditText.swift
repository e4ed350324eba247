import LegacyImage
import MigrationRules
import Snapshot

/// The audit as aligned plain text (`--format text`).
public enum AuditText {
    public static func render(_ report: AuditReport, style: TextStyle = .plain) -> String {
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
                for finding in row.reviewFindings { out += "    [\(style.severity(finding.severity))] \(finding.rule): \(finding.message)\n" }
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
        out += "\n" + style.bold(report.summaryLine) + "\n"
        return out
    }
}

extension AuditRow {
    /// The findings that need a person (review and manual); info findings are in the JSON report.
    var reviewFindings: [Finding] { migration.findings.filter { $0.severity != .info } }
}
