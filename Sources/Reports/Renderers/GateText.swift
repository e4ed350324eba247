import MigrationRules

/// How the text, Markdown and HTML reports mark what the CI gate made of findings.
enum GateText {
    /// ` [suppressed]`, ` [suppression expired DATE]`, ` [new]`, ` [unchanged]`, or "".
    static func marks(_ status: FindingStatus) -> String {
        var out = ""
        if let s = status.suppression {
            out += s.expired ? " [suppression expired \(s.until ?? "")]" : " [suppressed]"
        }
        if let b = status.baseline { out += " [\(b.rawValue)]" }
        return out
    }

    /// `suppressed by SOURCE[ until DATE]: REASON` for a finding a suppression applies to.
    static func suppressionLine(_ status: FindingStatus) -> String? {
        guard let s = status.suppression, !s.expired else { return nil }
        return "suppressed by \(s.source)\(s.until.map { " until " + $0 } ?? ""): \(s.reason)"
    }

    /// One line: `Gate: N findings suppressed; baseline FILE: N new, N unchanged, N absent`.
    static func headline(_ gate: GateSummary) -> String {
        var parts = ["\(gate.suppressed) finding\(gate.suppressed == 1 ? "" : "s") suppressed"]
        if let file = gate.baselineFile {
            parts.append("baseline \(file): \(gate.new) new, \(gate.unchanged) unchanged, \(gate.absent.count) absent")
        }
        return "Gate: " + parts.joined(separator: "; ")
    }

    /// The gate's section of the text reports: the headline, then the absent findings, the
    /// expired and the unused suppressions.
    static func section(_ gate: GateSummary, fleet: Bool) -> String {
        var out = "\n" + headline(gate) + "\n"
        if !gate.absent.isEmpty {
            out += "Absent since the baseline:\n"
            for e in gate.absent {
                let place = fleet ? (e.workspace?.label ?? "-") + " " : ""
                out += "  \(place)\(e.imageId)  [\(e.severity)] \(e.rule)\(e.field.map { " (" + $0 + ")" } ?? "")\n"
            }
        }
        if !gate.expired.isEmpty {
            out += "Expired suppressions (their findings count again):\n"
            for s in gate.expired { out += "  \(describe(s))\n" }
        }
        if !gate.unused.isEmpty {
            out += "Unused suppressions (no finding matches them):\n"
            for s in gate.unused { out += "  \(describe(s))\n" }
        }
        return out
    }

    /// `SOURCE: RULE on IMAGE[ until DATE]: REASON`.
    static func describe(_ s: Suppression) -> String {
        "\(s.source): \(s.rule) on \(s.image)\(s.until.map { " until " + $0 } ?? ""): \(s.reason)"
    }
}
