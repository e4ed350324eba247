import Foundation
import JSONValue
import LegacyImage
import MigrationRules
import Reports
import ScriptAnalysis
import Snapshot
import Solve

/// `audit --format json` for a source of any size: images are read a file at a time and worked
/// on a batch at a time over every core; each image's object is rendered at once and spooled to
/// a temporary file; at the end the document is written with the images in the usual order
/// (name, version). The bytes are those of `AuditJSON.render(AuditReport(...))`, with one batch
/// of images in memory instead of all of them.
public enum AuditJSONStream {
    /// What the run found, for the exit code.
    public struct Outcome: Sendable {
        public var images: Int
        /// Every problem, in the order the whole-report path gives them.
        public var problems: [InputProblem]
        /// The most severe finding of any image that the gate leaves counting (for `--fail-on`).
        public var worstFinding: Severity?
        /// What the gate found, when one is in force.
        public var gate: GateSummary?
    }

    /// What is kept of each image until the end.
    private struct Digest: Sendable {
        var name: String
        var version: Int64
        var id: String
        var readiness: Readiness
        var worst: Severity?
        var problems: [InputProblem]
        var gate: FindingGate.RowResult?
        var chunk: [UInt8]
    }

    /// Writes the document in pieces to `write`, each piece passed through `redact` first (a
    /// piece never splits a JSON string; images are redacted on the worker tasks). `gate`
    /// marks the findings (suppressions, baseline) as the whole-report path does.
    public static func write(_ stream: inout SourceStream, ruleSet: RuleSet, solve: SolveStage? = nil, analysis: ScriptAnalyzer? = nil,
                             batch: Int = 1024,
                             gate: FindingGate = FindingGate(),
                             redact: @escaping @Sendable (String) -> String,
                             to sink: ([UInt8]) throws -> Void) async throws -> Outcome {
        func write(_ text: String) throws { try Profile.measure(.output) { try sink(Array(redact(text).utf8)) } }
        let pipeline = AuditPipeline(workspace: stream.workspace, ruleSet: ruleSet, solve: solve, analysis: analysis)
        let spool = try ChunkSpool()
        var keys: [(name: String, version: Int64, chunk: Int)] = []
        var counts = [0, 0, 0]
        var ids: Set<String> = []
        var resolutionProblems: [InputProblem] = []
        var worst: Severity?
        var tally = GateTally()
        let own = FleetWorkspace(known: stream.workspace.info)
        let images = try await pipeline.forEachBatch(of: &stream, batch: batch, { row in Profile.measure(.render) {
            var row = row
            let result = gate.isActive ? gate.evaluate(row, workspace: own) : nil
            row.statuses = result?.statuses ?? []
            let text = redact((try? PythonJSONWriter.write(AuditJSON.image(row), indent: 2, level: 2)) ?? "{}")
            return Digest(name: row.image.name, version: row.image.version, id: row.image.id, readiness: row.readiness,
                          worst: row.countedFindings.map(\.severity).max(), problems: row.resolved.problems,
                          gate: result, chunk: Array(text.utf8))
        } }, consume: { digests in try Profile.measure(.output) {
            for d in digests {
                if let result = d.gate { tally.add(result) }
                keys.append((d.name, d.version, try spool.append(d.chunk)))
                counts[Readiness.allCases.firstIndex(of: d.readiness) ?? 0] += 1
                ids.insert(d.id)
                resolutionProblems += d.problems
                if let w = d.worst, worst.map({ w > $0 }) ?? true { worst = w }
            }
        } })
        let workspace = stream.finished
        let problems = workspace.problems + resolutionProblems
        let summary = gate.isActive ? tally.summary(of: gate) : nil
        let skeleton = (try? PythonJSONWriter.write(AuditJSON.document(workspace: workspace, images: [], counts: counts,
                                                                       imageIds: ids, problems: problems, gate: summary), indent: 2)) ?? "{}"
        let marker = "\n  \"images\": []"
        guard let split = skeleton.range(of: marker) else { throw ChunkSpool.SpoolError("the document has no images array") }
        try write(String(skeleton[..<split.lowerBound]))
        if keys.isEmpty {
            try write(marker)
        } else {
            try write("\n  \"images\": [")
            // Sorted as AuditReport sorts its rows; ties keep the reading order.
            let order = keys.enumerated().sorted { a, b in
                (a.element.name, a.element.version, a.offset) < (b.element.name, b.element.version, b.offset)
            }
            for (n, entry) in order.enumerated() {
                try Profile.measure(.output) {
                    try sink(Array((n == 0 ? "\n    " : ",\n    ").utf8))
                    try sink(try spool.read(entry.element.chunk))  // redacted already
                }
            }
            try write("\n  ]")
        }
        try write(String(skeleton[split.upperBound...]) + "\n")
        return Outcome(images: images, problems: problems, worstFinding: worst, gate: summary)
    }
}
