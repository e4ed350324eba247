import Foundation
import JSONValue
import LegacyImage
import MigrationRules
import Snapshot
import Tooling

/// The entry-script analysis of every command that reads a snapshot: each image's recovered
/// Python files parsed by CPython's own `ast` (through `Helper/analyze.py`, embedded in the
/// binary), few processes for many images (files are parsed once per content), then turned into
/// `ScriptFacts` by `ScriptPlanner`. Without a Python every image's facts say `skipped` and why.
public actor ScriptAnalyzer {
    /// The interpreter as located; `direct` is asked of it before the first parse.
    let located: PythonInterpreter?
    private var interpreter: PythonInterpreter?
    let unavailable: String?
    let moves: [String: String]
    let timeout: Duration
    /// Parsed facts by the SHA-256 of the file's bytes.
    private var cache: [String: FileFacts] = [:]
    private var python: String?

    /// Files larger than this are not parsed (a scoring script is never that large).
    static let maxFileSize = 4 << 20
    /// Files per helper process.
    static let filesPerRun = 400
    static let cacheLimit = 50_000

    public init(interpreter: Result<PythonInterpreter, PythonInterpreter.Unavailable> = PythonInterpreter.locate(), tables: Tables,
                timeout: Duration = .seconds(300)) {
        switch interpreter {
        case .success(let p):
            located = p
            unavailable = nil
        case .failure(let why):
            located = nil
            unavailable = why.message
        }
        var moves: [String: String] = [:]
        for entry in tables.tables["v2ModuleMoves"] ?? [] {
            if case .string(let to) = entry.value { moves[entry.key] = to }
        }
        self.moves = moves
        self.timeout = timeout
    }

    /// The facts of each image, in order.
    public func analyse(_ images: [ResolvedImage]) async -> [ScriptFacts] {
        let inputs = Profile.measure(.scripts) { images.map(Self.input) }
        do throws(Failure) {
            return try await analyse(inputs)
        } catch {
            return inputs.map { $0 == nil ? .none : Self.skipped(error.message) }
        }
    }

    private func analyse(_ inputs: [Input?]) async throws(Failure) -> [ScriptFacts] {
        let parsed = try await parse(inputs.flatMap { $0?.files.map(\.bytes) ?? [] })
        let first = Profile.measure(.scripts) { plan(inputs, parsed) }
        var planned = first.planned
        let (planners, rewritten) = (first.planners, first.rewritten)
        guard !rewritten.isEmpty else { return planned }
        let reparsed = try await parse(rewritten.map(\.bytes))
        var untrusted: [Int: [String: String]] = [:]
        for r in rewritten where r.bytes.isEmpty || reparsed[SHA256.hex(r.bytes)]?.status != .parsed {
            untrusted[r.image, default: [:]][r.file] = "its rewrite does not parse (an image2env bug: please report it)"
        }
        for (i, files) in untrusted {
            guard var planner = planners[i] else { continue }
            planner.untrusted = files
            Profile.measure(.scripts) { planned[i] = planner.plan(python: python) }
        }
        return planned
    }

    /// Each image's facts from the parsed files, its planner, and the files its facts rewrite.
    private func plan(_ inputs: [Input?], _ parsed: [String: FileFacts]) -> (planned: [ScriptFacts], planners: [ScriptPlanner?],
                                              rewritten: [(image: Int, file: String, bytes: [UInt8])]) {
        var planned: [ScriptFacts] = []
        var planners: [ScriptPlanner?] = []
        for input in inputs {
            guard let input else {
                planned.append(.none)
                planners.append(nil)
                continue
            }
            let files = input.files.map { f in ScriptPlanner.File(path: f.path, bytes: f.bytes, facts: parsed[SHA256.hex(f.bytes)]) }
            let planner = ScriptPlanner(files: files, entryScript: input.entryScript, models: input.models, moves: moves)
            planners.append(planner)
            planned.append(planner.plan(python: python))
        }
        // The rewritten files must parse; a rewrite that does not is dropped (its uses become manual).
        var rewritten: [(image: Int, file: String, bytes: [UInt8])] = []
        for (i, facts) in planned.enumerated() where !facts.v2Edits.isEmpty {
            for (path, edits) in Dictionary(grouping: facts.v2Edits, by: \.file) {
                guard let original = inputs[i]?.files.first(where: { $0.path == path })?.bytes else { continue }
                rewritten.append((i, path, SourceEdit.apply(edits, to: original) ?? []))
            }
        }
        return (planned, planners, rewritten)
    }

    static func skipped(_ reason: String) -> ScriptFacts { ScriptFacts(status: .skipped, reason: reason) }

    /// What is analysed of an image: the Python files of its source tree (and its entry script).
    struct Input: Sendable {
        var files: [ScriptPlanner.File]
        var entryScript: String?
        var models: [ScriptPlanner.Model]
    }

    static func input(_ resolved: ResolvedImage) -> Input? {
        guard let tree = resolved.sourceTree, !tree.files.isEmpty else { return nil }
        let files = tree.files.filter { ($0.path.hasSuffix(".py") || $0.path == tree.entryScript) && $0.data.count <= maxFileSize }
            .map { ScriptPlanner.File(path: $0.path, bytes: $0.data, facts: nil) }
        let models = resolved.image.modelIds.compactMap { id -> ScriptPlanner.Model? in
            guard let colon = id.lastIndex(of: ":") else { return nil }
            return ScriptPlanner.Model(name: String(id[..<colon]), version: String(id[id.index(after: colon)...]))
        }
        return Input(files: files, entryScript: tree.entryScript, models: models)
    }

    struct Failure: Error { var message: String }

    /// The facts of `files` by the SHA-256 of their bytes: those parsed before from the cache,
    /// the others parsed now; why not when the helper cannot run. The answer is the caller's
    /// own (an analysis of another batch running meanwhile may empty the cache).
    private func parse(_ files: [[UInt8]]) async throws(Failure) -> [String: FileFacts] {
        guard let located else { throw Failure(message: unavailable ?? "no Python") }
        var known: [String: FileFacts] = [:]
        let todo = Profile.measure(.scripts) {
            var todo: [String: [UInt8]] = [:]
            for bytes in files {
                let key = SHA256.hex(bytes)
                if let facts = cache[key] { known[key] = facts } else { todo[key] = bytes }
            }
            return todo
        }
        guard !todo.isEmpty else { return known }
        let interpreter: PythonInterpreter
        if let known = self.interpreter {
            interpreter = known
        } else {
            interpreter = await located.direct()
            self.interpreter = interpreter
        }
        if cache.count + todo.count > Self.cacheLimit { cache.removeAll() }
        let keys = todo.keys.sorted()
        let chunks = stride(from: 0, to: keys.count, by: Self.filesPerRun).map { Array(keys[$0..<min($0 + Self.filesPerRun, keys.count)]) }
        let timeout = self.timeout
        let results = await withTaskGroup(of: HelperRun.Result.self) { group in
            for chunk in chunks {
                let request = chunk.map { ($0, todo[$0] ?? []) }
                group.addTask { await HelperRun.run(interpreter, request, timeout: timeout) }
            }
            var out: [HelperRun.Result] = []
            for await r in group { out.append(r) }
            return out
        }
        for result in results {
            switch result {
            case .failed(let why): throw Failure(message: why)
            case .parsed(let version, let facts):
                python = python ?? version
                for (key, f) in facts {
                    cache[key] = f
                    known[key] = f
                }
            }
        }
        return known
    }
}
