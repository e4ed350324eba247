import LegacyImage
import MigrationRules
import Snapshot

/// One image of the audit.
public struct AuditRow: Sendable {
    public var resolved: ResolvedImage
    public var services: [Webservice]
    /// What the rules make of the image.
    public var migration: Migration

    public var image: LegacyImage { resolved.image }
    public var readiness: Readiness { migration.readiness }
}

/// The inventory of a source: every image with what it is built from, who runs it, and how
/// ready it is for an Environment according to the rules in force.
public struct AuditReport: Sendable {
    public var workspace: LoadedWorkspace
    public var rows: [AuditRow]
    /// Services whose image is not among the images read (or that run an Environment).
    public var otherServices: [Webservice]
    /// Every problem: the loader's and the artifacts'.
    public var problems: [InputProblem]

    /// Builds the audit: resolves each image's artifacts and applies the rules.
    public init(workspace: LoadedWorkspace, ruleSet: RuleSet, resolver: ImageResolver? = nil) {
        self.workspace = workspace
        let resolver = resolver ?? ImageResolver(store: workspace.artifacts, limits: workspace.limits)
        var problems = workspace.problems
        var rows: [AuditRow] = []
        for record in workspace.images {
            let resolved = resolver.resolve(record)
            problems += resolved.problems
            rows.append(AuditRow(resolved: resolved, services: workspace.services(using: record.image.id),
                                 migration: ruleSet.migrate(ImageFacts(resolved))))
        }
        // Rows by name, then version (numerically), whatever the file order was.
        self.rows = rows.sorted { ($0.image.name, $0.image.version) < ($1.image.name, $1.image.version) }
        let ids = Set(workspace.images.map(\.image.id))
        otherServices = workspace.services.map(\.service).sorted { $0.name < $1.name }.filter { $0.imageId.map { !ids.contains($0) } ?? true }
        self.problems = problems
    }

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    public func count(_ readiness: Readiness) -> Int { rows.filter { $0.readiness == readiness }.count }

    /// `N images: R ready, V review, M manual`.
    public var summaryLine: String {
        "\(rows.count) image\(rows.count == 1 ? "" : "s"): \(count(.ready)) ready, \(count(.review)) review, \(count(.manual)) manual"
    }
}
