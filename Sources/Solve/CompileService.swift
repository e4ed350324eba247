import Foundation
import Tooling
import JSONValue
import Snapshot

/// Asks the resolver `CompileRequest`s: each distinct request is run once per process (callers
/// asking the same at once share one run), answers that do not depend on the network's mood are
/// kept in a cache folder between runs, and at most `jobs` resolver processes run at a time.
public actor CompileService {
    public let tool: ResolverTool
    let cacheFolder: String?
    let timeout: Duration
    private let gate: Gate
    private var running: [CompileRequest: Task<CompileOutcome, Never>] = [:]

    /// What the service did, for `benchmarks/` and `--verbose` figures.
    public struct Counts: Sendable, Equatable {
        /// Resolver processes run.
        public var resolverCalls = 0
        /// Answers read from the cache folder.
        public var cacheHits = 0
        /// Requests answered by a run already made (or under way) in this process.
        public var shared = 0

        public init() {}
    }

    public private(set) var counts = Counts()

    /// `cacheFolder` nil: nothing is kept between runs.
    public init(tool: ResolverTool, cacheFolder: String?, jobs: Int, timeout: Duration = .seconds(600)) {
        self.tool = tool
        self.cacheFolder = cacheFolder
        self.timeout = timeout
        gate = Gate(permits: max(1, jobs))
    }

    public func compile(_ request: CompileRequest) async -> CompileOutcome {
        if let task = running[request] {
            counts.shared += 1
            return await task.value
        }
        let key = request.cacheKey(resolver: tool.label)
        if let cached = readCache(key) {
            counts.cacheHits += 1
            let task = Task { cached }
            running[request] = task
            return cached
        }
        counts.resolverCalls += 1
        let tool = self.tool, timeout = self.timeout, gate = self.gate, path = cachePath(key)
        let task = Task { () -> CompileOutcome in
            await gate.acquire()
            let (outcome, record) = await Self.run(request, tool: tool, timeout: timeout)
            await gate.release()
            if record.deterministic, let path { Self.writeCache(path, record) }
            return outcome
        }
        running[request] = task
        return await task.value
    }

    /// One resolver run: the requirements file in a private temporary folder (it may hold index
    /// credentials), removed afterwards.
    static func run(_ request: CompileRequest, tool: ResolverTool, timeout: Duration) async -> (outcome: CompileOutcome, record: Record) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-solve-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            let record = Record(status: -1, stdout: "", stderr: "error: cannot create a temporary folder: \(error)")
            return (record.outcome, record)
        }
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("requirements.in")
        guard FileManager.default.createFile(atPath: file.path, contents: Data(request.fileText.utf8), attributes: [.posixPermissions: 0o600]) else {
            let record = Record(status: -1, stdout: "", stderr: "error: cannot write the requirements file")
            return (record.outcome, record)
        }
        let result = await ToolProcess.run(tool.path, request.arguments(file: file.path),
                                           environment: ["NO_COLOR": "1", "UV_PYTHON_DOWNLOADS": "never"],
                                           workingDirectory: folder.path, timeout: timeout)
        let record: Record
        switch result.ending {
        case .exited(let code): record = Record(status: Int(code), stdout: result.stdout, stderr: Redaction.text(result.stderr))
        case .signaled(let signal): record = Record(status: -1, stdout: "", stderr: "error: the resolver was killed by signal \(signal)")
        case .timedOut: record = Record(status: -1, stdout: "", stderr: "error: the resolver did not finish within \(timeout)")
        case .notStarted(let why): record = Record(status: -1, stdout: "", stderr: "error: the resolver could not be started: \(why)")
        }
        return (record.outcome, record)
    }

    /// What is kept of a run: its exit status and output (credentials already stripped).
    struct Record: Sendable, Equatable {
        var status: Int
        var stdout: String
        var stderr: String

        var outcome: CompileOutcome {
            guard status == 0 else { return .failed(CompileFailure.parse(stderr)) }
            return .solved(Self.releases(stdout))
        }

        /// Only answers about the index, never the tool's or the network's troubles.
        var deterministic: Bool { status >= 0 && outcome.isDeterministic }

        /// `name==version` lines of `uv pip compile --no-header --no-annotate`.
        static func releases(_ stdout: String) -> [SolvedRelease] {
            stdout.split(separator: "\n").compactMap { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                guard !t.isEmpty, !t.hasPrefix("#"), !t.hasPrefix("-") else { return nil }
                let parts = t.components(separatedBy: "==")
                guard parts.count == 2 else { return nil }
                return SolvedRelease(name: PipRequirement.normalize(parts[0]), version: parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
    }

    private func cachePath(_ key: String) -> String? { cacheFolder.map { "\($0)/\(key.prefix(2))/\(key).json" } }

    private func readCache(_ key: String) -> CompileOutcome? {
        guard let path = cachePath(key), let bytes = FileManager.default.contents(atPath: path),
              let json = try? JSONParser.parse([UInt8](bytes), file: path),
              let status = json["status"]?.intValue, let stdout = json["stdout"]?.stringValue, let stderr = json["stderr"]?.stringValue else {
            return nil
        }
        return Record(status: Int(status), stdout: stdout, stderr: stderr).outcome
    }

    private static func writeCache(_ path: String, _ record: Record) {
        let doc = JSON.object(JSONObject([("status", .int(Int64(record.status))), ("stdout", .string(record.stdout)),
                                          ("stderr", .string(record.stderr))]))
        guard let text = try? PythonJSONWriter.write(doc, indent: 1) else { return }
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // A cache entry is written whole or not at all; a failure to write only costs a rerun.
        try? AtomicFile.write(Array(text.utf8), to: path)
    }
}

/// At most `permits` holders at a time; the others wait in order.
actor Gate {
    private var available: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(permits: Int) { available = permits }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    func release() {
        if waiting.isEmpty {
            available += 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}
