import LegacyImage
import Snapshot

/// How far an image is from a working Environment.
public enum Readiness: String, Sendable, Comparable, CaseIterable {
    /// Converts with no human decision.
    case ready
    /// Converts, but a person should look at the result.
    case review
    /// Cannot be converted automatically.
    case manual

    private var rank: Int {
        switch self {
        case .ready: return 0
        case .review: return 1
        case .manual: return 2
        }
    }

    public static func < (a: Readiness, b: Readiness) -> Bool { a.rank < b.rank }
}

/// One reason behind an image's readiness.
public struct ReadinessReason: Sendable, Equatable {
    public var readiness: Readiness
    public var code: String
    public var message: String
}

/// One image of the audit.
public struct AuditRow: Sendable {
    public var resolved: ResolvedImage
    public var services: [Webservice]
    public var readiness: Readiness
    public var reasons: [ReadinessReason]

    public var image: LegacyImage { resolved.image }
}

/// The inventory of a source: every image with what it is built from and who runs it.
public struct AuditReport: Sendable {
    public var workspace: LoadedWorkspace
    public var rows: [AuditRow]
    /// Services whose image is not among the images read (or that run an Environment).
    public var otherServices: [Webservice]
    /// Every problem: the loader's and the artifacts'.
    public var problems: [InputProblem]

    /// Builds the audit: resolves each image's artifacts and guesses its readiness.
    public init(workspace: LoadedWorkspace, resolver: ImageResolver? = nil) {
        self.workspace = workspace
        let resolver = resolver ?? ImageResolver(store: workspace.artifacts)
        var problems = workspace.problems
        var rows: [AuditRow] = []
        for record in workspace.images {
            let resolved = resolver.resolve(record)
            problems += resolved.problems
            let reasons = ReadinessGuess.reasons(for: resolved)
            rows.append(AuditRow(resolved: resolved, services: workspace.services(using: record.image.id),
                                 readiness: reasons.map(\.readiness).max() ?? .ready, reasons: reasons))
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
