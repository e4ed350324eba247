import Foundation
import LegacyImage
import MigrationRules
import Reports
import ScriptAnalysis
import Snapshot
import Solve

/// Turns image records into audit rows — artifacts resolved, the entry scripts analysed, the rules
/// applied, the Environment solved (the solve stage), the rules that read the solution applied,
/// services attached — one at a time or many at once over every core, always in the records' order.
public struct AuditPipeline: Sendable {
    public let ruleSet: RuleSet
    public let resolver: ImageResolver
    /// The solve stage; nil: resolution off (every image says so, none is `ready`).
    public let solve: SolveStage?
    /// The entry-script analysis; nil: none (the images' script facts are `none`).
    public let analysis: ScriptAnalyzer?
    /// The Environments the solve stage solves for (`convert --target`).
    public let targets: SolveRequest.Targets
    /// The images worth solving (`--image` selectors); the others keep the rules' draft only.
    public let selected: @Sendable (LegacyImage) -> Bool
    let servicesByImage: [String: [Webservice]]

    public init(workspace: LoadedWorkspace, ruleSet: RuleSet, resolver: ImageResolver? = nil, solve: SolveStage? = nil,
                analysis: ScriptAnalyzer? = nil, targets: SolveRequest.Targets = .both,
                selected: @escaping @Sendable (LegacyImage) -> Bool = { _ in true }) {
        self.ruleSet = ruleSet
        self.resolver = resolver ?? ImageResolver(store: workspace.artifacts, limits: workspace.limits)
        self.solve = solve
        self.analysis = analysis
        self.targets = targets
        self.selected = selected
        self.servicesByImage = Dictionary(grouping: workspace.services.map(\.service), by: { $0.imageId ?? "" })
    }

    /// How many images are worked on at once: the machine's cores, or `IMAGE2ENV_PARALLELISM`
    /// (a positive number; 1 works on one image at a time).
    public static let defaultWidth: Int = {
        if let text = ProcessInfo.processInfo.environment["IMAGE2ENV_PARALLELISM"], let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// One image's row with resolution off (no resolver is run) and no script analysis.
    public func row(_ record: ImageRecord) -> AuditRow {
        let draft = draftRow(resolver.resolve(record), .none)
        return finished(draft, request(draft).map(SolveStage.offResolution))
    }

    /// The row before the solve stage: artifacts resolved, scripts analysed, the rules that do not read the solution applied.
    func draftRow(_ resolved: ResolvedImage, _ script: ScriptFacts) -> AuditRow {
        AuditRow(resolved: resolved, services: servicesByImage[resolved.image.id] ?? [],
                 migration: Profile.measure(.rules) { ruleSet.migrate(ImageFacts(resolved, script: script)) })
    }

    /// What the solve stage is asked for a row (nil for a manual image: it is not solved; and for
    /// an image not selected).
    func request(_ row: AuditRow) -> SolveRequest? {
        guard row.migration.readiness != .manual, selected(row.image) else { return nil }
        return SolveRequest(row.migration.environment, targets: targets)
    }

    /// The row with the solution and the rules that read it.
    func finished(_ row: AuditRow, _ resolution: Resolution?) -> AuditRow {
        guard let resolution else { return row }
        var out = row
        out.migration = Profile.measure(.rules) {
            ruleSet.finish(row.migration, facts: ImageFacts(row.resolved, script: row.migration.script), resolution: resolution)
        }
        return out
    }

    /// `transform(row)` for every record, in the records' order: the artifacts over `width`
    /// child tasks at once (`parallel`), the entry scripts of every image
    /// analysed at once (few parser processes), the rules over the tasks again, then the solve stage
    /// for every image at once (it runs each distinct request once, so many resolver processes at
    /// a time), then the rules that read the solution. The output does not depend on `width`.
    public func map<T: Sendable>(_ records: [ImageRecord], width: Int = AuditPipeline.defaultWidth,
                                 _ transform: @escaping @Sendable (AuditRow) -> T) async -> [T] {
        await complete(await prepare(records, width: width), width: width, transform)
    }

    /// The first half of `map`: artifacts resolved, entry scripts analysed.
    func prepare(_ records: [ImageRecord], width: Int = AuditPipeline.defaultWidth) async -> [(ResolvedImage, ScriptFacts)] {
        let resolved = await Self.parallel(records, width: width) { self.resolver.resolve($0) }
        let scripts = await analysis?.analyse(resolved) ?? resolved.map { _ in ScriptFacts.none }
        return Array(zip(resolved, scripts))
    }

    /// The second half of `map`: the rules, the solve stage, the rules that read the solution, `transform`.
    func complete<T: Sendable>(_ prepared: [(ResolvedImage, ScriptFacts)], width: Int = AuditPipeline.defaultWidth,
                               _ transform: @escaping @Sendable (AuditRow) -> T) async -> [T] {
        let drafts = await Self.parallel(prepared, width: width) { self.draftRow($0.0, $0.1) }
        let resolutions = await resolve(drafts)
        return await Self.parallel(Array(zip(drafts, resolutions)), width: width) { pair in transform(self.finished(pair.0, pair.1)) }
    }

    /// The resolution of each row, in order (nil for manual rows).
    func resolve(_ rows: [AuditRow]) async -> [Resolution?] {
        let requests = rows.map(request)
        guard let solve else { return requests.map { $0.map(SolveStage.offResolution) } }
        return await withTaskGroup(of: (Int, Resolution?).self) { group in
            for (i, request) in requests.enumerated() {
                guard let request else { continue }
                group.addTask { (i, await solve.resolve(request)) }
            }
            var out = [Resolution?](repeating: nil, count: rows.count)
            for await (i, resolution) in group { out[i] = resolution }
            return out
        }
    }

    /// Reads `stream` to the end in batches of at least `batch` images (whole files), gives each
    /// batch's transformed rows to `consume` in order, and answers how many images there were.
    ///
    /// The batches overlap, so that no core waits for a stage to finish: while batch k is
    /// prepared (artifacts, scripts: the script helper runs in other processes), batch k-1 is
    /// completed (rules, solve, render) and consumed, and batch k+1 is read and decoded. Each
    /// half sees the batches one at a time in order, so the rows are those of one pass; at most
    /// three batches are in memory.
    public func forEachBatch<T: Sendable>(of stream: inout SourceStream, batch: Int = 1024,
                                          _ transform: @escaping @Sendable (AuditRow) -> T,
                                          consume: ([T]) throws -> Void) async rethrows -> Int {
        var count = 0
        var preparing: Task<[(ResolvedImage, ScriptFacts)], Never>?
        defer { preparing?.cancel() }  // consume threw: the batch being prepared is not wanted
        while true {
            let records = await nextBatch(of: &stream, batch: batch)
            count += records.count
            let previous = preparing
            preparing = records.isEmpty ? nil : Task { await self.prepare(records) }
            if let previous { try consume(await complete(await previous.value, transform)) }
            if records.isEmpty { return count }
        }
    }

    /// The next records of `stream`, at least `batch` of them (whole files) unless it ends first.
    func nextBatch(of stream: inout SourceStream, batch: Int) async -> [ImageRecord] {
        var pending: [ImageRecord] = []
        while pending.count < batch {
            // Files are parsed and decoded over every core too; duplicates are then taken out in order.
            let inputs = stream.takeInputs(upTo: 64)
            if inputs.isEmpty { break }
            let reader = stream
            for decoded in await Self.parallel(inputs, { reader.decode($0) }) { pending += stream.accept(decoded) }
        }
        return pending
    }

    /// `work` over `items`, results in order: `width` child tasks at a time, each taking the next
    /// small chunk as it finishes one (images differ in cost by a hundredfold, so fixed slices
    /// leave a core idle at the end of each stage).
    static func parallel<I: Sendable, T: Sendable>(_ items: [I], width: Int = AuditPipeline.defaultWidth,
                                                   _ work: @escaping @Sendable (I) -> T) async -> [T] {
        let width = max(1, min(width, items.count))
        guard width > 1 else { return items.map(work) }
        let size = max(1, min(32, items.count / (width * 8)))
        let chunks = stride(from: 0, to: items.count, by: size).map { $0..<min($0 + size, items.count) }
        return await withTaskGroup(of: (Int, [T]).self) { group in
            var next = 0
            func addNext() {
                guard next < chunks.count else { return }
                let index = next
                let part = Array(items[chunks[index]])
                group.addTask { (index, part.map(work)) }
                next += 1
            }
            for _ in 0..<width { addNext() }
            var parts = [[T]](repeating: [], count: chunks.count)
            while let (index, results) = await group.next() {
                parts[index] = results
                addNext()
            }
            return parts.flatMap { $0 }
        }
    }
}
