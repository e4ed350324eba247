import MigrationRules
import Snapshot

/// `MANUAL.md`, written beside `migration.json` for an image that `convert` cannot turn into an
/// Environment: what blocks it (its `manual` findings), the other findings, the remediation
/// each finding's rule gives, where the recovered source is, and what reading the image's
/// artifacts noted.
public enum ManualReadme {
    /// The file's Markdown text (ends with a newline; deterministic).
    public static func text(_ resolved: ResolvedImage, _ migration: Migration) -> String {
        var lines = [
            "# \(resolved.image.id): manual migration",
            "",
            "image2env did not write an Environment for this image (no `v1/` or `v2/` folder): the findings",
            "below need a decision that only a person can make. `migration.json` holds the same findings.",
            "",
        ]
        if let tree = resolved.sourceTree, !tree.files.isEmpty {
            let count = tree.files.count == 1 ? "1 file" : "\(tree.files.count) files"
            let entry = (tree.entryScript ?? resolved.entryScript).map { "; entry script `\($0)`" } ?? "; no entry script found"
            lines.append("The recovered source is in `source/` (\(count)\(entry)).")
        } else if resolved.image.assets.isEmpty {
            lines.append("The image carries no source (no driver or dependency assets), so there is no `source/`.")
        } else {
            lines.append("No source could be recovered from this image's artifacts (see the notes below).")
        }
        let blocking = migration.findings.filter { $0.severity == .manual }
        let others = migration.findings.filter { $0.severity != .manual }
        lines += ["", "## What blocks it", ""]
        lines += blocking.isEmpty ? ["Nothing a rule names as blocking."] : blocking.flatMap(item)
        if !others.isEmpty {
            lines += ["", "## Other findings", ""]
            lines += others.flatMap(item)
        }
        let notes = resolved.notes.map { "- \($0.message) (`\($0.code)`)" }
        lines += ["", "## Notes from reading the image", ""]
        lines += notes.isEmpty ? ["None."] : notes
        return lines.joined(separator: "\n") + "\n"
    }

    /// One finding: its rule and severity, message, remediation and link.
    static func item(_ finding: Finding) -> [String] {
        var out = ["- **\(finding.rule)** (\(finding.severity.rawValue))\(finding.location.map { " at `source/\($0.file):\($0.line)`" } ?? ""): \(finding.message)"]
        if let remediation = finding.remediation {
            out.append("  - Remediation: \(remediation)")
        } else {
            out.append("  - Remediation: the rule gives none beyond its message (`image2env rules explain \(finding.rule)`).")
        }
        if let link = finding.link { out.append("  - See \(link)") }
        return out
    }
}
