import JSONValue
import MigrationRules

/// Audit reports made by separate runs (a CI matrix job per workspace) merged into the report of
/// one fleet audit: the roll-up per workspace, and every image, service and problem naming its
/// workspace, in the order a fleet audit gives them.
public struct MergedReport: Sendable {
    /// One workspace's part.
    public struct Part: Sendable {
        public var workspace: FleetWorkspace
        /// The report it came from.
        public var file: String
        public var summary: WorkspaceRollup
        /// Image, service and problem objects as the report has them, without `workspace`.
        public var images: [JSON]
        public var services: [JSON]
        public var problems: [JSON]
    }

    /// The reports, as given.
    public var files: [String]
    /// Every workspace, in fleet order.
    public var parts: [Part]

    /// Merges `reports` (each read with `ReportFile.read`): audit reports of one workspace (a
    /// snapshot, whose `workspace` names it) or of a fleet. A workspace may appear only once.
    public static func merge(_ reports: [(file: String, json: JSON)]) throws(ReportFile.ReadError) -> MergedReport {
        var parts: [Part] = []
        var seen: [String: String] = [:]
        for (file, json) in reports {
            if let kind = json["kind"]?.stringValue {
                throw ReportFile.ReadError("\(file): a \(kind) report; report merge reads audit reports (image2env audit --format json)")
            }
            for part in try split(json, file: file) {
                if let other = seen[part.workspace.matchKey] {
                    throw ReportFile.ReadError("\(file): workspace \(part.workspace.label) is also in \(other); merge each workspace's report once")
                }
                seen[part.workspace.matchKey] = file
                parts.append(part)
            }
        }
        let ordered = parts.enumerated().sorted { a, b in
            a.element.workspace < b.element.workspace || (a.element.workspace == b.element.workspace && a.offset < b.offset)
        }.map(\.element)
        return MergedReport(files: reports.map(\.file), parts: ordered)
    }

    /// The workspaces of one report: itself (its `workspace`), or a fleet report's `workspaces`.
    static func split(_ json: JSON, file: String) throws(ReportFile.ReadError) -> [Part] {
        let images = json["images"]?.arrayValue ?? []
        let services = json["services"]?.arrayValue ?? []
        let problems = json["problems"]?.arrayValue ?? []
        guard let list = json["workspaces"]?.arrayValue else {
            guard let workspace = FleetWorkspace(json: json["workspace"]) else {
                throw ReportFile.ReadError("\(file): the report names no workspace (\"workspace\" is null): audit a snapshot, "
                                           + "whose workspace.json names it, to merge its report")
            }
            return [Part(workspace: workspace, file: file, summary: counts(images, workspace: workspace), images: images,
                         services: services, problems: problems)]
        }
        var parts: [Part] = []
        for (i, entry) in list.enumerated() {
            guard let workspace = FleetWorkspace(json: entry) else {
                throw ReportFile.ReadError("\(file): $.workspaces[\(i)]: expected an object with subscriptionId, resourceGroup, workspaceName")
            }
            func mine(_ items: [JSON], _ what: String) throws(ReportFile.ReadError) -> [JSON] {
                var out: [JSON] = []
                for (j, item) in items.enumerated() {
                    guard let named = FleetWorkspace(json: item["workspace"]) else {
                        throw ReportFile.ReadError("\(file): $.\(what)[\(j)].workspace: expected the workspace of a fleet report's item")
                    }
                    if named.matchKey == workspace.matchKey { out.append(withoutWorkspace(item)) }
                }
                return out
            }
            let own = try mine(images, "images")
            parts.append(Part(workspace: workspace, file: file, summary: counts(own, workspace: workspace), images: own,
                              services: try mine(services, "services"), problems: try mine(problems, "problems")))
        }
        return parts
    }

    /// The images of a part counted by readiness.
    static func counts(_ images: [JSON], workspace: FleetWorkspace) -> WorkspaceRollup {
        func n(_ r: Readiness) -> Int { images.filter { $0["readiness"]?.stringValue == r.rawValue }.count }
        return WorkspaceRollup(workspace: workspace, images: images.count, ready: n(.ready), review: n(.review), manual: n(.manual))
    }

    static func withoutWorkspace(_ item: JSON) -> JSON {
        guard var object = item.objectValue else { return item }
        object["workspace"] = nil
        return .object(object)
    }

    static func withWorkspace(_ item: JSON, _ workspace: FleetWorkspace) -> JSON {
        guard let object = item.objectValue else { return item }
        return .object(JSONObject(uniqueKeys: [("workspace", workspace.json)] + object.entries.map { ($0.key, $0.value) }))
    }

    /// The roll-up, in fleet order.
    public var rollup: [WorkspaceRollup] { parts.map(\.summary) }

    /// The merged document: the keys of a fleet audit's, `sourceKind` `merge`.
    public var document: JSON {
        let problems = parts.flatMap(\.problems)
        let total = WorkspaceRollup.total(rollup)
        func count(_ severity: String) -> JSON { .int(Int64(problems.filter { $0["severity"]?.stringValue == severity }.count)) }
        return AuditJSON.obj([
            ("schemaVersion", .int(AuditJSON.schemaVersion)),
            ("source", .string(files.joined(separator: ", "))),
            ("sourceKind", .string("merge")),
            ("workspace", .null),
            ("summary", AuditJSON.obj([
                ("images", .int(Int64(total.images))), ("ready", .int(Int64(total.ready))), ("review", .int(Int64(total.review))),
                ("manual", .int(Int64(total.manual))), ("services", .int(Int64(parts.map(\.services.count).reduce(0, +)))),
                ("errors", count("error")), ("warnings", count("warning")),
            ])),
            ("workspaces", WorkspaceRollup.json(rollup)),
            ("images", .array(parts.flatMap { part in part.images.map { Self.withWorkspace($0, part.workspace) } })),
            ("services", .array(parts.flatMap { part in part.services.map { Self.withWorkspace($0, part.workspace) } })),
            ("problems", .array(parts.flatMap { part in part.problems.map { Self.withWorkspace($0, part.workspace) } })),
        ])
    }

    /// The most severe finding that counts for `--fail-on`: not `suppressed`, and not
    /// `unchanged` since a baseline.
    public var worstCountedFinding: Severity? {
        parts.flatMap(\.images).flatMap { $0["findings"]?.arrayValue ?? [] }.compactMap { finding -> Severity? in
            guard finding["suppressed"]?.boolValue != true, finding["baselineState"]?.stringValue != BaselineState.unchanged.rawValue else {
                return nil
            }
            return finding["severity"]?.stringValue.flatMap(Severity.init(rawValue:))
        }.max()
    }
}
