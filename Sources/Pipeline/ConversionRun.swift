import Emit
import Foundation
import LegacyImage
import MigrationRules
import Reports
import ScriptAnalysis
import Snapshot
import Solve

/// `convert` for a source of any size: images are read a file at a time, worked on a batch at a
/// time over every core, and each image's files written into the output folder as soon as they
/// are made; only one batch of images is in memory at a time.
public struct ConversionRun: Sendable {
    public var ruleSet: RuleSet
    public var target: ConversionTarget
    /// `--image` selectors (NAME or NAME:VERSION); empty converts every image.
    public var selectors: [String]
    /// Applied to every generated file (not to the user's own source files): SAS signatures and
    /// bearer tokens out.
    public var redact: @Sendable (String) -> String
    /// The solve stage (nil: resolution off).
    public var solve: SolveStage?
    /// The entry-script analysis (nil: none).
    public var analysis: ScriptAnalyzer?
    /// The folder under the output that images are written into (`ws-legacy/` for a workspace
    /// of a fleet); empty writes `<image name>/<version>/` at the top.
    public var prefix: String

    public init(ruleSet: RuleSet, target: ConversionTarget, selectors: [String], solve: SolveStage? = nil, analysis: ScriptAnalyzer? = nil,
                redact: @escaping @Sendable (String) -> String, prefix: String = "") {
        self.ruleSet = ruleSet
        self.target = target
        self.selectors = selectors
        self.solve = solve
        self.analysis = analysis
        self.redact = redact
        self.prefix = prefix
    }

    /// What a run did.
    public struct Outcome: Sendable {
        /// Images written, by readiness (ready, review, manual).
        public var written: [Readiness: Int] = [:]
        /// Every problem: the source's, the artifacts', then the conversion's (in report order).
        public var problems: [InputProblem] = []
        /// Selectors no image matched.
        public var unmatched: [String] = []
        /// A file could not be written: the run must stop.
        public var writeFailure: String?

        public var writtenCount: Int { written.values.reduce(0, +) }
    }

    private enum Result: Sendable {
        case skipped
        /// The image's files (paths under the output folder) and contents, to be written.
        case files(Readiness, [(path: String, bytes: [UInt8])])
        case failed(InputProblem)
    }

    public func run(_ stream: inout SourceStream, into folder: OutputFolder) async -> Outcome {
        let pipeline = AuditPipeline(workspace: stream.workspace, ruleSet: ruleSet, solve: solve, analysis: analysis,
                                     targets: SolveRequest.Targets(v1: target != .v2, v2: target != .v1),
                                     selected: { [selectors] image in selectors.isEmpty || selectors.contains { $0 == image.name || $0 == image.id } })
        var outcome = Outcome()
        var resolution: [InputProblem] = []
        var conversion: [(name: String, version: Int64, problem: InputProblem)] = []
        var matched: Set<String> = []
        let run = self
        // Files are rendered over every core but written here, by one task (while the next batch
        // is prepared): ext4 creating inodes from two threads at once costs three times the CPU
        // of one thread creating them all. A batch is 256 images, so that the contents of one
        // batch waiting to be written stay a few tens of MB.
        _ = await pipeline.forEachBatch(of: &stream, batch: 256, { (row: AuditRow) -> (String, String, Int64, [InputProblem], Result) in
            (row.image.name, row.image.id, row.image.version, row.resolved.problems, run.render(row))
        }, consume: { results in
            for (name, id, version, problems, result) in results {
                resolution += problems
                let hits = selectors.filter { $0 == name || $0 == id }
                matched.formUnion(hits)
                switch result {
                case .skipped: break
                case .files(let readiness, let files):
                    guard outcome.writeFailure == nil else { break }  // the run stops: nothing more is written
                    do throws(AtomicFile.WriteError) {
                        try Profile.measure(.output) { () throws(AtomicFile.WriteError) in
                            for file in files { try folder.write(file.path, file.bytes) }
                        }
                        outcome.written[readiness, default: 0] += 1
                    } catch {
                        outcome.writeFailure = error.description
                    }
                case .failed(let problem): conversion.append((name, version, problem))
                }
            }
        })
        outcome.problems = stream.finished.problems + resolution
            + conversion.enumerated().sorted { a, b in
                (a.element.name, a.element.version, a.offset) < (b.element.name, b.element.version, b.offset)
            }.map(\.element.problem)
        outcome.unmatched = selectors.filter { !matched.contains($0) }
        return outcome
    }

    /// The files of one image, rendered and redacted.
    private func render(_ row: AuditRow) -> Result {
        guard selectors.isEmpty || selectors.contains(where: { $0 == row.image.name || $0 == row.image.id }) else { return .skipped }
        let origin = row.resolved.record.origin
        guard let base = Conversion.folderName(row.image.name) else {
            return .failed(InputProblem(.error, file: origin.file, location: origin.path.description + ".name",
                                        message: "image name \(quotedForMessage(row.image.name)) cannot be a folder name; not converted",
                                        imageId: row.image.id))
        }
        do {
            return try Profile.measure(.render) {
                let files = try Conversion.files(for: row.resolved, migration: row.migration, ruleSet: ruleSet, target: target)
                return .files(row.readiness, files.map { file in
                    // The generated files are redacted; the user's own source files (and v2/code, and the
                    // patch between them) are copied as they are.
                    let own = file.path.hasPrefix("source/") || file.path.hasPrefix("v2/code/") || file.path == "v2/code.patch"
                    return ("\(prefix)\(base)/\(row.image.version)/\(file.path)", own ? file.bytes : file.mappingText(redact).bytes)
                })
            }
        } catch {
            return .failed(InputProblem(.error, file: origin.file, location: origin.path.description,
                                        message: "cannot write the Environment: \(error)", imageId: row.image.id))
        }
    }
}
