import LegacyImage
import MigrationRules
import Snapshot

/// One image of the audit.
public struct AuditRow: Sendable {
    public init(resolved: ResolvedImage, services: [Webservice], migration: Migration) {
        self.resolved = resolved
        self.services = services
        self.migration = migration
    }

    public var resolved: ResolvedImage
    public var services: [Webservice]
    /// What the rules make of the image.
    public var migration: Migration
    /// What the CI gate (suppressions, baseline) makes of each finding, by the finding's index
    /// in `migration.findings`; empty when no gate is in force (every finding counts).
    public var statuses: [FindingStatus] = []
    /// In a fleet report, the index of the row's workspace in `AuditReport.fleet`; nil otherwise.
    public var member: Int?

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
    /// For a folder of snapshots: its workspaces, in report order (each row names its own by
    /// `AuditRow.member`); empty for a single source.
    public var fleet: [FleetMember] = []
    /// What the CI gate found over all rows; nil when no gate is in force.
    public var gate: GateSummary?

    /// The audit of `rows` (made by the pipeline), sorted into report order.
    public init(workspace: LoadedWorkspace, rows: [AuditRow]) {
        self.workspace = workspace
        // Rows by name, then version (numerically), whatever the file order was.
        self.rows = rows.sorted(by: Self.order)
        let ids = Set(workspace.images.map(\.image.id))
        otherServices = workspace.services.map(\.service).sorted { $0.name < $1.name }.filter { $0.imageId.map { !ids.contains($0) } ?? true }
        self.problems = workspace.problems + rows.flatMap(\.resolved.problems)
    }

    /// The order of rows in every report: by workspace (in a fleet), image name, then version.
    public static func order(_ a: AuditRow, _ b: AuditRow) -> Bool {
        (a.member ?? -1, a.image.name, a.image.version) < (b.member ?? -1, b.image.name, b.image.version)
    }

    public var hasErrors: Bool { problems.contains { $0.severity == .error } }

    public func count(_ readiness: Readiness) -> Int { rows.filter { $0.readiness == readiness }.count }

    /// `N images: R ready, V review, M manual`.
    public var summaryLine: String {
        "\(rows.count) image\(rows.count == 1 ? "" : "s"): \(count(.ready)) ready, \(count(.review)) review, \(count(.manual)) manual"
    }
}
