import Foundation
import MigrationRules

/// How the solve stage runs (`--resolve`, `--exclude-newer`, `--resolver`, `--resolve-jobs`).
public struct SolveOptions: Sendable, Equatable {
    public enum Mode: String, Sendable, CaseIterable {
        /// Resolve against the index when the resolver and the index can be reached; otherwise
        /// each image says why it was not resolved.
        case auto
        /// Only the resolver's cache (and image2env's), no network.
        case offline
        /// No resolution: every image says so (and is never `ready`).
        case off
    }

    public var mode: Mode
    /// RFC 3339 (`2026-11-01T00:00:00Z`); nil: the start (UTC) of the day of the run, recorded,
    /// so that runs on one day give the same answers (and reuse them).
    public var excludeNewer: String?
    /// `--resolver PATH`.
    public var resolver: String?
    /// Resolver processes at once.
    public var jobs: Int
    /// Where answers are kept between runs (nil: nowhere).
    public var cacheFolder: String?
    /// A resolver run is killed after this long.
    public var timeout: Duration

    public init(mode: Mode = .auto, excludeNewer: String? = nil, resolver: String? = nil,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                cacheFolder: String? = CacheFolder.path("resolve"), timeout: Duration = .seconds(600)) {
        self.mode = mode
        self.excludeNewer = excludeNewer
        self.resolver = resolver
        self.jobs = jobs
        self.cacheFolder = cacheFolder
        self.timeout = timeout
    }

    /// `2026-12-02T00:00:00Z` for any time on 2026-12-02 (UTC).
    public static func startOfDay(_ date: Date) -> String {
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.string(from: date) + "T00:00:00Z"
    }

    /// `2026-11-01` or `2026-11-01T00:00:00Z` (any RFC 3339 time) as uv takes it, in UTC; nil
    /// when it is neither.
    public static func normalizedDate(_ text: String) -> String? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return formatter.string(from: date) }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) {
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.string(from: date)
        }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if text.count == 10, let date = day.date(from: text) {
            formatter.formatOptions = [.withInternetDateTime]
            return formatter.string(from: date)
        }
        return nil
    }
}

/// The solve stage: turns each image's Environment (as the rules left it) into a `Resolution`,
/// asking the resolver as little as possible (identical requests are solved once).
public actor SolveStage {
    public let options: SolveOptions
    /// The date every solve uses (given, or the run's start).
    public nonisolated let excludeNewer: String
    let tables: SolveTables
    /// Nil when resolution is off or the resolver is missing (`unavailable` says why).
    let service: CompileService?
    let unavailable: String?
    private let index = WheelIndex()
    private let hosts = HostCheck()
    private var memo: [SolveRequest: Task<Resolution, Never>] = [:]
    /// How many requests came in, and how many got an answer (resolved or blocked).
    public private(set) var requests = 0
    public private(set) var answered = 0
    /// Why the first request without an answer got none.
    public private(set) var firstUnanswered: String?

    /// Sets the stage up: reads the tables, finds the resolver.
    public static func make(_ options: SolveOptions, ruleSet: RuleSet, now: Date = Date()) async throws(SolveTables.TableError) -> SolveStage {
        let tables = try SolveTables(ruleSet)
        let date = options.excludeNewer ?? SolveOptions.startOfDay(now)
        switch options.mode {
        case .off:
            return SolveStage(options: options, excludeNewer: date, tables: tables, service: nil,
                              unavailable: "resolution is switched off (--resolve off)")
        case .auto, .offline:
            switch await ResolverTool.locate(explicit: options.resolver) {
            case .success(let tool):
                let service = CompileService(tool: tool, cacheFolder: options.cacheFolder, jobs: options.jobs, timeout: options.timeout)
                return SolveStage(options: options, excludeNewer: date, tables: tables, service: service, unavailable: nil)
            case .failure(let why):
                return SolveStage(options: options, excludeNewer: date, tables: tables, service: nil, unavailable: why.message)
            }
        }
    }

    init(options: SolveOptions, excludeNewer: String, tables: SolveTables, service: CompileService?, unavailable: String?) {
        self.options = options
        self.excludeNewer = excludeNewer
        self.tables = tables
        self.service = service
        self.unavailable = unavailable
    }

    /// The resolver in use, when there is one (`uv 0.13.9`).
    public nonisolated var resolverLabel: String? { service?.tool.label }

    /// Why no resolution is done at all (resolution off, no resolver), if so.
    public nonisolated var unavailableReason: String? { unavailable }

    /// The resolution of one request; a request asked before is answered from memory.
    public func resolve(_ request: SolveRequest) async -> Resolution {
        let resolution = await resolution(request)
        requests += 1
        if resolution.status == .resolved || resolution.status == .blocked {
            answered += 1
        } else if firstUnanswered == nil {
            firstUnanswered = resolution.reason
        }
        return resolution
    }

    /// Resolution was asked for, and not one request got an answer (the resolver or the index
    /// could not be reached).
    public var nothingAnswered: Bool { requests > 0 && answered == 0 }

    private func resolution(_ request: SolveRequest) async -> Resolution {
        if let task = memo[request] { return await task.value }
        guard let service else {
            // No resolver ran: no date was used either.
            var r = Self.offResolution(request)
            if options.mode != .off {
                r.status = .unresolved
                r.reason = unavailable
            }
            return r
        }
        let solver = ImageSolver(service: service, index: index, hosts: hosts, tables: tables, excludeNewer: excludeNewer,
                                 offline: options.mode == .offline)
        let task = Task { await solver.resolve(request) }
        memo[request] = task
        return await task.value
    }

    /// What resolution off gives a request: nothing solved, and it says so.
    public static func offResolution(_ request: SolveRequest) -> Resolution {
        var r = Resolution(status: .off, reason: "resolution is switched off (--resolve off)")
        r.imagePython = request.imagePython
        r.condaOnly = request.condaOnly
        return r
    }

    /// Distinct requests solved so far.
    public var distinctRequests: Int { memo.count }

    /// The resolver's figures (nil without a resolver).
    public func counts() async -> CompileService.Counts? { await service?.counts }
}
