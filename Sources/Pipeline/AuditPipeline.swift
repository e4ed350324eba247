import Foundation
import LegacyImage
import MigrationRules
import Reports
import Snapshot

/// Turns image records into audit rows — artifacts resolved, rules applied, services attached —
/// one at a time or many at once over every core, always in the records' order.
public struct AuditPipeline: Sendable {
    public let ruleSet: RuleSet
    public let resolver: ImageResolver
    let servicesByImage: [String: [Webservice]]

    public init(workspace: LoadedWorkspace, ruleSet: RuleSet, resolver: ImageResolver? = nil) {
        self.ruleSet = ruleSet
        self.resolver = resolver ?? ImageResolver(store: workspace.artifacts, limits: workspace.limits)
        self.servicesByImage = Dictionary(grouping: workspace.services.map(\.service), by: { $0.imageId ?? "" })
    }

    /// How many images are worked on at once: the machine's cores, or `IMAGE2ENV_PARALLELISM`
    /// (a positive number; 1 works on one image at a time).
    public static let defaultWidth: Int = {
        if let text = ProcessInfo.processInfo.environment["IMAGE2ENV_PARALLELISM"], let n = Int(text), n > 0 { return n }
        return ProcessInfo.processInfo.activeProcessorCount
    }()

    /// One image's row.
    public func row(_ record: ImageRecord) -> AuditRow {
        let resolved = resolver.resolve(record)
        return AuditRow(resolved: resolved, services: servicesByImage[record.image.id] ?? [],
                        migration: ruleSet.migrate(ImageFacts(resolved)))
    }

    /// `transform(row(record))` for every record, in the records' order, with the records split
    /// into `width` contiguous slices worked on by child tasks at once (structured concurrency).
    /// The output does not depend on `width`.
    public func map<T: Sendable>(_ records: [ImageRecord], width: Int = AuditPipeline.defaultWidth,
                                 _ transform: @escaping @Sendable (AuditRow) -> T) async -> [T] {
        await Self.parallel(records, width: width) { transform(self.row($0)) }
    }

    /// Reads `stream` to the end in batches of at least `batch` images (whole files), gives each
    /// batch's transformed rows to `consume` in order, and answers how many images there were.
    /// Only one batch of rows is in memory at a time.
    public func forEachBatch<T: Sendable>(of stream: inout SourceStream, batch: Int = 1024,
                                          _ transform: @escaping @Sendable (AuditRow) -> T,
                                          consume: ([T]) throws -> Void) async rethrows -> Int {
        var pending: [ImageRecord] = []
        var count = 0
        while true {
            // Files are parsed and decoded over every core too; duplicates are then taken out in order.
            let inputs = stream.takeInputs(upTo: 64)
            let reader = stream
            for decoded in await Self.parallel(inputs, { reader.decode($0) }) { pending += stream.accept(decoded) }
            let done = inputs.isEmpty
            if pending.count >= batch || (done && !pending.isEmpty) {
                count += pending.count
                try consume(await map(pending, transform))
                pending = []
            }
            if done { return count }
        }
    }

    /// `work` over `items` in contiguous slices, one child task each; results in order.
    static func parallel<I: Sendable, T: Sendable>(_ items: [I], width: Int = AuditPipeline.defaultWidth,
                                                   _ work: @escaping @Sendable (I) -> T) async -> [T] {
        let width = max(1, min(width, items.count))
        guard width > 1 else { return items.map(work) }
        let size = (items.count + width - 1) / width
        return await withTaskGroup(of: (Int, [T]).self) { group in
            for slice in 0..<width {
                let part = Array(items[min(slice * size, items.count)..<min((slice + 1) * size, items.count)])
                group.addTask { (slice, part.map(work)) }
            }
            var parts = [[T]](repeating: [], count: width)
            for await (slice, results) in group { parts[slice] = results }
            return parts.flatMap { $0 }
        }
    }
}
